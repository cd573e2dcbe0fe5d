// Image codecs for Node (CLI, tests): the same @cornerstonejs codec the viewer's worker uses, loaded as the
// CommonJS Emscripten build. dicom/ never imports Cornerstone; callers plug this in as a FrameDecoder.
import { createRequire } from 'node:module';
import type { FrameDecoder } from '../dicom/seg/pixels';

type OpenJpeg = {
  J2KDecoder: new () => {
    getEncodedBuffer(n: number): Uint8Array;
    decode(): void;
    getDecodedBuffer(): Uint8Array;
    delete(): void;
  };
};

let openJpeg: Promise<OpenJpeg> | undefined;

/** JPEG 2000 (1.2.840.10008.1.2.4.90/91) frames through OpenJPEG compiled to WebAssembly. */
export async function openJpegDecoder(): Promise<FrameDecoder> {
  const require = createRequire(import.meta.url);
  openJpeg ??= (require('@cornerstonejs/codec-openjpeg/decodewasmjs') as (m: object) => Promise<OpenJpeg>)({
    print: () => {},
    printErr: () => {},
  });
  const codec = await openJpeg;
  return (frame, transferSyntaxUID) => {
    if (!transferSyntaxUID.startsWith('1.2.840.10008.1.2.4.9')) {
      throw new Error(`no decoder for transfer syntax ${transferSyntaxUID} in this tool`);
    }
    const decoder = new codec.J2KDecoder();
    try {
      decoder.getEncodedBuffer(frame.length).set(frame);
      decoder.decode();
      return decoder.getDecodedBuffer().slice();
    } finally {
      decoder.delete();
    }
  };
}
