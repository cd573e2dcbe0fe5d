// Compressed frames -> native bytes through the codecs Cornerstone ships (OpenJPEG, OpenJPH and CharLS compiled
// to WebAssembly with Emscripten, and the JavaScript JPEG Lossless decoder). Pure like the rest of dicom/: the
// caller loads the modules (the worker with import() and a wasm URL, Node with require) and hands over loader
// functions; a codec is loaded the first time a frame needs it, and only then.
import { transferSyntaxLabel } from './transferSyntax';

/**
 * Decodes one compressed frame (JPEG 2000, JPEG-LS, ...) into native bytes: rows*columns bytes for 8-bit data,
 * rows*columns little-endian 16-bit samples for 16-bit data, and for 1-bit data either one byte per pixel or
 * packed bits (both occur; the length tells). Errors say what went wrong with the frame; the caller names the
 * object. `transferSyntaxes`, when given, lists what it can decode, so a caller can refuse others up front.
 */
export interface FrameDecoder {
  (frame: Uint8Array, transferSyntaxUID: string, rows: number, columns: number, bitsAllocated: number):
    | Promise<Uint8Array>
    | Uint8Array;
  readonly transferSyntaxes?: ReadonlySet<string>;
}

/** Emscripten module options: where the codec's console output goes (kept for error messages). */
export interface EmscriptenOptions {
  print: (line: string) => void;
  printErr: (line: string) => void;
}

interface FrameInfo {
  width: number;
  height: number;
  bitsPerSample: number;
  componentCount: number;
}

/** What the OpenJPEG, OpenJPH and CharLS decoder classes have in common (embind objects: `delete()` frees them). */
export interface WasmFrameDecoder {
  getEncodedBuffer(length: number): Uint8Array;
  decode(): void;
  getFrameInfo(): FrameInfo;
  getDecodedBuffer(): Uint8Array;
  delete(): void;
}

export interface OpenJpegModule {
  J2KDecoder: new () => WasmFrameDecoder;
}
export interface OpenJphModule {
  HTJ2KDecoder: new () => WasmFrameDecoder & { getLastErrorMessage?(): string };
}
export interface CharlsModule {
  JpegLSDecoder: new () => WasmFrameDecoder;
  /** in the decode-only build: the text of a C++ exception CharLS threw (thrown as a number) */
  getExceptionMessage?(exception: number): string;
}
export interface JpegLosslessModule {
  Decoder: new () => {
    decode(buffer: ArrayBuffer, offset: number, length: number, bytesPerSample: number): Uint8Array | Uint16Array;
    xDim: number;
    yDim: number;
    numComp: number;
  };
}

/** How to get each codec; leave one out and its transfer syntaxes are not offered. */
export interface CodecLoaders {
  openJpeg?: (options: EmscriptenOptions) => Promise<OpenJpegModule>;
  openJph?: (options: EmscriptenOptions) => Promise<OpenJphModule>;
  charls?: (options: EmscriptenOptions) => Promise<CharlsModule>;
  jpegLossless?: () => Promise<JpegLosslessModule>;
}

type CodecKey = keyof CodecLoaders;
type AnyModule = OpenJpegModule | OpenJphModule | CharlsModule | JpegLosslessModule;

const CODECS: Record<CodecKey, { name: string; syntaxes: string[] }> = {
  openJpeg: { name: 'OpenJPEG', syntaxes: ['1.2.840.10008.1.2.4.90', '1.2.840.10008.1.2.4.91'] },
  openJph: { name: 'OpenJPH', syntaxes: ['1.2.840.10008.1.2.4.201', '1.2.840.10008.1.2.4.202', '1.2.840.10008.1.2.4.203'] },
  charls: { name: 'CharLS', syntaxes: ['1.2.840.10008.1.2.4.80', '1.2.840.10008.1.2.4.81'] },
  jpegLossless: { name: 'the JPEG Lossless decoder', syntaxes: ['1.2.840.10008.1.2.4.57', '1.2.840.10008.1.2.4.70'] },
};

/** The codec for a transfer syntax, loaded or not. */
export function codecFor(transferSyntaxUID: string): CodecKey | null {
  for (const key of Object.keys(CODECS) as CodecKey[]) if (CODECS[key].syntaxes.includes(transferSyntaxUID)) return key;
  return null;
}

/**
 * HTJ2K transfer syntaxes admit plain JPEG 2000 (Part 1) codestreams too, which OpenJPH refuses ("this is not a
 * JPH file"): a codestream whose SIZ capabilities (Rsiz) lack the Part 15 bit goes to OpenJPEG instead.
 */
function isPart1Codestream(frame: Uint8Array): boolean {
  if (frame.length < 8 || frame[0] !== 0xff || frame[1] !== 0x4f || frame[2] !== 0xff || frame[3] !== 0x51) return false;
  return (((frame[6] << 8) | frame[7]) & 0x4000) === 0;
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Frame size and sample depth the SEG header promises, checked against what a codec says it decoded. */
function checkDecoded(
  info: { width: number; height: number; componentCount: number },
  bytes: Uint8Array,
  rows: number,
  columns: number,
): void {
  if (info.width !== columns || info.height !== rows) {
    throw new Error(`it decodes to ${info.width}x${info.height} pixels, not the ${columns}x${rows} of the header`);
  }
  if (info.componentCount !== 1) throw new Error(`it decodes to ${info.componentCount} samples per pixel, not 1`);
  if (!bytes.length) throw new Error('it decodes to no pixels');
}

/**
 * One byte per sample where 16-bit samples are expected (a 16-bit LABELMAP whose values fit in 8 bits may be
 * encoded at 8 bits): widened to little-endian 16-bit. Two bytes where one is expected cannot be narrowed.
 */
function toBitsAllocated(bytes: Uint8Array, bitsPerSample: number, pixels: number, bitsAllocated: number): Uint8Array {
  const wide = bitsPerSample > 8;
  if (bitsAllocated === 16 && !wide) {
    const out = new Uint16Array(pixels);
    for (let i = 0; i < pixels; i++) out[i] = bytes[i];
    return new Uint8Array(out.buffer);
  }
  if (bitsAllocated <= 8 && wide) {
    throw new Error(`it decodes to ${bitsPerSample}-bit samples but BitsAllocated is ${bitsAllocated}`);
  }
  return bytes;
}

/**
 * A FrameDecoder over the codecs `loaders` can load. Each codec is loaded once, on the first frame in its
 * transfer syntax; a codec that fails to load is tried again on the next frame that needs it (a network error
 * in the worker should not stick for the rest of the session). Errors name the transfer syntax and the codec,
 * with the codec's own complaint when it printed one.
 */
export function codecFrameDecoder(loaders: CodecLoaders): FrameDecoder {
  const modules = new Map<CodecKey, Promise<AnyModule>>();
  // Decoding is synchronous once a module is loaded, so the lines printed during one decode are that frame's.
  const printed: string[] = [];
  const complaint = (): string => {
    const line = printed.find((l) => /error/i.test(l)) ?? printed.find((l) => /warn|fail/i.test(l));
    return line ? `: ${line.replace(/^\[ERROR\]\s*/, '').trim()}` : '';
  };

  const load = (key: CodecKey): Promise<AnyModule> => {
    let module = modules.get(key);
    if (!module) {
      const loader = loaders[key] as (o: EmscriptenOptions) => Promise<AnyModule>;
      // A fresh options object per module: Emscripten makes it the module itself, so two codecs given the same
      // object overwrite each other's functions.
      module = loader({ print: (l) => void printed.push(l), printErr: (l) => void printed.push(l) }).catch((err: unknown) => {
        modules.delete(key);
        throw new Error(`${CODECS[key].name} could not be loaded: ${messageOf(err)}`, { cause: err });
      });
      modules.set(key, module);
    }
    return module;
  };

  const runWasm = (key: CodecKey, decoder: WasmFrameDecoder, frame: Uint8Array, module: AnyModule): { info: FrameInfo; bytes: Uint8Array } => {
    try {
      decoder.getEncodedBuffer(frame.length).set(frame);
      decoder.decode();
      // A view on the codec's memory, freed by delete(): copy it out.
      return { info: decoder.getFrameInfo(), bytes: decoder.getDecodedBuffer().slice() };
    } catch (err) {
      // An aborted Emscripten module is unusable from then on: load a fresh one next time.
      if (err instanceof WebAssembly.RuntimeError) modules.delete(key);
      const text =
        typeof err === 'number'
          ? ((module as CharlsModule).getExceptionMessage?.(err) ?? `it stopped with C++ exception ${err}`)
          : messageOf(err);
      throw new Error(`${CODECS[key].name} could not decode it: ${text}`, { cause: err });
    } finally {
      try {
        decoder.delete();
      } catch {
        // The module aborted: nothing left to free, and the error above says what happened.
      }
    }
  };

  const decode = async (frame: Uint8Array, ts: string, rows: number, columns: number, bitsAllocated: number): Promise<Uint8Array> => {
    let key = codecFor(ts);
    if (key === 'openJph' && loaders.openJpeg && isPart1Codestream(frame)) key = 'openJpeg';
    if (!key || !loaders[key]) throw new Error(`no decoder for ${transferSyntaxLabel(ts)} is available here`);
    const module = await load(key);
    printed.length = 0;
    const pixels = rows * columns;
    if (key === 'jpegLossless') {
      const decoder = new (module as JpegLosslessModule).Decoder();
      let out: Uint8Array | Uint16Array;
      try {
        out = decoder.decode(frame.buffer as ArrayBuffer, frame.byteOffset, frame.length, bitsAllocated > 8 ? 2 : 1);
      } catch (err) {
        throw new Error(`${CODECS[key].name} could not decode it: ${messageOf(err)}`, { cause: err });
      }
      const bytes = new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
      checkDecoded({ width: decoder.xDim, height: decoder.yDim, componentCount: decoder.numComp }, bytes, rows, columns);
      return bytes;
    }
    let decoder: WasmFrameDecoder;
    if (key === 'openJpeg') decoder = new (module as OpenJpegModule).J2KDecoder();
    else if (key === 'openJph') decoder = new (module as OpenJphModule).HTJ2KDecoder();
    else decoder = new (module as CharlsModule).JpegLSDecoder();
    const { info, bytes } = runWasm(key, decoder, frame, module);
    // OpenJPEG and OpenJPH report a bad codestream by printing it and decoding nothing, not by throwing.
    if (!info.width || !bytes.length) throw new Error(`${CODECS[key].name} could not decode it${complaint() || ': not a valid codestream'}`);
    checkDecoded(info, bytes, rows, columns);
    return toBitsAllocated(bytes, info.bitsPerSample, pixels, bitsAllocated);
  };

  const transferSyntaxes = new Set((Object.keys(CODECS) as CodecKey[]).filter((k) => loaders[k]).flatMap((k) => CODECS[k].syntaxes));
  return Object.assign(decode, { transferSyntaxes });
}
