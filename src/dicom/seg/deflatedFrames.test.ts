// Deflated Image Frame Compression (1.2.840.10008.1.2.8.1): each frame one raw deflate stream. The liver SEG
// re-encoded so here (node's zlib, frame by frame, rewritten with dcmjs) must decode to exactly liver.dcm's voxels.
import { readdirSync, readFileSync } from 'node:fs';
import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readPart10, readPart10Async, type Part10 } from '../part10';
import { headerJson } from '../summary';
import { imagePlanesOf } from '../geometry/imagePlanes';
import { encodeBinarySeg, type RawFrame } from '../../testing/codecEncoders';
import { HAS_SHARED_DATA, NO_SHARED_DATA_REASON, shared } from '../../testing/sharedData';
import { buildLabelmapLayers, denseLabels } from './labelmapLayers';
import { parseSegmentation } from './parse';
import { forEachSetPixel } from './pixelScan';
import { segmentationPixels } from './pixels';
import { segmentationSummary } from './summary';

const DEFLATED_FRAMES = '1.2.840.10008.1.2.8.1';
const LIVER = 'dcmqi/segmentations/liver.dcm';

/** One byte per pixel (0/1) -> bits, least significant first, from bit 0 of the frame's first byte. */
function packBits(pixels: Uint8Array): Uint8Array {
  const out = new Uint8Array(Math.ceil(pixels.length / 8));
  for (let i = 0; i < pixels.length; i++) if (pixels[i]) out[i >> 3] |= 1 << (i & 7);
  return out;
}
const deflatePacked = async (f: RawFrame): Promise<Uint8Array> => new Uint8Array(deflateRawSync(packBits(f.pixels)));
const deflateBytes = async (f: RawFrame): Promise<Uint8Array> => new Uint8Array(deflateRawSync(f.pixels));

async function read(bytes: Uint8Array, name: string): Promise<Part10> {
  return readPart10Async(bytes, name);
}

function ctTarget(): { planes: ReturnType<typeof imagePlanesOf>; frameOfReferenceUID: string | null } {
  const dir = shared('dcmqi/segmentations/ct-3slice');
  const headers = readdirSync(dir)
    .sort()
    .map((f) => headerJson(readPart10(readFileSync(`${dir}/${f}`), f).dict));
  return { planes: headers.flatMap(imagePlanesOf), frameOfReferenceUID: (headers[0]['00200052']?.Value?.[0] as string) ?? null };
}

if (!HAS_SHARED_DATA) console.warn(NO_SHARED_DATA_REASON);

describe.skipIf(!HAS_SHARED_DATA)('SEG frames in Deflated Image Frame Compression', () => {
  it.each([
    ['packed bits', deflatePacked],
    ['one byte per pixel', deflateBytes],
  ] as const)('the liver SEG deflated frame by frame (%s) gives exactly the voxels of liver.dcm', async (_kind, encode) => {
    const bytes = await encodeBinarySeg(shared(LIVER), DEFLATED_FRAMES, encode, 1);
    const deflated = await read(bytes, 'liver-deflated.dcm');
    expect(deflated.transferSyntaxUID).toBe(DEFLATED_FRAMES);
    const native = await read(new Uint8Array(readFileSync(shared(LIVER))), 'liver.dcm');
    const nativeSeg = parseSegmentation(native, 'liver.dcm');
    const deflatedSeg = parseSegmentation(deflated, 'liver-deflated.dcm');
    const a = segmentationPixels(native, nativeSeg);
    const b = segmentationPixels(deflated, deflatedSeg);
    for (let f = 0; f < 3; f++) {
      const want: number[] = [];
      const got: number[] = [];
      forEachSetPixel(a.frame(f) as never, (i) => want.push(i));
      forEachSetPixel(await b.frame(f), (i) => got.push(i));
      expect(got.length).toBeGreaterThan(1000);
      expect(got).toEqual(want);
    }
    const target = ctTarget();
    const fromNative = await buildLabelmapLayers(nativeSeg, a, target, { overlap: 'combine' });
    const fromDeflated = await buildLabelmapLayers(deflatedSeg, b, target, { overlap: 'combine' });
    const size = fromNative.rows * fromNative.columns;
    // 107098: MANIFEST.json's voxel count for liver.dcm (pydicom + numpy)
    expect(fromDeflated.segments.map((s) => s.voxels)).toEqual([107098]);
    expect(Buffer.compare(Buffer.from(denseLabels(fromDeflated.layers[0], size)), Buffer.from(denseLabels(fromNative.layers[0], size)))).toBe(0);
    expect((await segmentationSummary(deflated, 'liver-deflated.dcm')).segments[0].voxels).toBe(107098);
  });

  it('names the SEG and the frame when a frame does not inflate', async () => {
    const bytes = await encodeBinarySeg(shared(LIVER), DEFLATED_FRAMES, async (f) => (await deflatePacked(f)).slice(0, 100), 1);
    const p10 = await read(bytes, 'liver-cut.dcm');
    const pixels = segmentationPixels(p10, parseSegmentation(p10, 'liver-cut.dcm'));
    await expect(pixels.frame(1)).rejects.toThrow(/liver-cut\.dcm.*frame 2: its deflate stream cannot be inflated/);
  });
});
