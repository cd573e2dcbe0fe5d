// `inspect --json` against MANIFEST.json, the answers of an independent decoder (pydicom + numpy), for every
// derived object in ../shared/data: field by field, as inspect-json.md states (src/testing/manifestCompare.ts).
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { inspectFile } from './inspect';
import { encodeBinarySeg, encodeHtj2k, encodeJpegLs } from '../testing/codecEncoders';
import { HAS_SHARED_DATA, NO_SHARED_DATA_REASON, shared } from '../testing/sharedData';
import { manifestDifferences } from '../testing/manifestCompare';

interface Derived {
  path: string;
  [k: string]: unknown;
}

const manifest: { derived: Derived[] } = HAS_SHARED_DATA
  ? (JSON.parse(readFileSync(shared('MANIFEST.json'), 'utf8')) as { derived: Derived[] })
  : { derived: [] };

// Field by field as inspect-json.md states (counts exact, centroids to MANIFEST's 3 decimals, measurement values
// 1e-3 relative); see src/testing/manifestCompare.ts and the fault-injection tests beside it.
const diff = (expected: unknown, actual: unknown): string[] => manifestDifferences(expected, actual);

describe.skipIf(!HAS_SHARED_DATA)('inspect --json matches MANIFEST.json for every derived object', () => {
  if (!HAS_SHARED_DATA) console.warn(NO_SHARED_DATA_REASON);
  for (const d of manifest.derived) {
    it(d.path, async () => {
      const got = await inspectFile(shared(d.path));
      const { path: _p, ...expected } = d;
      expect(diff(expected, got)).toEqual([]);
    });
  }
});

describe.skipIf(!HAS_SHARED_DATA)('inspect decodes compressed SEG frames', () => {
  // ../shared/data has the liver SEG native, in RLE and in JPEG 2000; JPEG-LS and HTJ2K copies are made here.
  it.each([
    ['JPEG-LS', '1.2.840.10008.1.2.4.80', encodeJpegLs, 8],
    ['HTJ2K', '1.2.840.10008.1.2.4.201', encodeHtj2k, 1],
  ] as const)('a %s copy of the liver SEG gives the liver SEG\'s segments, voxels and centroid', async (name, ts, encode, bits) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'inspect-'));
    try {
      const file = path.join(dir, `liver-${name}.dcm`);
      writeFileSync(file, await encodeBinarySeg(shared('dcmqi/segmentations/liver.dcm'), ts, encode, bits));
      const got = await inspectFile(file);
      const expected = manifest.derived.find((d) => d.path === 'dcmqi/segmentations/liver.dcm') as Derived;
      expect('error' in got ? got.error : null).toBeNull();
      expect(diff(expected.segmentation, (got as { segmentation?: unknown }).segmentation)).toEqual([]);
      // Not the native file by mistake.
      expect(readFileSync(file).includes(Buffer.from(ts))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('inspect command line', () => {
  it('reports an unreadable file, still summarises the others, and exits 1', () => {
    let status = 0;
    let out: string;
    try {
      out = execFileSync('npx', ['tsx', 'src/cli/inspect.ts', '--json', 'package.json', shared('dcmqi/segmentations/liver.dcm')], {
        encoding: 'utf8',
      });
    } catch (e) {
      const err = e as { status: number; stdout: string };
      status = err.status;
      out = err.stdout;
    }
    expect(status).toBe(1);
    const rows = JSON.parse(out) as Array<{ file: string; error?: string; modality?: string }>;
    expect(rows[0].file).toBe('package.json');
    expect(rows[0].error).toMatch(/not a DICOM Part 10 file/);
    if (HAS_SHARED_DATA) expect(rows[1].modality).toBe('SEG');
  });
});
