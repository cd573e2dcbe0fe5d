import { codeItem } from './part10';
import type { Code, Dataset } from './part10';
import { formatDS } from './valueFormat';

/** Builders for SR content items (PS3.3 C.17.3), each returning one ContentSequence item. */
export type RelationshipType =
  | 'CONTAINS'
  | 'HAS CONCEPT MOD'
  | 'HAS OBS CONTEXT'
  | 'HAS ACQ CONTEXT'
  | 'HAS PROPERTIES'
  | 'INFERRED FROM'
  | 'SELECTED FROM';

function item(relationship: RelationshipType, valueType: string, concept: Code | undefined, rest: Dataset): Dataset {
  const out: Dataset = { RelationshipType: relationship, ValueType: valueType };
  if (concept) out.ConceptNameCodeSequence = [codeItem(concept)];
  return { ...out, ...rest };
}

function withChildren(dataset: Dataset, children: readonly Dataset[]): Dataset {
  if (children.length > 0) dataset.ContentSequence = [...children];
  return dataset;
}

export function containerItem(relationship: RelationshipType, concept: Code, children: readonly Dataset[]): Dataset {
  return withChildren(item(relationship, 'CONTAINER', concept, { ContinuityOfContent: 'SEPARATE' }), children);
}

export function codeContentItem(
  relationship: RelationshipType,
  concept: Code,
  value: Code,
  children: readonly Dataset[] = [],
): Dataset {
  return withChildren(item(relationship, 'CODE', concept, { ConceptCodeSequence: [codeItem(value)] }), children);
}

export function textItem(relationship: RelationshipType, concept: Code, value: string): Dataset {
  return item(relationship, 'TEXT', concept, { TextValue: value });
}

export function uidrefItem(relationship: RelationshipType, concept: Code, uid: string): Dataset {
  return item(relationship, 'UIDREF', concept, { UID: uid });
}

export function dateItem(relationship: RelationshipType, concept: Code, date: string): Dataset {
  return item(relationship, 'DATE', concept, { Date: date });
}

export function numItem(
  relationship: RelationshipType,
  concept: Code,
  value: number,
  unit: Code,
  children: readonly Dataset[] = [],
): Dataset {
  const measured = { MeasurementUnitsCodeSequence: [codeItem(unit)], NumericValue: formatDS(value, 3) };
  return withChildren(item(relationship, 'NUM', concept, { MeasuredValueSequence: [measured] }), children);
}

export interface InstanceReference {
  sopClassUID: string;
  sopInstanceUID: string;
  /** Only for references to segments of a SEG instance. */
  segmentNumber?: number;
}

export function imageItem(
  relationship: RelationshipType,
  concept: Code | undefined,
  reference: InstanceReference,
): Dataset {
  const sop: Dataset = {
    ReferencedSOPClassUID: reference.sopClassUID,
    ReferencedSOPInstanceUID: reference.sopInstanceUID,
  };
  if (reference.segmentNumber !== undefined) sop.ReferencedSegmentNumber = reference.segmentNumber;
  return item(relationship, 'IMAGE', concept, { ReferencedSOPSequence: [sop] });
}

/** 2D spatial coordinates in image pixels ((0,0) = top left corner of the top left pixel) on one image. */
export function scoordItem(
  relationship: RelationshipType,
  concept: Code,
  graphicType: 'POINT' | 'POLYLINE' | 'CIRCLE' | 'ELLIPSE' | 'MULTIPOINT',
  graphicData: readonly number[],
  image: InstanceReference,
): Dataset {
  return withChildren(
    item(relationship, 'SCOORD', concept, { GraphicType: graphicType, GraphicData: [...graphicData] }),
    [imageItem('SELECTED FROM', undefined, image)],
  );
}
