// Where each element of a Part 10 file lies, for the mutator: header, length field, value, enclosing
// defined lengths. A tolerant walk of its own, not the decoders' reader: the mutator must see the file as bytes
// (to cut, flip and re-length them) and must never depend on the code it is testing.
import { dictionaryVr } from '../../dicom/part10/vr';

export const UNDEFINED = 0xffffffff;
const ITEM = 0xfffee000;
const ITEM_END = 0xfffee00d;
const SEQUENCE_END = 0xfffee0dd;
const PIXEL_DATA = 0x7fe00010;
const MAX_DEPTH = 64;
const LONG_VRS = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'SV', 'UC', 'UN', 'UR', 'UT', 'UV']);

export interface Syntax {
  implicit: boolean;
  little: boolean;
}

export interface Span {
  tag: number;
  /** explicit VR as written, else the dictionary's ('' when it has none) */
  vr: string;
  at: number;
  /** where the length field is and how wide (2 or 4 bytes) */
  lengthAt: number;
  lengthSize: 2 | 4;
  valueStart: number;
  /** as written (UNDEFINED possible) */
  length: number;
  /** past the element, delimiters included */
  end: number;
  depth: number;
  /** length fields (4 bytes) of the enclosing defined-length sequences and items: a resize must update them */
  ancestors: number[];
  inMeta: boolean;
}

export interface FileLayout {
  syntax: Syntax;
  /** where the data set starts (after the meta group) */
  dataStart: number;
  spans: Span[];
}

export function isLongVr(vr: string): boolean {
  return LONG_VRS.has(vr);
}

class Walker {
  readonly view: DataView;
  readonly spans: Span[] = [];
  constructor(
    readonly bytes: Uint8Array,
    readonly syntax: Syntax,
    readonly inMeta: boolean,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  u16(p: number): number {
    return this.view.getUint16(p, this.syntax.little);
  }
  u32(p: number): number {
    return this.view.getUint32(p, this.syntax.little);
  }
  tag(p: number): number {
    return this.u16(p) * 0x10000 + this.u16(p + 2);
  }

  /** Elements from p to end (or an item delimiter); returns where it stopped. */
  dataset(p: number, end: number, depth: number, ancestors: number[]): number {
    // Deeper than any real file (a mutation nested it): what lies below is left unlisted, not walked.
    if (depth > MAX_DEPTH) return end;
    while (p + 8 <= end) {
      const tag = this.tag(p);
      if (tag === ITEM_END) return p + 8;
      if (this.inMeta && tag >>> 16 !== 2) return p;
      let vr: string;
      let lengthAt: number;
      let lengthSize: 2 | 4;
      if (this.syntax.implicit && !this.inMeta) {
        vr = dictionaryVr(tag) ?? '';
        lengthAt = p + 4;
        lengthSize = 4;
      } else {
        vr = String.fromCharCode(this.bytes[p + 4], this.bytes[p + 5]);
        lengthSize = isLongVr(vr) ? 4 : 2;
        lengthAt = lengthSize === 4 ? p + 8 : p + 6;
      }
      if (lengthAt + lengthSize > end) return end;
      const length = lengthSize === 4 ? this.u32(lengthAt) : this.u16(lengthAt);
      const valueStart = lengthAt + lengthSize;
      const span: Span = { tag, vr, at: p, lengthAt, lengthSize, valueStart, length, end: 0, depth, ancestors, inMeta: this.inMeta };
      this.spans.push(span);
      const isSequence = vr === 'SQ' || (length === UNDEFINED && tag !== PIXEL_DATA);
      if (length === UNDEFINED) {
        span.end = isSequence ? this.items(valueStart, end, depth + 1, ancestors) : this.fragments(valueStart, end);
      } else {
        const stop = Math.min(valueStart + length, end);
        if (isSequence) this.items(valueStart, stop, depth + 1, [...ancestors, lengthAt]);
        span.end = stop;
      }
      p = span.end;
    }
    return end;
  }

  items(p: number, end: number, depth: number, ancestors: number[]): number {
    while (p + 8 <= end) {
      const tag = this.tag(p);
      const length = this.u32(p + 4);
      if (tag === SEQUENCE_END) return p + 8;
      if (tag !== ITEM) return end;
      if (length === UNDEFINED) p = this.dataset(p + 8, end, depth, ancestors);
      else {
        const stop = Math.min(p + 8 + length, end);
        this.dataset(p + 8, stop, depth, [...ancestors, p + 4]);
        p = stop;
      }
    }
    return end;
  }

  fragments(p: number, end: number): number {
    while (p + 8 <= end) {
      const tag = this.tag(p);
      if (tag === SEQUENCE_END) return p + 8;
      if (tag !== ITEM) return end;
      p += 8 + this.u32(p + 4);
    }
    return end;
  }
}

const TS_IMPLICIT = '1.2.840.10008.1.2';
const TS_BIG = '1.2.840.10008.1.2.2';

/** The layout of a Part 10 file (deflated data sets are walked as far as they look like elements). */
export function layoutOf(bytes: Uint8Array): FileLayout {
  const meta = new Walker(bytes, { implicit: false, little: true }, true);
  const dataStart = meta.dataset(132, bytes.length, 0, []);
  const ts = meta.spans.find((s) => s.tag === 0x00020010);
  const uid = ts ? String.fromCharCode(...bytes.subarray(ts.valueStart, ts.valueStart + ts.length)).replace(/[\0 ]/g, '') : '';
  const syntax = { implicit: uid === TS_IMPLICIT, little: uid !== TS_BIG };
  const data = new Walker(bytes, syntax, false);
  data.dataset(dataStart, bytes.length, 0, []);
  return { syntax, dataStart, spans: [...meta.spans, ...data.spans] };
}
