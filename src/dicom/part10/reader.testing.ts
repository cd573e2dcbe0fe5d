// Test helpers for the fast Part 10 reader: a deep comparison with dcmjs's output, and dcmjs's own reading.
import dcmjs from 'dcmjs';
import type { DcmjsDict } from 'dcmjs';

dcmjs.log?.getLogger('validation.dcmjs').setLevel('silent');

/** dcmjs's reading with the options readPart10 has always used. */
export function readWithDcmjs(buffer: ArrayBuffer, untilPixelData = false): { meta: DcmjsDict; dict: DcmjsDict } {
  const quiet = silenceConsole();
  try {
    const p = dcmjs.data.DicomMessage.readFile(buffer, {
      ignoreErrors: true,
      untilTag: untilPixelData ? '7FE00010' : null,
      includeUntilTagValue: false,
      noCopy: true,
    });
    return { meta: p.meta, dict: p.dict };
  } finally {
    quiet();
  }
}

/** dcmjs logs through loglevel's root logger (warnings for private VRs, charsets, errors it ignored). */
function silenceConsole(): () => void {
  const { warn, error, log, info } = console;
  console.warn = console.error = console.log = console.info = () => undefined;
  return () => Object.assign(console, { warn, error, log, info });
}

function bytesOf(v: unknown): Uint8Array | null {
  if (v instanceof ArrayBuffer) return new Uint8Array(v);
  if (ArrayBuffer.isView(v)) return new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
  return null;
}

function show(v: unknown): string {
  const b = bytesOf(v);
  if (b) return `${b.length} bytes`;
  if (typeof v === 'bigint') return `${v}n`;
  if (typeof v === 'string') return JSON.stringify(v);
  if (Array.isArray(v)) return `array(${v.length})`;
  if (typeof v === 'number') return Object.is(v, -0) ? '-0' : String(v);
  return v === undefined ? 'undefined' : (JSON.stringify(v)?.slice(0, 80) ?? String(v));
}

/**
 * Differences between our dictionary and dcmjs's, as readable paths ('00081115/0/00081150: ...').
 * Binary values compare by bytes (views or copies, ArrayBuffer or typed array); dcmjs's `_rawValue` is ignored.
 */
export function differences(ours: unknown, theirs: unknown, path = '', out: string[] = [], limit = 20): string[] {
  if (out.length >= limit) return out;
  const ba = bytesOf(ours);
  const bb = bytesOf(theirs);
  if (ba || bb) {
    if (!ba || !bb) out.push(`${path}: ${show(ours)} vs ${show(theirs)}`);
    else if (ba.length !== bb.length) out.push(`${path}: ${ba.length} bytes vs ${bb.length} bytes`);
    else {
      for (let i = 0; i < ba.length; i++) {
        if (ba[i] !== bb[i]) {
          out.push(`${path}: bytes differ at ${i}`);
          break;
        }
      }
    }
    return out;
  }
  if (Array.isArray(ours) || Array.isArray(theirs)) {
    if (!Array.isArray(ours) || !Array.isArray(theirs)) out.push(`${path}: ${show(ours)} vs ${show(theirs)}`);
    else if (ours.length !== theirs.length) out.push(`${path}: ${ours.length} values vs ${theirs.length}`);
    else ours.forEach((v, i) => differences(v, theirs[i], `${path}/${i}`, out, limit));
    return out;
  }
  if (ours && theirs && typeof ours === 'object' && typeof theirs === 'object') {
    const a = ours as Record<string, unknown>;
    const b = theirs as Record<string, unknown>;
    const keys = new Set([...Object.keys(a), ...Object.keys(b).filter((k) => k !== '_rawValue')]);
    for (const k of keys) {
      if (!(k in a)) out.push(`${path}/${k}: missing vs ${show(b[k])}`);
      else if (!(k in b)) out.push(`${path}/${k}: ${show(a[k])} vs missing`);
      else differences(a[k], b[k], `${path}/${k}`, out, limit);
      if (out.length >= limit) break;
    }
    return out;
  }
  if (!Object.is(ours, theirs)) out.push(`${path}: ${show(ours)} vs ${show(theirs)}`);
  return out;
}

// ---- a small Part 10 writer for synthetic cases: any of the four native syntaxes, defined or undefined
// lengths, encapsulated values, deliberately odd strings. Values are given as bytes, text or numbers.

export interface TestElement {
  tag: number;
  vr: string;
  /** string VRs: written as given (Latin-1, or UTF-8 with `utf8`), padded to even length */
  text?: string;
  utf8?: boolean;
  /** binary number VRs (AT as tag numbers), in the syntax's byte order */
  numbers?: number[];
  bytes?: Uint8Array;
  /** SQ */
  items?: TestElement[][];
  undefinedLength?: boolean;
  undefinedItems?: boolean;
  /** encapsulated value (undefined length): fragments after a Basic Offset Table of `offsets` */
  fragments?: Uint8Array[];
  offsets?: number[];
}

export interface TestSyntax {
  explicit: boolean;
  little: boolean;
}

// VRs with a 16-bit length in explicit VR; every other code (including unknown ones) has a 32-bit length.
const SHORT = new Set(['AE', 'AS', 'AT', 'CS', 'DA', 'DS', 'DT', 'FL', 'FD', 'IS', 'LO', 'LT', 'PN', 'SH', 'SL', 'SS']);
for (const vr of ['ST', 'TM', 'UI', 'UL', 'US']) SHORT.add(vr);
const SIZES: Record<string, number> = { AT: 4, FD: 8, FL: 4, SL: 4, SS: 2, UL: 4, US: 2 };

class Bytes {
  private parts: number[] = [];
  push(...b: number[]): void {
    for (const x of b) this.parts.push(x);
  }
  raw(b: Uint8Array): void {
    for (const x of b) this.parts.push(x);
  }
  get length(): number {
    return this.parts.length;
  }
  result(): Uint8Array {
    return Uint8Array.from(this.parts);
  }
}

function num(size: number, n: number, little: boolean, vr = ''): number[] {
  const v = new DataView(new ArrayBuffer(size));
  if (vr === 'FL') v.setFloat32(0, n, little);
  else if (vr === 'FD') v.setFloat64(0, n, little);
  else if (vr === 'AT') {
    v.setUint16(0, n >>> 16, little);
    v.setUint16(2, n & 0xffff, little);
  } else if (size === 2) v.setUint16(0, n & 0xffff, little);
  else v.setUint32(0, n >>> 0, little);
  return [...new Uint8Array(v.buffer)];
}

function tagBytes(tag: number, little: boolean): number[] {
  return [...num(2, tag >>> 16, little), ...num(2, tag & 0xffff, little)];
}

function valueOf(el: TestElement, s: TestSyntax): Uint8Array {
  if (el.bytes) return el.bytes;
  if (el.numbers) {
    const size = SIZES[el.vr] ?? 4;
    return Uint8Array.from(el.numbers.flatMap((n) => num(size, n, s.little, el.vr)));
  }
  const text = el.text ?? '';
  let b = el.utf8 ? new TextEncoder().encode(text) : Uint8Array.from(text, (c) => c.charCodeAt(0));
  if (b.length % 2) b = Uint8Array.from([...b, el.vr === 'UI' ? 0 : 0x20]);
  return b;
}

function header(out: Bytes, el: TestElement, length: number, s: TestSyntax): void {
  out.push(...tagBytes(el.tag, s.little));
  if (!s.explicit) out.push(...num(4, length, s.little));
  else if (!SHORT.has(el.vr)) out.push(el.vr.charCodeAt(0), el.vr.charCodeAt(1), 0, 0, ...num(4, length, s.little));
  else out.push(el.vr.charCodeAt(0), el.vr.charCodeAt(1), ...num(2, length, s.little));
}

export function encodeElements(elements: TestElement[], s: TestSyntax): Uint8Array {
  const out = new Bytes();
  for (const el of elements) {
    if (el.items) {
      const body = new Bytes();
      for (const item of el.items) {
        const content = encodeElements(item, s);
        body.push(
          ...tagBytes(0xfffee000, s.little),
          ...num(4, el.undefinedItems ? 0xffffffff : content.length, s.little),
        );
        body.raw(content);
        if (el.undefinedItems) body.push(...tagBytes(0xfffee00d, s.little), 0, 0, 0, 0);
      }
      if (el.undefinedLength) body.push(...tagBytes(0xfffee0dd, s.little), 0, 0, 0, 0);
      header(out, el, el.undefinedLength ? 0xffffffff : body.length, s);
      out.raw(body.result());
    } else if (el.fragments) {
      header(out, el, 0xffffffff, s);
      const offsets = el.offsets ?? [];
      out.push(...tagBytes(0xfffee000, s.little), ...num(4, offsets.length * 4, s.little));
      for (const o of offsets) out.push(...num(4, o, s.little));
      for (const f of el.fragments) {
        out.push(...tagBytes(0xfffee000, s.little), ...num(4, f.length, s.little));
        out.raw(f);
      }
      out.push(...tagBytes(0xfffee0dd, s.little), 0, 0, 0, 0);
    } else {
      const v = valueOf(el, s);
      header(out, el, v.length, s);
      out.raw(v);
    }
  }
  return out.result();
}

/** A Part 10 file: preamble, explicit little endian file meta group (with or without its group length), data set. */
export function testPart10(
  elements: TestElement[],
  transferSyntaxUID: string,
  opts: { groupLength?: boolean } = {},
): ArrayBuffer {
  const le = { explicit: true, little: true };
  const meta = encodeElements(
    [
      { tag: 0x00020001, vr: 'OB', bytes: Uint8Array.of(0, 1) },
      { tag: 0x00020002, vr: 'UI', text: '1.2.840.10008.5.1.4.1.1.7' },
      { tag: 0x00020003, vr: 'UI', text: '2.25.42' },
      { tag: 0x00020010, vr: 'UI', text: transferSyntaxUID },
    ],
    le,
  );
  const s = {
    explicit: transferSyntaxUID !== '1.2.840.10008.1.2',
    little: transferSyntaxUID !== '1.2.840.10008.1.2.2',
  };
  const body = encodeElements(elements, s);
  const group =
    opts.groupLength === false
      ? new Uint8Array(0)
      : encodeElements([{ tag: 0x00020000, vr: 'UL', numbers: [meta.length] }], le);
  const out = new Uint8Array(132 + group.length + meta.length + body.length);
  out.set(
    Uint8Array.from('DICM', (c) => c.charCodeAt(0)),
    128,
  );
  out.set(group, 132);
  out.set(meta, 132 + group.length);
  out.set(body, 132 + group.length + meta.length);
  return out.buffer;
}
