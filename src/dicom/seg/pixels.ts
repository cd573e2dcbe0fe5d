// Per-frame pixel access for a SEG without unpacking all frames at once: native frames are views on the
// Pixel Data (1-bit frames keep their bit offset), encapsulated frames are decoded one at a time on request.
import type { DcmjsDict } from 'dcmjs';
import { getFrames, isEncapsulated } from '../frames';
import { DicomReadError, type Part10 } from '../part10';
import type { Segmentation } from './model';
import { decodeRle } from './rle';
import type { FrameDecoder } from '../frameCodecs';
import { transferSyntaxLabel } from '../transferSyntax';
import { DEFLATED_IMAGE_FRAME_COMPRESSION, inflateRaw } from '../inflate';
import { Tag } from '../tags';

export type { FrameDecoder };

/**
 * The pixels of one frame, in the smallest form the file allows. `bits`: pixel i is bit (bitOffset + i) of
 * `data`, least significant bit first (PS3.5 8.1.1); `uint8`: one byte per pixel (BINARY decoded by a codec,
 * FRACTIONAL, 8-bit LABELMAP); `uint16`: 16-bit LABELMAP.
 */
export type FramePixels =
  | { kind: 'bits'; data: Uint8Array; bitOffset: number; rows: number; columns: number }
  | { kind: 'uint8'; data: Uint8Array; rows: number; columns: number }
  | { kind: 'uint16'; data: Uint16Array; rows: number; columns: number };

export interface SegmentationPixels {
  readonly numberOfFrames: number;
  /** True when frames come from a FrameDecoder and `frame()` returns promises. */
  readonly isAsync: boolean;
  /** True when `frame()` decodes (RLE, codecs) rather than returning a view: worth caching a frame used twice. */
  readonly decodes: boolean;
  /** Pixels of the frame with this 0-based index (the frameIndex of a SegmentationFrame). */
  frame(frameIndex: number): FramePixels | Promise<FramePixels>;
}

const RLE_LOSSLESS = '1.2.840.10008.1.2.5';
const EXPLICIT_BIG_ENDIAN = '1.2.840.10008.1.2.2';

/** A byte view of the (single) native Pixel Data value, without the copy `new Uint8Array(typedArray)` makes. */
function nativeBytes(dict: DcmjsDict): Uint8Array | null {
  const value = dict[Tag.PixelData]?.Value?.[0];
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  return null;
}

/** Big endian OW data is stored as 16-bit words: swap byte pairs back (a copy; the syntax is retired and rare). */
function swapWords(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length);
  for (let i = 0; i + 1 < bytes.length; i += 2) {
    out[i] = bytes[i + 1];
    out[i + 1] = bytes[i];
  }
  return out;
}

function uint16(bytes: Uint8Array, pixels: number): Uint16Array {
  if (bytes.byteOffset % 2 === 0) return new Uint16Array(bytes.buffer, bytes.byteOffset, pixels);
  return new Uint16Array(bytes.slice(0, pixels * 2).buffer);
}

function nativePixels(p10: Part10, seg: Segmentation): SegmentationPixels {
  const { rows, columns, bitsAllocated, numberOfFrames, objectName } = seg;
  let bytes = nativeBytes(p10.dict);
  if (!bytes) throw new DicomReadError(objectName, 'has no Pixel Data: its segments are listed but cannot be drawn');
  if (p10.transferSyntaxUID === EXPLICIT_BIG_ENDIAN && p10.dict[Tag.PixelData]?.vr === 'OW') bytes = swapWords(bytes);
  const pixels = rows * columns;
  const frameBits = pixels * bitsAllocated;
  const expected = Math.ceil((numberOfFrames * frameBits) / 8);
  const wholeFrames = Math.floor((bytes.length * 8) / frameBits);
  // One byte more than needed is the even-length padding of every DICOM value; more than that is a disagreement.
  if (bytes.length < expected || (bytes.length - expected > 1 && wholeFrames > numberOfFrames)) {
    const size = `${rows}x${columns} at ${bitsAllocated} bit${bitsAllocated > 1 ? 's' : ''}`;
    throw new DicomReadError(
      objectName,
      `Pixel Data holds ${bytes.length} bytes, room for ${wholeFrames} frames of ${size}, but NumberOfFrames is ` +
        `${numberOfFrames} (${expected} bytes): the file is truncated or its header is wrong; ` +
        'its segments are listed but cannot be drawn',
    );
  }
  return nativeFrames(bytes, seg);
}

/**
 * Frame views on native Pixel Data `data` (little endian), without checking that it holds every frame: a SEG still
 * downloading (progressive.ts) asks only for frames its bytes already hold.
 */
export function nativeFrames(data: Uint8Array, seg: Segmentation): SegmentationPixels {
  const { rows, columns, bitsAllocated, numberOfFrames } = seg;
  const pixels = rows * columns;
  const frameBits = pixels * bitsAllocated;
  return {
    numberOfFrames,
    isAsync: false,
    decodes: false,
    frame(frameIndex: number): FramePixels {
      // Plain arithmetic, not bit operators: a big SEG has more than 2^31 bits.
      const startBit = frameIndex * frameBits;
      if (bitsAllocated === 1) {
        const start = Math.floor(startBit / 8);
        const end = Math.ceil((startBit + frameBits) / 8);
        return { kind: 'bits', data: data.subarray(start, end), bitOffset: startBit % 8, rows, columns };
      }
      const start = startBit / 8;
      if (bitsAllocated === 8) return { kind: 'uint8', data: data.subarray(start, start + pixels), rows, columns };
      return { kind: 'uint16', data: uint16(data.subarray(start, start + 2 * pixels), pixels), rows, columns };
    },
  };
}

/** Native bytes of a decoded frame -> FramePixels, checking the length a codec or RLE stream gave back. */
function fromDecodedBytes(decoded: Uint8Array, seg: Segmentation, frameIndex: number): FramePixels {
  const { rows, columns, bitsAllocated } = seg;
  const pixels = rows * columns;
  const fail = (expected: string): never => {
    throw new DicomReadError(seg.objectName, `frame ${frameIndex + 1} decodes to ${decoded.length} bytes, ${expected}`);
  };
  if (bitsAllocated === 16) {
    if (decoded.length < 2 * pixels) fail(`fewer than the ${2 * pixels} of ${pixels} 16-bit pixels`);
    return { kind: 'uint16', data: uint16(decoded, pixels), rows, columns };
  }
  if (decoded.length >= pixels) return { kind: 'uint8', data: decoded.subarray(0, pixels), rows, columns };
  if (bitsAllocated === 1 && decoded.length >= Math.ceil(pixels / 8)) {
    return { kind: 'bits', data: decoded, bitOffset: 0, rows, columns };
  }
  return fail(`fewer than the ${pixels} of ${pixels} pixels${bitsAllocated === 1 ? ' or their packed bits' : ''}`);
}

function rlePixels(frame: Uint8Array, seg: Segmentation, frameIndex: number): FramePixels {
  const pixels = seg.rows * seg.columns;
  let rle;
  try {
    rle = decodeRle(frame, pixels);
  } catch (err) {
    throw new DicomReadError(seg.objectName, `frame ${frameIndex + 1}: ${(err as Error).message}`);
  }
  if (seg.bitsAllocated === 16) {
    if (rle.planes.length !== 2) {
      throw new DicomReadError(
        seg.objectName,
        `frame ${frameIndex + 1}: RLE has ${rle.planes.length} segments, 2 expected`,
      );
    }
    // Byte planes come most significant first (PS3.5 G.2).
    const [hi, lo] = rle.planes;
    const out = new Uint16Array(pixels);
    for (let i = 0; i < pixels; i++) out[i] = (hi[i] << 8) | lo[i];
    return { kind: 'uint16', data: out, rows: seg.rows, columns: seg.columns };
  }
  return fromDecodedBytes(rle.planes[0].subarray(0, rle.lengths[0]), seg, frameIndex);
}

/**
 * Pixel access for a parsed SEG. Throws DicomReadError naming the object when Pixel Data cannot hold the frames
 * the header declares, or when the frames are compressed in a syntax that needs a `decoder` and none is given.
 */
export function segmentationPixels(p10: Part10, seg: Segmentation, decoder?: FrameDecoder): SegmentationPixels {
  const ts = p10.transferSyntaxUID;
  if (!isEncapsulated(ts)) return nativePixels(p10, seg);
  const builtIn = ts === RLE_LOSSLESS || ts === DEFLATED_IMAGE_FRAME_COMPRESSION;
  if (!builtIn && (!decoder || (decoder.transferSyntaxes && !decoder.transferSyntaxes.has(ts)))) {
    throw new DicomReadError(
      seg.objectName,
      `frames are compressed as ${transferSyntaxLabel(ts)} and no decoder for it is available: its segments are ` +
        'listed but cannot be drawn',
    );
  }
  let frames: Uint8Array[];
  try {
    frames = getFrames(p10.dict, ts);
  } catch (err) {
    throw new DicomReadError(seg.objectName, `${(err as Error).message}: its segments are listed but cannot be drawn`);
  }
  if (frames.length !== seg.numberOfFrames) {
    throw new DicomReadError(
      seg.objectName,
      `Pixel Data holds ${frames.length} compressed frames but NumberOfFrames is ${seg.numberOfFrames}`,
    );
  }
  if (ts === RLE_LOSSLESS) {
    return { numberOfFrames: frames.length, isAsync: false, decodes: true, frame: (i) => rlePixels(frames[i], seg, i) };
  }
  if (ts === DEFLATED_IMAGE_FRAME_COMPRESSION) {
    // Each frame one raw deflate stream of its native bytes; 1-bit frames start on a byte boundary (PS3.5 8.2.16).
    const bytes = seg.bitsAllocated === 1 ? Math.ceil((seg.rows * seg.columns) / 8) : (seg.rows * seg.columns * seg.bitsAllocated) / 8;
    return {
      numberOfFrames: frames.length,
      isAsync: true,
      decodes: true,
      async frame(i: number): Promise<FramePixels> {
        let decoded: Uint8Array;
        try {
          decoded = await inflateRaw(frames[i], bytes);
        } catch (err) {
          throw new DicomReadError(seg.objectName, `frame ${i + 1}: ${(err as Error).message}; its segments are listed but cannot be drawn`);
        }
        return fromDecodedBytes(decoded, seg, i);
      },
    };
  }
  const decode = decoder as FrameDecoder;
  return {
    numberOfFrames: frames.length,
    isAsync: true,
    decodes: true,
    async frame(i: number): Promise<FramePixels> {
      let decoded: Uint8Array;
      try {
        decoded = await decode(frames[i], ts, seg.rows, seg.columns, seg.bitsAllocated);
      } catch (err) {
        throw new DicomReadError(
          seg.objectName,
          `frame ${i + 1} cannot be decoded as ${transferSyntaxLabel(ts)}: ${err instanceof Error ? err.message : String(err)}; ` +
            'its segments are listed but cannot be drawn',
        );
      }
      return fromDecodedBytes(decoded, seg, i);
    },
  };
}

/**
 * Visit the frames of a parsed SEG with their pixels, one frame at a time (frames are decoded on demand and can
 * be dropped after each visit, so a large SEG never exists unpacked as a whole).
 */
export async function forEachSegmentFrame(
  seg: Segmentation,
  pixels: SegmentationPixels,
  visit: (frame: Segmentation['frames'][number], framePixels: FramePixels) => void | Promise<void>,
): Promise<void> {
  for (const frame of seg.frames) await visit(frame, await pixels.frame(frame.frameIndex));
}
