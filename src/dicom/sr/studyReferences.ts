// Which of a measurement group's references point at nothing in the study at hand: its segment, the SEG, the
// source series, the images its regions and measurements were drawn on. Computed from WADO-RS metadata (what a
// viewer holds before downloading any SEG), so a panel can mark such a group up front instead of failing
// when it is selected.
import { derivedInstanceInfo, type DerivedInstanceInfo, type DicomJsonDataset } from '../json';
import type { MeasurementGroup, SegmentReference } from './model';
import type { SopReference } from './contentItem';


export interface KnownInstance {
  seriesInstanceUID: string;
  /** NumberOfFrames; 1 for single-frame objects */
  frames: number;
  /** Segment numbers of a SEG's SegmentSequence; null when the metadata does not list them */
  segmentNumbers: Set<number> | null;
  /** SeriesDescription, for messages */
  seriesDescription: string;
}

export interface StudyContents {
  instances: Map<string, KnownInstance>;
  series: Set<string>;
  framesOfReference: Set<string>;
  /** Series whose metadata could not be read: an object "missing" may be in one of them */
  unreadSeries: number;
}

export interface SeriesMetadata {
  seriesInstanceUID: string;
  /** WADO-RS metadata, or its summary per instance (derived series); null when it could not be read */
  instances: Array<DicomJsonDataset | DerivedInstanceInfo> | null;
}

/** Index the instances, series and frames of reference of the given series' metadata. */
export function indexStudyContents(series: SeriesMetadata[]): StudyContents {
  const out: StudyContents = { instances: new Map(), series: new Set(), framesOfReference: new Set(), unreadSeries: 0 };
  for (const s of series) {
    out.series.add(s.seriesInstanceUID);
    if (!s.instances) out.unreadSeries++;
    for (const item of s.instances ?? []) {
      const ds = 'sopInstanceUID' in item && typeof item.sopInstanceUID === 'string' ? (item as DerivedInstanceInfo) : derivedInstanceInfo(item as DicomJsonDataset);
      if (ds.frameOfReferenceUID) out.framesOfReference.add(ds.frameOfReferenceUID);
      if (!ds.sopInstanceUID) continue;
      out.instances.set(ds.sopInstanceUID, {
        seriesInstanceUID: s.seriesInstanceUID,
        frames: ds.numberOfFrames ?? 1,
        segmentNumbers: ds.segmentNumbers ? new Set(ds.segmentNumbers) : null,
        seriesDescription: ds.seriesDescription ?? '',
      });
    }
  }
  return out;
}

export interface MissingReference {
  /** What the group calls the reference: "referenced segment", "source series for segmentation"... */
  role: string;
  /** The UID that could not be found (SOP instance, series or frame of reference) */
  uid: string;
  /** The whole sentence, naming what is missing */
  text: string;
}

function framesMissing(ref: SopReference, known: KnownInstance): number[] {
  return ref.frameNumbers.filter((f) => f < 1 || f > known.frames);
}

function checkSop(ref: SopReference | null, role: string, contents: StudyContents, out: MissingReference[]): void {
  const uid = ref?.sopInstanceUID;
  if (!uid) return;
  const known = contents.instances.get(uid);
  if (!known) {
    out.push({ role, uid, text: `${role}: object ${uid} is not in the study` });
    return;
  }
  const frames = framesMissing(ref, known);
  if (frames.length) {
    const desc = known.seriesDescription ? ` (${known.seriesDescription})` : '';
    out.push({ role, uid, text: `${role}: frame ${frames.join(', ')} of ${uid}${desc} does not exist (it has ${known.frames})` });
  }
}

function checkSegment(ref: SegmentReference | null, contents: StudyContents, out: MissingReference[]): void {
  const uid = ref?.sopInstanceUID;
  if (!ref || !uid) return;
  const role = 'referenced segment';
  const known = contents.instances.get(uid);
  if (!known) {
    out.push({ role, uid, text: `${role}: SEG ${uid} is not in the study` });
    return;
  }
  if (ref.segmentNumber !== null && known.segmentNumbers && !known.segmentNumbers.has(ref.segmentNumber)) {
    const name = known.seriesDescription || uid;
    out.push({ role, uid, text: `${role}: segment ${ref.segmentNumber} is not in SEG ${name}` });
  }
}

/**
 * The references of `group` that do not resolve in `contents`, one entry per missing object (a region and a
 * measurement drawn on the same absent image count once). Empty when everything is there.
 */
export function missingReferences(group: MeasurementGroup, contents: StudyContents): MissingReference[] {
  const out: MissingReference[] = [];
  checkSegment(group.referencedSegment, contents, out);
  const series = group.sourceSeriesForSegmentation;
  if (series && !contents.series.has(series)) {
    const role = 'source series for segmentation';
    out.push({ role, uid: series, text: `${role}: series ${series} is not in the study` });
  }
  for (const ref of group.sourceImagesForSegmentation) checkSop(ref, 'source image for segmentation', contents, out);
  checkSop(group.realWorldValueMap, 'real world value map', contents, out);
  for (const ref of group.sourceImages) checkSop(ref, 'source image', contents, out);
  for (const region of group.regions) {
    if (region.is3D) {
      const uid = region.referencedFrameOfReferenceUID;
      if (uid && !contents.framesOfReference.has(uid)) {
        const role = 'region (3D)';
        out.push({ role, uid, text: `${role}: frame of reference ${uid} is not in the study` });
      }
    } else {
      checkSop(region.referencedImage, 'image of a region', contents, out);
    }
  }
  for (const m of group.measurements) {
    for (const ref of m.sourceImages) checkSop(ref, 'image of a measurement', contents, out);
  }
  const seen = new Set<string>();
  const unread = contents.unreadSeries;
  const caveat = unread ? ` (${unread} series of the study could not be read; it may be there)` : '';
  return out
    .filter((m) => {
      const key = `${m.uid}|${m.text.slice(m.role.length)}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .map((m) => (caveat && m.text.endsWith('is not in the study') ? { ...m, text: m.text + caveat } : m));
}
