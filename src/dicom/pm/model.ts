// The Parametric Map model (PS3.3 A.75, SOP class 1.2.840.10008.5.1.4.1.1.30): what a map holds once its header is
// decoded. Field names are DICOM keywords in lower camel case. Pixels stay in the Part 10 buffer (pixels.ts);
// values on an image grid come from decode.ts.
import type { Code } from '../codes/code';
import type { FrameGeometry } from '../geometry/placeFrames';
import type { Vec3 } from '../geometry/plane';

export const PARAMETRIC_MAP_STORAGE = '1.2.840.10008.5.1.4.1.1.30';

/**
 * How stored values are held: FloatPixelData (float32), DoubleFloatPixelData (float64), or Pixel Data with
 * BitsAllocated and PixelRepresentation.
 */
export type PixelType = 'float32' | 'float64' | 'uint8' | 'int8' | 'uint16' | 'int16' | 'uint32' | 'int32';

/** An item of RealWorldValueMappingSequence: stored value -> real world value (slope x stored + intercept). */
export interface RealWorldValueMapping {
  lutLabel: string | null;
  lutExplanation: string | null;
  /** MeasurementUnitsCodeSequence, usually UCUM */
  measurementUnits: Code | null;
  /** QuantityDefinitionSequence: the item whose concept name is "Quantity" */
  quantity: Code | null;
  slope: number;
  intercept: number;
  /** RealWorldValueFirst/LastValueMapped: integer stored values outside [first, last] have no real world value */
  firstValueMapped: number | null;
  lastValueMapped: number | null;
}

export interface ParametricMapFrame extends FrameGeometry {
  /** index in `realWorldValueMappings` of the mapping this frame's functional groups give; null when none */
  mappingIndex: number | null;
}

export interface ParametricMapProblem {
  /** error: values are left out or not real world values; warning: shown, but odd */
  severity: 'error' | 'warning';
  message: string;
}

export interface ParametricMap {
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
  rows: number;
  columns: number;
  numberOfFrames: number;
  pixelType: PixelType;
  bitsAllocated: number;
  bitsStored: number;
  transferSyntaxUID: string;
  /** Shared (or agreed by all frames) geometry; null when frames differ */
  pixelSpacing: [number, number] | null;
  sliceThickness: number | null;
  spacingBetweenSlices: number | null;
  imageOrientationPatient: [Vec3, Vec3] | null;
  /** Distinct mappings (the first item of each frame's RealWorldValueMappingSequence), in frame order */
  realWorldValueMappings: RealWorldValueMapping[];
  /** What the values are, from the first frame's mapping (null when the map has none) */
  quantity: Code | null;
  measurementUnits: Code | null;
  /** the units as a person reads them (ucumDisplay): '' for unity or none */
  unitsDisplay: string;
  lutLabel: string | null;
  lutExplanation: string | null;
  frames: ParametricMapFrame[];
  problems: ParametricMapProblem[];
}
