// What the viewer must know of a derived object (SEG, RTSTRUCT, SR, Parametric Map) before decoding it, read from
// its own Part 10 bytes: which series and Frame of Reference it annotates, its frames and segment numbers. This
// replaces asking the server for the series' WADO-RS metadata (for a big SEG, megabytes of per-frame JSON that a
// server takes seconds to build) when the object itself is on its way anyway.
import type { DcmjsDict } from 'dcmjs';
import { readPart10, toDicomJson } from './part10';
import { readPart10Fast } from './part10/reader';
import { derivedInstanceInfo, type DerivedInstanceInfo } from './json';
import { Tag } from './tags';

/** The top-level attributes derivedInstanceInfo reads; everything else (per-frame groups, contours) is skipped. */
const HEADER_TAGS = [
  Tag.SOPClassUID,
  Tag.SOPInstanceUID,
  Tag.SeriesDescription,
  Tag.ReferencedSeriesSequence,
  Tag.FrameOfReferenceUID,
  Tag.NumberOfFrames,
  Tag.SegmentSequence,
  Tag.CurrentRequestedProcedureEvidenceSequence,
  Tag.PertinentOtherEvidenceSequence,
  Tag.ReferencedFrameOfReferenceSequence,
  // what tells several objects of a kind apart (DicomJson.derivedAbout)
  Tag.SeriesNumber,
  Tag.InstanceNumber,
  Tag.SeriesDate,
  Tag.SeriesTime,
  Tag.ContentDate,
  Tag.ContentTime,
  Tag.InstanceCreationDate,
  Tag.InstanceCreationTime,
  Tag.Manufacturer,
  Tag.ContentCreatorName,
  Tag.ContentLabel,
];

/**
 * Every attribute above has a tag below this one. Data sets are in ascending tag order (PS3.5 7.1), so once a
 * partial read holds any top-level attribute past it, it holds all of them, whole.
 */
const LAST_HEADER_TAG = Tag.ReferencedFrameOfReferenceSequence;

function infoOf(dict: DcmjsDict): DerivedInstanceInfo {
  const picked: DcmjsDict = {};
  for (const t of HEADER_TAGS) if (dict[t]) picked[t] = dict[t];
  return derivedInstanceInfo(toDicomJson(picked, { inlineLimit: 0, bulkDataURI: () => '' }));
}

/**
 * The header of a whole object. Throws a DicomReadError naming `name` when the bytes are no DICOM at all; a file
 * damaged past its header (cut inside Pixel Data) still answers, its decode will say what is wrong.
 */
export function readDerivedHeader(bytes: Uint8Array, name: string): DerivedInstanceInfo {
  return infoOf(readPart10(bytes, name, { untilPixelData: true }).dict);
}

/**
 * The header from the first bytes of an object still downloading, or null when they do not hold all of it yet
 * (or the object is one our fast reader leaves to the complete read, e.g. a deflated data set). Never a wrong
 * answer: a read that stops at the end of `bytes` counts only when it got past every attribute the header needs.
 */
export function readDerivedHeaderEarly(bytes: Uint8Array, name: string): DerivedInstanceInfo | null {
  let read;
  try {
    // Stops at the first attribute past the header's: a SEG's per-frame groups (megabytes) or an RTSTRUCT's
    // contours need not be in yet, nor be read.
    read = readPart10Fast(bytes, name, { untilPixelData: true, stopFrom: parseInt(LAST_HEADER_TAG, 16) + 1 });
  } catch {
    return null;
  }
  return read.stopped || read.pixelDataAt !== undefined ? infoOf(read.dict) : null;
}
