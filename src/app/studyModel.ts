// Loads a study's series over DICOMweb and groups derived objects (SEG, RTSTRUCT, SR) under the image
// series they annotate.
import type { DicomwebClient } from '../dicomweb/client';
import { derivedInstanceInfo, num, personName, str, type DerivedInstanceInfo, type DicomJsonDataset } from '../dicom/json';
import { startDecoder } from './derivedDecoder';
import { fetchListedSeriesEarly, fetchSeriesAhead, fetchSeriesEarly, linkedSeriesQuery } from './earlyObjects';
import { setStudyListing } from './objectProgress';
import { deriveLinkedFirst, isDecoded, loadDerivedSeries } from './derivedLoading';
import { instanceLabel } from './seriesLabel';
import { Tag } from '../dicom/tags';
import { kindOfModality, type ObjectKind } from '../dicom/objectKind';
import { DECODED_KINDS, classifyMetadata, listedInstances, referencedInstanceUIDs, sopInstancesOf } from './seriesKinds';

/** Parametric Map Storage: its modality is that of its source images (MR, PT, ...), so it is told by SOP class. */
const PARAMETRIC_MAP_SOP_CLASS = '1.2.840.10008.5.1.4.1.1.30';

export interface SeriesInfo {
  studyUID: string;
  seriesUID: string;
  modality: string;
  description: string;
  seriesNumber?: number;
  instanceCount: number;
  /** not an image series: listed under the images it refers to, never shown as the image */
  derived: boolean;
  /** 'image', or what else the series holds (by SOP class once its instances are known, else by Modality) */
  kind?: ObjectKind;
  frameOfReferenceUID?: string;
  referencedSeriesUIDs: string[];
  /** a listed object that names instances rather than series (e.g. a Real World Value Mapping): those instances */
  referencedSOPInstanceUIDs?: string[];
  /** WADO-RS series metadata of an image series, once fetched */
  metadata?: DicomJsonDataset[];
  /** A derived series' instances, from QIDO; each one's header (what it references) once its bytes came */
  instances?: DerivedInstance[];
  error?: string;
}

/** One instance of a derived series: listed by QIDO, its header read in the worker from its own bytes. */
export interface DerivedInstance {
  sopInstanceUID: string;
  sopClassUID?: string;
  instanceNumber?: number;
  /** the size the server's QIDO attributes let us expect (see objectProgress.expectedBytes) */
  expectedBytes?: number | null;
  /** read from its Part 10 header (Parametric Maps: from the series metadata), once known */
  header?: DerivedInstanceInfo;
  /** why its download or header failed */
  error?: string;
  /**
   * Retrieved as its series (WADO-RS series): the one instance of its series, listed without an instance QIDO, so
   * `sopInstanceUID` is a stand-in until its header names it (a server that reads the whole object to answer that
   * QIDO took a second more for a 173 MB SEG before its download could start).
   */
  wholeSeries?: boolean;
}

export interface StudyInfo {
  studyUID: string;
  patientName: string;
  patientID: string;
  studyDate: string;
  description: string;
  series: SeriesInfo[];
  /** only the image series are listed yet (the full series list is on its way) */
  partial?: boolean;
  error?: string;
}

export interface SeriesGroup {
  image?: SeriesInfo;
  derived: SeriesInfo[];
}

/** Image series with their derived series; derived series that annotate nothing loaded come last. */
export function groupSeries(series: SeriesInfo[]): SeriesGroup[] {
  const images = series.filter((s) => !s.derived);
  const groups: SeriesGroup[] = images.map((image) => ({ image, derived: [] }));
  const orphans: SeriesInfo[] = [];
  for (const d of series.filter((s) => s.derived)) {
    let g = groups.find((gr) => gr.image && d.referencedSeriesUIDs.includes(gr.image.seriesUID));
    g ??= groups.find((gr) => gr.image?.frameOfReferenceUID && gr.image.frameOfReferenceUID === d.frameOfReferenceUID);
    const sops = d.referencedSOPInstanceUIDs ?? [];
    if (sops.length) g ??= groups.find((gr) => gr.image?.metadata && sops.some((u) => sopInstancesOf(gr.image?.metadata ?? []).has(u)));
    if (g) g.derived.push(d);
    else orphans.push(d);
  }
  if (orphans.length) groups.push({ derived: orphans });
  return groups;
}

function seriesFromQido(studyUID: string, row: DicomJsonDataset): SeriesInfo {
  const modality = str(row, Tag.Modality) ?? '?';
  const kind = kindOfModality(modality);
  return {
    studyUID,
    seriesUID: str(row, Tag.SeriesInstanceUID) ?? '',
    modality,
    description: str(row, Tag.SeriesDescription) ?? '',
    seriesNumber: num(row, Tag.SeriesNumber),
    instanceCount: num(row, Tag.NumberOfSeriesRelatedInstances) ?? 0,
    derived: kind !== 'image',
    kind,
    referencedSeriesUIDs: [],
  };
}

async function mapLimit<T, R>(items: T[], limit: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  });
  await Promise.all(workers);
  return out;
}

/** The series whose metadata loadStudy asks for first (in its order; 4 at a time): the image series, mostly. */
function metadataFirst(series: SeriesInfo[]): SeriesInfo[] {
  return series.filter((s) => !isDecoded(s)).slice(0, 4);
}

/**
 * Starts a link's study queries before the viewer page that reads them has loaded (App.tsx, while Cornerstone's
 * code loads): the study and its series, then the metadata of the series loadStudy asks for first. loadStudy then
 * takes these answers instead of asking again (DicomwebClient.early).
 */
export function askStudyEarly(client: DicomwebClient, studyUID: string, linkedSeriesUIDs: readonly string[] = []): void {
  // A link naming a series retrieves it as soon as the image list shows it is none of theirs (fetchSeriesAhead),
  // by the decode worker's downloader: their code loads meanwhile, not then (~0.5 s, measured in a waterfall). Not
  // for a whole study's link: its objects wait for the full list anyway (b3058d4).
  if (linkedSeriesUIDs.length && client.workerOptions()) startDecoder();
  // The series the link names (a SEG, mostly: IDC's links to a segmentation), retrieved whole at once.
  const linkedAsked = linkedSeriesUIDs.map((uid) => fetchSeriesEarly(client, studyUID, uid));
  // The study's row and full series list wait for their first bytes (LINKED_LIST_WAIT_MS at most): a server that
  // reads a file of each study or series it lists (Orthanc 1.10; for the study, its first instance: a SEG, as often as
  // not) read the linked SEG and the study's other derived objects for them beside the linked SEG's own query and
  // retrieve: the SEG was asked 1.6 s after navigation, its own query answered after 1.1 s instead of 0.25 s. The
  // image series (and the patient's name and the study's date, in their rows) come from their own list meanwhile;
  // the study's other derived objects download after the linked one anyway.
  const listAfter = linkedAsked.length ? Promise.race([Promise.all(linkedAsked), new Promise((r) => setTimeout(r, LINKED_LIST_WAIT_MS))]) : undefined;
  client.early.searchStudies({ StudyInstanceUID: studyUID }, listAfter);
  // Each series' metadata once, from whichever list names it first (an answer is taken once: a second early ask
  // would go to the server again, for nobody).
  const asked = new Set<string>();
  const metadataOf = (rows: DicomJsonDataset[]): void => {
    for (const s of metadataFirst(sortSeries(rows.map((r) => seriesFromQido(studyUID, r))))) {
      if (asked.has(s.seriesUID)) continue;
      asked.add(s.seriesUID);
      client.early.seriesMetadata(studyUID, s.seriesUID);
    }
  };
  client.early.searchSeries(studyUID, IMAGE_SERIES_QUERY).then((rows) => {
    metadataOf(rows);
    // A series the link names that is not among the image series: retrieved now, its own query to confirm.
    if (!rows.length) return;
    const images = new Set(rows.map((r) => str(r, Tag.SeriesInstanceUID)));
    for (const uid of linkedSeriesUIDs) if (!images.has(uid)) fetchSeriesAhead(client, studyUID, uid);
  }, () => undefined);
  client.early.searchSeries(studyUID, {}, listAfter).then((rows) => {
    metadataOf(rows);
    // A link to the whole study shows all its derived objects (derivedLoading.ts): those of one instance come at once.
    if (!linkedSeriesUIDs.length) for (const row of rows) fetchListedSeriesEarly(client, studyUID, row);
  }, () => undefined);
}

/** How long a link's study series list waits at most for the first bytes of the series the link names. */
const LINKED_LIST_WAIT_MS = 1500;

/**
 * The study's series of the usual image modalities, asked for beside the full series list. A server that reads a
 * file of each series it lists (Debian's Orthanc 1.10 does, for attributes it does not index) takes a second or more
 * over the full list when the study holds a big SEG (0.56 s for a 59 MB one, 5 ms for the CT alone): the images need
 * not wait for it. Orthanc and our own servers take the comma-separated list; a server that does not gives no rows
 * or an error, and the full list is waited for as before.
 */
const IMAGE_SERIES_QUERY = { Modality: 'CT,MR,PT,NM,US,CR,DX,DR,MG,XA,RF,SM,IO,PX,XC,ES,OP,OT' };

/** Image series first, each kind in SeriesNumber order. */
function sortSeries(series: SeriesInfo[]): SeriesInfo[] {
  return series.sort((a, b) => Number(a.derived) - Number(b.derived) || (a.seriesNumber ?? 0) - (b.seriesNumber ?? 0));
}

/**
 * QIDO for the study's series; then, at once and side by side, the image series' metadata (4 requests at a time)
 * and the derived series' instances (QIDO), whose objects start downloading into the decode worker as soon as they
 * are listed. A derived series' metadata is never asked for (a SEG's lists every frame: megabytes the server takes
 * seconds to build); what it references is read from the object's own header. `onUpdate` sees the study after each
 * step. Resolves once every image series has its metadata and every derived object its header (or an error).
 */
export async function loadStudy(
  client: DicomwebClient,
  studyUID: string,
  signal?: AbortSignal,
  onUpdate?: (s: StudyInfo) => void,
  linked: readonly string[] = [],
): Promise<StudyInfo> {
  // The workers that download and decode the derived objects start meanwhile.
  startDecoder();
  // Until the derived objects are listed and downloading (objectProgress then holds it), the images' background
  // prefetch goes slowly: the images shown from the image list alone would otherwise have it in full flight by then.
  setStudyListing(studyUID, true);
  const full = Promise.all([client.searchStudies({ StudyInstanceUID: studyUID }, signal), client.searchSeries(studyUID, {}, signal)]);
  const quick = client.searchSeries(studyUID, IMAGE_SERIES_QUERY, signal).catch(() => []);
  const studyOf = (s0: DicomJsonDataset | undefined, series: SeriesInfo[], partial: boolean): StudyInfo => ({
    studyUID,
    patientName: s0 ? personName(s0, Tag.PatientName) : '',
    patientID: str(s0, Tag.PatientID) ?? '',
    studyDate: str(s0, Tag.StudyDate) ?? '',
    description: str(s0, Tag.StudyDescription) ?? '',
    series,
    ...(partial ? { partial } : {}),
  });
  let info: StudyInfo | undefined;
  const publish = (): void => {
    if (info) onUpdate?.({ ...info, series: info.series.map((s) => ({ ...s })) });
  };
  const update = (uid: string, apply: (s: SeriesInfo) => SeriesInfo): void => {
    if (!info) return;
    info.series = info.series.map((s) => (s.seriesUID === uid ? apply(s) : s));
    publish();
  };
  const derive = (s: SeriesInfo, listed?: () => void, onDownload?: (done: Promise<void>) => void): Promise<void> =>
    loadDerivedSeries(client, s, (apply) => update(s.seriesUID, apply), signal, listed, onDownload);
  // Metadata asked once per series, whichever list named it first; its answer is written into that series' object.
  const asked = new Map<string, Promise<void>>();
  const metadata = (s: SeriesInfo): Promise<void> => {
    let p = asked.get(s.seriesUID);
    if (!p) {
      // Image series, and non-image ones listed by their metadata (KO, PR, RWVM, ...: small); a series whose SOP
      // classes turn out to be SEG/RTSTRUCT/SR under another modality is then loaded as those are.
      p = loadSeriesMetadata(client, s, signal).then(() => (isDecoded(s) ? derive(s) : undefined));
      asked.set(s.seriesUID, p);
    }
    return p;
  };
  // The derived series the link names, from their own query (asked by askStudyEarly; never asked here), are listed
  // with the image series and start downloading then: a server that reads every listed series' file answers the
  // full list late (askStudyEarly even holds it back until their first bytes), and the page learnt of the SEG last.
  const linkedAnswers = linked.map((uid) => client.early.takeSeries(studyUID, linkedSeriesQuery(uid), signal)?.catch(() => []) ?? Promise.resolve([]));
  const linkedStart: { derives: Promise<void>[]; downloads: Promise<void>[] } = { derives: [], downloads: [] };
  const startLinked = async (): Promise<void> => {
    const rows = (await Promise.all(linkedAnswers)).flat();
    for (const s of sortSeries(rows.map((r) => seriesFromQido(studyUID, r)))) {
      if (!info?.partial || !isDecoded(s) || !linked.includes(s.seriesUID) || info.series.some((x) => x.seriesUID === s.seriesUID)) continue;
      info.series = sortSeries([...info.series, s]);
      publish();
      asked.set(s.seriesUID, Promise.resolve());
      linkedStart.derives.push(derive(s, undefined, (done) => linkedStart.downloads.push(done)).catch(() => undefined));
    }
  };
  // The image series alone, when their list comes before the full one: shown while the rest is still listed.
  const early = quick.then(async (rows) => {
    const images = sortSeries(rows.map((r) => seriesFromQido(studyUID, r)).filter((s) => !s.derived && s.seriesUID));
    if (info || !images.length) return;
    info = studyOf(rows[0], images, true);
    publish();
    await Promise.all([startLinked(), mapLimit(images, 4, metadata).then(publish)]);
  });
  const [studyRows, seriesRows] = await full.catch((e: Error) => {
    setStudyListing(studyUID, false);
    throw e;
  });
  if (!studyRows.length && !seriesRows.length) {
    setStudyListing(studyUID, false);
    throw new Error(`Study ${studyUID} was not found on ${client.name}.`);
  }
  // The full list keeps the objects the image list made (their metadata is written into them).
  const have = new Map((info?.series ?? []).map((s) => [s.seriesUID, s]));
  const series = sortSeries(seriesRows.map((r) => have.get(str(r, Tag.SeriesInstanceUID) ?? '') ?? seriesFromQido(studyUID, r)));
  info = studyOf(studyRows[0] ?? seriesRows[0], series, false);
  publish();
  const derived = series.filter((s) => isDecoded(s) && !asked.has(s.seriesUID));
  let unlisted = derived.length;
  const listed = (): void => {
    if (--unlisted <= 0) setStudyListing(studyUID, false);
  };
  if (!derived.length) setStudyListing(studyUID, false);
  await Promise.all([
    // Those of metadataFirst first (their answers may be on their way already: askStudyEarly).
    mapLimit(series.filter((s) => !isDecoded(s)), 4, metadata).then(publish),
    deriveLinkedFirst(derived, linked, derive, listed, signal),
    early,
  ]).finally(() => setStudyListing(studyUID, false));
  return info;
}

/**
 * One image series' metadata, written into `s`; a failure is kept in `s.error` (the rest of the study goes on).
 * Asked again by the Retry button of a series that failed.
 */
export async function loadSeriesMetadata(client: DicomwebClient, s: SeriesInfo, signal?: AbortSignal): Promise<void> {
  try {
    s.error = undefined;
    {
      const md = await client.seriesMetadata(s.studyUID, s.seriesUID, signal);
      s.instanceCount = Math.max(s.instanceCount, md.length);
      s.frameOfReferenceUID = md.map((m) => str(m, Tag.FrameOfReferenceUID)).find(Boolean);
      const { kind, images } = classifyMetadata(md, s.modality);
      if (md.length && md.every((m) => str(m, Tag.SOPClassUID) === PARAMETRIC_MAP_SOP_CLASS)) {
        // Parametric maps are overlays of the images they were computed from, not image series.
        markParametricMap(
          s,
          md.map((m) => ({ sopInstanceUID: str(m, Tag.SOPInstanceUID) ?? '', sopClassUID: PARAMETRIC_MAP_SOP_CLASS, header: derivedInstanceInfo(m) })),
        );
      } else if (kind === 'image') {
        s.derived = false;
        s.kind = 'image';
        s.metadata = images;
      } else markListed(s, kind, md);
    }
  } catch (e) {
    if (signal?.aborted) throw e;
    s.error = (e as Error).message;
  }
}

/**
 * A series found to hold no image: listed under the images it refers to, with its kind. SEG/RTSTRUCT/SR under
 * another modality become those (their objects are then fetched like any SEG's).
 */
export function markListed(s: SeriesInfo, kind: ObjectKind, md: DicomJsonDataset[]): void {
  s.derived = true;
  s.kind = kind;
  s.metadata = undefined;
  if (DECODED_KINDS.has(kind)) {
    s.modality = kind;
    return;
  }
  const instances = listedInstances(md);
  s.instances = instances;
  s.referencedSeriesUIDs = [...new Set(instances.flatMap((i) => i.header.referencedSeriesUIDs))].sort();
  s.referencedSOPInstanceUIDs = referencedInstanceUIDs(md);
}

/** A series found to hold Parametric Maps: listed as a derived series of kind PM under the images it maps. */
function markParametricMap(s: SeriesInfo, instances: DerivedInstance[]): void {
  s.derived = true;
  s.kind = 'PM';
  s.modality = 'PM';
  s.instances = instances;
  s.referencedSeriesUIDs = [...new Set(instances.flatMap((m) => m.header?.referencedSeriesUIDs ?? []))].sort();
}

/**
 * A derived object goes on an image series when its header references that series or shares its Frame of
 * Reference (RTSTRUCTs and SEGs of IDC often reference only instances, or series of another study).
 */
function belongsTo(header: DerivedInstanceInfo | undefined, image: SeriesInfo): boolean {
  if (!header) return false;
  return header.referencedSeriesUIDs.includes(image.seriesUID) || (!!header.frameOfReferenceUID && header.frameOfReferenceUID === image.frameOfReferenceUID);
}

export { formatDate, instanceLabel, seriesLabel } from './seriesLabel';

/** One derived object of a series: a series may hold several SEG or RTSTRUCT instances (common in IDC). */
export interface DerivedItem {
  series: SeriesInfo;
  sopInstanceUID: string;
  /** the series label, with "instance k of n" when the series holds more than one */
  label: string;
  info: DerivedInstance;
}

/** Every instance of these series; with `on`, only those whose header places them on that image series. */
export function derivedItems(series: SeriesInfo[], on?: SeriesInfo): DerivedItem[] {
  return series.flatMap((s) => {
    const all = s.instances ?? [];
    return all.flatMap((info, i) =>
      on && !belongsTo(info.header, on) ? [] : [{ series: s, sopInstanceUID: info.sopInstanceUID, label: instanceLabel(s, i, all.length), info }],
    );
  });
}
