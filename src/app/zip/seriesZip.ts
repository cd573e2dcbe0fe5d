// The shown series and the objects derived from it (SEG, RTSTRUCT, SR, maps, and whatever else is listed under
// it) as Part 10 files in a zip: each instance asked of the data source with WADO-RS instance retrieve (a
// server), or read from its file (local files: the same client, its own fetch). Files are stored as they came.
import type { DicomwebClient } from '../../dicomweb/client';
import { str } from '../../dicom/json';
import { Tag } from '../../dicom/tags';
import type { SeriesGroup, SeriesInfo } from '../studyModel';
import { storeZip, type ZipEntry } from './storeZip';

/** Instances asked at once (a server's connections are shared with the images on screen). */
const PARALLEL = 4;

/** A folder name from DICOM text: letters, digits, dot, dash, underscore. */
function folder(s: SeriesInfo): string {
  const base = [s.modality, s.seriesNumber ?? '', s.description].filter((x) => x !== '').join('_');
  return base.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 60) || 'series';
}

/** The SOP Instance UIDs of a series: from its metadata or listing, else asked of the source (QIDO). */
async function sopUIDsOf(client: DicomwebClient, s: SeriesInfo, signal?: AbortSignal): Promise<string[]> {
  if (s.metadata) return s.metadata.map((m) => str(m, Tag.SOPInstanceUID) ?? '').filter(Boolean);
  if (s.instances) return s.instances.map((i) => i.sopInstanceUID);
  const rows = await client.searchInstances(s.studyUID, s.seriesUID, {}, signal);
  return rows.map((r) => str(r, Tag.SOPInstanceUID) ?? '').filter(Boolean);
}

export interface ZipProgress {
  done: number;
  total: number;
}

/** The archive of `group` (its image series first); a failed instance fails the whole, named. */
export async function seriesZip(client: DicomwebClient, group: SeriesGroup, onProgress: (p: ZipProgress) => void, signal?: AbortSignal): Promise<Blob> {
  const series = [...(group.image ? [group.image] : []), ...group.derived];
  const wanted: Array<{ s: SeriesInfo; sop: string }> = [];
  for (const s of series) for (const sop of await sopUIDsOf(client, s, signal)) wanted.push({ s, sop });
  const entries: ZipEntry[] = new Array<ZipEntry>(wanted.length);
  let next = 0;
  let done = 0;
  onProgress({ done, total: wanted.length });
  const run = async (): Promise<void> => {
    while (next < wanted.length) {
      const k = next++;
      const { s, sop } = wanted[k];
      let bytes: Uint8Array;
      try {
        bytes = await client.instance(s.studyUID, s.seriesUID, sop, signal);
      } catch (e) {
        if (signal?.aborted) throw e;
        throw new Error(`${s.modality} series "${s.description || s.seriesUID}", instance ${sop}: ${(e as Error).message}`, { cause: e });
      }
      entries[k] = { name: `${folder(s)}/${sop}.dcm`, bytes };
      onProgress({ done: ++done, total: wanted.length });
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, wanted.length) }, run));
  return storeZip(entries);
}
