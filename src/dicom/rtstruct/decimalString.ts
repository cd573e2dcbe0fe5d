// Decimal String (DS, PS3.5 6.2) values -> numbers. ContourData is the hot path of RTSTRUCT decoding: a
// structure set can hold millions of coordinates, and when it arrives as bulk data (WADO-RS BulkDataURI) it
// is one long backslash-separated ASCII text. Splitting that into strings and calling Number() on each makes
// one short-lived string per coordinate; this parser reads the bytes directly and allocates only the output.

const BACKSLASH = 0x5c;
const SPACE = 0x20;
const NUL = 0x00;
const MINUS = 0x2d;
const PLUS = 0x2b;
const DOT = 0x2e;
const ZERO = 0x30;
const NINE = 0x39;

// Exact powers of ten: a mantissa below 2^53 divided by one of these is correctly rounded, i.e. the same
// double Number() gives for the text.
const POW10 = Array.from({ length: 23 }, (_, i) => Number(`1e${i}`));
// 15 digits always fit below 2^53; longer mantissas take the slow path.
const MAX_FAST_DIGITS = 15;

const DS_SYNTAX = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** One DS value as text -> number; NaN when it is empty or not a decimal number. */
export function parseDecimal(text: string): number {
  const t = text.trim();
  return DS_SYNTAX.test(t) ? Number(t) : NaN;
}

function isPadding(c: number): boolean {
  return c === SPACE || c === NUL;
}

function slowValue(bytes: Uint8Array, start: number, end: number): number {
  let text = '';
  for (let i = start; i < end; i++) text += String.fromCharCode(bytes[i]);
  return parseDecimal(text.replace(/\0/g, ''));
}

/**
 * All values of a DS element given as its raw bytes (or text). Empty or malformed values become NaN, so the
 * caller can say which coordinate is wrong; an element that is empty or only padding gives no values.
 */
export function parseDecimalStrings(
  input: Uint8Array | string,
  into?: 'float32' | 'float64',
): Float32Array | Float64Array {
  const bytes = typeof input === 'string' ? new TextEncoder().encode(input) : input;
  let end = bytes.length;
  while (end > 0 && isPadding(bytes[end - 1])) end--;
  let count = end === 0 ? 0 : 1;
  for (let i = 0; i < end; i++) if (bytes[i] === BACKSLASH) count++;
  const out = into === 'float32' ? new Float32Array(count) : new Float64Array(count);
  let i = 0;
  for (let k = 0; k < count; k++) {
    const start = i;
    while (i < end && isPadding(bytes[i])) i++;
    let negative = false;
    if (bytes[i] === MINUS) {
      negative = true;
      i++;
    } else if (bytes[i] === PLUS) i++;
    let mantissa = 0;
    let digits = 0;
    let decimals = 0;
    let dot = false;
    for (; i < end; i++) {
      const c = bytes[i];
      if (c >= ZERO && c <= NINE) {
        mantissa = mantissa * 10 + (c - ZERO);
        digits++;
        if (dot) decimals++;
      } else if (c === DOT && !dot) dot = true;
      else break;
    }
    while (i < end && isPadding(bytes[i])) i++;
    const clean = i >= end || bytes[i] === BACKSLASH;
    if (clean && digits > 0 && digits <= MAX_FAST_DIGITS) {
      const v = decimals === 0 ? mantissa : mantissa / POW10[decimals];
      out[k] = negative ? -v : v;
    } else {
      // Exponents, very long mantissas and garbage: find the end of this value and let the regex decide.
      while (i < end && bytes[i] !== BACKSLASH) i++;
      out[k] = slowValue(bytes, start, i);
    }
    i++; // past the backslash
  }
  return out;
}
