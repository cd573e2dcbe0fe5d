// A study's derived objects (SEG, RTSTRUCT, SR) found through QIDO and downloaded into the decode worker, which
// reads what each references from its own header; the series a link names first (studyModel.loadStudy calls these).
import type { DicomwebClient } from '../dicomweb/client';
import { num, str, type DicomJsonDataset } from '../dicom/json';
import { Tag } from '../dicom/tags';
import { fetchIntoDecoder } from './derivedDecoder';
import { stopEarlyObject, takeEarlyObject, wholeSeriesKey } from './earlyObjects';
import { expectedBytes, progressStep, setObjectProgress, whenObjectDone, type ObjectProgress } from './objectProgress';
import { DECODED_KINDS } from './seriesKinds';
import { instanceLabel } from './seriesLabel';
import type { DerivedInstance, SeriesInfo } from './studyModel';

/** How long the study's other derived objects wait for a linked one to be drawn once its bytes are in. */
const LINKED_DRAW_WAIT_MS = 3000;

/**
 * The derived series a link names (IDC's links to a SEG) download first, alone: the viewer shows that object (and
 * what references it), not the study's other SEGs and structure sets, which would share the server, the link, the
 * decode worker and the page with it. Those are downloaded once it is drawn (or failed, or LINKED_DRAW_WAIT_MS after
 * its bytes, should nobody draw it), for their headers: an SR that references the named SEG is shown with it.
 * With no derived series named, all go at once.
 */
export function deriveLinkedFirst(
  derived: SeriesInfo[],
  linked: readonly string[],
  derive: (s: SeriesInfo, listed?: () => void, onDownload?: (done: Promise<void>) => void) => Promise<void>,
  listed: () => void,
  signal?: AbortSignal,
  /** linked series started before the full list (loadStudy): what their derive calls resolve, and their downloads */
  started: { derives: Promise<void>[]; downloads: Promise<void>[] } = { derives: [], downloads: [] },
): Promise<unknown> {
  const first = derived.filter((s) => linked.includes(s.seriesUID));
  if (!first.length && !started.derives.length) return Promise.all(derived.map((s) => derive(s, listed)));
  const downloads = started.downloads;
  const named = Promise.all([...started.derives, ...first.map((s) => derive(s, listed, (done) => downloads.push(done)))]);
  const rest = named
    .then(() => Promise.allSettled(downloads))
    .then(() => Promise.all(derived.filter((s) => !first.includes(s)).map((s) => (signal?.aborted ? listed() : derive(s, listed)))));
  return Promise.all([named, rest]);
}

/** A SEG, RTSTRUCT or SR series: its objects are downloaded into the decode worker, which reads their headers. */
export function isDecoded(s: SeriesInfo): boolean {
  return s.derived && !!s.kind && DECODED_KINDS.has(s.kind);
}

/** Changes a series as its objects' headers arrive: a pure function of the series, applied to the latest one. */
export type SeriesUpdate = (apply: (s: SeriesInfo) => SeriesInfo) => void;

/** A derived series' instances as QIDO lists them, in InstanceNumber order. */
function instancesFromQido(rows: DicomJsonDataset[]): DerivedInstance[] {
  return rows
    .map((r) => ({
      sopInstanceUID: str(r, Tag.SOPInstanceUID) ?? '',
      sopClassUID: str(r, Tag.SOPClassUID),
      instanceNumber: num(r, Tag.InstanceNumber),
      expectedBytes: expectedBytes(num(r, Tag.Rows), num(r, Tag.Columns), num(r, Tag.NumberOfFrames), num(r, Tag.BitsAllocated)),
    }))
    .filter((i) => i.sopInstanceUID)
    .sort((a, b) => (a.instanceNumber ?? 0) - (b.instanceNumber ?? 0));
}

/** The series with one instance changed, its references and Frame of Reference those of its instances' headers. */
export function withInstance(s: SeriesInfo, sop: string, change: Partial<DerivedInstance>): SeriesInfo {
  const instances = (s.instances ?? []).map((i) => (i.sopInstanceUID === sop ? { ...i, ...change } : i));
  const headers = instances.flatMap((i) => (i.header ? [i.header] : []));
  return {
    ...s,
    instances,
    frameOfReferenceUID: headers.map((h) => h.frameOfReferenceUID).find(Boolean) ?? s.frameOfReferenceUID,
    referencedSeriesUIDs: [...new Set([...s.referencedSeriesUIDs, ...headers.flatMap((h) => h.referencedSeriesUIDs)])].sort(),
  };
}

/**
 * A derived series: its instances from QIDO, each downloaded into the decode worker at once, its header (what it
 * references) applied to the series as soon as the worker has read it. A failed QIDO is kept in the series' error,
 * a failed download in the instance's (each asked again alone by its Retry button). `listed`: its downloads have
 * started (or its QIDO failed).
 */
export async function loadDerivedSeries(
  client: DicomwebClient,
  s: SeriesInfo,
  update: SeriesUpdate,
  signal?: AbortSignal,
  listed?: () => void,
  onDownload?: (done: Promise<void>) => void,
): Promise<void> {
  let instances: DerivedInstance[];
  try {
    // A series of one instance is retrieved whole at once; its instance is named by its header.
    if (s.instanceCount !== 1) stopEarlyObject(s.seriesUID);
    instances =
      s.instanceCount === 1 ? [{ sopInstanceUID: wholeSeriesKey(s.seriesUID), wholeSeries: true }] : instancesFromQido(await client.searchInstances(s.studyUID, s.seriesUID, {}, signal));
  } catch (e) {
    listed?.();
    if (signal?.aborted) throw e;
    update((x) => ({ ...x, error: (e as Error).message }));
    return;
  }
  update((x) => ({ ...x, error: undefined, instances, instanceCount: Math.max(x.instanceCount, instances.length) }));
  // Each download says it is under way (objectProgress) before its first await: then `listed`.
  const downloads = instances.map((i, k) => fetchDerivedInstance(client, s, i, instanceLabel(s, k, instances.length), update, signal, onDownload));
  listed?.();
  await Promise.all(downloads);
}

/**
 * Downloads one derived object into the decode worker; resolves once its header is known (the download may go on)
 * or it failed. Progress goes to objectProgress, by SOP Instance UID.
 */
export async function fetchDerivedInstance(
  client: DicomwebClient,
  s: SeriesInfo,
  inst: DerivedInstance,
  label: string,
  update: SeriesUpdate,
  signal?: AbortSignal,
  /** told of the object's way in: settles once it is decoded and handed to the viewer (or not, see whenObjectDone), or failed */
  onDownload?: (done: Promise<void>) => void,
): Promise<void> {
  // The decoder's key; `sop` names the object for the panels: its SOP Instance UID once known (wholeSeries).
  const key = inst.sopInstanceUID;
  let sop = key;
  const isSeg = s.modality === 'SEG';
  // Read by `npm run bench`: when the SEG was asked for, and when its bytes were in.
  if (isSeg) performance.mark('seg:request');
  let shown = -1;
  let last: ObjectProgress | undefined;
  const progress = (p: ObjectProgress | undefined): void => {
    last = p;
    setObjectProgress(sop, p);
  };
  progress({ phase: 'downloading', received: 0, total: inst.expectedBytes ?? null, estimated: true });
  const onProgress = (received: number, length: number | null): void => {
    const total = length ?? inst.expectedBytes ?? null;
    const step = progressStep(received, total);
    if (step === shown) return;
    shown = step;
    progress({ phase: 'downloading', received, total, estimated: length === null });
  };
  const asked = inst.wholeSeries ? null : key;
  // The decode worker downloads it itself when it can make the same client (not for local files): its bytes then
  // never cross the page's main thread, which the images being drawn keep busy. A series the link named may be on
  // its way already (earlyObjects.ts): taken over, progress and all.
  const portable = client.workerOptions();
  const adopted = inst.wholeSeries ? takeEarlyObject(s.seriesUID, signal) : undefined;
  if (adopted) {
    adopted.progress.listener = onProgress;
    if (adopted.progress.last) onProgress(...adopted.progress.last);
  }
  const { header, done } = adopted ?? fetchIntoDecoder(
    key,
    (send, restart) =>
      client
        .instancePieces(s.studyUID, s.seriesUID, asked, send, signal, onProgress, () => {
          shown = -1;
          restart();
        })
        .then(() => undefined),
    label,
    portable ? { client: portable, studyUID: s.studyUID, seriesUID: s.seriesUID, sopUID: asked, onProgress, signal } : undefined,
  );
  onDownload?.(done.then(() => whenObjectDone(() => sop, LINKED_DRAW_WAIT_MS), () => undefined));
  const finished = done.then(
    () => {
      if (isSeg) performance.mark('seg:bytes');
      if (s.modality === 'SR') performance.mark('sr:bytes', { detail: { sopInstanceUID: sop } });
      progress({ phase: 'decoding', received: 0, total: null });
    },
    (e: Error) => {
      progress(undefined);
      if (!signal?.aborted) update((x) => withInstance(x, sop, { error: e.message }));
    },
  );
  try {
    const h = await header;
    if (inst.wholeSeries && h.sopInstanceUID && h.sopInstanceUID !== key) {
      // Named by its header from now on (the decoder knows it by both).
      // The new name first: whoever waits for this object's progress to end (whenObjectDone) must not see it end here.
      sop = h.sopInstanceUID;
      setObjectProgress(sop, last);
      setObjectProgress(key, undefined);
      update((x) => withInstance(x, key, { sopInstanceUID: sop, sopClassUID: h.sopClassUID, wholeSeries: undefined, header: h, error: undefined }));
    } else update((x) => withInstance(x, sop, { header: h, error: undefined }));
  } catch (e) {
    // A failed download is said by `finished`; a header that cannot be read names the object.
    const downloadFailed = await done.then(
      () => false,
      () => true,
    );
    if (!downloadFailed && !signal?.aborted) update((x) => withInstance(x, sop, { error: `${label}: ${(e as Error).message}` }));
  }
  void finished;
}
