// Strict readers for DICOM JSON values: unlike json.ts's lenient nums(), they say what was wrong, because a
// measurement that silently loses a value would show a wrong number rather than a visible problem.
import type { DicomJsonDataset } from '../json';

type RawValue = string | number | object | null | undefined;

const DECIMAL_STRING = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** A DS/IS/FL/FD value as a finite number, or null when it is absent or not a number. */
export function toNumber(v: RawValue): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'string') {
    const t = v.trim();
    return DECIMAL_STRING.test(t) ? Number(t) : null;
  }
  return null;
}

export function firstRaw(ds: DicomJsonDataset, tag: string): RawValue {
  return ds[tag]?.Value?.[0];
}

/** The value as a person would read it in the file, for problem texts. */
export function rawText(v: RawValue): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number') return String(v);
  return JSON.stringify(v);
}

/**
 * All values of a numeric attribute. Values that are not numbers are dropped and counted, so the caller can
 * report them (and the point count stays honest).
 */
export function numberList(ds: DicomJsonDataset, tag: string): { values: number[]; invalid: number } {
  const raw = ds[tag]?.Value ?? [];
  const values: number[] = [];
  let invalid = 0;
  for (const v of raw) {
    const n = toNumber(v as RawValue);
    if (n === null) invalid++;
    else values.push(n);
  }
  return { values, invalid };
}

/** All string values of an attribute, trimmed, empty ones dropped. */
export function stringList(ds: DicomJsonDataset, tag: string): string[] {
  const out: string[] = [];
  for (const v of ds[tag]?.Value ?? []) {
    if (typeof v === 'string' && v.trim() !== '') out.push(v.trim());
  }
  return out;
}
