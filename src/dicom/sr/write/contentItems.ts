// SR content items (PS3.3 C.17.3) as dcmjs naturalized datasets (keyword -> value, sequences as arrays), for the
// measurement report writer. One function per value type; each returns one ContentSequence item.
import type { Code } from '../../codes/code';

/** A naturalized dataset as dcmjs writes it. */
export type Dataset = Record<string, unknown>;

export type RelationshipType = 'CONTAINS' | 'HAS CONCEPT MOD' | 'HAS OBS CONTEXT' | 'HAS ACQ CONTEXT' | 'INFERRED FROM' | 'SELECTED FROM';

/** A code sequence item. UCUM codes carry their version, as PS3.16 asks of that scheme. */
export function codeItem(c: Code): Dataset {
  const out: Dataset = { CodeValue: c.code, CodingSchemeDesignator: c.scheme, CodeMeaning: c.meaning };
  if (c.scheme === 'UCUM') out.CodingSchemeVersion = '1.4';
  return out;
}

function item(relationship: RelationshipType, valueType: string, concept: Code | null, rest: Dataset, children: readonly Dataset[] = []): Dataset {
  const out: Dataset = { RelationshipType: relationship, ValueType: valueType };
  if (concept) out.ConceptNameCodeSequence = [codeItem(concept)];
  Object.assign(out, rest);
  if (children.length) out.ContentSequence = [...children];
  return out;
}

export function container(relationship: RelationshipType, concept: Code, children: readonly Dataset[], templateId?: string): Dataset {
  const rest: Dataset = { ContinuityOfContent: 'SEPARATE' };
  if (templateId) rest.ContentTemplateSequence = [{ MappingResource: 'DCMR', TemplateIdentifier: templateId }];
  return item(relationship, 'CONTAINER', concept, rest, children);
}

export function codeContent(relationship: RelationshipType, concept: Code, value: Code, children: readonly Dataset[] = []): Dataset {
  return item(relationship, 'CODE', concept, { ConceptCodeSequence: [codeItem(value)] }, children);
}

export function textContent(relationship: RelationshipType, concept: Code, value: string): Dataset {
  return item(relationship, 'TEXT', concept, { TextValue: value });
}

export function uidContent(relationship: RelationshipType, concept: Code, uid: string): Dataset {
  return item(relationship, 'UIDREF', concept, { UID: uid });
}

/**
 * A Decimal String of at most 16 characters (PS3.5 6.2) holding as many significant digits as fit: a measured
 * value keeps its precision, whatever its size.
 */
export function decimalString(v: number): string {
  if (!Number.isFinite(v)) throw new Error(`not a finite number: ${v}`);
  for (let digits = 15; digits > 0; digits--) {
    const s = String(Number(v.toPrecision(digits)));
    if (s.length <= 16) return s;
  }
  return v.toExponential(8);
}

export function numContent(relationship: RelationshipType, concept: Code, value: number, unit: Code, children: readonly Dataset[] = []): Dataset {
  return item(relationship, 'NUM', concept, { MeasuredValueSequence: [{ MeasurementUnitsCodeSequence: [codeItem(unit)], NumericValue: decimalString(value) }] }, children);
}

/** An image (one frame of a multi-frame image when `frameNumber` is given). */
export interface ImageReference {
  sopClassUID: string;
  sopInstanceUID: string;
  /** 1-based; null for a single-frame image */
  frameNumber: number | null;
}

export function referencedSop(image: ImageReference): Dataset {
  const out: Dataset = { ReferencedSOPClassUID: image.sopClassUID, ReferencedSOPInstanceUID: image.sopInstanceUID };
  if (image.frameNumber !== null) out.ReferencedFrameNumber = [image.frameNumber];
  return out;
}

export function imageContent(relationship: RelationshipType, image: ImageReference, concept: Code | null = null): Dataset {
  return item(relationship, 'IMAGE', concept, { ReferencedSOPSequence: [referencedSop(image)] });
}

export type GraphicType2D = 'POINT' | 'MULTIPOINT' | 'POLYLINE' | 'CIRCLE' | 'ELLIPSE';
export type GraphicType3D = 'POINT' | 'MULTIPOINT' | 'POLYLINE' | 'POLYGON' | 'ELLIPSE' | 'ELLIPSOID';

/** SCOORD: (column, row) pairs on `image`, (0, 0) the top left corner of its top left pixel, and the image it is on. */
export function scoordContent(relationship: RelationshipType, concept: Code | null, graphicType: GraphicType2D, graphicData: readonly number[], image: ImageReference): Dataset {
  return item(relationship, 'SCOORD', concept, { GraphicType: graphicType, GraphicData: [...graphicData] }, [imageContent('SELECTED FROM', image)]);
}

/** SCOORD3D: (x, y, z) patient coordinates in mm in the Frame of Reference named. */
export function scoord3dContent(relationship: RelationshipType, concept: Code | null, graphicType: GraphicType3D, graphicData: readonly number[], frameOfReferenceUID: string): Dataset {
  return item(relationship, 'SCOORD3D', concept, { GraphicType: graphicType, GraphicData: [...graphicData], ReferencedFrameOfReferenceUID: frameOfReferenceUID });
}
