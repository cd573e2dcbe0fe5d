// DICOM JSON (PS3.18 F.2) types and typed accessors used across the app.
import { Tag } from './tags';
export type PersonName = { Alphabetic?: string; Ideographic?: string; Phonetic?: string };
export interface DicomJsonElement {
  vr: string;
  Value?: Array<string | number | PersonName | DicomJsonDataset | null>;
  BulkDataURI?: string;
  InlineBinary?: string;
}
export type DicomJsonDataset = Record<string, DicomJsonElement>;

export function str(ds: DicomJsonDataset | undefined, tag: string): string | undefined {
  const v: unknown = ds?.[tag]?.Value?.[0];
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v;
  // A 64-bit VR (UV, SV) where text was expected arrives as a bigint: any value but an object reads as text.
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  if (typeof v !== 'object') return undefined;
  if ('Alphabetic' in v || 'Ideographic' in v || 'Phonetic' in v) {
    const pn = v as PersonName;
    return pn.Alphabetic ?? pn.Ideographic ?? pn.Phonetic;
  }
  return undefined;
}

/** A string value with its padding trimmed; null when absent or blank. */
export function text(ds: DicomJsonDataset, tag: string): string | null {
  const v = str(ds, tag)?.trim();
  return v ? v : null;
}

export function strs(ds: DicomJsonDataset | undefined, tag: string): string[] {
  return (ds?.[tag]?.Value ?? []).filter((v): v is string => typeof v === 'string');
}

export function num(ds: DicomJsonDataset | undefined, tag: string): number | undefined {
  const v: unknown = ds?.[tag]?.Value?.[0];
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

export function nums(ds: DicomJsonDataset | undefined, tag: string): number[] {
  const out: number[] = [];
  const values = ds?.[tag]?.Value;
  if (!values) return out;
  // One pass, no intermediate arrays: a SEG's header asks this five times per frame (5,000 frames and more).
  for (const v of values) {
    if (v === null || v === '') continue;
    // Number(), not unary plus: it also takes the bigint of a 64-bit VR; an object (a wrong VR) gives NaN, left out.
    const n = Number(v);
    if (Number.isFinite(n)) out.push(n);
  }
  return out;
}

export function seq(ds: DicomJsonDataset | undefined, tag: string): DicomJsonDataset[] {
  return (ds?.[tag]?.Value ?? []) as DicomJsonDataset[];
}

/** Person name shown to a person: 'Family^Given' -> 'Family, Given'. */
export function personName(ds: DicomJsonDataset | undefined, tag: string): string {
  const raw = str(ds, tag) ?? '';
  const [family = '', given = ''] = raw.split('^');
  return given ? `${family}, ${given}` : family;
}

/** Series UIDs this (derived) object references, from every sequence the standard puts them in. */
export function referencedSeriesUIDs(ds: DicomJsonDataset): string[] {
  const out = new Set<string>();
  for (const s of seq(ds, Tag.ReferencedSeriesSequence)) {
    const uid = str(s, Tag.SeriesInstanceUID);
    if (uid) out.add(uid);
  }
  for (const tag of [Tag.CurrentRequestedProcedureEvidenceSequence, Tag.PertinentOtherEvidenceSequence]) {
    for (const study of seq(ds, tag)) {
      for (const s of seq(study, Tag.ReferencedSeriesSequence)) {
        const uid = str(s, Tag.SeriesInstanceUID);
        if (uid) out.add(uid);
      }
    }
  }
  for (const fr of seq(ds, Tag.ReferencedFrameOfReferenceSequence)) {
    for (const st of seq(fr, Tag.RTReferencedStudySequence)) {
      for (const s of seq(st, Tag.RTReferencedSeriesSequence)) {
        const uid = str(s, Tag.SeriesInstanceUID);
        if (uid) out.add(uid);
      }
    }
  }
  return [...out].sort();
}

/** What the viewer needs of a derived object's metadata to place it: which series and frame it annotates. */
export interface DerivedInstanceInfo {
  sopInstanceUID: string;
  sopClassUID?: string;
  /** Its own FrameOfReferenceUID, else (RTSTRUCT) the first of ReferencedFrameOfReferenceSequence */
  frameOfReferenceUID?: string;
  referencedSeriesUIDs: string[];
  numberOfFrames?: number;
  /** SEG: the SegmentNumbers of its SegmentSequence (null when the metadata does not list them) */
  segmentNumbers?: number[] | null;
  seriesDescription?: string;
  /** What tells one object from another of its kind (several SEGs on one series): who made it, when, its label */
  about?: DerivedAbout;
}

/** Identifying attributes of a derived object, as DICOM strings (DA, TM, PN unformatted). */
export interface DerivedAbout {
  seriesNumber?: number;
  instanceNumber?: number;
  seriesDate?: string;
  seriesTime?: string;
  contentDate?: string;
  contentTime?: string;
  instanceCreationDate?: string;
  instanceCreationTime?: string;
  manufacturer?: string;
  contentCreatorName?: string;
  contentLabel?: string;
}

/** The identifying attributes present in a data set (a header, or a QIDO row when the server returns them). */
export function derivedAbout(ds: DicomJsonDataset): DerivedAbout {
  const all: DerivedAbout = {
    seriesNumber: num(ds, Tag.SeriesNumber),
    instanceNumber: num(ds, Tag.InstanceNumber),
    seriesDate: str(ds, Tag.SeriesDate),
    seriesTime: str(ds, Tag.SeriesTime),
    contentDate: str(ds, Tag.ContentDate),
    contentTime: str(ds, Tag.ContentTime),
    instanceCreationDate: str(ds, Tag.InstanceCreationDate),
    instanceCreationTime: str(ds, Tag.InstanceCreationTime),
    manufacturer: str(ds, Tag.Manufacturer),
    contentCreatorName: personName(ds, Tag.ContentCreatorName) || undefined,
    contentLabel: str(ds, Tag.ContentLabel),
  };
  return Object.fromEntries(Object.entries(all).filter(([, v]) => v !== undefined && v !== '')) as DerivedAbout;
}

export function derivedInstanceInfo(ds: DicomJsonDataset): DerivedInstanceInfo {
  const rtFor = seq(ds, Tag.ReferencedFrameOfReferenceSequence)
    .map((fr) => str(fr, Tag.FrameOfReferenceUID))
    .find(Boolean);
  return {
    sopInstanceUID: str(ds, Tag.SOPInstanceUID) ?? '',
    sopClassUID: str(ds, Tag.SOPClassUID),
    frameOfReferenceUID: str(ds, Tag.FrameOfReferenceUID) ?? rtFor,
    referencedSeriesUIDs: referencedSeriesUIDs(ds),
    numberOfFrames: num(ds, Tag.NumberOfFrames),
    segmentNumbers: ds[Tag.SegmentSequence]?.Value ? seq(ds, Tag.SegmentSequence).map((x) => num(x, Tag.SegmentNumber)).filter((n): n is number => n !== undefined) : null,
    seriesDescription: str(ds, Tag.SeriesDescription),
    about: derivedAbout(ds),
  };
}
