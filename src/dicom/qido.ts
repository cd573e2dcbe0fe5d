// QIDO-RS (PS3.18 10.6) over an index of instances: attribute sets per level and matching. Shared by the embedded
// server (a folder on disk) and the page's local files (dropped, picked or fetched by URL).
import { str, type DicomJsonDataset } from './json';
import { Tag } from './tags';

/** What QIDO needs of an index: each instance's DICOM JSON, and studyUID -> seriesUID -> sopUIDs. */
export interface QidoIndex {
  instances: Map<string, { json: DicomJsonDataset }>;
  studies: Map<string, Map<string, string[]>>;
}
type IndexedInstance = { json: DicomJsonDataset };

const STUDY_TAGS = [
  Tag.StudyDate, Tag.StudyTime, Tag.AccessionNumber, Tag.ReferringPhysicianName, Tag.PatientName, Tag.PatientID,
  Tag.PatientBirthDate, Tag.PatientSex, Tag.StudyInstanceUID, Tag.StudyID, Tag.StudyDescription,
];
const SERIES_TAGS = [Tag.Modality, Tag.SeriesInstanceUID, Tag.SeriesNumber, Tag.SeriesDescription, Tag.SeriesDate];
const INSTANCE_TAGS = [Tag.SOPClassUID, Tag.SOPInstanceUID, Tag.InstanceNumber, Tag.Rows, Tag.Columns, Tag.NumberOfFrames];

export type Level = 'study' | 'series' | 'instance';

const KEYWORDS: Record<string, string> = {
  StudyInstanceUID: Tag.StudyInstanceUID,
  SeriesInstanceUID: Tag.SeriesInstanceUID,
  SOPInstanceUID: Tag.SOPInstanceUID,
  PatientID: Tag.PatientID,
  PatientName: Tag.PatientName,
  StudyDate: Tag.StudyDate,
  StudyDescription: Tag.StudyDescription,
  AccessionNumber: Tag.AccessionNumber,
  Modality: Tag.Modality,
  ModalitiesInStudy: Tag.ModalitiesInStudy,
  SeriesDescription: Tag.SeriesDescription,
  SeriesNumber: Tag.SeriesNumber,
  SOPClassUID: Tag.SOPClassUID,
};

function pick(src: DicomJsonDataset, tags: readonly string[], out: DicomJsonDataset): void {
  for (const t of tags) {
    const el = src[t];
    out[t] = el ? { vr: el.vr, ...(el.Value ? { Value: el.Value } : {}) } : { vr: vrOf(t) };
  }
}

function vrOf(tag: string): string {
  if (tag === Tag.PatientName || tag === Tag.ReferringPhysicianName) return 'PN';
  if (tag.endsWith('000D') || tag.endsWith('000E') || tag === Tag.SOPClassUID || tag === Tag.SOPInstanceUID) return 'UI';
  if (tag === Tag.StudyDate || tag === Tag.SeriesDate || tag === Tag.PatientBirthDate) return 'DA';
  if (tag === Tag.Rows || tag === Tag.Columns) return 'US';
  if (tag === Tag.SeriesNumber || tag === Tag.InstanceNumber || tag === Tag.NumberOfFrames) return 'IS';
  return 'LO';
}

function wildcard(pattern: string): RegExp {
  const esc = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${esc}$`, 'i');
}

/** One QIDO matching key against a value (PS3.4 C.2.2.2): UID lists, wildcards, date ranges. */
function matches(tag: string, query: string, values: string[]): boolean {
  if (query === '' || query === '*') return true;
  if (tag.endsWith('000D') || tag.endsWith('000E') || tag === Tag.SOPInstanceUID || tag === Tag.SOPClassUID) {
    const uids = query.split(/[\\,]/).map((s) => s.trim()).filter(Boolean);
    return values.some((v) => uids.includes(v));
  }
  // A list of modalities (as Orthanc takes it): any of them.
  if (tag === Tag.Modality && query.includes(',')) return query.split(',').some((q) => matches(tag, q.trim(), values));
  if (tag === Tag.StudyDate || tag === Tag.SeriesDate) {
    const m = /^(\d{8})?-(\d{8})?$/.exec(query.replace(/\./g, ''));
    if (m) return values.some((v) => (!m[1] || v >= m[1]) && (!m[2] || v <= m[2]));
  }
  if (tag === Tag.PatientName) {
    // Match family or full name; a bare word finds it anywhere, as people expect of a search box.
    const re = /[*?]/.test(query) ? wildcard(query) : new RegExp(query.replace(/[.+^${}()|[\]\\*?]/g, '\\$&'), 'i');
    return values.some((v) => re.test(v) || re.test(v.replace(/\^/g, ' ')));
  }
  const re = wildcard(query);
  return values.some((v) => re.test(v));
}

function valuesOf(ds: DicomJsonDataset, tag: string): string[] {
  return (ds[tag]?.Value ?? []).map((v) => (typeof v === 'object' ? (str({ x: { vr: 'PN', Value: [v] } }, 'x') ?? '') : String(v)));
}

function parseFilters(params: URLSearchParams): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const [k, v] of params) {
    const tag = KEYWORDS[k] ?? (/^[0-9A-Fa-f]{8}$/.test(k) ? k.toUpperCase() : undefined);
    if (tag) out.push([tag, v]);
  }
  return out;
}

export function query(
  index: QidoIndex,
  level: Level,
  params: URLSearchParams,
  scope: { studyUID?: string; seriesUID?: string },
  retrieveBase: string,
): DicomJsonDataset[] {
  const filters = parseFilters(params);
  const results: DicomJsonDataset[] = [];
  for (const [studyUID, seriesMap] of index.studies) {
    if (scope.studyUID && scope.studyUID !== studyUID) continue;
    const first = index.instances.get([...seriesMap.values()][0][0]) as IndexedInstance;
    const study: DicomJsonDataset = {};
    pick(first.json, STUDY_TAGS, study);
    const modalities = new Set<string>();
    let instanceCount = 0;
    for (const sops of seriesMap.values()) {
      const m = str(index.instances.get(sops[0])?.json, Tag.Modality);
      if (m) modalities.add(m);
      instanceCount += sops.length;
    }
    study[Tag.ModalitiesInStudy] = { vr: 'CS', Value: [...modalities].sort() };
    study[Tag.NumberOfStudyRelatedSeries] = { vr: 'IS', Value: [seriesMap.size] };
    study[Tag.NumberOfStudyRelatedInstances] = { vr: 'IS', Value: [instanceCount] };
    if (level === 'study') {
      const ok = filters.every(([t, q]) =>
        t === Tag.Modality || t === Tag.ModalitiesInStudy
          ? matches(t, q, [...modalities])
          : !(STUDY_TAGS as string[]).includes(t) || matches(t, q, valuesOf(study, t)),
      );
      if (ok) {
        study[Tag.RetrieveURL] = { vr: 'UR', Value: [`${retrieveBase}/studies/${studyUID}`] };
        results.push(study);
      }
      continue;
    }
    for (const [seriesUID, sops] of seriesMap) {
      if (scope.seriesUID && scope.seriesUID !== seriesUID) continue;
      const inst0 = index.instances.get(sops[0]) as IndexedInstance;
      const series: DicomJsonDataset = { ...study };
      delete series[Tag.ModalitiesInStudy];
      pick(inst0.json, SERIES_TAGS, series);
      series[Tag.NumberOfSeriesRelatedInstances] = { vr: 'IS', Value: [sops.length] };
      if (level === 'series') {
        if (filters.every(([t, q]) => matches(t, q, valuesOf(series, t)) || !(t in series))) {
          series[Tag.RetrieveURL] = { vr: 'UR', Value: [`${retrieveBase}/studies/${studyUID}/series/${seriesUID}`] };
          results.push(series);
        }
        continue;
      }
      for (const sop of sops) {
        const inst = index.instances.get(sop) as IndexedInstance;
        const row: DicomJsonDataset = { ...series };
        pick(inst.json, INSTANCE_TAGS, row);
        if (filters.every(([t, q]) => matches(t, q, valuesOf(row, t)) || !(t in row))) {
          row[Tag.RetrieveURL] = {
            vr: 'UR',
            Value: [`${retrieveBase}/studies/${studyUID}/series/${seriesUID}/instances/${sop}`],
          };
          results.push(row);
        }
      }
    }
  }
  const offset = Number(params.get('offset') ?? 0) || 0;
  const limit = Number(params.get('limit') ?? 0) || results.length;
  return results.slice(offset, offset + limit);
}
