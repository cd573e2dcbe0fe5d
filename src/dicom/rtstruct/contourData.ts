// ContourData (3006,0050) in any of the forms DICOM JSON allows -> a typed array of x, y, z triplets.
// From a Part 10 file dcmjs has already split the DS text into numbers; WADO-RS metadata gives numbers (or,
// from some servers, strings); a server may also move a long ContourData out as a BulkDataURI, whose bytes
// are the raw DS text.
import type { DicomJsonElement } from '../json';
import { parseDecimal, parseDecimalStrings } from './decimalString';
import type { ContourPoints } from './model';

export type BulkData = string | Uint8Array;

export interface ContourDataSources {
  /** Bulk data already fetched, by BulkDataURI. */
  bulkData?: ReadonlyMap<string, BulkData>;
  /** Why a BulkDataURI could not be fetched, by URI (shown in the problem message). */
  bulkDataFailures?: ReadonlyMap<string, string>;
  precision?: 'float32' | 'float64';
}

/** Why a contour was left out; the same reasons are grouped into one message per ROI. */
export type ContourDataProblem =
  | 'no ContourData'
  | 'ContourData bulk data not retrieved'
  | 'not a multiple of 3 coordinates'
  | 'values that are not numbers';

export type ContourDataResult = { points: ContourPoints } | { problem: ContourDataProblem; detail: string };

function base64Bytes(text: string): Uint8Array {
  const bin = atob(text);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

function fromValues(values: NonNullable<DicomJsonElement['Value']>, precision: 'float32' | 'float64'): ContourPoints {
  // A server that puts the whole multi-valued text into one JSON string still gets read.
  if (values.some((v) => typeof v === 'string' && v.includes('\\'))) {
    return parseDecimalStrings(values.map((v) => (v === null ? '' : String(v))).join('\\'), precision);
  }
  const out = precision === 'float32' ? new Float32Array(values.length) : new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    out[i] = typeof v === 'number' ? v : typeof v === 'string' ? parseDecimal(v) : NaN;
  }
  return out;
}

function rawPoints(el: DicomJsonElement, src: ContourDataSources): ContourDataResult {
  const precision = src.precision ?? 'float64';
  if (el.Value && el.Value.length > 0) return { points: fromValues(el.Value, precision) };
  if (el.BulkDataURI) {
    const data = src.bulkData?.get(el.BulkDataURI);
    if (data === undefined) {
      const why = src.bulkDataFailures?.get(el.BulkDataURI) ?? 'no bulk data resolver was given';
      return { problem: 'ContourData bulk data not retrieved', detail: why };
    }
    return { points: parseDecimalStrings(data, precision) };
  }
  if (el.InlineBinary) return { points: parseDecimalStrings(base64Bytes(el.InlineBinary), precision) };
  return { problem: 'no ContourData', detail: 'ContourData is empty' };
}

/** Read and check one ContourData element: whole triplets of finite numbers, or a reason to leave it out. */
export function readContourData(el: DicomJsonElement | undefined, src: ContourDataSources): ContourDataResult {
  if (!el) return { problem: 'no ContourData', detail: 'ContourData is missing' };
  const result = rawPoints(el, src);
  if (!('points' in result)) return result;
  const p = result.points;
  if (p.length === 0) return { problem: 'no ContourData', detail: 'ContourData is empty' };
  if (p.length % 3 !== 0) return { problem: 'not a multiple of 3 coordinates', detail: `${p.length} coordinates` };
  for (let i = 0; i < p.length; i++) {
    // NaN and infinities both fail this test; a finite check per value is cheap next to the parse.
    if (!(p[i] - p[i] === 0)) {
      return { problem: 'values that are not numbers', detail: `coordinate ${i + 1} of ${p.length}` };
    }
  }
  return result;
}
