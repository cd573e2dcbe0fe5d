// Encoders for tests (Node): compressed frames that ../shared/data lacks, made with the full builds of the same
// codec packages whose decoders the viewer uses (CharLS and OpenJPH ship an encoder alongside the decoder), and
// a SEG rewritten with such frames.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import dcmjs from 'dcmjs';

const require = createRequire(import.meta.url);

interface EncoderFrameInfo {
  width: number;
  height: number;
  bitsPerSample: number;
  componentCount: number;
  isSigned?: boolean;
  isUsingColorTransform?: boolean;
}

interface WasmEncoder {
  getDecodedBuffer(info: EncoderFrameInfo): Uint8Array;
  encode(): void;
  getEncodedBuffer(): Uint8Array;
  delete(): void;
}

interface CharlsFull {
  JpegLSEncoder: new () => WasmEncoder & { setNearLossless(n: number): void };
}
interface OpenJphFull {
  HTJ2KEncoder: new () => WasmEncoder & { setQuality(lossless: boolean, quantizationStep: number): void };
}

// A fresh object per module: Emscripten turns it into the module itself.
const quiet = (): object => ({ print: () => {}, printErr: () => {} });
let charls: Promise<CharlsFull> | undefined;
let openJph: Promise<OpenJphFull> | undefined;

export interface RawFrame {
  /** one sample per pixel: bytes for up to 8 bits, little-endian 16-bit words above */
  pixels: Uint8Array;
  rows: number;
  columns: number;
  bitsPerSample: number;
}

function run(encoder: WasmEncoder, f: RawFrame, extra: Partial<EncoderFrameInfo> = {}): Uint8Array {
  try {
    encoder
      .getDecodedBuffer({ width: f.columns, height: f.rows, bitsPerSample: f.bitsPerSample, componentCount: 1, ...extra })
      .set(f.pixels);
    encoder.encode();
    return encoder.getEncodedBuffer().slice();
  } finally {
    encoder.delete();
  }
}

/** JPEG-LS lossless (1.2.840.10008.1.2.4.80). CharLS needs at least 2 bits per sample. */
export async function encodeJpegLs(f: RawFrame): Promise<Uint8Array> {
  charls ??= (require('@cornerstonejs/codec-charls/wasmjs') as (o: object) => Promise<CharlsFull>)(quiet());
  const encoder = new (await charls).JpegLSEncoder();
  encoder.setNearLossless(0);
  return run(encoder, f);
}

/** HTJ2K lossless (1.2.840.10008.1.2.4.201). */
export async function encodeHtj2k(f: RawFrame): Promise<Uint8Array> {
  openJph ??= (require('@cornerstonejs/codec-openjph/wasmjs') as (o: object) => Promise<OpenJphFull>)(quiet());
  const encoder = new (await openJph).HTJ2KEncoder();
  encoder.setQuality(true, 0);
  return run(encoder, f, { isSigned: false, isUsingColorTransform: false });
}

/** 1-bit frames (bits packed LSB first, frames back to back) -> one byte (0 or 1) per pixel, per frame. */
export function unpackBitFrames(packed: Uint8Array, rows: number, columns: number, frames: number): Uint8Array[] {
  const n = rows * columns;
  return Array.from({ length: frames }, (_, f) => {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const bit = f * n + i;
      out[i] = (packed[bit >> 3] >> (bit & 7)) & 1;
    }
    return out;
  });
}

/**
 * The native 1-bit SEG `source` with its frames encoded by `encode` in `transferSyntaxUID` (one fragment per
 * frame), as Part 10 bytes. The rest of the data set is kept.
 */
export async function encodeBinarySeg(
  source: string,
  transferSyntaxUID: string,
  encode: (f: RawFrame) => Promise<Uint8Array>,
  bitsPerSample: number,
): Promise<Uint8Array> {
  const buf = readFileSync(source);
  const file = dcmjs.data.DicomMessage.readFile(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer);
  const d = file.dict;
  const num = (tag: string): number => Number(d[tag]?.Value?.[0]);
  const [rows, columns, frames] = [num('00280010'), num('00280011'), num('00280008') || 1];
  if (num('00280100') !== 1) throw new Error(`${source} is not a 1-bit SEG`);
  const raw = d['7FE00010'].Value?.[0] as ArrayBuffer | ArrayBufferView;
  const packed = ArrayBuffer.isView(raw) ? new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength) : new Uint8Array(raw);
  const encoded: ArrayBuffer[] = [];
  for (const pixels of unpackBitFrames(packed, rows, columns, frames)) {
    encoded.push((await encode({ pixels, rows, columns, bitsPerSample })).buffer as ArrayBuffer);
  }
  file.meta['00020010'] = { vr: 'UI', Value: [transferSyntaxUID] };
  d['7FE00010'] = { vr: 'OB', Value: encoded };
  return new Uint8Array(file.write({ allowInvalidVRLength: true }));
}
