// The TID 1500 "Measurement Report" model, read from the generic content tree. Field names follow the
// template rows of PS3.16 (TID 1500, 1501, 1410, 1411, 300). Every object keeps the id of the content item it
// came from, so a viewer can go from a row in a panel to the item in the tree, and back.
import type { Code } from '../codes/code';
import type { ContentItem, SopReference } from './contentItem';

export type ObserverContext =
  | {
      observerType: 'PERSON';
      personObserverName: string | null;
      personObserverOrganizationName: string | null;
      personObserverRoleInOrganization: Code | null;
      personObserverRoleInProcedure: Code | null;
    }
  | {
      observerType: 'DEVICE';
      deviceObserverUID: string | null;
      deviceObserverName: string | null;
      deviceObserverManufacturer: string | null;
      deviceObserverModelName: string | null;
      deviceObserverSerialNumber: string | null;
      deviceObserverPhysicalLocation: string | null;
    };

export interface ImageLibraryEntry {
  contentItemId: string;
  reference: SopReference | null;
  /** Per-image acquisition context (HAS ACQ CONTEXT children: position, content time...) */
  descriptors: ContentItem[];
}

export interface ImageLibraryGroup {
  contentItemId: string;
  modality: Code | null;
  frameOfReferenceUID: string | null;
  /** All shared acquisition context of the group (modality, dates, pixel spacing...) */
  descriptors: ContentItem[];
  entries: ImageLibraryEntry[];
}

export interface ImageLibrary {
  contentItemId: string;
  /** IMAGE items written straight under the library (older writers) come as one group without descriptors. */
  groups: ImageLibraryGroup[];
}

export interface FindingSite {
  site: Code;
  laterality: Code | null;
  topographicalModifiers: Code[];
}

export interface AlgorithmIdentification {
  algorithmName: string | null;
  algorithmVersion: string | null;
  algorithmParameters: string[];
}

/** TID 1502 Time Point Context */
export interface TimePointContext {
  timePoint: string | null;
  timePointType: Code | null;
  timePointOrder: number | null;
  subjectTimePointIdentifier: string | null;
  protocolTimePointIdentifier: string | null;
}

/** An SCOORD: GraphicData are (column, row) pairs in the pixels of `referencedImage` ((0,0) = top left corner). */
export interface SpatialCoordinates {
  is3D: false;
  contentItemId: string;
  concept: Code | null;
  graphicType: string | null;
  graphicData: number[];
  /** Number of complete (column, row) pairs */
  points: number;
  /** The image (and frames) from the SELECTED FROM child; null when the SCOORD names none. */
  referencedImage: SopReference | null;
}

/** An SCOORD3D: GraphicData are (x, y, z) triplets in mm in the frame of reference named. */
export interface SpatialCoordinates3D {
  is3D: true;
  contentItemId: string;
  concept: Code | null;
  graphicType: string | null;
  graphicData: number[];
  points: number;
  referencedFrameOfReferenceUID: string | null;
}

export type Region = SpatialCoordinates | SpatialCoordinates3D;

/** A concept/value pair: a modifier, a property or a qualitative evaluation. */
export interface CodedOrTextValue {
  contentItemId: string;
  concept: Code | null;
  value: Code | string | number | null;
}

/** TID 300 Measurement: one NUM with what qualifies it. */
export interface Measurement {
  contentItemId: string;
  concept: Code | null;
  /** Null when absent or not a number; `problems` says which. */
  value: number | null;
  unit: Code | null;
  /** Why there is no value (NumericValueQualifierCodeSequence), e.g. "Not a number" */
  qualifier: Code | null;
  derivation: Code | null;
  measurementMethod: Code | null;
  findingSites: FindingSite[];
  trackingUID: string | null;
  algorithm: AlgorithmIdentification | null;
  /** Other HAS CONCEPT MOD items (e.g. a preprocessing operation) */
  modifiers: CodedOrTextValue[];
  /** HAS PROPERTIES items (normality, level of significance, population description...) */
  properties: CodedOrTextValue[];
  /** SCOORD/SCOORD3D the value was INFERRED FROM */
  regions: Region[];
  /** Images the value was INFERRED FROM or SELECTED FROM */
  sourceImages: SopReference[];
  problems: string[];
}

export interface QualitativeEvaluation {
  contentItemId: string;
  concept: Code | null;
  /** A coded evaluation (CODE) or free text (TEXT) */
  value: Code | string | null;
  problems: string[];
}

/** A referenced segment (TID 1411 "Referenced Segment", TID 1410 "Referenced Segmentation Frame"). */
export interface SegmentReference {
  sopClassUID: string | null;
  sopInstanceUID: string | null;
  segmentNumber: number | null;
  frameNumbers: number[];
}

/** Which template the group follows: declared in ContentTemplateSequence, or inferred from its content. */
export type MeasurementGroupTemplate = '1501' | '1410' | '1411';

export interface MeasurementGroup {
  contentItemId: string;
  template: MeasurementGroupTemplate;
  trackingIdentifier: string | null;
  trackingUID: string | null;
  activitySession: string | null;
  timePointContext: TimePointContext | null;
  finding: Code | null;
  findingCategory: Code | null;
  findingSites: FindingSite[];
  measurementMethod: Code | null;
  algorithm: AlgorithmIdentification | null;
  referencedSegment: SegmentReference | null;
  sourceSeriesForSegmentation: string | null;
  sourceImagesForSegmentation: SopReference[];
  realWorldValueMap: SopReference | null;
  /** Other images the group names (e.g. TID 1501 "Source") */
  sourceImages: SopReference[];
  /** Every SCOORD/SCOORD3D of the group, its own and its measurements', in document order */
  regions: Region[];
  measurements: Measurement[];
  qualitativeEvaluations: QualitativeEvaluation[];
  problems: string[];
}

export interface MeasurementReport {
  title: Code | null;
  templateId: string | null;
  language: Code | null;
  countryOfLanguage: Code | null;
  observers: ObserverContext[];
  procedureReported: Code[];
  imageLibrary: ImageLibrary | null;
  measurementGroups: MeasurementGroup[];
  /** TID 300 measurements written straight under Imaging Measurements, outside any group */
  ungroupedMeasurements: Measurement[];
  /** The document-level "Qualitative Evaluations" container */
  qualitativeEvaluations: QualitativeEvaluation[];
  /** Problems of the report structure (not of single items), in words */
  problems: string[];
}
