// Regressions of the crash classes the fuzzer (src/testing/fuzz) found, one real file each, plus files without
// a preamble and meta group or without a transfer syntax, read as dcmtk and pydicom read them.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HAS_SHARED_DATA, shared } from '../testing/sharedData';
import { layoutOf } from '../testing/fuzz/elements';
import { mutate, seededRandom } from '../testing/fuzz/mutate';
import { DicomReadError, readPart10, readPart10Async } from './part10';
import { headerJson } from './summary';
import { str } from './json';
import { decodeReportPart10 } from './sr/document';
import { decodeStructureSetPart10 } from './rtstruct/part10';
import { parseSegmentation } from './seg/parse';
import { parseParametricMap } from './pm/parse';
import { decodeParametricMap } from './pm/decode';
import { generatedMap, sampleCt } from '../testing/parametricMaps';

const file = (p: string): Uint8Array => new Uint8Array(readFileSync(shared(p)));
const SR = 'highdicom/sr_document_with_multiple_groups.dcm';
const SEG_IMPLICIT = 'highdicom/seg_image_ct_binary.dcm';
const RT_IMPLICIT = 'rt-utils/mock_data/rt.dcm';

/** The data set alone: preamble and meta group cut away. */
function bare(bytes: Uint8Array): Uint8Array {
  return bytes.slice(layoutOf(bytes).dataStart);
}

describe.skipIf(!HAS_SHARED_DATA)('files written without preamble, meta group or transfer syntax', () => {
  it.each([SR, SEG_IMPLICIT, RT_IMPLICIT, 'pydicom-data/parametric_map_float.dcm'])('%s as a bare data set reads as the whole file', async (p) => {
    const whole = readPart10(file(p), 'whole.dcm');
    const raw = await readPart10Async(bare(file(p)), 'bare.dcm');
    expect(raw.transferSyntaxUID).toBe(whole.transferSyntaxUID);
    expect(headerJson(raw.dict)).toEqual(headerJson(whole.dict));
  });

  it('reads a meta group without Transfer Syntax UID from the data set (not a JavaScript TypeError)', () => {
    const m = mutate(file(RT_IMPLICIT), 'meta-without-syntax', seededRandom(1));
    expect(m.kind).toBe('meta-without-syntax');
    const set = decodeStructureSetPart10(m.bytes, 'nots.dcm');
    expect(set.rois.length).toBe(decodeStructureSetPart10(file(RT_IMPLICIT), 'rt.dcm').rois.length);
  });

  it('refuses bytes that are neither Part 10 nor a data set, naming the file', () => {
    expect(() => readPart10(new TextEncoder().encode('{"not": "dicom"}'.repeat(20)), 'x.json')).toThrow(/^x\.json: not a DICOM Part 10 file/);
  });
});

describe.skipIf(!HAS_SHARED_DATA)('crash classes found by fuzzing', () => {
  it('Pixel Data whose length is set to 0: refused by the fast reader, no dcmjs padding of gigabytes', () => {
    const bytes = file(SEG_IMPLICIT);
    const pixel = layoutOf(bytes).spans.find((s) => s.tag === 0x7fe00010);
    if (!pixel) throw new Error('no Pixel Data');
    const lying = bytes.slice();
    new DataView(lying.buffer).setUint32(pixel.lengthAt, 1, true);
    expect(() => readPart10(lying, 'lying.dcm')).toThrow(DicomReadError);
    expect(() => readPart10(lying, 'lying.dcm')).toThrow(/^lying\.dcm: cannot be read: value of \(\w{4},\w{4}\) needs \d+ bytes/);
  });

  it('SR content nested 10,000 deep: refused at once, not walked by dcmjs', () => {
    const rng = seededRandom(3);
    let m = mutate(file(SR), 'deep-nesting', rng);
    while (!m.description.includes('10000')) m = mutate(file(SR), 'deep-nesting', rng);
    const t0 = performance.now();
    expect(() => decodeReportPart10(m.bytes, 'deep.dcm')).toThrow(/^deep\.dcm: cannot be read: sequences nested more than 200 deep/);
    expect(performance.now() - t0).toBeLessThan(2000);
  });

  it('declared sizes over the ceiling on one object are refused before anything is allocated, with the sizes', () => {
    const seg = readPart10(file(SEG_IMPLICIT), 'seg.dcm');
    expect(parseSegmentation(seg, 'seg.dcm').rows).toBe(16);
    expect(() => parseSegmentation(seg, 'seg.dcm', { maxDecodedBytes: 200 })).toThrow(
      /^seg\.dcm.*: one frame of 16x16 pixels would take 0\.0 MB, over the 0\.0 MB a single object may decode to$/,
    );
    // The frames together are no allocation (they are unpacked one at a time): 16x16 fits 256 bytes.
    expect(parseSegmentation(seg, 'seg.dcm', { maxDecodedBytes: 256 }).rows).toBe(16);
    const map = readPart10(file('pydicom-data/parametric_map_float.dcm'), 'pm.dcm');
    expect(() => parseParametricMap(map, 'pm.dcm', { maxDecodedBytes: 1000 })).toThrow(/^pm\.dcm.*: one frame of \d+x\d+ values would take/);
  });

  it('a 64-bit value (UV) where a number was expected becomes a JSON number: the model still serialises', () => {
    const ds = headerJson({ '3006002A': { vr: 'UV', Value: [BigInt(255), BigInt(2) ** BigInt(63)] } });
    expect(JSON.parse(JSON.stringify(ds))).toEqual({ '3006002A': { vr: 'UV', Value: [255, '9223372036854775808'] } });
  });

  it('a code value read as UV (a bigint) is still text to str()', () => {
    expect(str({ '00080100': { vr: 'UV', Value: [BigInt(42) as unknown as number] } }, '00080100')).toBe('42');
  });
});

describe('the ceiling on what a map decodes into', () => {
  it('is the value volume on the displayed series (10 slices of 48x40 float32 = 76,800 bytes), checked before it is made', async () => {
    const p10 = await generatedMap();
    const ct = sampleCt();
    const ok = await decodeParametricMap(p10, 'pm.dcm', ct, { maxDecodedBytes: 10 * 48 * 40 * 4 });
    expect(ok.volume.values.length).toBe(10 * 48 * 40);
    await expect(decodeParametricMap(p10, 'pm.dcm', ct, { maxDecodedBytes: 10 * 48 * 40 * 4 - 1 })).rejects.toThrow(
      /^pm\.dcm.*: its values on 10 slices of 48x40 would take 0\.1 MB, over the 0\.1 MB a single object may decode to$/,
    );
  });
});
