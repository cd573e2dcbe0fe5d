// Value bytes -> the values dcmjs's reader produces for each VR: strings trimmed and split the way dcmjs does
// it (which differs per VR), DS/IS as numbers or null, PN as {Alphabetic, Ideographic, Phonetic} objects.
// DS and IS are parsed straight from the bytes when the value is a plain decimal; anything else goes through
// the same string rules dcmjs applies, so both paths give the same numbers.

const BACKSLASH = 0x5c;

// Short strings repeat endlessly in derived objects (code values, meanings, relationship types, UIDs): a
// direct-mapped cache hands out the same string for the same bytes instead of allocating it again.
const CACHE_SIZE = 8192;
const cache: string[] = new Array<string>(CACHE_SIZE).fill('');

function cached(b: Uint8Array, start: number, end: number): string {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ b[i], 0x01000193);
  const slot = (h >>> 0) & (CACHE_SIZE - 1);
  const hit = cache[slot];
  const n = end - start;
  if (hit.length === n) {
    let i = 0;
    while (i < n && hit.charCodeAt(i) === b[start + i]) i++;
    if (i === n) return hit;
  }
  const s = String.fromCharCode.apply(null, b.subarray(start, end) as unknown as number[]);
  cache[slot] = s;
  return s;
}

/** One character per byte (dcmjs's readAsciiString). */
export function latin1(b: Uint8Array, start: number, end: number): string {
  const n = end - start;
  if (n <= 0) return '';
  if (n <= 64) return cached(b, start, end);
  let s = '';
  for (let i = start; i < end; i += 8192) {
    s += String.fromCharCode.apply(null, b.subarray(i, Math.min(end, i + 8192)) as unknown as number[]);
  }
  return s;
}

/** Text in the data set's character set. Short ASCII runs skip the decoder (same result, less overhead). */
export function decodeText(b: Uint8Array, start: number, end: number, decoder: TextDecoder): string {
  if (end - start <= 64 && decoder.encoding !== 'iso-2022-jp') {
    let i = start;
    while (i < end && b[i] < 0x80) i++;
    if (i === end) return latin1(b, start, end);
  }
  return decoder.decode(b.subarray(start, end));
}

/** dcmjs drops a trailing pad character from the last of several values when that value has an odd length. */
export function splitValues(s: string, dropPad: boolean, pad: string): string[] {
  if (s.indexOf('\\') < 0) return [s];
  const values = s.split('\\');
  if (dropPad) {
    const last = values[values.length - 1];
    if (last.length % 2 === 1 && last.endsWith(pad)) values[values.length - 1] = last.slice(0, -1);
  }
  return values;
}

/** dcmjs's DS rule: keep only digits, '.', '+', '-', 'e'/'E' of the trimmed text; empty or not finite -> null. */
function decimalFromText(text: string): number | null {
  const kept = text.trim().replace(/[^0-9.+\-eE\\]/g, '');
  if (kept === '') return null;
  const n = Number(kept);
  return Number.isFinite(n) ? n : null;
}

/** dcmjs's IS rule: an optionally signed run of digits, else null. */
function integerFromText(text: string): number | null {
  const t = text.trim();
  if (!/^[+-]?\d+$/.test(t)) return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
}

const POW10: number[] = [];
for (let k = 0, p = 1; k <= 22; k++, p *= 10) POW10.push(p);

/**
 * DS values. A plain decimal ([+-]digits[.digits], at most 15 digits) is m / 10^k with both exact doubles, so
 * one division gives the correctly rounded value, the same as Number(text); other forms take dcmjs's text rule.
 * (Parsed inline, not in a helper called per value: a returned number would be boxed.)
 */
export function decimalStrings(b: Uint8Array, start: number, end: number): Array<number | null> {
  let count = 1;
  for (let i = start; i < end; i++) if (b[i] === BACKSLASH) count++;
  const out = new Array<number | null>(count);
  let s = start;
  for (let k = 0; k < count; k++) {
    let e = s;
    while (e < end && b[e] !== BACKSLASH) e++;
    let i = s;
    let negative = false;
    if (i < e && (b[i] === 0x2d || b[i] === 0x2b)) negative = b[i++] === 0x2d;
    let m = 0;
    let digits = 0;
    let fraction = 0;
    let dot = false;
    for (; i < e; i++) {
      const c = b[i];
      if (c >= 0x30 && c <= 0x39) {
        m = m * 10 + (c - 0x30);
        digits++;
        if (dot) fraction++;
      } else if (c === 0x2e && !dot) dot = true;
      else break;
    }
    if (i === e && digits > 0 && digits <= 15) {
      const v = m / POW10[fraction];
      out[k] = negative ? -v : v;
    } else {
      out[k] = decimalFromText(latin1(b, s, e));
    }
    s = e + 1;
  }
  return out;
}

/** IS values: optionally signed digits parsed inline, anything else by dcmjs's text rule. */
export function integerStrings(b: Uint8Array, start: number, end: number): Array<number | null> {
  let count = 1;
  for (let i = start; i < end; i++) if (b[i] === BACKSLASH) count++;
  const out = new Array<number | null>(count);
  let s = start;
  for (let k = 0; k < count; k++) {
    let e = s;
    while (e < end && b[e] !== BACKSLASH) e++;
    let i = s;
    let negative = false;
    if (i < e && (b[i] === 0x2d || b[i] === 0x2b)) negative = b[i++] === 0x2d;
    const first = i;
    let m = 0;
    for (; i < e; i++) {
      const c = b[i];
      if (c < 0x30 || c > 0x39) break;
      m = m * 10 + (c - 0x30);
    }
    out[k] = i === e && i > first && i - first <= 15 ? (negative ? -m : m) : integerFromText(latin1(b, s, e));
    s = e + 1;
  }
  return out;
}

/** UI: every value keeps only digits and dots (which also drops the NUL padding). */
export function uids(b: Uint8Array, start: number, end: number): string[] {
  // An odd-length UID is padded with one NUL: no split and no regular expression for it (two per frame of a SEG).
  if (end > start && b[end - 1] === 0) end--;
  let clean = true;
  for (let i = start; i < end; i++) {
    const c = b[i];
    if (!((c >= 0x30 && c <= 0x39) || c === 0x2e)) {
      clean = false;
      break;
    }
  }
  if (clean) return [latin1(b, start, end)];
  return latin1(b, start, end)
    .split('\\')
    .map((v) => v.replace(/[^0-9.]/g, ''));
}

export interface PersonNameValue {
  Alphabetic?: string;
  Ideographic?: string;
  Phonetic?: string;
}

/** PN: one trailing space dropped, empty values left out, components split on '='. */
export function personNames(text: string): PersonNameValue[] {
  const s = text.length === 0 || text.endsWith(' ') ? text.slice(0, -1) : text;
  const out: PersonNameValue[] = [];
  for (const v of s.split('\\')) {
    if (!v) continue;
    const [a, i, p] = v.split('=');
    const name: PersonNameValue = {};
    if (a) name.Alphabetic = a;
    if (i) name.Ideographic = i;
    if (p) name.Phonetic = p;
    out.push(name);
  }
  return out;
}
