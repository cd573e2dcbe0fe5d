// Stored values of integer maps in the encodings the SEG path also reads: RLE frames against the native ones, and
// BitsStored < BitsAllocated (signed values sign-extended from the stored bits).
import { describe, expect, it } from 'vitest';
import { rleFrame } from '../seg/testFixtures';
import { parseParametricMap } from './parse';
import { parametricMapPixels } from './pixels';
import { generatedMap } from '../../testing/parametricMaps';

const RLE = '1.2.840.10008.1.2.5';
const options = { pixelType: 'uint16', slope: 0.25, intercept: 300, sliceIndexes: [0, 4, 7] } as const;

describe('Parametric Map stored values', () => {
  it('RLE frames (two byte planes, most significant first) decode to the native values', async () => {
    const native = await generatedMap(options);
    const map = parseParametricMap(native, 'PM.dcm');
    const pixels = parametricMapPixels(native, map);
    const rle = await generatedMap(options);
    const frames: ArrayBuffer[] = [];
    for (let f = 0; f < 3; f++) {
      const v = (await pixels.frame(f)) as Uint16Array;
      expect(v).toBeInstanceOf(Uint16Array);
      frames.push(rleFrame([Uint8Array.from(v, (x) => x >> 8), Uint8Array.from(v, (x) => x & 255)]).buffer as ArrayBuffer);
    }
    rle.dict['7FE00010'] = { vr: 'OB', Value: frames };
    rle.transferSyntaxUID = RLE;
    const fromRle = parametricMapPixels(rle, parseParametricMap(rle, 'PM-rle.dcm'));
    for (let f = 0; f < 3; f++) expect(Array.from(await fromRle.frame(f))).toEqual(Array.from(await pixels.frame(f)));
    // One plane where two are due: said, naming the map and frame.
    rle.dict['7FE00010'] = { vr: 'OB', Value: frames.map(() => rleFrame([new Uint8Array(48 * 40)]).buffer as ArrayBuffer) };
    const broken = parametricMapPixels(rle, parseParametricMap(rle, 'PM-rle.dcm'));
    await expect(broken.frame(1)).rejects.toThrow(/PM-rle\.dcm \("Synthetic ADC"\): frame 2: RLE has 1 segments, 2 expected/);
  });

  it('signed 12-bit values in 16 bits are sign-extended from BitsStored', async () => {
    const p10 = await generatedMap(options);
    const data = p10.dict['7FE00010'].Value?.[0] as Uint8Array;
    const words = new Uint16Array(data.buffer, data.byteOffset, 4);
    words.set([0x0fff, 0x0800, 0x07ff, 0xf001]);
    p10.dict['00280103'] = { vr: 'US', Value: [1] };
    p10.dict['00280101'] = { vr: 'US', Value: [12] };
    const map = parseParametricMap(p10, 'PM.dcm');
    expect(map.pixelType).toBe('int16');
    const values = await parametricMapPixels(p10, map).frame(0);
    // 0x0fff = -1, 0x0800 = -2048, 0x07ff = 2047; bits above the stored 12 are not part of the value.
    expect(Array.from(values.subarray(0, 4))).toEqual([-1, -2048, 2047, 1]);
  });
});
