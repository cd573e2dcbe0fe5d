// Byte edits for the mutator that keep the rest of the file well formed: a value or an element replaced by one of
// another size updates the defined lengths of the sequences and items around it, so the decoders meet the one
// fault the mutation meant, not a broken frame around it.
import { isLongVr, UNDEFINED, type Span, type Syntax } from './elements';

const ASCII = new TextEncoder();

function splice(bytes: Uint8Array, from: number, to: number, insert: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length - (to - from) + insert.length);
  out.set(bytes.subarray(0, from), 0);
  out.set(insert, from);
  out.set(bytes.subarray(to), from + insert.length);
  return out;
}

function growAncestors(out: Uint8Array, ancestors: number[], delta: number, little: boolean): void {
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  for (const at of ancestors) {
    const old = view.getUint32(at, little);
    if (old !== UNDEFINED) view.setUint32(at, Math.max(0, old + delta), little);
  }
}

/** Text padded to even length (the pad DICOM uses for its VR: NUL for UI, space otherwise). */
export function textValue(s: string, vr = ''): Uint8Array {
  const b = ASCII.encode(s);
  if (b.length % 2 === 0) return b;
  const out = new Uint8Array(b.length + 1);
  out.set(b);
  out[b.length] = vr === 'UI' ? 0 : 0x20;
  return out;
}

export function u16Value(values: number[], little: boolean): Uint8Array {
  const out = new Uint8Array(values.length * 2);
  const v = new DataView(out.buffer);
  values.forEach((n, i) => v.setUint16(i * 2, n & 0xffff, little));
  return out;
}

export function u32Value(values: number[], little: boolean): Uint8Array {
  const out = new Uint8Array(values.length * 4);
  const v = new DataView(out.buffer);
  values.forEach((n, i) => v.setUint32(i * 4, n >>> 0, little));
  return out;
}

/** One element's bytes: header for the syntax (explicit: the VR's header form), then the value. */
export function encodeElement(tag: number, vr: string, value: Uint8Array | null, syntax: Syntax, length = value?.length ?? 0): Uint8Array {
  const explicit = !syntax.implicit;
  const long = !explicit || isLongVr(vr);
  const head = explicit ? (long ? 12 : 8) : 8;
  const out = new Uint8Array(head + (value?.length ?? 0));
  const v = new DataView(out.buffer);
  v.setUint16(0, tag >>> 16, syntax.little);
  v.setUint16(2, tag & 0xffff, syntax.little);
  if (explicit) {
    out[4] = vr.charCodeAt(0);
    out[5] = vr.charCodeAt(1);
  }
  if (long) v.setUint32(head - 4, length, syntax.little);
  else v.setUint16(6, Math.min(length, 0xffff), syntax.little);
  if (value) out.set(value, head);
  return out;
}

/** An item or delimiter header. */
export function itemHeader(tag: number, length: number, little: boolean): Uint8Array {
  const out = new Uint8Array(8);
  const v = new DataView(out.buffer);
  v.setUint16(0, tag >>> 16, little);
  v.setUint16(2, tag & 0xffff, little);
  v.setUint32(4, length, little);
  return out;
}

export { concatBytes as concat } from '../../dicom/bytes';

/** The whole element (header and value) replaced by `element`; enclosing defined lengths follow. */
export function replaceElement(bytes: Uint8Array, span: Span, element: Uint8Array, syntax: Syntax): Uint8Array {
  const out = splice(bytes, span.at, span.end, element);
  growAncestors(out, span.ancestors, element.length - (span.end - span.at), syntax.little);
  return out;
}

/** The value replaced, the element keeping its tag and VR. */
export function replaceValue(bytes: Uint8Array, span: Span, value: Uint8Array, syntax: Syntax): Uint8Array {
  const vr = span.inMeta ? span.vr : syntax.implicit ? '' : span.vr;
  const s = span.inMeta ? { implicit: false, little: true } : syntax;
  return replaceElement(bytes, span, encodeElement(span.tag, vr || 'UN', value, s), s);
}

/** Bytes inserted at `at` inside a sequence's value: its length and those around it follow. */
export function insertInSequence(bytes: Uint8Array, span: Span, insert: Uint8Array, syntax: Syntax): Uint8Array {
  const out = splice(bytes, span.valueStart, span.valueStart, insert);
  growAncestors(out, [...span.ancestors, span.lengthAt], insert.length, syntax.little);
  return out;
}

/** The length field overwritten, nothing else moved (the file then lies about its own layout). */
export function setLength(bytes: Uint8Array, span: Span, length: number, little: boolean): Uint8Array {
  const out = bytes.slice();
  const v = new DataView(out.buffer);
  if (span.lengthSize === 4) v.setUint32(span.lengthAt, length >>> 0, little);
  else v.setUint16(span.lengthAt, length & 0xffff, little);
  return out;
}
