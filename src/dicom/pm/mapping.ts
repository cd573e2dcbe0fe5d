// Real World Value Mapping (PS3.3 C.7.6.16.2.11): the first item of a RealWorldValueMappingSequence, with the
// quantity it measures (QuantityDefinitionSequence) and its units.
import { readCode, readCodeSeq, type Code } from '../codes/code';
import { num, seq, text, type DicomJsonDataset } from '../json';
import type { RealWorldValueMapping } from './model';
import { Tag } from '../tags';

/** The concept name of the QuantityDefinitionSequence item that names the quantity (SCT 246205007 "Quantity"). */
const QUANTITY_CONCEPT_CODES = new Set(['246205007', 'G-C1C6']);


/** The quantity: the CODE item named "Quantity", else the first CODE item of QuantityDefinitionSequence. */
function quantityOf(item: DicomJsonDataset): Code | null {
  const items = seq(item, Tag.QuantityDefinitionSequence);
  const codes = items
    .map((i) => ({ name: readCodeSeq(i, Tag.ConceptNameCodeSequence), value: readCodeSeq(i, Tag.ConceptCodeSequence) }))
    .filter((c) => c.value !== null);
  const named = codes.find((c) => c.name && QUANTITY_CONCEPT_CODES.has(c.name.code));
  return (named ?? codes[0])?.value ?? null;
}

export type MappingRead =
  | { mapping: RealWorldValueMapping; note: string | null }
  | { mapping: null; note: string };

/** The mapping of one RealWorldValueMappingSequence (a shared or per-frame functional group). */
export function readMapping(sequence: DicomJsonDataset[]): MappingRead {
  const item = sequence[0];
  if (!item) return { mapping: null, note: 'has no Real World Value Mapping' };
  const label = text(item, Tag.LUTLabel);
  const slope = num(item, Tag.RealWorldValueSlope);
  const intercept = num(item, Tag.RealWorldValueIntercept);
  if (slope === undefined || intercept === undefined || !Number.isFinite(slope) || !Number.isFinite(intercept)) {
    const lut = item[Tag.RealWorldValueLUTData] ? ' (a RealWorldValueLUTData table, which is not supported)' : '';
    return {
      mapping: null,
      note: `its Real World Value Mapping${label ? ` "${label}"` : ''} has no usable slope and intercept${lut}`,
    };
  }
  const first = num(item, Tag.RealWorldValueFirstValueMapped);
  const last = num(item, Tag.RealWorldValueLastValueMapped);
  return {
    mapping: {
      lutLabel: label,
      lutExplanation: text(item, Tag.LUTExplanation),
      measurementUnits: readCode(seq(item, Tag.MeasurementUnitsCodeSequence)[0]),
      quantity: quantityOf(item),
      slope,
      intercept,
      firstValueMapped: first ?? null,
      lastValueMapped: last ?? null,
    },
    note:
      sequence.length > 1
        ? `has ${sequence.length} Real World Value Mapping items; the first${label ? ` ("${label}")` : ''} is used`
        : null,
  };
}

export function sameMapping(a: RealWorldValueMapping, b: RealWorldValueMapping): boolean {
  return (
    a.slope === b.slope &&
    a.intercept === b.intercept &&
    a.lutLabel === b.lutLabel &&
    a.firstValueMapped === b.firstValueMapped &&
    a.lastValueMapped === b.lastValueMapped &&
    a.measurementUnits?.code === b.measurementUnits?.code &&
    a.quantity?.code === b.quantity?.code
  );
}
