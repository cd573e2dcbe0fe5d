// Encodings that ../shared/data lacks, made from its explicit-VR CT with dcmtk: JPEG baseline (8-bit, lossy)
// and deflated explicit VR little endian. Each goes to its own folder (served as /dw/<name>).
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import dcmjs from 'dcmjs';

export interface GeneratedMount {
  name: string;
  folder: string;
}

/** An 8-bit version of a 16-bit CT (window 400/40), which JPEG baseline needs. Edits the data set in place. */
function eightBit(source: string, out: string): void {
  const buf = readFileSync(source);
  const file = dcmjs.data.DicomMessage.readFile(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer);
  const d = file.dict;
  // Private GE elements do not survive dcmjs' writer; the test needs none of them.
  for (const tag of Object.keys(d)) if (parseInt(tag.slice(0, 4), 16) % 2 === 1 || tag.endsWith('0000')) delete d[tag];
  const num = (tag: string, fallback: number): number => Number(d[tag]?.Value?.[0] ?? fallback);
  const px = new Int16Array((d['7FE00010'].Value as ArrayBuffer[])[0]);
  const slope = num('00281053', 1);
  const intercept = num('00281052', 0);
  const out8 = new Uint8Array(px.length);
  for (let i = 0; i < px.length; i++) {
    const hu = px[i] * slope + intercept;
    out8[i] = Math.max(0, Math.min(255, Math.round(((hu + 160) / 400) * 255)));
  }
  const set = (tag: string, vr: string, value: unknown[]): void => {
    d[tag] = { vr, Value: value };
  };
  set('00280100', 'US', [8]);
  set('00280101', 'US', [8]);
  set('00280102', 'US', [7]);
  set('00280103', 'US', [0]);
  set('00281052', 'DS', [0]);
  set('00281053', 'DS', [1]);
  set('00281050', 'DS', [128]);
  set('00281051', 'DS', [256]);
  set('7FE00010', 'OB', [out8.buffer]);
  writeFileSync(out, Buffer.from(file.write({ allowInvalidVRLength: true })));
}

interface OpenJph {
  HTJ2KEncoder: new () => {
    getDecodedBuffer(info: { width: number; height: number; bitsPerSample: number; componentCount: number; isSigned: boolean; isUsingColorTransform: boolean }): Uint8Array;
    setQuality(lossless: boolean, quantizationStep: number): void;
    encode(): void;
    getEncodedBuffer(): Uint8Array;
  };
}

/** HTJ2K lossless (1.2.840.10008.1.2.4.201), encoded with the OpenJPH build that ships with Cornerstone's codecs. */
async function htj2k(source: string, out: string): Promise<void> {
  const require = createRequire(import.meta.url);
  const codec = await (require('@cornerstonejs/codec-openjph/wasmjs') as (m: object) => Promise<OpenJph>)({ print: () => {}, printErr: () => {} });
  const buf = readFileSync(source);
  const file = dcmjs.data.DicomMessage.readFile(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer);
  const d = file.dict;
  for (const tag of Object.keys(d)) if (parseInt(tag.slice(0, 4), 16) % 2 === 1 || tag.endsWith('0000')) delete d[tag];
  const num = (tag: string): number => Number(d[tag]?.Value?.[0]);
  const raw = d['7FE00010'].Value?.[0] as ArrayBuffer | ArrayBufferView;
  const bytes = ArrayBuffer.isView(raw) ? new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength) : new Uint8Array(raw);
  const encoder = new codec.HTJ2KEncoder();
  encoder
    .getDecodedBuffer({ width: num('00280011'), height: num('00280010'), bitsPerSample: num('00280101'), componentCount: 1, isSigned: num('00280103') === 1, isUsingColorTransform: false })
    .set(bytes);
  encoder.setQuality(true, 0);
  encoder.encode();
  const encoded = encoder.getEncodedBuffer().slice();
  file.meta['00020010'] = { vr: 'UI', Value: ['1.2.840.10008.1.2.4.201'] };
  d['7FE00010'] = { vr: 'OB', Value: [encoded.buffer] };
  writeFileSync(out, Buffer.from(file.write({ allowInvalidVRLength: true })));
}

export async function generateEncodings(explicitCt: string, root: string): Promise<GeneratedMount[]> {
  const mounts: GeneratedMount[] = [];
  const baseline = path.join(root, 'ct-jpeg-baseline');
  mkdirSync(baseline, { recursive: true });
  const eight = path.join(root, 'ct8.dcm');
  eightBit(explicitCt, eight);
  execFileSync('dcmcjpeg', ['+eb', eight, path.join(baseline, 'ct.dcm')]);
  mounts.push({ name: 'ct-jpeg-baseline', folder: baseline });
  const deflate = path.join(root, 'ct-deflate');
  mkdirSync(deflate, { recursive: true });
  execFileSync('dcmconv', ['+td', explicitCt, path.join(deflate, 'ct.dcm')]);
  mounts.push({ name: 'ct-deflate', folder: deflate });
  const ht = path.join(root, 'ct-htj2k');
  mkdirSync(ht, { recursive: true });
  await htj2k(explicitCt, path.join(ht, 'ct.dcm'));
  mounts.push({ name: 'ct-htj2k', folder: ht });
  return mounts;
}
