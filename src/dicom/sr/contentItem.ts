// The generic SR content tree (PS3.3 C.17.3): one typed node per ContentSequence item, whatever the template.
// Plain data only, so a tree decoded in a worker survives structured cloning unchanged.
import type { Code } from '../codes/code';

/** Relationship types of PS3.3 Table C.17.3-8. */
export type RelationshipType =
  | 'CONTAINS'
  | 'HAS PROPERTIES'
  | 'HAS OBS CONTEXT'
  | 'HAS ACQ CONTEXT'
  | 'HAS CONCEPT MOD'
  | 'INFERRED FROM'
  | 'SELECTED FROM';

export const RELATIONSHIP_TYPES: readonly RelationshipType[] = [
  'CONTAINS',
  'HAS PROPERTIES',
  'HAS OBS CONTEXT',
  'HAS ACQ CONTEXT',
  'HAS CONCEPT MOD',
  'INFERRED FROM',
  'SELECTED FROM',
];

/** Reference to a composite object, with the frames and segments it singles out (empty: the whole object). */
export interface SopReference {
  sopClassUID: string | null;
  sopInstanceUID: string | null;
  /** ReferencedFrameNumber, 1-based */
  frameNumbers: number[];
  /** ReferencedSegmentNumber */
  segmentNumbers: number[];
}

export interface ContentItemBase {
  kind: 'item';
  /**
   * Position in the tree as PS3.3 C.17.3.2.5 counts it: the root is [1], and each next number is the 1-based
   * index in the parent's ContentSequence. ReferencedContentItemIdentifier uses the same numbers.
   */
  position: number[];
  /** `position` joined with dots ("1.5.2"), the form problems and by-reference relationships are reported in. */
  id: string;
  /** Null for the root (a document has no relationship above it) or when the value is not one of the standard's. */
  relationshipType: RelationshipType | null;
  conceptName: Code | null;
  observationDateTime: string | null;
  observationUID: string | null;
  /** TemplateIdentifier of this item's ContentTemplateSequence, e.g. "1500" */
  templateId: string | null;
  children: ContentNode[];
  /** What is wrong with this item, in words; the item is kept with whatever could be read. */
  problems: string[];
}

export interface ContainerItem extends ContentItemBase {
  valueType: 'CONTAINER';
  continuityOfContent: 'SEPARATE' | 'CONTINUOUS' | null;
}

export interface CodeItem extends ContentItemBase {
  valueType: 'CODE';
  value: Code | null;
}

export interface TextItem extends ContentItemBase {
  valueType: 'TEXT' | 'UIDREF' | 'DATE' | 'TIME' | 'DATETIME' | 'PNAME';
  /** TextValue, UID, Date, Time, DateTime or PersonName (Alphabetic) as written */
  value: string | null;
}

export interface NumItem extends ContentItemBase {
  valueType: 'NUM';
  /** FloatingPointValue when present (full precision), else NumericValue; null when absent or not a number. */
  value: number | null;
  /** NumericValue text as written, so a value that is not a number can still be shown. */
  numericValueText: string | null;
  unit: Code | null;
  rational: { numerator: number; denominator: number } | null;
  /** NumericValueQualifierCodeSequence: why there is no value (e.g. "Not a number", "Value unknown") */
  qualifier: Code | null;
}

export interface CompositeItem extends ContentItemBase {
  valueType: 'IMAGE' | 'COMPOSITE' | 'WAVEFORM';
  reference: SopReference | null;
}

/** SCOORD graphic types (PS3.3 C.18.6.1.2); GraphicData are (column, row) pairs in image pixels. */
export type GraphicType = 'POINT' | 'MULTIPOINT' | 'POLYLINE' | 'CIRCLE' | 'ELLIPSE';
/** SCOORD3D graphic types (PS3.3 C.18.9.1.2); GraphicData are (x, y, z) triplets in patient mm. */
export type GraphicType3D = 'POINT' | 'MULTIPOINT' | 'POLYLINE' | 'POLYGON' | 'ELLIPSE' | 'ELLIPSOID';

export interface ScoordItem extends ContentItemBase {
  valueType: 'SCOORD';
  /** As written; problems say when it is not one of GraphicType. */
  graphicType: string | null;
  graphicData: number[];
  pixelOriginInterpretation: string | null;
  fiducialUID: string | null;
}

export interface Scoord3DItem extends ContentItemBase {
  valueType: 'SCOORD3D';
  graphicType: string | null;
  graphicData: number[];
  referencedFrameOfReferenceUID: string | null;
  fiducialUID: string | null;
}

export interface TcoordItem extends ContentItemBase {
  valueType: 'TCOORD';
  temporalRangeType: string | null;
  referencedSamplePositions: number[];
  referencedTimeOffsets: number[];
  referencedDateTime: string[];
}

/** A value type this decoder does not read (e.g. TABLE) or none at all: kept so the tree stays complete. */
export interface UnsupportedItem extends ContentItemBase {
  valueType: 'UNSUPPORTED';
  declaredValueType: string | null;
}

export type ContentItem =
  | ContainerItem
  | CodeItem
  | TextItem
  | NumItem
  | CompositeItem
  | ScoordItem
  | Scoord3DItem
  | TcoordItem
  | UnsupportedItem;

export type ValueType = Exclude<ContentItem['valueType'], 'UNSUPPORTED'>;

/**
 * A by-reference relationship (PS3.3 C.17.3.2.5): the relationship names an item elsewhere in the tree.
 * `target` is set only when the item exists and following it cannot loop back; otherwise `problems` says why.
 */
export interface ContentReference {
  kind: 'reference';
  position: number[];
  id: string;
  relationshipType: RelationshipType | null;
  referencedContentItemIdentifier: number[];
  /** The identifier joined with dots, as ContentItem.id */
  targetId: string;
  target: ContentItem | null;
  problems: string[];
}

export type ContentNode = ContentItem | ContentReference;
