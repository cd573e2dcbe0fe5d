// A derived series a link names (IDC's and OHIF's `SeriesInstanceUIDs=<a SEG>`), retrieved whole while the viewer's
// code loads, without waiting for the study's series list (which a server that reads each listed series' file
// answers a second or more later when the study holds a big SEG). Asked first by itself, as a SEG, RTSTRUCT or SR
// series of one instance: a link naming a CT must not retrieve the CT whole (IDC's proxy counts what it sends
// against a daily quota). studyModel takes the download over when it lists that series and would start it.
import type { DicomwebClient, QidoParams } from '../dicomweb/client';
import { num, str, type DerivedInstanceInfo, type DicomJsonDataset } from '../dicom/json';
import { Tag } from '../dicom/tags';
import { kindOfSopClass } from '../dicom/objectKind';
import { fetchIntoDecoder } from './derivedDecoder';
import { DECODED_KINDS } from './seriesKinds';

export interface EarlyObject {
  header: Promise<DerivedInstanceInfo>;
  done: Promise<void>;
  /** the download's progress so far, and who hears it from now on (the one who took it over) */
  progress: { last?: [number, number | null]; listener?: (received: number, total: number | null) => void };
}

/** `firstBytes`: settles when the download's first bytes came, or it failed or stopped */
const early = new Map<string, EarlyObject & { stop: () => void; firstBytes: Promise<void> }>();
/** Series whose download studyModel has taken over or started itself: an early answer coming later starts none. */
const claimed = new Set<string>();

/** The decoder's key of a one-instance series retrieved whole, until its header names its instance. */
export const wholeSeriesKey = (seriesUID: string): string => `series:${seriesUID}`;

/**
 * Retrieves series `seriesUID` of study `studyUID` into the decode worker (WADO-RS series, by the worker itself)
 * when a query for it alone says it is a SEG, RTSTRUCT or SR of one instance. Only for a client a worker can copy
 * (not local files, which are read at once anyway).
 */
export function fetchSeriesEarly(client: DicomwebClient, studyUID: string, seriesUID: string): Promise<void> {
  if (!client.workerOptions() || early.has(seriesUID)) return Promise.resolve();
  // Asked as an early answer: the page's loadStudy takes it (linkedSeriesQuery) to show the series before the list.
  return client.early
    .searchSeries(studyUID, linkedSeriesQuery(seriesUID))
    .then((rows) => {
      // One row: what studyModel retrieves whole when it is one instance. Anything else waits for the study's lists
      // (and a retrieve started ahead of this answer stops).
      const row = rows.length === 1 && str(rows[0], Tag.SeriesInstanceUID) === seriesUID ? rows[0] : undefined;
      answered.add(seriesUID);
      if (row && retrievedWhole(row)) fetchListedSeriesEarly(client, studyUID, row);
      else stopAhead(seriesUID);
      return early.get(seriesUID)?.firstBytes;
    })
    .catch(() => {
      answered.add(seriesUID);
      stopAhead(seriesUID);
      return undefined;
    });
}

/** Series retrieved ahead of their own query's answer (fetchSeriesAhead), until it came. */
const ahead = new Set<string>();
/** Series whose own query answered (or failed): it decided, nothing is retrieved ahead of it any more. */
const answered = new Set<string>();

/**
 * Retrieves a series the link names before its own query answers, once the study's image-series list has come
 * without it (so it is no CT, MR, ...: a link naming a CT never retrieves the CT whole). A server that reads the
 * series' file to answer that query kept the retrieve waiting for it: Orthanc 1.10 took 0.9-1.2 s for the
 * 59.5 MB SEG's query beside the CT's metadata (0.3 s alone). The query still decides: a series that is not a
 * SEG, RTSTRUCT or SR of one instance stops then (an object of another kind stops at its header already).
 */
export function fetchSeriesAhead(client: DicomwebClient, studyUID: string, seriesUID: string): void {
  if (!client.workerOptions() || early.has(seriesUID) || claimed.has(seriesUID) || answered.has(seriesUID)) return;
  ahead.add(seriesUID);
  retrieve(client, studyUID, seriesUID);
}

/** The series' own query answered (or failed) without making it one to retrieve whole: a retrieve started ahead stops. */
function stopAhead(seriesUID: string): void {
  if (ahead.delete(seriesUID)) early.get(seriesUID)?.stop();
}

/** The query for a series a link names, alone: its answer says whether it is one to retrieve whole. */
export const linkedSeriesQuery = (seriesUID: string): QidoParams => ({ SeriesInstanceUID: seriesUID, Modality: 'SEG,RTSTRUCT,SR' });

/**
 * Retrieves a series of the study's series list into the decode worker when it is a SEG, RTSTRUCT or SR of one
 * instance (what studyModel retrieves whole, and at once, for a link that names no series): the slow-link benchmark's
 * SEG was asked 0.23 s sooner than by the viewer page, whose code loads meanwhile (from Orthanc, no sooner: its list
 * comes only after it has read the SEG for it).
 */
export function fetchListedSeriesEarly(client: DicomwebClient, studyUID: string, row: DicomJsonDataset): void {
  const seriesUID = str(row, Tag.SeriesInstanceUID);
  if (!seriesUID || !retrievedWhole(row)) return;
  ahead.delete(seriesUID);
  retrieve(client, studyUID, seriesUID);
}

/** A series row of a SEG, RTSTRUCT or SR of one instance: retrieved whole. */
const retrievedWhole = (row: DicomJsonDataset): boolean => num(row, Tag.NumberOfSeriesRelatedInstances) === 1 && EARLY_MODALITIES.has(str(row, Tag.Modality) ?? '');

const EARLY_MODALITIES = new Set(['SEG', 'RTSTRUCT', 'SR']);

function retrieve(client: DicomwebClient, studyUID: string, seriesUID: string): void {
  const portable = client.workerOptions();
  if (!portable || early.has(seriesUID) || claimed.has(seriesUID)) return;
  const ac = new AbortController();
  const progress: EarlyObject['progress'] = {};
  let bytesCame = (): void => undefined;
  const firstBytes = new Promise<void>((resolve) => (bytesCame = resolve));
  const onProgress = (received: number, total: number | null): void => {
    if (received > 0) bytesCame();
    progress.last = [received, total];
    progress.listener?.(received, total);
  };
  const name = `Series …${seriesUID.slice(-12)}`;
  const { header, done } = fetchIntoDecoder(
    wholeSeriesKey(seriesUID),
    () => Promise.reject(new Error('downloaded by the worker')),
    name,
    { client: portable, studyUID, seriesUID, sopUID: null, onProgress, signal: ac.signal },
  );
  const stop = (): void => {
    bytesCame();
    // Only this download's entry (a study opened again may have started another of the same series).
    if (early.get(seriesUID)?.stop === stop) early.delete(seriesUID);
    ac.abort();
  };
  // A server that ignored the query's Modality: stopped at the header of anything else. A download that failed
  // stays, for the page to take over and say why: dropped, it was asked of the server again (after a 429 too).
  header.then(
    (h) => {
      const kind = kindOfSopClass(h.sopClassUID);
      if (!kind || !DECODED_KINDS.has(kind)) stop();
    },
    () => undefined,
  );
  done.then(bytesCame, bytesCame);
  header.then(bytesCame, bytesCame);
  early.set(seriesUID, { header, done, progress, stop, firstBytes });
}

/**
 * The early download of a series, taken over (once) by whoever would start it now; `signal` (theirs) stops it from
 * then on, as it stops the downloads they start themselves (a study left cancels what it was still downloading).
 */
export function takeEarlyObject(seriesUID: string, signal?: AbortSignal): EarlyObject | undefined {
  claimed.add(seriesUID);
  const e = early.get(seriesUID);
  early.delete(seriesUID);
  if (e && signal) {
    if (signal.aborted) e.stop();
    else signal.addEventListener('abort', e.stop, { once: true });
  }
  return e;
}

/** The study was left: its early downloads went with the decode worker (releaseDecoder); none is to be taken over. */
export function forgetEarlyObjects(): void {
  for (const e of early.values()) e.stop();
  early.clear();
  claimed.clear();
  ahead.clear();
  answered.clear();
}

/** The series is not to be retrieved whole (it holds several instances): its early download stops. */
export function stopEarlyObject(seriesUID: string): void {
  claimed.add(seriesUID);
  early.get(seriesUID)?.stop();
}
