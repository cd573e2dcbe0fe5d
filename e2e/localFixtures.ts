// The sample study laid out as people get it from IDC, for opening as local files (localfiles.spec.ts): nested
// collection/patient/study/modality_series/sop.dcm (idc-index / s5cmd downloads) with stray non-DICOM files,
// and the same files flat, named by SOP Instance UID. Every UID comes from the files themselves (dcmjs).
import path from 'node:path';
import { copyFileSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import dcmjs from 'dcmjs';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** Written by the global setup (ensureSampleStudy). */
export const SAMPLE_DIR = path.join(repoRoot, '.cache/sample');

export interface SampleFile {
  file: string;
  studyUID: string;
  seriesUID: string;
  sopUID: string;
  modality: string;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

export function sampleFiles(): SampleFile[] {
  return filesUnder(SAMPLE_DIR)
    .filter((f) => f.endsWith('.dcm'))
    .map((file) => {
      const buf = readFileSync(file);
      const { dict } = dcmjs.data.DicomMessage.readFile(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer, { untilTag: '7FE00010' });
      const v = (tag: string): string => String(dict[tag]?.Value?.[0] ?? '');
      return { file, studyUID: v('0020000D'), seriesUID: v('0020000E'), sopUID: v('00080018'), modality: v('00080060') };
    });
}

/** The s5cmd-style tree under `dir`, with two files that are not DICOM; returns its root folder. */
export function writeNested(files: SampleFile[], dir: string): string {
  const root = path.join(dir, 'idc-download');
  for (const f of files) {
    const d = path.join(root, 'phantom_collection', 'PHANTOM-001', f.studyUID, `${f.modality}_${f.seriesUID}`);
    mkdirSync(d, { recursive: true });
    copyFileSync(f.file, path.join(d, `${f.sopUID}.dcm`));
  }
  writeFileSync(path.join(root, 'README.txt'), 'Downloaded from IDC with s5cmd.\n');
  writeFileSync(path.join(root, 'phantom_collection', 'manifest.s5cmd'), 'cp s3://bucket/x/* .\n');
  return root;
}

/** The same files flat, named by SOP Instance UID (no extension, as some downloads name them). */
export function writeFlat(files: SampleFile[], dir: string): string[] {
  mkdirSync(dir, { recursive: true });
  return files.map((f) => {
    const to = path.join(dir, f.sopUID);
    copyFileSync(f.file, to);
    return to;
  });
}

/** SOP Instance UIDs in a Part 10 file (dcmjs, not the viewer's reader). */
export function sopOf(bytes: Uint8Array): string {
  const { dict } = dcmjs.data.DicomMessage.readFile(bytes.slice().buffer as ArrayBuffer, { untilTag: '7FE00010' });
  return String(dict['00080018']?.Value?.[0] ?? '');
}
