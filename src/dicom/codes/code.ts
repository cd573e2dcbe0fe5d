// Coded concepts (PS3.3 8.8): Tag.CodeValue / Tag.LongCodeValue / Tag.URNCodeValue with scheme and meaning.
import { str, type DicomJsonDataset } from '../json';
import { Tag } from '../tags';

export interface Code {
  code: string;
  scheme: string;
  meaning: string;
}


/** A code sequence item as a Code, or null when it has no value. */
export function readCode(item: DicomJsonDataset | undefined): Code | null {
  if (!item) return null;
  const code = str(item, Tag.CodeValue) ?? str(item, Tag.LongCodeValue) ?? str(item, Tag.URNCodeValue);
  if (!code) return null;
  return { code, scheme: str(item, Tag.CodingSchemeDesignator) ?? '', meaning: str(item, Tag.CodeMeaning) ?? code };
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
