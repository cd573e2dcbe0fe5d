// Image codecs for Node (CLI, tests): the same @cornerstonejs codecs the viewer's worker uses, loaded as their
// CommonJS Emscripten builds (which find their .wasm next to themselves). dicom/frameCodecs drives them.
import { createRequire } from 'node:module';
import {
  codecFrameDecoder,
  type CharlsModule,
  type CodecLoaders,
  type EmscriptenOptions,
  type FrameDecoder,
  type JpegLosslessModule,
  type OpenJpegModule,
  type OpenJphModule,
} from '../dicom/frameCodecs';

const require = createRequire(import.meta.url);

type Factory<M> = (options: EmscriptenOptions) => Promise<M>;

/** Loaders of every codec for Node; each `require`s its module only when called. */
export const nodeCodecLoaders: Required<CodecLoaders> = {
  openJpeg: (o) => (require('@cornerstonejs/codec-openjpeg/decodewasmjs') as Factory<OpenJpegModule>)(o),
  // OpenJPH ships one build, encoder included.
  openJph: (o) => (require('@cornerstonejs/codec-openjph/wasmjs') as Factory<OpenJphModule>)(o),
  charls: (o) => (require('@cornerstonejs/codec-charls/decodewasmjs') as Factory<CharlsModule>)(o),
  jpegLossless: async () => require('@cornerstonejs/jpeg-lossless-decoder-js') as JpegLosslessModule,
};

let shared: FrameDecoder | undefined;

/**
 * JPEG 2000, HTJ2K, JPEG-LS and JPEG Lossless frames, decoded in this process. One decoder for the process: its
 * codecs load on first use and stay loaded.
 */
export function nodeFrameDecoder(): FrameDecoder {
  shared ??= codecFrameDecoder(nodeCodecLoaders);
  return shared;
}
