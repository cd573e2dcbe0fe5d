// UCUM unit codes (https://ucum.org) as a person reads them next to a number: mm3 -> mm³, [hnsf'U] -> HU.
// Units in SR are coded in UCUM's case-sensitive syntax, which is exact but not meant for display.
import type { Code } from './code';

/** Whole codes whose display is not a mechanical rewrite of the code. */
const WHOLE_CODES: Record<string, string> = {
  Cel: '°C',
  '[degF]': '°F',
  deg: '°',
  "[hnsf'U]": 'HU',
  'mm[Hg]': 'mmHg',
};

/** Bracketed (non-metric) atoms. Others lose their brackets. */
const BRACKET_ATOMS: Record<string, string> = {
  "[hnsf'U]": 'HU',
  "[arb'U]": 'arb. unit',
  '[iU]': 'IU',
  '[IU]': 'IU',
  '[ppm]': 'ppm',
  '[ppb]': 'ppb',
  '[pi]': 'π',
  '[in_i]': 'in',
  '[lb_av]': 'lb',
};

/** Meanings writers give the unity code "1" when they mean "no unit" (as opposed to e.g. "px"). */
const UNITY_MEANINGS = new Set(['', '1', 'no units', 'no unit', 'unity', 'unitless', 'dimensionless', 'ratio', 'one']);

const SUPERSCRIPT_DIGITS = '⁰¹²³⁴⁵⁶⁷⁸⁹';

function superscript(exponent: string): string {
  return [...exponent].map((c) => (c === '-' ? '⁻' : c === '+' ? '' : SUPERSCRIPT_DIGITS[Number(c)])).join('');
}

/** Rewrite one UCUM expression; each step handles one piece of UCUM syntax. */
function rewrite(code: string): string {
  const whole = WHOLE_CODES[code];
  if (whole !== undefined) return whole;
  // SUV units are an annotation on a mass concentration ({SUVbw}g/ml): the annotation is the unit people know.
  const suv = /^\{(SUV[A-Za-z]*)\}/.exec(code);
  if (suv) return suv[1];
  let out = code.replace(/\[[^\]]*\]/g, (atom) => BRACKET_ATOMS[atom] ?? atom.slice(1, -1));
  // Annotations ({pixels}, {counts}/s) are free text: keep the text, drop the braces.
  out = out.replace(/\{([^}]*)\}/g, '$1');
  // "10*3" and "10^3" are powers of ten.
  out = out.replace(/10[*^]([+-]?\d+)/g, (_, e: string) => `10${superscript(e)}`);
  // An exponent is an integer right after an atom: m2, s-1, mm3.
  out = out.replace(/([A-Za-zµ°%')])([+-]?\d+)/g, (_, atom: string, e: string) => atom + superscript(e));
  // "u" is UCUM's ASCII spelling of the micro prefix.
  out = out.replace(/(^|[./(])u(?=(mol|m|g|L|l|s|Gy|Sv|Ci|Bq|Pa|V|A)(?![a-z]))/g, '$1µ');
  // "." multiplies; a middle dot reads as a product (digits on both sides would be a decimal point).
  out = out.replace(/(?<!\d)\.|\.(?!\d)/g, '·');
  return out;
}

/**
 * A unit as display text. Accepts a coded unit (MeasurementUnitsCodeSequence) or a bare UCUM code. Units
 * coded outside UCUM show their meaning. The unity "1" shows as '' (no unit) unless its meaning names
 * something (some writers code pixels as "1" with meaning "px").
 */
export function ucumDisplay(unit: Code | string | null | undefined): string {
  if (unit === null || unit === undefined) return '';
  const code = typeof unit === 'string' ? unit : unit.code;
  const meaning = typeof unit === 'string' ? '' : unit.meaning;
  if (typeof unit !== 'string' && unit.scheme !== 'UCUM' && unit.scheme !== '') return meaning || code;
  const trimmed = code.trim();
  if (trimmed === '1') return UNITY_MEANINGS.has(meaning.trim().toLowerCase()) ? '' : meaning.trim();
  return rewrite(trimmed);
}
