// Test-only builders of SR content as DICOM JSON, so tests can state exactly the (good or broken) bytes they
// decode. Written against the standard's attributes, not against the decoder, so they can catch its mistakes.
import dcmjs from 'dcmjs';
import type { Code } from '../../codes/code';
import type { DicomJsonDataset, DicomJsonElement } from '../../json';
import { Tag } from '../../tags';

type Json = DicomJsonDataset;
type Values = NonNullable<DicomJsonElement['Value']>;

export const code = (value: string, scheme: string, meaning: string): Code => ({ code: value, scheme, meaning });
export const dcm = (value: string, meaning: string): Code => code(value, 'DCM', meaning);
export const sct = (value: string, meaning: string): Code => code(value, 'SCT', meaning);
export const ucum = (value: string, meaning = value): Code => code(value, 'UCUM', meaning);

export function el(vr: string, ...values: Values): DicomJsonElement {
  return values.length > 0 ? { vr, Value: values } : { vr };
}

function codeSeqItem(c: Code): Json {
  return { '00080100': el('SH', c.code), '00080102': el('SH', c.scheme), '00080104': el('LO', c.meaning) };
}

export function codeSeq(c: Code): DicomJsonElement {
  return el('SQ', codeSeqItem(c));
}

export type Relationship =
  | 'CONTAINS'
  | 'HAS PROPERTIES'
  | 'HAS OBS CONTEXT'
  | 'HAS ACQ CONTEXT'
  | 'HAS CONCEPT MOD'
  | 'INFERRED FROM'
  | 'SELECTED FROM';

/** One ContentSequence item; `rest` holds the value attributes. */
export function item(
  rel: string,
  valueType: string,
  concept: Code | null,
  rest: Json = {},
  children: Json[] = [],
): Json {
  const out: Json = { [Tag.RelationshipType]: el('CS', rel), [Tag.ValueType]: el('CS', valueType) };
  if (concept) out[Tag.ConceptNameCodeSequence] = codeSeq(concept);
  Object.assign(out, rest);
  if (children.length > 0) out[Tag.ContentSequence] = el('SQ', ...children);
  return out;
}

function withTemplate(ds: Json, templateId: string): Json {
  ds[Tag.ContentTemplateSequence] = el('SQ', {
    [Tag.MappingResource]: el('CS', 'DCMR'),
    [Tag.TemplateIdentifier]: el('CS', templateId),
  });
  return ds;
}

export function container(rel: Relationship, concept: Code, children: Json[], templateId?: string): Json {
  const ds = item(rel, 'CONTAINER', concept, { [Tag.ContinuityOfContent]: el('CS', 'SEPARATE') }, children);
  return templateId ? withTemplate(ds, templateId) : ds;
}

export function codeItem(rel: Relationship, concept: Code, value: Code, children: Json[] = []): Json {
  return item(rel, 'CODE', concept, { [Tag.ConceptCodeSequence]: codeSeq(value) }, children);
}

export function textItem(rel: Relationship, concept: Code, value: string): Json {
  return item(rel, 'TEXT', concept, { [Tag.TextValue]: el('UT', value) });
}

export function uidItem(rel: Relationship, concept: Code, uid: string): Json {
  return item(rel, 'UIDREF', concept, { [Tag.UID]: el('UI', uid) });
}

/** NUM; `value` may be a string to write a NumericValue that is not a number. */
export function numItem(
  rel: Relationship,
  concept: Code,
  value: number | string,
  unit: Code | null,
  children: Json[] = [],
): Json {
  const measured: Json = { [Tag.NumericValue]: el('DS', value) };
  if (unit) measured[Tag.MeasurementUnitsCodeSequence] = codeSeq(unit);
  return item(rel, 'NUM', concept, { [Tag.MeasuredValueSequence]: el('SQ', measured) }, children);
}

export interface Ref {
  sopClassUID: string;
  sopInstanceUID: string;
  frames?: number[];
  segments?: number[];
}

export function sopSeq(ref: Ref): DicomJsonElement {
  const sop: Json = {
    [Tag.ReferencedSOPClassUID]: el('UI', ref.sopClassUID),
    [Tag.ReferencedSOPInstanceUID]: el('UI', ref.sopInstanceUID),
  };
  if (ref.frames) sop[Tag.ReferencedFrameNumber] = el('IS', ...ref.frames);
  if (ref.segments) sop[Tag.ReferencedSegmentNumber] = el('US', ...ref.segments);
  return el('SQ', sop);
}

export function imageItem(rel: Relationship, concept: Code | null, ref: Ref, valueType = 'IMAGE'): Json {
  return item(rel, valueType, concept, { [Tag.ReferencedSOPSequence]: sopSeq(ref) });
}

export function scoordItem(
  rel: Relationship,
  concept: Code | null,
  graphicType: string,
  data: number[],
  image?: Ref,
): Json {
  const rest = { [Tag.GraphicType]: el('CS', graphicType), [Tag.GraphicData]: el('FL', ...data) };
  return item(rel, 'SCOORD', concept, rest, image ? [imageItem('SELECTED FROM', null, image)] : []);
}

export function scoord3dItem(
  rel: Relationship,
  concept: Code | null,
  graphicType: string,
  data: number[],
  frameOfReferenceUID?: string,
): Json {
  const rest: Json = { [Tag.GraphicType]: el('CS', graphicType), [Tag.GraphicData]: el('FD', ...data) };
  if (frameOfReferenceUID) rest[Tag.ReferencedFrameOfReferenceUID] = el('UI', frameOfReferenceUID);
  return item(rel, 'SCOORD3D', concept, rest);
}

/** A by-reference relationship to the item at `position` (e.g. [1, 3, 2]). */
export function byReference(rel: Relationship, position: number[]): Json {
  return { [Tag.RelationshipType]: el('CS', rel), [Tag.ReferencedContentItemIdentifier]: el('UL', ...position) };
}

export interface DocumentOptions {
  sopClassUID: string;
  sopInstanceUID: string;
  title: Code;
  templateId?: string;
  children: Json[];
}

/** An SR document data set: header attributes plus the root CONTAINER. */
export function srDocument(o: DocumentOptions): Json {
  const ds: Json = {
    [Tag.SOPClassUID]: el('UI', o.sopClassUID),
    [Tag.SOPInstanceUID]: el('UI', o.sopInstanceUID),
    '00080060': el('CS', 'SR'),
    [Tag.CompletionFlag]: el('CS', 'COMPLETE'),
    [Tag.VerificationFlag]: el('CS', 'UNVERIFIED'),
    [Tag.ValueType]: el('CS', 'CONTAINER'),
    [Tag.ConceptNameCodeSequence]: codeSeq(o.title),
    [Tag.ContinuityOfContent]: el('CS', 'SEPARATE'),
    [Tag.ContentSequence]: el('SQ', ...o.children),
  };
  return o.templateId ? withTemplate(ds, o.templateId) : ds;
}

/**
 * Encode a DICOM JSON data set as Part 10 (explicit VR little endian) with dcmjs, whose dictionary has the
 * same tag -> {vr, Value} shape. Person names go in as dcmjs expects them.
 */
export function toPart10(ds: Json): ArrayBuffer {
  const { DicomDict, DicomMetaDictionary } = dcmjs.data;
  const dict = new DicomDict({});
  dict.meta = DicomMetaDictionary.denaturalizeDataset({
    FileMetaInformationVersion: new Uint8Array([0, 1]).buffer,
    MediaStorageSOPClassUID: ds[Tag.SOPClassUID]?.Value?.[0],
    MediaStorageSOPInstanceUID: ds[Tag.SOPInstanceUID]?.Value?.[0],
    TransferSyntaxUID: '1.2.840.10008.1.2.1',
    ImplementationClassUID: '2.25.1',
    _vrMap: { FileMetaInformationVersion: 'OB' },
  });
  dict.dict = structuredClone(ds) as unknown as typeof dict.dict;
  return dict.write({ allowInvalidVRLength: true });
}
