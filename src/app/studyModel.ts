// Loads a study's series over DICOMweb and groups derived objects (SEG, RTSTRUCT, SR) under the image
// series they annotate.
import type { DicomwebClient } from '../dicomweb/client';
import { Tag, derivedInstanceInfo, num, personName, str, type DerivedInstanceInfo, type DicomJsonDataset } from '../dicom/json';
import { summariseMetadataInWorker } from './derivedDecoder';

export const DERIVED_MODALITIES = new Set(['SEG', 'RTSTRUCT', 'SR']);

/** Parametric Map Storage: its modality is that of its source images (MR, PT, ...), so it is told by SOP class. */
export const PARAMETRIC_MAP_SOP_CLASS = '1.2.840.10008.5.1.4.1.1.30';

export interface SeriesInfo {
  studyUID: string;
  seriesUID: string;
  modality: string;
  description: string;
  seriesNumber?: number;
  instanceCount: number;
  derived: boolean;
  frameOfReferenceUID?: string;
  referencedSeriesUIDs: string[];
  /** WADO-RS series metadata of an image series, once fetched */
  metadata?: DicomJsonDataset[];
  /** A derived series' instances, summarised from its metadata (parsed in the worker), once fetched */
  instances?: DerivedInstanceInfo[];
  error?: string;
}

export interface StudyInfo {
  studyUID: string;
  patientName: string;
  patientID: string;
  studyDate: string;
  description: string;
  series: SeriesInfo[];
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
    if (g) g.derived.push(d);
    else orphans.push(d);
  }
  if (orphans.length) groups.push({ derived: orphans });
  return groups;
}

function seriesFromQido(studyUID: string, row: DicomJsonDataset): SeriesInfo {
  const modality = str(row, Tag.Modality) ?? '?';
  return {
    studyUID,
    seriesUID: str(row, Tag.SeriesInstanceUID) ?? '',
    modality,
    description: str(row, Tag.SeriesDescription) ?? '',
    seriesNumber: num(row, Tag.SeriesNumber),
    instanceCount: num(row, Tag.NumberOfSeriesRelatedInstances) ?? 0,
    derived: DERIVED_MODALITIES.has(modality),
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

/**
 * QIDO for the study's series, then series metadata: image series first (they are what a person waits for),
 * then derived ones, 4 requests at a time. `onUpdate` sees the study after each step, so the viewer can show
 * images before the (possibly huge) SEG metadata has arrived.
 */
export async function loadStudy(
  client: DicomwebClient,
  studyUID: string,
  signal?: AbortSignal,
  onUpdate?: (s: StudyInfo) => void,
): Promise<StudyInfo> {
  const [studyRows, seriesRows] = await Promise.all([
    client.searchStudies({ StudyInstanceUID: studyUID }, signal),
    client.searchSeries(studyUID, {}, signal),
  ]);
  if (!studyRows.length && !seriesRows.length) {
    throw new Error(`Study ${studyUID} was not found on ${client.name}.`);
  }
  const s0 = studyRows[0] ?? seriesRows[0];
  const series = seriesRows.map((r) => seriesFromQido(studyUID, r));
  series.sort((a, b) => Number(a.derived) - Number(b.derived) || (a.seriesNumber ?? 0) - (b.seriesNumber ?? 0));
  const info: StudyInfo = {
    studyUID,
    patientName: personName(s0, Tag.PatientName),
    patientID: str(s0, Tag.PatientID) ?? '',
    studyDate: str(s0, Tag.StudyDate) ?? '',
    description: str(s0, Tag.StudyDescription) ?? '',
    series,
  };
  const publish = (): void => onUpdate?.({ ...info, series: info.series.map((s) => ({ ...s })) });
  publish();
  for (const group of [series.filter((s) => !s.derived), series.filter((s) => s.derived)]) {
    await mapLimit(group, 4, (s) => loadSeriesMetadata(client, s, signal));
    publish();
  }
  return info;
}

/**
 * One series' metadata (images) or instance summaries (derived objects), written into `s`; a failure is kept in
 * `s.error` (the rest of the study goes on). Asked again by the Retry button of a series that failed.
 */
export async function loadSeriesMetadata(client: DicomwebClient, s: SeriesInfo, signal?: AbortSignal): Promise<void> {
  try {
    s.error = undefined;
    if (s.derived) {
      const raw = await client.seriesMetadataBytes(s.studyUID, s.seriesUID, signal);
      const instances = await summariseMetadataInWorker(raw, `${s.modality} series "${seriesLabel(s)}"`);
      s.instances = instances;
      s.instanceCount = Math.max(s.instanceCount, instances.length);
      s.frameOfReferenceUID = instances.map((m) => m.frameOfReferenceUID).find(Boolean);
      s.referencedSeriesUIDs = [...new Set(instances.flatMap((m) => m.referencedSeriesUIDs))].sort();
    } else {
      const md = await client.seriesMetadata(s.studyUID, s.seriesUID, signal);
      s.instanceCount = Math.max(s.instanceCount, md.length);
      s.frameOfReferenceUID = md.map((m) => str(m, Tag.FrameOfReferenceUID)).find(Boolean);
      if (md.length && md.every((m) => str(m, Tag.SOPClassUID) === PARAMETRIC_MAP_SOP_CLASS)) {
        // Parametric maps are overlays of the images they were computed from, not image series.
        markParametricMap(s, md.map(derivedInstanceInfo));
      } else s.metadata = md;
    }
  } catch (e) {
    if (signal?.aborted) throw e;
    s.error = (e as Error).message;
  }
}

/** A series found to hold Parametric Maps: listed as a derived series of kind PM under the images it maps. */
export function markParametricMap(s: SeriesInfo, instances: DerivedInstanceInfo[]): void {
  s.derived = true;
  s.modality = 'PM';
  s.instances = instances;
  s.referencedSeriesUIDs = [...new Set(instances.flatMap((m) => m.referencedSeriesUIDs))].sort();
}

/** The series' metadata (images) or instance summaries (derived objects) have arrived. */
export function hasMetadata(s: SeriesInfo): boolean {
  return s.derived ? !!s.instances : !!s.metadata;
}

export function formatDate(da: string): string {
  return /^\d{8}$/.test(da) ? `${da.slice(0, 4)}-${da.slice(4, 6)}-${da.slice(6, 8)}` : da;
}

/** What a person calls a series: its description, else modality and number. */
export function seriesLabel(s: SeriesInfo): string {
  return s.description || `${s.modality} series${s.seriesNumber !== undefined ? ` ${s.seriesNumber}` : ''}`;
}

/** One derived object of a series: a series may hold several SEG or RTSTRUCT instances (common in IDC). */
export interface DerivedItem {
  series: SeriesInfo;
  sopInstanceUID: string;
  /** the series label, with "instance k of n" when the series holds more than one */
  label: string;
  info: NonNullable<SeriesInfo['instances']>[number];
}

export function derivedItems(series: SeriesInfo[]): DerivedItem[] {
  return series.flatMap((s) => {
    const all = s.instances ?? [];
    return all.map((info, i) => ({
      series: s,
      sopInstanceUID: info.sopInstanceUID,
      label: all.length > 1 ? `${seriesLabel(s)} (instance ${i + 1} of ${all.length})` : seriesLabel(s),
      info,
    }));
  });
}
