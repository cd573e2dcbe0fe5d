// The units Cornerstone's tools show (mm, mm², HU, SUV, ...) as UCUM codes (PS3.16 CID 82 and its UCUM rules):
// a report carries the code, a person reads the meaning. A unit with no UCUM form here (a PET image's stored unit
// such as "raw") becomes a UCUM annotation ({raw}), which UCUM defines as dimensionless, so nothing claims a unit
// the value does not have.
import type { Code } from '../../codes/code';

const ucum = (code: string, meaning: string): Code => ({ code, scheme: 'UCUM', meaning });

const KNOWN: Record<string, Code> = {
  mm: ucum('mm', 'millimeter'),
  'mm²': ucum('mm2', 'square millimeter'),
  cm: ucum('cm', 'centimeter'),
  'cm²': ucum('cm2', 'square centimeter'),
  'mm³': ucum('mm3', 'cubic millimeter'),
  '°': ucum('deg', 'degree'),
  HU: ucum("[hnsf'U]", 'Hounsfield unit'),
  SUV: ucum('{SUVbw}g/ml', 'Standardized Uptake Value body weight'),
  BQML: ucum('Bq/ml', 'Becquerels/milliliter'),
  CNTS: ucum('{counts}', 'Counts'),
  px: ucum('{px}', 'pixels'),
  'px²': ucum('{px2}', 'square pixels'),
  '': ucum('1', 'no units'),
  unitless: ucum('1', 'no units'),
};

/** The UCUM code of a unit as Cornerstone shows it. */
export function ucumUnit(shown: string): Code {
  const known = KNOWN[shown.trim()];
  if (known) return known;
  // UCUM annotations are printable ASCII without braces.
  const text = shown.replace(/[^\x21-\x7a|~]/g, '').slice(0, 14) || 'unit';
  return ucum(`{${text}}`, shown.trim() || 'no units');
}
