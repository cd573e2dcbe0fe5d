// Where the worker gets its codecs: each one's JavaScript is a separate chunk fetched by import() and its
// WebAssembly a separate asset, both only when a SEG's frames first need that codec. The .wasm URLs come from
// Vite (`?url`): relative to the built chunk, so the app works under any base path, and served from
// node_modules in dev.
import openJpegWasm from '@cornerstonejs/codec-openjpeg/decodewasm?url';
import openJphWasm from '@cornerstonejs/codec-openjph/wasm?url';
import charlsWasm from '@cornerstonejs/codec-charls/decodewasm?url';
import type {
  CharlsModule,
  CodecLoaders,
  EmscriptenOptions,
  JpegLosslessModule,
  OpenJpegModule,
  OpenJphModule,
} from '../dicom/frameCodecs';

/** The module options with the .wasm at `url` (Emscripten would look next to the page otherwise). */
function at(url: string, options: EmscriptenOptions): object {
  return { ...options, locateFile: (file: string) => (file.endsWith('.wasm') ? url : file) };
}

export const browserCodecLoaders: Required<CodecLoaders> = {
  openJpeg: async (o) => {
    const { default: factory } = await import('@cornerstonejs/codec-openjpeg/decodewasmjs');
    return (await factory(at(openJpegWasm, o))) as OpenJpegModule;
  },
  openJph: async (o) => {
    const { default: factory } = await import('@cornerstonejs/codec-openjph/wasmjs');
    return (await factory(at(openJphWasm, o))) as OpenJphModule;
  },
  charls: async (o) => {
    const { default: factory } = await import('@cornerstonejs/codec-charls/decodewasmjs');
    return (await factory(at(charlsWasm, o))) as CharlsModule;
  },
  jpegLossless: async () => (await import('@cornerstonejs/jpeg-lossless-decoder-js')) as JpegLosslessModule,
};
