// Deflated Explicit VR Little Endian (1.2.840.10008.1.2.1.99) data sets in the fast reader: inflated by the
// platform, then read like explicit VR little endian. Files deflated here with node's zlib and by dcmtk's
// `dcmconv +td` must read the same as their explicit VR originals.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { Part10FormatError, Part10UnsupportedError, readPart10Fast, readPart10FastInflating } from './reader';
import { readPart10, readPart10Async } from './index';
import { differences, readWithDcmjs, testPart10, type TestElement } from './reader.testing';
import { HAS_SHARED_DATA, NO_SHARED_DATA_REASON, shared } from '../../testing/sharedData';

const EXPLICIT = '1.2.840.10008.1.2.1';
const DEFLATED = '1.2.840.10008.1.2.1.99';

const kw = (tag: number, vr: string, e: Partial<TestElement>): TestElement => ({ tag, vr, ...e });
const elements: TestElement[] = [
  kw(0x00080016, 'UI', { text: '1.2.840.10008.5.1.4.1.1.7' }),
  kw(0x00080018, 'UI', { text: '1.2.3.4' }),
  kw(0x0008103e, 'LO', { text: 'deflated test' }),
  kw(0x00081115, 'SQ', { items: [[kw(0x0020000e, 'UI', { text: '1.2.3.5' })]], undefinedLength: true }),
  kw(0x00280010, 'US', { numbers: [2] }),
  kw(0x00280011, 'US', { numbers: [3] }),
  kw(0x7fe00010, 'OW', { bytes: Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]) }),
];

/** The same data set under a deflated meta header with its data set deflated, as PS3.5 A.5 says. */
function deflate(plainUnderDeflatedMeta: Uint8Array): Uint8Array {
  const metaEnd = 144 + new DataView(plainUnderDeflatedMeta.buffer).getUint32(140, true);
  const deflated = deflateRawSync(plainUnderDeflatedMeta.subarray(metaEnd));
  const bytes = new Uint8Array(metaEnd + deflated.length);
  bytes.set(plainUnderDeflatedMeta.subarray(0, metaEnd));
  bytes.set(deflated, metaEnd);
  return bytes;
}

describe('deflated data sets in the fast reader', () => {
  const explicit = readPart10Fast(testPart10(elements, EXPLICIT), 'plain.dcm');
  const deflated = deflate(new Uint8Array(testPart10(elements, DEFLATED)));

  it('reads the inflated data set exactly as the explicit VR one', async () => {
    const p10 = await readPart10FastInflating(deflated, 'deflated.dcm');
    expect(p10.transferSyntaxUID).toBe(DEFLATED);
    expect(differences(p10.dict, explicit.dict)).toEqual([]);
    // and as dcmjs (its own pako inflate) reads it
    expect(differences(p10.dict, readWithDcmjs(deflated.slice().buffer).dict)).toEqual([]);
  });

  it('stops before Pixel Data when asked', async () => {
    const p10 = await readPart10FastInflating(deflated, 'deflated.dcm', { untilPixelData: true });
    expect(p10.dict['7FE00010']).toBeUndefined();
    expect(p10.dict['00280011'].Value).toEqual([3]);
  });

  it('still refuses a deflated data set given without its inflated bytes (the synchronous reader)', () => {
    expect(() => readPart10Fast(deflated, 'deflated.dcm')).toThrow(Part10UnsupportedError);
  });

  it('readPart10Async reads it with the fast reader (no dcmjs _rawValue), readPart10 still through dcmjs', async () => {
    const fast = await readPart10Async(deflated, 'deflated.dcm');
    expect(fast.transferSyntaxUID).toBe(DEFLATED);
    expect(Object.keys(fast.dict['0008103E'])).toEqual(['vr', 'Value']);
    const slow = readPart10(deflated, 'deflated.dcm');
    expect(Object.keys(slow.dict['0008103E'])).toContain('_rawValue');
    expect(differences(fast.dict, slow.dict)).toEqual([]);
  });

  it('names the file and the place when the stream does not inflate', async () => {
    const broken = deflated.slice(0, deflated.length - 6);
    await expect(readPart10FastInflating(broken, 'broken.dcm')).rejects.toThrow(Part10FormatError);
    await expect(readPart10FastInflating(broken, 'broken.dcm')).rejects.toThrow(/broken\.dcm: the deflated data set: .*inflated/);
    const garbage = deflated.slice();
    garbage.fill(0xff, garbage.length - deflated.length + 200);
    await expect(readPart10Async(garbage, 'garbage.dcm')).rejects.toThrow(/garbage\.dcm/);
  });
});

const HAS_DCMCONV = spawnSync('dcmconv', ['--version'], { encoding: 'utf8' }).error === undefined;
if (!HAS_DCMCONV) console.warn('dcmconv (dcmtk) is not on PATH: the dcmconv +td tests are skipped');
if (!HAS_SHARED_DATA) console.warn(NO_SHARED_DATA_REASON);

describe.skipIf(!HAS_DCMCONV || !HAS_SHARED_DATA)('files deflated by dcmtk (dcmconv +td) read as their explicit VR copies', () => {
  const dir = HAS_DCMCONV ? mkdtempSync(path.join(os.tmpdir(), 'deflated-')) : '';
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  it.each([
    'dcmqi/segmentations/liver.dcm',
    'pydicom-data/parametric_map_float.dcm',
    'highdicom/sr_document_with_multiple_groups.dcm',
    'pydicom/CT_small.dcm',
  ])('%s', async (file) => {
    const base = path.basename(file, '.dcm');
    const td = path.join(dir, `${base}-td.dcm`);
    const te = path.join(dir, `${base}-te.dcm`);
    execFileSync('dcmconv', ['+td', shared(file), td]);
    execFileSync('dcmconv', ['+te', shared(file), te]);
    const deflatedBytes = new Uint8Array(readFileSync(td));
    const deflated = await readPart10Async(deflatedBytes, 'td.dcm');
    expect(deflated.transferSyntaxUID).toBe(DEFLATED);
    // Not the explicit file by mistake: it really is smaller than its inflated data set.
    expect(deflatedBytes.length).toBeLessThan(readFileSync(te).length);
    const plain = readPart10(new Uint8Array(readFileSync(te)), 'te.dcm');
    expect(differences(deflated.dict, plain.dict)).toEqual([]);
  });
});
