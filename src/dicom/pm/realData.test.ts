// The Parametric Maps of ../shared/data (highdicom, float32 and float64 on pydicom's CT_small) against facts from
// outside this code: MANIFEST.json's file entries, and min/max/mean computed with numpy from the raw
// FloatPixelData / DoubleFloatPixelData bytes (python3: np.frombuffer(value, '<f4' / '<f8').astype(float64)).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { inspectFile } from '../../cli/inspect';
import { readPart10Async, type Part10 } from '../part10';
import { headerJson } from '../summary';
import { imagePlanesOf } from '../geometry/imagePlanes';
import { HAS_SHARED_DATA, NO_SHARED_DATA_REASON, shared } from '../../testing/sharedData';
import { decodeParametricMap, decodeParametricMapAlone } from './decode';
import { parseParametricMap } from './parse';

interface ManifestFile {
  path: string;
  sopClassUID: string;
  modality: string;
  studyInstanceUID: string;
  seriesInstanceUID: string;
  sopInstanceUID: string;
  transferSyntaxUID: string;
  frames: number;
}

const manifest: { files: ManifestFile[] } = HAS_SHARED_DATA
  ? (JSON.parse(readFileSync(shared('MANIFEST.json'), 'utf8')) as { files: ManifestFile[] })
  : { files: [] };
const maps = manifest.files.filter((f) => f.sopClassUID === '1.2.840.10008.5.1.4.1.1.30');

/** numpy on the raw values (see the module comment) */
const NUMPY: Record<string, { pixelType: string; bytes: number; min: number; max: number; mean: number }> = {
  'pydicom-data/parametric_map_float.dcm': { pixelType: 'float32', bytes: 4, min: 0, max: 0.9415791630744934, mean: 0.586980307681106 },
  'pydicom-data/parametric_map_double_float.dcm': {
    pixelType: 'float64',
    bytes: 8,
    min: 0,
    max: 0.9415791875855773,
    mean: 0.5869803069553001,
  },
};

async function read(p: string): Promise<Part10> {
  return readPart10Async(new Uint8Array(readFileSync(shared(p))), p.split('/').pop() as string);
}

/** The raw values, read here byte by byte (not through the decoder). */
function rawValues(p: string, bytes: number): number[] {
  const b = readFileSync(shared(p));
  const tag = Buffer.from(bytes === 4 ? [0xe0, 0x7f, 0x08, 0x00, 0x4f, 0x46] : [0xe0, 0x7f, 0x09, 0x00, 0x4f, 0x44]);
  const at = b.lastIndexOf(tag);
  const length = b.readUInt32LE(at + 8);
  const out: number[] = [];
  for (let o = at + 12; o < at + 12 + length; o += bytes) out.push(bytes === 4 ? b.readFloatLE(o) : b.readDoubleLE(o));
  return out;
}

if (!HAS_SHARED_DATA) console.warn(NO_SHARED_DATA_REASON);

describe.skipIf(!HAS_SHARED_DATA)('real Parametric Maps', () => {
  it('MANIFEST.json lists the two highdicom maps', () => {
    expect(maps.map((m) => m.path).sort()).toEqual(Object.keys(NUMPY).sort());
  });

  it.each(maps.map((m) => [m.path, m] as const))('inspect --json of %s matches MANIFEST.json and numpy', async (p, expected) => {
    const got = await inspectFile(shared(p));
    if ('error' in got) throw new Error(got.error);
    const facts = NUMPY[p];
    expect({
      sopClassUID: got.sopClassUID,
      modality: got.modality,
      seriesInstanceUID: got.seriesInstanceUID,
      sopInstanceUID: got.sopInstanceUID,
      frames: got.parametricMap?.frames,
    }).toEqual({
      sopClassUID: expected.sopClassUID,
      modality: expected.modality,
      seriesInstanceUID: expected.seriesInstanceUID,
      sopInstanceUID: expected.sopInstanceUID,
      frames: expected.frames,
    });
    const map = got.parametricMap;
    expect(map).toMatchObject({ rows: 128, columns: 128, pixelType: facts.pixelType, lutLabel: '1', quantity: null });
    expect(map?.unit).toEqual({ code: '1', scheme: 'UCUM', meaning: 'no units' });
    expect(map?.min).toBeCloseTo(facts.min, 12);
    expect(map?.max).toBeCloseTo(facts.max, 12);
    expect(map?.mean).toBeCloseTo(facts.mean, 9);
    const header = parseParametricMap(await read(p), p);
    expect(header.studyInstanceUID).toBe(expected.studyInstanceUID);
    expect(header.transferSyntaxUID).toBe(expected.transferSyntaxUID);
    expect(header.lutExplanation).toBe('feature_001');
    expect(header.unitsDisplay).toBe('');
  });

  it.each(Object.entries(NUMPY))('puts %s on CT_small value for value', async (p, facts) => {
    const ct = headerJson((await read('pydicom/CT_small.dcm')).dict);
    const target = { planes: imagePlanesOf(ct), frameOfReferenceUID: (ct['00200052']?.Value?.[0] as string) ?? null };
    const decoded = await decodeParametricMap(await read(p), p, target);
    expect(decoded.problems).toEqual([]);
    expect(decoded.volume).toMatchObject({ slices: 1, rows: 128, columns: 128, filledSlices: 1, usedFrames: 1 });
    const raw = rawValues(p, facts.bytes);
    expect(raw.length).toBe(128 * 128);
    const values = decoded.volume.values;
    let differ = 0;
    raw.forEach((v, i) => (values[i] !== Math.fround(v) ? differ++ : 0));
    expect(differ).toBe(0);
    expect(decoded.statistics.histogram.counts.reduce((a, b) => a + b, 0)).toBe(128 * 128);
    // On its own grid: the same values.
    const alone = await decodeParametricMapAlone(await read(p), p);
    expect(alone.series.planes).toHaveLength(1);
    expect(Buffer.compare(Buffer.from(alone.volume.values.buffer), Buffer.from(values.buffer))).toBe(0);
  });
});
