// An in-memory index of a folder of DICOM Part 10 files: what QIDO-RS and WADO-RS metadata need, without pixels.
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { isPart10, readPart10, toDicomJson } from '../dicom/part10';
import { str, type DicomJsonDataset } from '../dicom/json';
import { Tag } from '../dicom/tags';

export interface IndexedInstance {
  file: string;
  studyUID: string;
  seriesUID: string;
  sopUID: string;
  transferSyntaxUID: string;
  /** DICOM JSON with BulkDataURIs relative to the DICOMweb root (prefixed when served) */
  json: DicomJsonDataset;
}

export interface FolderIndex {
  instances: Map<string, IndexedInstance>;
  /** studyUID -> seriesUID -> sopUIDs */
  studies: Map<string, Map<string, string[]>>;
  skipped: Array<{ file: string; reason: string }>;
}

async function* walk(dir: string): AsyncGenerator<string> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) yield* walk(p);
    else if (e.isFile()) yield p;
  }
}

export const BULK_PLACEHOLDER = '{root}';

function instancePath(i: { studyUID: string; seriesUID: string; sopUID: string }): string {
  return `/studies/${i.studyUID}/series/${i.seriesUID}/instances/${i.sopUID}`;
}

/** Index every DICOM Part 10 file under the given folders (or files). Non-DICOM files are skipped quietly. */
export async function buildIndex(roots: string[]): Promise<FolderIndex> {
  const index: FolderIndex = { instances: new Map(), studies: new Map(), skipped: [] };
  for (const root of roots) {
    const st = await stat(root);
    const files = st.isDirectory() ? walk(root) : (async function* () { yield root; })();
    for await (const file of files) {
      if (/\.(json|md|txt|csv|nii|gz|nrrd|png|jpg)$/i.test(file)) continue;
      let buf: Buffer;
      try {
        buf = await readFile(file);
      } catch (e) {
        index.skipped.push({ file, reason: (e as Error).message });
        continue;
      }
      if (!isPart10(buf)) continue;
      try {
        const ab = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer;
        const p10 = readPart10(ab, path.basename(file), { untilPixelData: true });
        const head = toDicomJson(p10.dict, { inlineLimit: 0, bulkDataURI: () => '' });
        const studyUID = str(head, Tag.StudyInstanceUID);
        const seriesUID = str(head, Tag.SeriesInstanceUID);
        const sopUID = str(head, Tag.SOPInstanceUID);
        if (!studyUID || !seriesUID || !sopUID) {
          index.skipped.push({ file, reason: 'missing Study/Series/SOP Instance UID' });
          continue;
        }
        if (index.instances.has(sopUID)) {
          index.skipped.push({ file, reason: `duplicate SOP Instance UID ${sopUID} (first seen in ${index.instances.get(sopUID)?.file})` });
          continue;
        }
        const base = `${BULK_PLACEHOLDER}${instancePath({ studyUID, seriesUID, sopUID })}`;
        const json = toDicomJson(p10.dict, {
          inlineLimit: 4096,
          bulkDataURI: (p) => `${base}/bulk/${p.join('/')}`,
        });
        // Pixel Data was not parsed (untilPixelData); advertise it as bulk data all the same.
        if (!json[Tag.PixelData] && hasPixelData(buf)) {
          json[Tag.PixelData] = { vr: 'OW', BulkDataURI: `${base}/bulk/${Tag.PixelData}` };
        }
        json[Tag.AvailableTransferSyntaxUID] = { vr: 'UI', Value: [p10.transferSyntaxUID] };
        index.instances.set(sopUID, { file, studyUID, seriesUID, sopUID, transferSyntaxUID: p10.transferSyntaxUID, json });
        let series = index.studies.get(studyUID);
        if (!series) index.studies.set(studyUID, (series = new Map()));
        let sops = series.get(seriesUID);
        if (!sops) series.set(seriesUID, (sops = []));
        sops.push(sopUID);
      } catch (e) {
        index.skipped.push({ file, reason: (e as Error).message });
      }
    }
  }
  return index;
}

/** Cheap check for a top-level (7FE0,0010) element near the end of the header. */
function hasPixelData(buf: Buffer): boolean {
  return buf.indexOf(Buffer.from([0xe0, 0x7f, 0x10, 0x00])) > 0;
}
