// Coded concepts (PS3.3 8.8): CodeValue / LongCodeValue / URNCodeValue with scheme and meaning.
import { str, type DicomJsonDataset } from '../json';

export interface Code {
  code: string;
  scheme: string;
  meaning: string;
}

const CodeValue = '00080100';
const CodingSchemeDesignator = '00080102';
const CodeMeaning = '00080104';
const LongCodeValue = '00080119';
const URNCodeValue = '00080120';

/** A code sequence item as a Code, or null when it has no value. */
export function readCode(item: DicomJsonDataset | undefined): Code | null {
  if (!item) return null;
  const code = str(item, CodeValue) ?? str(item, LongCodeValue) ?? str(item, URNCodeValue);
  if (!code) return null;
  return { code, scheme: str(item, CodingSchemeDesignator) ?? '', meaning: str(item, CodeMeaning) ?? code };
}

/** The first item of a code sequence attribute of `ds`. */
export function readCodeSeq(ds: DicomJsonDataset | undefined, tag: string): Code | null {
  return readCode(ds?.[tag]?.Value?.[0] as DicomJsonDataset | undefined);
}

/** All items of a code sequence attribute. */
export function readCodes(ds: DicomJsonDataset | undefined, tag: string): Code[] {
  return ((ds?.[tag]?.Value ?? []) as DicomJsonDataset[]).map(readCode).filter((c): c is Code => c !== null);
}

/** Same concept, whatever the meaning text (schemes SRT and SCT name the same SNOMED codes). */
export function sameCode(a: Code | null, b: Code | null): boolean {
  if (!a || !b) return false;
  const norm = (s: string): string => (s === 'SRT' ? 'SCT' : s);
  return a.code === b.code && norm(a.scheme) === norm(b.scheme);
}
