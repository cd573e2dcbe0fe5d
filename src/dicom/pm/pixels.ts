// Per-frame stored values of a Parametric Map, one frame at a time: native frames are typed views on the pixel
// data (a copy only when misaligned or big endian); RLE, Deflated Image Frame Compression and codec frames are
// decoded on request.
import { getFrames, isEncapsulated } from '../frames';
import type { FrameDecoder } from '../frameCodecs';
import { DEFLATED_IMAGE_FRAME_COMPRESSION, inflateRaw } from '../inflate';
import { DicomReadError, type Part10 } from '../part10';
import { decodeRle } from '../seg/rle';
import { transferSyntaxLabel } from '../transferSyntax';
import type { ParametricMap, PixelType } from './model';
import { Tag } from '../tags';

export type StoredValues = Float32Array | Float64Array | Uint8Array | Int8Array | Uint16Array | Int16Array | Uint32Array | Int32Array;

export interface ParametricMapPixels {
  readonly numberOfFrames: number;
  /** Stored values of the frame with this 0-based index, rows x columns, row by row. */
  frame(frameIndex: number): StoredValues | Promise<StoredValues>;
}

const RLE_LOSSLESS = '1.2.840.10008.1.2.5';
const EXPLICIT_BIG_ENDIAN = '1.2.840.10008.1.2.2';

type TypedArrayConstructor = new (buffer: ArrayBufferLike, byteOffset: number, length: number) => StoredValues;
const ARRAYS: Record<PixelType, TypedArrayConstructor> = {
  float32: Float32Array,
  float64: Float64Array,
  uint8: Uint8Array,
  int8: Int8Array,
  uint16: Uint16Array,
  int16: Int16Array,
  uint32: Uint32Array,
  int32: Int32Array,
};

function pixelDataTag(type: PixelType): string {
  if (type === 'float32') return Tag.FloatPixelData;
  if (type === 'float64') return Tag.DoubleFloatPixelData;
  return Tag.PixelData;
}

/** Little-endian bytes of one frame as stored values: a view when aligned, else a copy. */
function typed(bytes: Uint8Array, map: ParametricMap): StoredValues {
  const size = map.bitsAllocated / 8;
  const n = map.rows * map.columns;
  const Values = ARRAYS[map.pixelType];
  if (bytes.byteOffset % size === 0) return new Values(bytes.buffer, bytes.byteOffset, n);
  return new Values(bytes.slice(0, n * size).buffer, 0, n);
}

/** Big endian: reverse the bytes of each value (a copy; the syntax is retired and rare). */
function swapped(bytes: Uint8Array, size: number): Uint8Array {
  const out = new Uint8Array(bytes.length);
  for (let i = 0; i + size <= bytes.length; i += size) for (let k = 0; k < size; k++) out[i + k] = bytes[i + size - 1 - k];
  return out;
}

/** BitsStored < BitsAllocated: keep the stored bits and sign-extend them (PS3.5 8.1.1). */
function maskStoredBits(values: StoredValues, map: ParametricMap): StoredValues {
  const stored = map.bitsStored;
  if (map.pixelType.startsWith('float') || !(stored > 0 && stored < map.bitsAllocated)) return values;
  const out = values.slice();
  const signed = map.pixelType.startsWith('int');
  const shift = 32 - stored;
  for (let i = 0; i < out.length; i++) {
    const v = out[i] << shift;
    out[i] = signed ? v >> shift : v >>> shift;
  }
  return out;
}

function nativeBytes(p10: Part10, tag: string): Uint8Array | null {
  const value = p10.dict[tag]?.Value?.[0];
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  return null;
}

function nativePixels(p10: Part10, map: ParametricMap, tag: string): ParametricMapPixels {
  const { rows, columns, numberOfFrames, objectName, bitsAllocated } = map;
  const bytes = nativeBytes(p10, tag);
  if (!bytes) throw new DicomReadError(objectName, 'has an empty pixel data element: no values to show');
  const frameBytes = (rows * columns * bitsAllocated) / 8;
  const expected = numberOfFrames * frameBytes;
  const wholeFrames = Math.floor(bytes.length / frameBytes);
  // One byte more than needed is the even-length padding of every DICOM value; more than that is a disagreement.
  if (bytes.length < expected || (bytes.length - expected > 1 && wholeFrames !== numberOfFrames)) {
    throw new DicomReadError(
      objectName,
      `its pixel data holds ${bytes.length} bytes, room for ${wholeFrames} frames of ${rows}x${columns} ` +
        `${map.pixelType} values, but NumberOfFrames is ${numberOfFrames} (${expected} bytes): the file is truncated ` +
        'or its header is wrong, so no value of it is shown',
    );
  }
  const bigEndian = p10.transferSyntaxUID === EXPLICIT_BIG_ENDIAN && bitsAllocated > 8;
  return {
    numberOfFrames,
    frame(i: number): StoredValues {
      let frame = bytes.subarray(i * frameBytes, (i + 1) * frameBytes);
      if (bigEndian) frame = swapped(frame, bitsAllocated / 8);
      return maskStoredBits(typed(frame, map), map);
    },
  };
}

/** RLE: one byte plane per byte of the value, most significant first (PS3.5 G.2). */
function rleValues(frame: Uint8Array, map: ParametricMap, i: number): StoredValues {
  const n = map.rows * map.columns;
  const size = map.bitsAllocated / 8;
  let rle;
  try {
    rle = decodeRle(frame, n);
  } catch (err) {
    throw new DicomReadError(map.objectName, `frame ${i + 1}: ${(err as Error).message}`);
  }
  if (rle.planes.length !== size) {
    throw new DicomReadError(map.objectName, `frame ${i + 1}: RLE has ${rle.planes.length} segments, ${size} expected`);
  }
  const out = new Uint8Array(n * size);
  for (let k = 0; k < size; k++) {
    const plane = rle.planes[size - 1 - k];
    for (let p = 0; p < n; p++) out[p * size + k] = plane[p];
  }
  return typed(out, map);
}

function checkLength(decoded: Uint8Array, map: ParametricMap, i: number): Uint8Array {
  const want = (map.rows * map.columns * map.bitsAllocated) / 8;
  if (decoded.length < want) {
    throw new DicomReadError(map.objectName, `frame ${i + 1} decodes to ${decoded.length} bytes, fewer than the ${want} of its values`);
  }
  return decoded;
}

/**
 * Stored values of a parsed map. Throws DicomReadError naming the map when the pixel data cannot hold the frames
 * the header declares, or when frames are compressed in a syntax that needs a `decoder` and none is given.
 */
export function parametricMapPixels(p10: Part10, map: ParametricMap, decoder?: FrameDecoder): ParametricMapPixels {
  const ts = p10.transferSyntaxUID;
  const tag = pixelDataTag(map.pixelType);
  if (!isEncapsulated(ts)) return nativePixels(p10, map, tag);
  const builtIn = ts === RLE_LOSSLESS || ts === DEFLATED_IMAGE_FRAME_COMPRESSION;
  const codecFits = map.bitsAllocated <= 16 && !map.pixelType.startsWith('float');
  if (!builtIn && (!codecFits || !decoder || (decoder.transferSyntaxes && !decoder.transferSyntaxes.has(ts)))) {
    throw new DicomReadError(
      map.objectName,
      `its ${map.pixelType} frames are compressed as ${transferSyntaxLabel(ts)}, which cannot be decoded here: no value is shown`,
    );
  }
  let frames: Uint8Array[];
  try {
    frames = getFrames(p10.dict, ts, tag);
  } catch (err) {
    throw new DicomReadError(map.objectName, `${(err as Error).message}: no value is shown`);
  }
  if (frames.length !== map.numberOfFrames) {
    throw new DicomReadError(
      map.objectName,
      `its pixel data holds ${frames.length} compressed frames but NumberOfFrames is ${map.numberOfFrames}: no value is shown`,
    );
  }
  const frameBytes = (map.rows * map.columns * map.bitsAllocated) / 8;
  return {
    numberOfFrames: frames.length,
    async frame(i: number): Promise<StoredValues> {
      if (ts === RLE_LOSSLESS) return maskStoredBits(rleValues(frames[i], map, i), map);
      let decoded: Uint8Array;
      try {
        decoded =
          ts === DEFLATED_IMAGE_FRAME_COMPRESSION
            ? await inflateRaw(frames[i], frameBytes)
            : await (decoder as FrameDecoder)(frames[i], ts, map.rows, map.columns, map.bitsAllocated);
      } catch (err) {
        throw new DicomReadError(
          map.objectName,
          `frame ${i + 1} cannot be decoded as ${transferSyntaxLabel(ts)}: ${err instanceof Error ? err.message : String(err)}`,
        );
      }
      return maskStoredBits(typed(checkLength(decoded, map, i), map), map);
    },
  };
}
