// The value of one content item, by value type (PS3.3 C.17.3, Table C.17.3-1 and C.18).
import { readCode, readCodeSeq } from '../codes/code';
import { text, type DicomJsonDataset } from '../json';
import type {
  CompositeItem,
  ContentItem,
  ContentItemBase,
  GraphicType,
  GraphicType3D,
  SopReference,
  TextItem,
} from './contentItem';
import { firstRaw, numberList, rawText, stringList, toNumber } from './values';
import { Tag } from '../tags';

type ItemBase = ContentItemBase;
type Item<V extends ContentItem['valueType']> = Extract<ContentItem, { valueType: V }>;

/**
 * Completes the base fields with the value fields in place. Not `{ ...base, ...fields }`: V8 turns objects
 * spread from this many properties into slow dictionary objects, which made decoding a big report 10x slower.
 */
function complete<T extends ContentItem>(base: ItemBase, fields: Omit<T, keyof ItemBase>): T {
  return Object.assign(base, fields) as T;
}


/** First item of ReferencedSOPSequence: the object, frames and segments an IMAGE/COMPOSITE/WAVEFORM names. */
function readSopReference(ds: DicomJsonDataset, problems: string[]): SopReference | null {
  const item = ds[Tag.ReferencedSOPSequence]?.Value?.[0] as DicomJsonDataset | undefined;
  if (!item) {
    problems.push('ReferencedSOPSequence is missing, so the referenced object is unknown');
    return null;
  }
  const frames = numberList(item, Tag.ReferencedFrameNumber);
  const segments = numberList(item, Tag.ReferencedSegmentNumber);
  if (frames.invalid > 0) problems.push(`${frames.invalid} ReferencedFrameNumber value(s) are not numbers`);
  if (segments.invalid > 0) problems.push(`${segments.invalid} ReferencedSegmentNumber value(s) are not numbers`);
  const reference: SopReference = {
    sopClassUID: text(item, Tag.ReferencedSOPClassUID),
    sopInstanceUID: text(item, Tag.ReferencedSOPInstanceUID),
    frameNumbers: frames.values,
    segmentNumbers: segments.values,
  };
  if (!reference.sopInstanceUID) problems.push('ReferencedSOPInstanceUID is missing');
  return reference;
}

function decodeNum(ds: DicomJsonDataset, base: ItemBase): Item<'NUM'> {
  const problems = base.problems;
  const qualifier = readCodeSeq(ds, Tag.NumericValueQualifierCodeSequence);
  const measured = ds[Tag.MeasuredValueSequence]?.Value?.[0] as DicomJsonDataset | undefined;
  if (!measured) {
    // An empty MeasuredValueSequence is legal only with a qualifier that says why there is no value.
    if (!qualifier) problems.push('MeasuredValueSequence is missing or empty, and no NumericValueQualifier says why');
    return complete<Item<'NUM'>>(base, {
      valueType: 'NUM',
      value: null,
      numericValueText: null,
      unit: null,
      rational: null,
      qualifier,
    });
  }
  const raw = firstRaw(measured, Tag.NumericValue);
  const numericValueText = rawText(raw);
  // FloatingPointValue carries the same value at full precision when the writer had more than DS's 16 characters.
  const value = toNumber(firstRaw(measured, Tag.FloatingPointValue)) ?? toNumber(raw);
  if (value === null) {
    problems.push(
      numericValueText === null
        ? 'NumericValue is missing or empty'
        : `NumericValue "${numericValueText}" is not a number`,
    );
  }
  const numerator = toNumber(firstRaw(measured, Tag.RationalNumeratorValue));
  const denominator = toNumber(firstRaw(measured, Tag.RationalDenominatorValue));
  const unit = readCodeSeq(measured, Tag.MeasurementUnitsCodeSequence);
  if (!unit) problems.push('MeasurementUnitsCodeSequence is missing, so the unit is unknown');
  return complete<Item<'NUM'>>(base, {
    valueType: 'NUM',
    value,
    numericValueText,
    unit,
    rational: numerator !== null && denominator !== null ? { numerator, denominator } : null,
    qualifier,
  });
}

const POINT_COUNTS_2D: Record<GraphicType, [min: number, max: number]> = {
  POINT: [1, 1],
  MULTIPOINT: [1, Infinity],
  POLYLINE: [2, Infinity],
  CIRCLE: [2, 2],
  ELLIPSE: [4, 4],
};
const POINT_COUNTS_3D: Record<GraphicType3D, [min: number, max: number]> = {
  POINT: [1, 1],
  MULTIPOINT: [1, Infinity],
  POLYLINE: [2, Infinity],
  POLYGON: [3, Infinity],
  ELLIPSE: [4, 4],
  ELLIPSOID: [6, 6],
};

/** GraphicData and its consistency with GraphicType; the coordinates are kept even when inconsistent. */
function readGraphic(
  ds: DicomJsonDataset,
  dims: 2 | 3,
  problems: string[],
): { graphicType: string | null; graphicData: number[] } {
  const graphicType = text(ds, Tag.GraphicType);
  const { values, invalid } = numberList(ds, Tag.GraphicData);
  if (invalid > 0) problems.push(`${invalid} GraphicData value(s) are not numbers and were left out`);
  if (values.length === 0) problems.push('GraphicData is missing or empty');
  else if (values.length % dims !== 0) {
    problems.push(`GraphicData has ${values.length} values, not a multiple of ${dims}; the last point is incomplete`);
  }
  const limits: Record<string, [number, number]> = dims === 2 ? POINT_COUNTS_2D : POINT_COUNTS_3D;
  if (!graphicType) problems.push('GraphicType is missing');
  else if (!limits[graphicType]) {
    problems.push(`GraphicType "${graphicType}" is not one of ${Object.keys(limits).join(', ')}`);
  } else if (values.length > 0) {
    const points = Math.floor(values.length / dims);
    const [min, max] = limits[graphicType];
    if (points < min || points > max) {
      const expected = min === max ? `${min}` : `at least ${min}`;
      problems.push(`${graphicType} has ${points} point(s), expected ${expected}`);
    }
    if (graphicType === 'POLYGON' && points >= min && !samePoint(values, 0, points - 1, dims)) {
      problems.push('POLYGON is not closed: its first and last points differ');
    }
  }
  return { graphicType, graphicData: values };
}

function samePoint(data: number[], a: number, b: number, dims: number): boolean {
  for (let i = 0; i < dims; i++) if (data[a * dims + i] !== data[b * dims + i]) return false;
  return true;
}

/** Decode the value of a content item of the given (declared) value type. */
export function decodeValue(ds: DicomJsonDataset, valueType: string | null, base: ItemBase): ContentItem {
  const problems = base.problems;
  switch (valueType) {
    case 'CONTAINER': {
      const continuity = text(ds, Tag.ContinuityOfContent);
      if (continuity !== null && continuity !== 'SEPARATE' && continuity !== 'CONTINUOUS') {
        problems.push(`ContinuityOfContent "${continuity}" is neither SEPARATE nor CONTINUOUS`);
      }
      const known = continuity === 'SEPARATE' || continuity === 'CONTINUOUS' ? continuity : null;
      return complete<Item<'CONTAINER'>>(base, { valueType, continuityOfContent: known });
    }
    case 'CODE': {
      const seqItem = ds[Tag.ConceptCodeSequence]?.Value?.[0] as DicomJsonDataset | undefined;
      const value = readCode(seqItem);
      if (!seqItem) problems.push('ConceptCodeSequence is missing, so the coded value is unknown');
      else if (!value) problems.push('ConceptCodeSequence has no CodeValue, LongCodeValue or URNCodeValue');
      return complete<Item<'CODE'>>(base, { valueType, value });
    }
    case 'TEXT':
      return textItem(ds, base, valueType, Tag.TextValue);
    case 'UIDREF':
      return textItem(ds, base, valueType, Tag.UID);
    case 'DATE':
      return textItem(ds, base, valueType, Tag.Date);
    case 'TIME':
      return textItem(ds, base, valueType, Tag.Time);
    case 'DATETIME':
      return textItem(ds, base, valueType, Tag.DateTime);
    case 'PNAME':
      return textItem(ds, base, valueType, Tag.PersonName);
    case 'NUM':
      return decodeNum(ds, base);
    case 'IMAGE':
    case 'COMPOSITE':
    case 'WAVEFORM':
      return complete<CompositeItem>(base, { valueType, reference: readSopReference(ds, problems) });
    case 'SCOORD':
      return complete<Item<'SCOORD'>>(base, {
        valueType,
        ...readGraphic(ds, 2, problems),
        pixelOriginInterpretation: text(ds, Tag.PixelOriginInterpretation),
        fiducialUID: text(ds, Tag.FiducialUID),
      });
    case 'SCOORD3D': {
      const referencedFrameOfReferenceUID = text(ds, Tag.ReferencedFrameOfReferenceUID);
      if (!referencedFrameOfReferenceUID) {
        problems.push('ReferencedFrameOfReferenceUID is missing, so the patient coordinates cannot be placed');
      }
      return complete<Item<'SCOORD3D'>>(base, {
        valueType,
        ...readGraphic(ds, 3, problems),
        referencedFrameOfReferenceUID,
        fiducialUID: text(ds, Tag.FiducialUID),
      });
    }
    case 'TCOORD':
      return complete<Item<'TCOORD'>>(base, {
        valueType,
        temporalRangeType: text(ds, Tag.TemporalRangeType),
        referencedSamplePositions: numberList(ds, Tag.ReferencedSamplePositions).values,
        referencedTimeOffsets: numberList(ds, Tag.ReferencedTimeOffsets).values,
        referencedDateTime: stringList(ds, Tag.ReferencedDateTime),
      });
    default:
      problems.push(
        valueType ? `value type "${valueType}" is not supported; its value is not shown` : 'ValueType is missing',
      );
      return complete<Item<'UNSUPPORTED'>>(base, { valueType: 'UNSUPPORTED', declaredValueType: valueType });
  }
}

function textItem(ds: DicomJsonDataset, base: ItemBase, valueType: TextItem['valueType'], tag: string): ContentItem {
  const value = text(ds, tag);
  if (value === null) base.problems.push(`the ${valueType} value is missing`);
  return complete<TextItem>(base, { valueType, value });
}
