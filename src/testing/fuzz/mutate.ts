// The deterministic mutator: one seeded PRNG per case, so (seed, case index) names a mutated file exactly and a
// failure reproduces from the two numbers it prints. Each kind is a fault a hostile or broken writer produces;
// `describe` says what was done, in words a reader of a failing test can act on.
import { createRandomUint32 } from '../../samples/random';
import { layoutOf, UNDEFINED, type FileLayout, type Span } from './elements';
import { itemHeader, replaceElement, replaceValue, setLength, textValue, u16Value } from './edits';
import { contentCycle, deepNesting } from './srMutations';

export const MUTATION_KINDS = [
  'bit-flip',
  'truncate',
  'truncate-in-sequence',
  'truncate-in-pixel-data',
  'length',
  'pixel-data-length',
  'wrong-vr',
  'dimensions',
  'reference-number',
  'decimal-string',
  'contour-count',
  'sr-cycle',
  'deep-nesting',
  'empty-sequence',
  'no-meta',
  'meta-without-syntax',
  'stacked',
] as const;
export type MutationKind = (typeof MUTATION_KINDS)[number];

export interface Mutation {
  kind: MutationKind;
  description: string;
  bytes: Uint8Array;
}

export type Random = () => number;

/** mulberry32: small, fast, and the same numbers on every machine. */
export function seededRandom(seed: number): Random {
  const next = createRandomUint32(seed);
  return () => next() / 4294967296;
}

const pick = <T>(rng: Random, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)];
const int = (rng: Random, lo: number, hi: number): number => lo + Math.floor(rng() * (hi - lo));
const hex = (tag: number): string => tag.toString(16).toUpperCase().padStart(8, '0');
const dataSpans = (l: FileLayout): Span[] => l.spans.filter((s) => !s.inMeta);
const withTag = (l: FileLayout, tags: number[]): Span[] => dataSpans(l).filter((s) => tags.includes(s.tag));

const PIXEL_TAGS = [0x7fe00010, 0x7fe00008, 0x7fe00009];
const US_DIMENSIONS = [0x00280010, 0x00280011, 0x00280100, 0x00280101, 0x00280102, 0x00280002, 0x00280103];
const REFERENCE_US = [0x0062000b, 0x00620004];
const REFERENCE_IS = [0x30060022, 0x30060084, 0x30060046];
const REQUIRED_SEQUENCES = [
  0x00620002, 0x52009230, 0x52009229, 0x30060020, 0x30060039, 0x30060040, 0x0040a730, 0x0040a043, 0x00209111, 0x00209113,
  0x00289110, 0x00289145, 0x00409096, 0x00081115, 0x30060010, 0x0040a168, 0x00700023, 0x00620003, 0x00089124,
];
const ABSURD_US = [0, 1, 3, 7, 9, 17, 63, 64, 255, 256, 32768, 65535];
const ABSURD_IS = ['0', '-1', '1', '65535', '99999999', '2147483648', '1e9', 'abc', '', '3.5', 'NaN', '+'];
const ABSURD_DS = ['NaN', 'Inf', '-Infinity', '1e999', 'abc', '', '\\\\', '1e-400', '+', '.', '1\\NaN\\2', '-1e308\\1e308'];
const VRS = ['UT', 'UV', 'SQ', 'OB', 'UN', 'US', 'FD', 'DS', 'AT', 'CS', 'ZZ', 'LO', 'IS', 'OW', 'SV', 'OL'];

/** The case's mutation, or null when the file has nothing this kind can act on. */
function apply(kind: MutationKind, bytes: Uint8Array, layout: FileLayout, rng: Random): Omit<Mutation, 'kind'> | null {
  const { syntax } = layout;
  const data = dataSpans(layout);
  switch (kind) {
    case 'bit-flip': {
      const out = bytes.slice();
      const flips = int(rng, 1, 9);
      const at: number[] = [];
      for (let i = 0; i < flips; i++) {
        // Half the flips land in an element header, where they change the file's structure rather than a pixel.
        const s = data.length && rng() < 0.5 ? pick(rng, data) : null;
        const p = s ? int(rng, s.at, Math.min(s.valueStart + 4, out.length)) : int(rng, 0, out.length);
        out[p] ^= 1 << int(rng, 0, 8);
        at.push(p);
      }
      return { bytes: out, description: `flipped a bit at bytes ${at.join(', ')}` };
    }
    case 'truncate': {
      const n = int(rng, 0, bytes.length);
      return { bytes: bytes.slice(0, n), description: `cut to ${n} of ${bytes.length} bytes` };
    }
    case 'truncate-in-sequence':
    case 'truncate-in-pixel-data': {
      const inPixels = kind === 'truncate-in-pixel-data';
      const spans = inPixels ? withTag(layout, PIXEL_TAGS) : data.filter((s) => s.vr === 'SQ' || s.length === UNDEFINED);
      const s = spans.length ? pick(rng, spans) : null;
      if (!s || s.end <= s.valueStart + 1) return null;
      const n = int(rng, s.valueStart + 1, s.end);
      return { bytes: bytes.slice(0, n), description: `cut to ${n} bytes, inside ${hex(s.tag)} (${s.valueStart}-${s.end})` };
    }
    case 'length':
    case 'pixel-data-length': {
      const spans = kind === 'length' ? data : withTag(layout, PIXEL_TAGS);
      if (!spans.length) return null;
      const s = pick(rng, spans);
      const n = pick(rng, [0, 1, 2, UNDEFINED, 0x7fffffff, 0xfffffffe, s.length + 2, s.length - 2, Math.floor(rng() * 2 ** 32), bytes.length, Math.floor(s.length / 2)]);
      return { bytes: setLength(bytes, s, n, s.inMeta || syntax.little), description: `length of ${hex(s.tag)} set to ${n} (was ${s.length})` };
    }
    case 'wrong-vr': {
      if (syntax.implicit || !data.length) return null;
      const s = pick(rng, data);
      if (s.length === UNDEFINED) return null;
      const vr = pick(rng, VRS);
      const el = replaceElementVr(bytes, s, vr);
      return { bytes: replaceElement(bytes, s, el, syntax), description: `VR of ${hex(s.tag)} changed from ${s.vr} to ${vr}` };
    }
    case 'dimensions': {
      const spans = withTag(layout, [...US_DIMENSIONS, 0x00280008]);
      if (!spans.length) return null;
      const s = pick(rng, spans);
      const value = s.tag === 0x00280008 ? pick(rng, ABSURD_IS) : pick(rng, ABSURD_US);
      const v = typeof value === 'string' ? textValue(value) : u16Value([value], syntax.little);
      return { bytes: replaceValue(bytes, s, v, syntax), description: `${hex(s.tag)} set to ${JSON.stringify(value)}` };
    }
    case 'reference-number': {
      const spans = withTag(layout, [...REFERENCE_US, ...REFERENCE_IS]);
      if (!spans.length) return null;
      const s = pick(rng, spans);
      const text = REFERENCE_IS.includes(s.tag);
      const value = text ? pick(rng, ['-1', '0', '99999', 'abc', '65536', '1\\2', '']) : pick(rng, [0, 65535, 255, 256, 9999]);
      const v = typeof value === 'string' ? textValue(value) : u16Value([value], syntax.little);
      return { bytes: replaceValue(bytes, s, v, syntax), description: `${hex(s.tag)} at byte ${s.at} set to ${JSON.stringify(value)}` };
    }
    case 'decimal-string': {
      const spans = data.filter((s) => s.vr === 'DS' && s.length !== UNDEFINED);
      if (!spans.length) return null;
      const s = pick(rng, spans);
      const value = pick(rng, ABSURD_DS);
      return { bytes: replaceValue(bytes, s, textValue(value), syntax), description: `DS ${hex(s.tag)} at byte ${s.at} set to ${JSON.stringify(value)}` };
    }
    case 'contour-count':
      return contourCount(bytes, layout, rng);
    case 'sr-cycle':
      return contentCycle(bytes, layout, rng);
    case 'deep-nesting':
      return deepNesting(bytes, layout, rng);
    case 'empty-sequence': {
      const required = withTag(layout, REQUIRED_SEQUENCES);
      const spans = required.length && rng() < 0.8 ? required : data.filter((s) => s.vr === 'SQ');
      if (!spans.length) return null;
      const s = pick(rng, spans);
      const emptyItem = rng() < 0.5;
      const value = emptyItem ? itemHeader(0xfffee000, 0, syntax.little) : new Uint8Array(0);
      return { bytes: replaceValue(bytes, s, value, syntax), description: `sequence ${hex(s.tag)} at byte ${s.at} ${emptyItem ? 'holds one empty item' : 'emptied'}` };
    }
    case 'no-meta':
      if (!syntax.little) return null;
      return { bytes: bytes.slice(layout.dataStart), description: `preamble and meta group removed (data set ${syntax.implicit ? 'implicit' : 'explicit'} VR)` };
    case 'meta-without-syntax':
      return metaWithoutSyntax(bytes, layout);
    case 'stacked':
      return null;
  }
}

/** The element re-encoded with another VR: value bytes kept, header in that VR's form. */
function replaceElementVr(bytes: Uint8Array, s: Span, vr: string): Uint8Array {
  const value = bytes.subarray(s.valueStart, Math.min(s.valueStart + s.length, bytes.length));
  const long = ['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'SV', 'UC', 'UN', 'UR', 'UT', 'UV'].includes(vr) || vr === 'ZZ';
  const out = new Uint8Array((long ? 12 : 8) + value.length);
  out.set(bytes.subarray(s.at, s.at + 4));
  out[4] = vr.charCodeAt(0);
  out[5] = vr.charCodeAt(1);
  const v = new DataView(out.buffer);
  if (long) v.setUint32(8, value.length, true);
  else v.setUint16(6, Math.min(value.length, 0xffff), true);
  out.set(value, long ? 12 : 8);
  return out;
}

function contourCount(bytes: Uint8Array, layout: FileLayout, rng: Random): Omit<Mutation, 'kind'> | null {
  const { syntax } = layout;
  const spans = withTag(layout, [0x30060050, 0x00700022, 0x0040a0cc]);
  if (!spans.length) return null;
  const s = pick(rng, spans);
  const raw = bytes.subarray(s.valueStart, Math.min(s.valueStart + s.length, bytes.length));
  if (s.tag === 0x30060050) {
    const values = new TextDecoder('latin1').decode(raw).trim().split('\\');
    const drop = int(rng, 1, 3);
    const kept = rng() < 0.8 ? values.slice(0, Math.max(0, values.length - drop)) : [...values, '7'];
    return { bytes: replaceValue(bytes, s, textValue(kept.join('\\')), syntax), description: `ContourData at byte ${s.at} holds ${kept.length} numbers (was ${values.length})` };
  }
  // GraphicData (FL) or ReferencedSamplePositions (UL): one value short of whole points.
  const cut = raw.subarray(0, Math.max(0, raw.length - 4));
  return { bytes: replaceValue(bytes, s, cut.slice(), syntax), description: `${hex(s.tag)} at byte ${s.at} loses its last 4-byte value` };
}

function metaWithoutSyntax(bytes: Uint8Array, layout: FileLayout): Omit<Mutation, 'kind'> | null {
  const ts = layout.spans.find((s) => s.inMeta && s.tag === 0x00020010);
  const group = layout.spans.find((s) => s.inMeta && s.tag === 0x00020000);
  if (!ts) return null;
  const out = new Uint8Array(bytes.length - (ts.end - ts.at));
  out.set(bytes.subarray(0, ts.at));
  out.set(bytes.subarray(ts.end), ts.at);
  if (group) {
    const v = new DataView(out.buffer);
    v.setUint32(group.valueStart, v.getUint32(group.valueStart, true) - (ts.end - ts.at), true);
  }
  return { bytes: out, description: 'Transfer Syntax UID removed from the meta group' };
}

const SINGLE = MUTATION_KINDS.filter((k) => k !== 'stacked');

/** One mutation of `kind`, or (kind not applicable to this file) one of another kind chosen by the same PRNG. */
export function mutate(bytes: Uint8Array, kind: MutationKind, rng: Random): Mutation {
  if (kind === 'stacked') {
    const steps = int(rng, 2, 5);
    let cur = bytes;
    const done: string[] = [];
    for (let i = 0; i < steps; i++) {
      // Removing the meta group ends a stack: the layout walk after it would no longer find the data set.
      const k = pick(rng, SINGLE.filter((x) => x !== 'no-meta' || i === steps - 1));
      const m = mutate(cur, k, rng);
      cur = m.bytes;
      done.push(`${m.kind}: ${m.description}`);
    }
    return { kind, bytes: cur, description: done.join('; then ') };
  }
  const layout = layoutOf(bytes);
  for (let attempt = 0; attempt < 8; attempt++) {
    const k: MutationKind = attempt === 0 ? kind : pick(rng, SINGLE);
    const m = apply(k, bytes, layout, rng);
    if (m) return { kind: k, ...m };
  }
  const n = int(rng, 0, bytes.length);
  return { kind: 'truncate', bytes: bytes.slice(0, n), description: `cut to ${n} of ${bytes.length} bytes` };
}

/** Case `index` of the run with `seed`: the same file and mutation on every machine. */
export function fuzzCase(inputs: readonly Uint8Array[], seed: number, index: number): Mutation & { input: number } {
  const rng = seededRandom((seed ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0);
  const input = Math.floor(rng() * inputs.length);
  const kind = pick(rng, MUTATION_KINDS);
  return { input, ...mutate(inputs[input], kind, rng) };
}
