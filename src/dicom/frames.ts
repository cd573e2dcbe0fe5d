// Split Pixel Data into frames, native or encapsulated (PS3.5 A.4).
import type { DcmjsDict } from 'dcmjs';
import { concatBytes } from './bytes';
import { firstNumber } from './part10';
import { Tag } from './tags';

const NATIVE_TRANSFER_SYNTAXES = new Set([
  '1.2.840.10008.1.2',
  '1.2.840.10008.1.2.1',
  '1.2.840.10008.1.2.2',
  '1.2.840.10008.1.2.1.99',
]);

export function isEncapsulated(transferSyntaxUID: string): boolean {
  return !NATIVE_TRANSFER_SYNTAXES.has(transferSyntaxUID);
}

function concat(parts: Uint8Array[]): Uint8Array {
  return parts.length === 1 ? parts[0] : concatBytes(parts);
}

/** JPEG family (FFD8) and JPEG 2000 codestream (FF4F) start markers begin a new frame. */
function startsFrame(f: Uint8Array): boolean {
  return f.length > 1 && f[0] === 0xff && (f[1] === 0xd8 || f[1] === 0x4f);
}

/**
 * Frames of a data set's Pixel Data (or Float / Double Float Pixel Data: `pixelDataTag`), as views on the parsed
 * buffer (no copies for native data).
 * Throws with a readable message when the pixel data is shorter than the header promises.
 */
export function getFrames(dict: DcmjsDict, transferSyntaxUID: string, pixelDataTag: string = Tag.PixelData): Uint8Array[] {
  const el = dict[pixelDataTag];
  const values = (el?.Value ?? []) as Array<ArrayBuffer | ArrayBuffer[]>;
  if (!values.length) throw new Error('has no Pixel Data');
  const numberOfFrames = firstNumber(dict[Tag.NumberOfFrames]) ?? 1;
  if (!isEncapsulated(transferSyntaxUID)) {
    // dcmjs may hand a typed array (a view) or an ArrayBuffer: view it either way, never copy the pixels.
    const v0 = values[0] as ArrayBuffer | ArrayBufferView;
    const data = ArrayBuffer.isView(v0) ? new Uint8Array(v0.buffer, v0.byteOffset, v0.byteLength) : new Uint8Array(v0);
    const rows = firstNumber(dict[Tag.Rows]) ?? 0;
    const cols = firstNumber(dict[Tag.Columns]) ?? 0;
    const bits = firstNumber(dict[Tag.BitsAllocated]) ?? 16;
    const spp = firstNumber(dict[Tag.SamplesPerPixel]) ?? 1;
    const frameBits = rows * cols * spp * bits;
    const frames: Uint8Array[] = [];
    for (let i = 0; i < numberOfFrames; i++) {
      const startBit = i * frameBits;
      if (bits === 1) {
        // Bit-packed frames need not start on a byte boundary: hand out the covering bytes.
        const start = Math.floor(startBit / 8);
        const end = Math.ceil((startBit + frameBits) / 8);
        if (end > data.length) throw new Error(`Pixel Data holds fewer than ${numberOfFrames} frames`);
        frames.push(data.subarray(start, end));
      } else {
        const start = startBit / 8;
        const end = start + frameBits / 8;
        if (end > data.length) throw new Error(`Pixel Data holds fewer than ${numberOfFrames} frames`);
        frames.push(data.subarray(start, end));
      }
    }
    return frames;
  }
  const fragments = values.map((v) => (Array.isArray(v) ? concat(v.map((b) => new Uint8Array(b))) : new Uint8Array(v)));
  if (numberOfFrames === 1) return [concat(fragments)];
  if (fragments.length === numberOfFrames) return fragments;
  // No basic offset table and several fragments per frame: group by start-of-codestream markers.
  const grouped: Uint8Array[][] = [];
  for (const f of fragments) {
    if (!grouped.length || startsFrame(f)) grouped.push([f]);
    else grouped[grouped.length - 1].push(f);
  }
  if (grouped.length !== numberOfFrames) {
    throw new Error(`Pixel Data has ${fragments.length} fragments that do not split into ${numberOfFrames} frames`);
  }
  return grouped.map(concat);
}
