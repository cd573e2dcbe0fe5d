// Which series can be shown as images and which are listed under them, from what the server tells: Modality in the
// series' QIDO row at first, the SOP classes of its instances once its metadata is in (dicom/objectKind.ts).
import { KIND_NAMES, kindOfInstance, kindOfSeries, type ObjectKind } from '../dicom/objectKind';
import { derivedInstanceInfo, num, seq, str, type DerivedInstanceInfo, type DicomJsonDataset } from '../dicom/json';
import { Tag } from '../dicom/tags';

/** Kinds decoded in the worker from their own bytes, found by QIDO instances (their series metadata is never asked for). */
export const DECODED_KINDS: ReadonlySet<ObjectKind> = new Set<ObjectKind>(['SEG', 'RTSTRUCT', 'SR']);

/** The badge of a series: its modality for images, else its kind; the title says the kind in words. */
export function kindBadge(kind: ObjectKind | undefined, modality: string): { text: string; title: string } {
  if (!kind || kind === 'image') return { text: modality, title: `${modality} images` };
  return { text: kind, title: KIND_NAMES[kind] };
}

/** A series' WADO-RS metadata sorted out: its kind, and its image instances (a few non-image ones are dropped). */
export function classifyMetadata(md: DicomJsonDataset[], modality: string): { kind: ObjectKind; images: DicomJsonDataset[] } {
  const kinds = md.map((m) => kindOfInstance(str(m, Tag.SOPClassUID), str(m, Tag.Modality) ?? modality, num(m, Tag.Rows) !== undefined));
  const kind = kindOfSeries(kinds, modality);
  return { kind, images: kind === 'image' ? md.filter((_m, i) => kinds[i] === 'image') : [] };
}

/** The instances of a non-image series listed under its images, with what each references (from its metadata). */
export function listedInstances(md: DicomJsonDataset[]): Array<{ sopInstanceUID: string; sopClassUID?: string; instanceNumber?: number; header: DerivedInstanceInfo }> {
  return md
    .map((m) => ({ sopInstanceUID: str(m, Tag.SOPInstanceUID) ?? '', sopClassUID: str(m, Tag.SOPClassUID), instanceNumber: num(m, Tag.InstanceNumber), header: derivedInstanceInfo(m) }))
    .filter((i) => i.sopInstanceUID)
    .sort((a, b) => (a.instanceNumber ?? 0) - (b.instanceNumber ?? 0));
}

/**
 * Every ReferencedSOPInstanceUID in these data sets, at any depth: a Real World Value Mapping names its images in
 * ReferencedImageRealWorldValueMappingSequence > ReferencedImageSequence, a presentation state or key object
 * selection may name only instances. Used to put such an object under the series that holds them.
 */
export function referencedInstanceUIDs(md: DicomJsonDataset[]): string[] {
  const out = new Set<string>();
  const walk = (ds: DicomJsonDataset, depth: number): void => {
    if (depth > 8) return;
    const uid = str(ds, Tag.ReferencedSOPInstanceUID);
    if (uid) out.add(uid);
    for (const [t, el] of Object.entries(ds)) if (el.vr === 'SQ') for (const item of seq(ds, t)) walk(item, depth + 1);
  };
  for (const m of md) walk(m, 0);
  return [...out].sort();
}

const sopSets = new WeakMap<DicomJsonDataset[], Set<string>>();

/** The SOP Instance UIDs of an image series' metadata (kept per metadata array). */
export function sopInstancesOf(md: DicomJsonDataset[]): Set<string> {
  let set = sopSets.get(md);
  if (!set) {
    set = new Set(md.map((m) => str(m, Tag.SOPInstanceUID) ?? ''));
    sopSets.set(md, set);
  }
  return set;
}
