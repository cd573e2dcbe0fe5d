// The Segmentation model: what a Segmentation (PS3.3 A.51, SOP classes ...66.4 and Label Map ...66.7) holds once
// its header is decoded. Field names are the DICOM keywords in lower camel case, so each can be looked up in the
// standard. Pixel data stays in the Part 10 buffer; see pixels.ts for per-frame access.
import type { Code } from '../codes/code';
import type { RGB } from '../codes/color';
import type { Vec3 } from '../geometry/plane';

export const SEGMENTATION_STORAGE = '1.2.840.10008.5.1.4.1.1.66.4';
export const LABEL_MAP_SEGMENTATION_STORAGE = '1.2.840.10008.5.1.4.1.1.66.7';

/** SegmentationType (0062,0001) */
export type SegmentationType = 'BINARY' | 'FRACTIONAL' | 'LABELMAP';
/** SegmentationFractionalType (0062,0010) */
export type SegmentationFractionalType = 'PROBABILITY' | 'OCCUPANCY';
/** SegmentAlgorithmType (0062,0008) */
export type SegmentAlgorithmType = 'AUTOMATIC' | 'SEMIAUTOMATIC' | 'MANUAL';

/** A coded concept with its modifiers (e.g. SegmentedPropertyTypeModifierCodeSequence: Left). */
export interface ModifiedCode extends Code {
  modifiers: Code[];
}

/** An item of SegmentSequence (Segment Description macro, PS3.3 C.8.20.4). */
export interface Segment {
  segmentNumber: number;
  /** SegmentLabel is type 1 but often blank in the wild: show it through segmentDisplayName(). */
  segmentLabel: string | null;
  segmentDescription: string | null;
  segmentAlgorithmType: SegmentAlgorithmType | null;
  segmentAlgorithmName: string | null;
  segmentedPropertyCategory: Code | null;
  segmentedPropertyType: ModifiedCode | null;
  anatomicRegion: ModifiedCode | null;
  trackingID: string | null;
  trackingUID: string | null;
  /** sRGB from RecommendedDisplayCIELabValue, null when absent or malformed */
  color: RGB | null;
  /** The colour to draw with: `color`, or a distinct fallback when the file has none. */
  displayColor: RGB;
}

/** An image a frame was derived from (DerivationImageSequence > SourceImageSequence). */
export interface SourceImageReference {
  referencedSOPClassUID: string | null;
  referencedSOPInstanceUID: string;
  /** ReferencedFrameNumber values (1-based); empty when the reference is to a whole (single-frame) instance */
  referencedFrameNumbers: number[];
}

/** One frame, with its functional groups resolved (per-frame item over the shared one). */
export interface SegmentationFrame {
  /** 0-based index in Pixel Data; frame numbers in messages are this + 1 */
  frameIndex: number;
  /** SegmentIdentificationSequence > ReferencedSegmentNumber; null for LABELMAP (the pixel values say) */
  referencedSegmentNumber: number | null;
  imagePositionPatient: Vec3 | null;
  imageOrientationPatient: [Vec3, Vec3] | null;
  /** [row spacing, column spacing] in mm */
  pixelSpacing: [number, number] | null;
  sliceThickness: number | null;
  sourceImages: SourceImageReference[];
  /** FrameContentSequence > DimensionIndexValues, as written */
  dimensionIndexValues: number[];
}

export interface SegmentationProblem {
  /** error: something is left out (a frame, a segment); warning: shown, but odd */
  severity: 'error' | 'warning';
  message: string;
}

export interface Segmentation {
  /** How messages name this object: the name given to the reader, plus the SeriesDescription */
  objectName: string;
  sopClassUID: string;
  sopInstanceUID: string | null;
  seriesInstanceUID: string | null;
  studyInstanceUID: string | null;
  frameOfReferenceUID: string | null;
  seriesDescription: string | null;
  seriesNumber: number | null;
  contentLabel: string | null;
  contentDescription: string | null;
  contentCreatorName: string | null;
  contentDate: string | null;
  contentTime: string | null;
  referencedSeriesInstanceUIDs: string[];
  segmentationType: SegmentationType;
  segmentationFractionalType: SegmentationFractionalType | null;
  /** FRACTIONAL: the pixel value meaning 1.0 (default 255 when absent) */
  maximumFractionalValue: number | null;
  /** SegmentsOverlap (0062,0013): YES, NO or UNDEFINED; null when absent */
  segmentsOverlap: string | null;
  rows: number;
  columns: number;
  bitsAllocated: number;
  numberOfFrames: number;
  transferSyntaxUID: string;
  /** Shared functional groups (or the first frame's when all frames agree): null when frames differ or none say */
  pixelSpacing: [number, number] | null;
  sliceThickness: number | null;
  spacingBetweenSlices: number | null;
  imageOrientationPatient: [Vec3, Vec3] | null;
  /** In SegmentSequence order (LABELMAP: may include segment 0, the background) */
  segments: Segment[];
  frames: SegmentationFrame[];
  problems: SegmentationProblem[];
}

/** The name to show for a segment: its label, else its type's meaning, else its number. */
export function segmentDisplayName(segment: Segment): string {
  return segment.segmentLabel || segment.segmentedPropertyType?.meaning || `Segment ${segment.segmentNumber}`;
}
