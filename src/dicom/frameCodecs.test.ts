// The codec driver against real frames: SEG frames of the dcmqi liver SEG encoded here in JPEG-LS and HTJ2K
// (the full codec builds include encoders) and the real CT in every lossless syntax of ../shared/data, each
// decoded back and compared with the uncompressed pixels; plus what a person reads when a codec is missing,
// fails to load or meets a broken frame.
import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { nodeCodecLoaders, nodeFrameDecoder } from '../cli/codecs';
import { encodeBinarySeg, encodeHtj2k, encodeJpegLs, unpackBitFrames, type RawFrame } from '../testing/codecEncoders';
import { HAS_SHARED_DATA, NO_SHARED_DATA_REASON, shared } from '../testing/sharedData';
import { codecFor, codecFrameDecoder } from './frameCodecs';
import { getFrames } from './frames';
import { readPart10, type Part10 } from './part10';
import { parseSegmentation } from './seg/parse';
import { forEachSetPixel } from './seg/pixelScan';
import { segmentationPixels, type FramePixels } from './seg/pixels';

const JPEG_LS = '1.2.840.10008.1.2.4.80';
const HTJ2K = '1.2.840.10008.1.2.4.201';
const J2K = '1.2.840.10008.1.2.4.90';
const LIVER = 'dcmqi/segmentations/liver.dcm';

function readBytes(bytes: Uint8Array, name: string): Part10 {
  return readPart10(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer, name);
}
const read = (p: string): Part10 => readBytes(readFileSync(shared(p)), p.split('/').pop() as string);

/** The liver SEG's three 512x512 frames, one byte (0/1) per pixel. */
function liverFrames(): Uint8Array[] {
  const v = read(LIVER).dict['7FE00010'].Value?.[0] as ArrayBuffer | ArrayBufferView;
  const packed = ArrayBuffer.isView(v) ? new Uint8Array(v.buffer, v.byteOffset, v.byteLength) : new Uint8Array(v);
  return unpackBitFrames(packed, 512, 512, 3);
}

async function setPixels(pixels: ReturnType<typeof segmentationPixels>, frame: number): Promise<number[]> {
  const out: number[] = [];
  forEachSetPixel((await pixels.frame(frame)) as FramePixels, (i) => out.push(i));
  return out;
}

describe('codec routing', () => {
  it('sends each transfer syntax to its codec and offers only the codecs it was given', () => {
    expect(['.90', '.91', '.201', '.202', '.203', '.80', '.81', '.57', '.70', '.50'].map((s) => codecFor(`1.2.840.10008.1.2.4${s}`))).toEqual([
      'openJpeg', 'openJpeg', 'openJph', 'openJph', 'openJph', 'charls', 'charls', 'jpegLossless', 'jpegLossless', null,
    ]);
    const onlyJ2k = codecFrameDecoder({ openJpeg: nodeCodecLoaders.openJpeg });
    expect([...(onlyJ2k.transferSyntaxes ?? [])]).toEqual([J2K, '1.2.840.10008.1.2.4.91']);
  });

  it('loads a codec only when a frame needs it, once', async () => {
    const openJpeg = vi.fn(nodeCodecLoaders.openJpeg);
    const charls = vi.fn(nodeCodecLoaders.charls);
    const decode = codecFrameDecoder({ openJpeg, charls });
    expect(openJpeg).not.toHaveBeenCalled();
    const frame = await encodeJpegLs({ pixels: new Uint8Array(64).fill(3), rows: 8, columns: 8, bitsPerSample: 8 });
    await decode(frame, JPEG_LS, 8, 8, 8);
    await decode(frame, JPEG_LS, 8, 8, 8);
    expect(charls).toHaveBeenCalledTimes(1);
    expect(openJpeg).not.toHaveBeenCalled();
  });
});

describe.skipIf(!HAS_SHARED_DATA)(`codecs on real frames ${HAS_SHARED_DATA ? '' : NO_SHARED_DATA_REASON}`, () => {
  const cases: Array<[string, string, (f: RawFrame) => Promise<Uint8Array>, number]> = [
    ['JPEG-LS, 8 bits per sample', JPEG_LS, encodeJpegLs, 8],
    ['JPEG-LS, 2 bits per sample (the least CharLS takes)', JPEG_LS, encodeJpegLs, 2],
    ['HTJ2K, 1 bit per sample', HTJ2K, encodeHtj2k, 1],
    ['HTJ2K, 8 bits per sample', HTJ2K, encodeHtj2k, 8],
  ];

  it.each(cases)('liver SEG frames in %s decode to the same pixels', async (_name, ts, encode, bitsPerSample) => {
    const decode = nodeFrameDecoder();
    for (const pixels of liverFrames()) {
      const encoded = await encode({ pixels, rows: 512, columns: 512, bitsPerSample });
      expect(encoded.length).toBeLessThan(pixels.length / 50);
      const decoded = await decode(encoded, ts, 512, 512, 1);
      expect(decoded.length).toBe(pixels.length);
      expect(Buffer.compare(Buffer.from(decoded), Buffer.from(pixels))).toBe(0);
    }
  });

  it.each([
    ['JPEG-LS', JPEG_LS, encodeJpegLs, 8],
    ['HTJ2K', HTJ2K, encodeHtj2k, 1],
  ] as const)('a liver SEG written in %s has the set pixels of the native one, frame by frame', async (name, ts, encode, bits) => {
    const nativeP10 = read(LIVER);
    const native = segmentationPixels(nativeP10, parseSegmentation(nativeP10, 'liver.dcm'));
    const p10 = readBytes(await encodeBinarySeg(shared(LIVER), ts, encode, bits), `liver-${name}.dcm`);
    expect(p10.transferSyntaxUID).toBe(ts);
    const compressed = segmentationPixels(p10, parseSegmentation(p10, `liver-${name}.dcm`), nodeFrameDecoder());
    expect(compressed.isAsync).toBe(true);
    for (let f = 0; f < 3; f++) {
      const expected = await setPixels(native, f);
      expect(expected.length).toBeGreaterThan(1000);
      expect(await setPixels(compressed, f)).toEqual(expected);
    }
  });

  it('a plain JPEG 2000 codestream under an HTJ2K transfer syntax goes to OpenJPEG', async () => {
    const p10 = read('pydicom-data/liver_j2k.dcm');
    const [frame] = getFrames(p10.dict, p10.transferSyntaxUID);
    const [expected] = liverFrames();
    const decoded = await nodeFrameDecoder()(frame, HTJ2K, 512, 512, 1);
    expect(Buffer.compare(Buffer.from(decoded), Buffer.from(expected))).toBe(0);
  });

  const CT = 'cornerstone3D/dicomImageLoader-testImages/CTImage.dcm_';
  it.each([
    ['JPEG 2000 Lossless', 'JPEG2000LosslessOnlyTransferSyntax_1.2.840.10008.1.2.4.90.dcm'],
    ['JPEG-LS Lossless', 'JPEGLSLosslessTransferSyntax_1.2.840.10008.1.2.4.80.dcm'],
    ['JPEG Lossless SV1', 'JPEGProcess14SV1TransferSyntax_1.2.840.10008.1.2.4.70.dcm'],
  ])('the real 16-bit CT in %s decodes to the uncompressed CT', async (_name, file) => {
    const reference = read(`${CT}LittleEndianExplicitTransferSyntax_1.2.840.10008.1.2.1.dcm`);
    const expected = getFrames(reference.dict, reference.transferSyntaxUID)[0];
    const p10 = read(`${CT}${file}`);
    const [frame] = getFrames(p10.dict, p10.transferSyntaxUID);
    const rows = Number(p10.dict['00280010'].Value?.[0]);
    const columns = Number(p10.dict['00280011'].Value?.[0]);
    const decoded = await nodeFrameDecoder()(frame, p10.transferSyntaxUID, rows, columns, 16);
    expect(decoded.length).toBe(rows * columns * 2);
    expect(Buffer.compare(Buffer.from(decoded), Buffer.from(expected.subarray(0, rows * columns * 2)))).toBe(0);
  });
});

describe.skipIf(!HAS_SHARED_DATA)('codec errors name the SEG and the transfer syntax', () => {
  /** Every frame: a codestream header followed by junk. */
  const broken = (head: readonly number[]) => async () => new Uint8Array([...head, ...new Array(60).fill(0x11)]);

  it('a SEG in a syntax whose codec is not loaded is refused up front', async () => {
    const p10 = readBytes(await encodeBinarySeg(shared(LIVER), JPEG_LS, encodeJpegLs, 8), 'liver-jls.dcm');
    const seg = parseSegmentation(p10, 'liver-jls.dcm');
    const onlyJ2k = codecFrameDecoder({ openJpeg: nodeCodecLoaders.openJpeg });
    expect(() => segmentationPixels(p10, seg, onlyJ2k)).toThrow(
      /^liver-jls\.dcm \("Liver Segmentation"\): frames are compressed as JPEG-LS Lossless \(1\.2\.840\.10008\.1\.2\.4\.80\) and no decoder for it is available/,
    );
  });

  it.each([
    ['JPEG 2000', J2K, [0xff, 0x4f, 0xff, 0x51, 0x00, 0x29], /OpenJPEG could not decode it: .*SIZ/],
    // Rsiz with the Part 15 bit: an HTJ2K codestream, for OpenJPH.
    ['HTJ2K', HTJ2K, [0xff, 0x4f, 0xff, 0x51, 0x00, 0x29, 0x40, 0x00], /OpenJPH could not decode it: ojph error/],
    ['JPEG-LS', JPEG_LS, [0xff, 0xd8, 0xff, 0xf7, 0x00, 0x0b], /CharLS could not decode it: \S+/],
  ] as const)('a broken %s frame: the SEG, the frame, the syntax and what the codec said', async (_name, ts, head, said) => {
    const p10 = readBytes(await encodeBinarySeg(shared(LIVER), ts, broken(head), 8), 'broken.dcm');
    const pixels = segmentationPixels(p10, parseSegmentation(p10, 'broken.dcm'), nodeFrameDecoder());
    const err = await Promise.resolve(pixels.frame(1)).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    const message = (err as Error).message;
    expect(message).toMatch(new RegExp(`^broken\\.dcm \\("Liver Segmentation"\\): frame 2 cannot be decoded as .*\\(${ts.replace(/\./g, '\\.')}\\): `));
    expect(message).toMatch(said);
    expect(message).toMatch(/its segments are listed but cannot be drawn$/);
  });

  it('a frame of another size than the header says is not taken for the SEG frame', async () => {
    const small = await encodeHtj2k({ pixels: new Uint8Array(256 * 512), rows: 256, columns: 512, bitsPerSample: 1 });
    await expect(Promise.resolve(nodeFrameDecoder()(small, HTJ2K, 512, 512, 1))).rejects.toThrow(
      'it decodes to 512x256 pixels, not the 512x512 of the header',
    );
  });

  it('a codec that cannot be loaded says so, and is tried again for the next frame', async () => {
    let attempts = 0;
    const decode = codecFrameDecoder({
      openJpeg: async (o) => {
        if (++attempts === 1) throw new Error('404 : openjpegwasm_decode.wasm');
        return nodeCodecLoaders.openJpeg(o);
      },
    });
    const p10 = read('pydicom-data/liver_j2k.dcm');
    const pixels = segmentationPixels(p10, parseSegmentation(p10, 'liver_j2k.dcm'), decode);
    await expect(Promise.resolve(pixels.frame(0))).rejects.toThrow(
      /^liver_j2k\.dcm \("Liver Segmentation"\): frame 1 cannot be decoded as JPEG 2000 Lossless \(1\.2\.840\.10008\.1\.2\.4\.90\): OpenJPEG could not be loaded: 404 : openjpegwasm_decode\.wasm;/,
    );
    expect((await setPixels(pixels, 0)).length).toBeGreaterThan(1000);
    expect(attempts).toBe(2);
  });
});
