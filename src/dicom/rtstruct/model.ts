// The StructureSet model: what an RT Structure Set (PS3.3 A.19) holds once decoded, in patient space (LPS, mm).
// Field names are the DICOM keywords in lower camel case, so a reader can look each one up in the standard.
import type { RGB } from '../codes/color';

/** ContourGeometricType (3006,0042), PS3.3 C.8.8.6.1. */
export type ContourGeometricType = 'POINT' | 'OPEN_PLANAR' | 'OPEN_NONPLANAR' | 'CLOSED_PLANAR';
export const CONTOUR_GEOMETRIC_TYPES: readonly ContourGeometricType[] = [
  'POINT',
  'OPEN_PLANAR',
  'OPEN_NONPLANAR',
  'CLOSED_PLANAR',
];

/** Float32 halves the memory of big structure sets; Float64 keeps the DS values exactly. */
export type ContourPoints = Float32Array | Float64Array;

/** An item of ContourImageSequence: the image the writer drew on. A hint only, it often does not resolve. */
export interface ContourImageReference {
  referencedSOPInstanceUID: string;
  referencedFrameNumber: number | null;
}

export interface Contour {
  contourNumber: number | null;
  contourGeometricType: ContourGeometricType;
  /** ContourData: x, y, z triplets in patient mm (length = 3 * numberOfContourPoints). */
  points: ContourPoints;
  /** Number of triplets actually present (the NumberOfContourPoints attribute is checked against it). */
  numberOfContourPoints: number;
  contourImages: ContourImageReference[];
}

export interface StructureSetROI {
  roiNumber: number;
  /** ROIName is type 2: it may be empty. Use roiDisplayName() to show it. */
  roiName: string | null;
  roiDescription: string | null;
  roiGenerationAlgorithm: string | null;
  referencedFrameOfReferenceUID: string | null;
  /** ROIDisplayColor, null when absent or malformed. */
  color: RGB | null;
  /** The colour to draw with: ROIDisplayColor, or a distinct fallback when the file has none. */
  displayColor: RGB;
  /** From the RTROIObservationsSequence item that references this ROI. */
  rtRoiInterpretedType: string | null;
  roiObservationLabel: string | null;
  contours: Contour[];
  /** What is wrong with this ROI, in words (also listed in StructureSet.problems). */
  problems: string[];
}

export interface StructureSetProblem {
  /** null for problems of the structure set as a whole */
  roiNumber: number | null;
  /** error: something was left out; warning: drawn, but odd */
  severity: 'error' | 'warning';
  message: string;
}

export interface StructureSet {
  sopInstanceUID: string | null;
  seriesInstanceUID: string | null;
  seriesDescription: string | null;
  structureSetLabel: string | null;
  structureSetName: string | null;
  structureSetDescription: string | null;
  structureSetDate: string | null;
  structureSetTime: string | null;
  /**
   * Frames of reference the contours live in: FrameOfReferenceUID, ReferencedFrameOfReferenceSequence and the
   * ROIs' ReferencedFrameOfReferenceUID, unique, in that order.
   */
  frameOfReferenceUIDs: string[];
  /** Image series named in RTReferencedSeriesSequence (also hints: the series may not be available). */
  referencedSeriesInstanceUIDs: string[];
  /** In StructureSetROISequence order, then ROIs that only appear in ROIContourSequence. */
  rois: StructureSetROI[];
  problems: StructureSetProblem[];
}

/** What to call an ROI in the UI and in messages. */
export function roiDisplayName(roi: Pick<StructureSetROI, 'roiNumber' | 'roiName'>): string {
  return roi.roiName ?? `ROI ${roi.roiNumber}`;
}
