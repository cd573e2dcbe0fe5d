// A derived series a link names (IDC's and OHIF's `SeriesInstanceUIDs=<a SEG>`), retrieved whole while the viewer's
// code loads: before the study's series list, which a server that reads each listed series' file answers a second
// or more later when the study holds a big SEG. studyModel takes the download over when it lists that series (one
// instance) and would start it; anything else (an image series, a series of several instances) is stopped.
import type { DicomwebClient } from '../dicomweb/client';
import type { DerivedInstanceInfo } from '../dicom/json';
import { kindOfSopClass } from '../dicom/objectKind';
import { fetchIntoDecoder } from './derivedDecoder';
import { DECODED_KINDS } from './seriesKinds';

export interface EarlyObject {
  header: Promise<DerivedInstanceInfo>;
  done: Promise<void>;
  /** the download's progress so far, and who hears it from now on (the one who took it over) */
  progress: { last?: [number, number | null]; listener?: (received: number, total: number | null) => void };
}

const early = new Map<string, EarlyObject & { stop: () => void }>();

/** The decoder's key of a one-instance series retrieved whole, until its header names its instance. */
export const wholeSeriesKey = (seriesUID: string): string => `series:${seriesUID}`;

/**
 * Starts retrieving series `seriesUID` of study `studyUID` into the decode worker (WADO-RS series, by the worker
 * itself). Stopped at its header unless it is a SEG, RTSTRUCT or SR. Only for a client a worker can copy (not
 * local files, which are read at once anyway).
 */
export function fetchSeriesEarly(client: DicomwebClient, studyUID: string, seriesUID: string): void {
  const portable = client.workerOptions();
  if (!portable || early.has(seriesUID)) return;
  const ac = new AbortController();
  const progress: EarlyObject['progress'] = {};
  const onProgress = (received: number, total: number | null): void => {
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
    early.delete(seriesUID);
    ac.abort();
  };
  header.then((h) => {
    const kind = kindOfSopClass(h.sopClassUID);
    if (!kind || !DECODED_KINDS.has(kind)) stop();
  }, stop);
  done.catch(() => undefined);
  early.set(seriesUID, { header, done, progress, stop });
}

/** The early download of a series, taken over (once) by whoever would start it now. */
export function takeEarlyObject(seriesUID: string): EarlyObject | undefined {
  const e = early.get(seriesUID);
  early.delete(seriesUID);
  return e;
}

/** The series is not to be retrieved whole (it holds several instances): its early download stops. */
export function stopEarlyObject(seriesUID: string): void {
  early.get(seriesUID)?.stop();
}
