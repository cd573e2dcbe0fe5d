// The data set walk of the fast Part 10 reader: elements and sequences (defined and undefined lengths, any
// depth) over one buffer without copies; encapsulated values are in fragments.ts. Values come out in
// dcmjs's dictionary model (see reader.ts). Anything malformed throws a Part10FormatError naming the byte
// offset; callers that must read what dcmjs reads (readPart10) fall back to dcmjs then.
import type { DcmjsDict, DcmjsElement } from 'dcmjs';
import * as vrs from './vr';
import type { VrInfo } from './vr';
import * as values from './values';
import { encapsulated } from './fragments';

// Imported bindings read once: module runners (vitest, tsx) turn every use of an import into a getter call,
// which the per-element loop would pay a million times.
const { DEFAULT_DECODER, UN, decoderForCharset, dictionaryVr, implicitVr, tagKey, tagText, vrByCode, vrByName } = vrs;
const { decimalStrings, decodeText, integerStrings, latin1, personNames, splitValues, uids } = values;
const SEQUENCE = vrs.Kind.Sequence;
const BYTES = vrs.Kind.Bytes;
const BINARY = vrs.Kind.Binary;
const TEXT = vrs.Kind.Text;
const DECIMAL = vrs.Kind.DecimalString;
const INTEGER = vrs.Kind.IntegerString;
const UID = vrs.Kind.UniqueIdentifier;
const CODE = vrs.Kind.CodeString;
const PERSON = vrs.Kind.PersonName;
const TRIM = vrs.Format.Trim;
const TRIM_END = vrs.Format.TrimEnd;

const { ITEM, ITEM_END, SEQUENCE_END, UNDEFINED } = vrs;
const SPECIFIC_CHARACTER_SET = 0x00080005;
/** Far beyond any real object; a hostile file nesting deeper gets an error instead of a stack overflow. */
const MAX_DEPTH = 200;

/**
 * Why the reader stopped: the input ends before what it declares (`missing` bytes short: a cut download reads
 * on with dcmjs), it uses something this reader leaves to dcmjs, or it contradicts itself (no reader should
 * guess further: a length that lies sends dcmjs allocating gigabytes of padding).
 */
export type Part10Fault = { kind: 'truncated'; missing: number } | { kind: 'unsupported' } | { kind: 'malformed' };

export class Part10FormatError extends Error {
  /** the message without the file name */
  readonly problem: string;

  constructor(
    readonly file: string,
    readonly offset: number,
    problem: string,
    readonly fault: Part10Fault = { kind: 'malformed' },
  ) {
    super(`${file}: ${problem} (at byte ${offset})`);
    this.problem = `${problem} (at byte ${offset})`;
    this.name = 'Part10FormatError';
  }
}

/** Default value dcmjs gives an empty fixed-size binary element. */
function emptyBinary(vr: VrInfo): unknown {
  return vr.vr === 'AT' ? undefined : 0;
}

export class DatasetReader {
  readonly view: DataView;
  pos = 0;
  /** how many sequences deep the walk is */
  depth = 0;

  constructor(
    readonly bytes: Uint8Array,
    readonly file: string,
    readonly implicit: boolean,
    readonly little: boolean,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  fail(offset: number, problem: string, fault?: Part10Fault): never {
    throw new Part10FormatError(this.file, offset, problem, fault);
  }

  /** A value or header that would end at `needEnd` in a container ending at `end`: a cut, if that is the input's end. */
  short(offset: number, problem: string, needEnd: number, end: number): never {
    const cut = end >= this.bytes.length;
    this.fail(offset, problem, cut ? { kind: 'truncated', missing: needEnd - end } : undefined);
  }

  tagAt(at: number): number {
    const v = this.view;
    return v.getUint16(at, this.little) * 0x10000 + v.getUint16(at + 2, this.little);
  }

  /**
   * Elements from `pos` up to `end`. An undefined-length item (`inItem`) ends at its item delimiter instead;
   * `stopTag` (top level only) ends the walk before that tag, as dcmjs's `untilTag` does; `stopFrom` before the
   * first tag at or past it.
   */
  dataset(end: number, inItem: boolean, decoder: TextDecoder, stopTag = -1, stopFrom = -1): DcmjsDict {
    const dict: DcmjsDict = {};
    const { bytes, view, little, implicit } = this;
    let text = decoder;
    while (this.pos < end) {
      const at = this.pos;
      if (at + 8 > end) this.short(at, `${end - at} stray bytes where an element should start`, at + 8, end);
      const tag = view.getUint16(at, little) * 0x10000 + view.getUint16(at + 2, little);
      if (tag >= 0xfffe0000) {
        if (inItem && tag === ITEM_END && view.getUint32(at + 4, little) === 0) {
          this.pos = at + 8;
          return dict;
        }
        this.fail(at, `unexpected ${tagText(tag)} in a data set`);
      }
      if (tag === stopTag || (stopFrom >= 0 && tag >= stopFrom)) return dict;
      let vr: VrInfo;
      let length: number;
      let start: number;
      if (implicit) {
        length = view.getUint32(at + 4, little);
        vr = implicitVr(tag, length === UNDEFINED);
        start = at + 8;
      } else {
        vr = vrByCode(bytes[at + 4], bytes[at + 5]);
        if (vr.long) {
          if (at + 12 > end) this.short(at, `element ${tagText(tag)} header is cut off`, at + 12, end);
          length = view.getUint32(at + 8, little);
          start = at + 12;
        } else {
          length = view.getUint16(at + 6, little);
          start = at + 8;
        }
      }
      let el: DcmjsElement;
      if (vr === UN && !implicit) {
        // dcmjs reads an explicit UN whose tag its dictionary knows as that VR, little endian, unsplit
        const known = dictionaryVr(tag);
        el =
          known === null
            ? this.element(tag, vr, length, start, end, text)
            : this.unknownAs(tag, known, length, start, end);
      } else {
        el = this.element(tag, vr, length, start, end, text);
      }
      if (tag === SPECIFIC_CHARACTER_SET) {
        // dcmjs decodes the rest with it and then records the data set as UTF-8, which its strings now are
        text = decoderForCharset(el.Value?.[0], text);
        el.Value = ['ISO_IR 192'];
      }
      dict[tagKey(tag)] = el;
    }
    if (inItem) this.short(this.pos, 'an item of undefined length has no item delimiter', this.pos + 8, end);
    return dict;
  }

  private checkLength(tag: number, start: number, length: number, end: number): void {
    if (start + length > end) {
      this.short(start, `value of ${tagText(tag)} needs ${length} bytes, only ${Math.max(0, end - start)} remain`, start + length, end);
    }
  }

  private element(
    tag: number,
    vr: VrInfo,
    length: number,
    start: number,
    end: number,
    text: TextDecoder,
  ): DcmjsElement {
    if (length === UNDEFINED) {
      if (vr.kind === SEQUENCE) return { vr: vr.vr, Value: this.sequence(start, UNDEFINED, end, text) };
      if (vr.kind === BYTES) return { vr: vr.vr, Value: encapsulated(this, start, end) };
      this.fail(start, `${vr.vr} element ${tagText(tag)} has an undefined length`);
    }
    this.checkLength(tag, start, length, end);
    if (vr.kind === SEQUENCE) return { vr: vr.vr, Value: this.sequence(start, length, end, text) };
    this.pos = start + length;
    return { vr: vr.vr, Value: this.values(tag, vr, start, length, this.little, text, true) };
  }

  /** Explicit UN of a tag the dictionary knows: dcmjs parses it as the dictionary VR, little endian, Latin-1. */
  private unknownAs(tag: number, name: string, length: number, start: number, end: number): DcmjsElement {
    const vr = vrByName(name);
    if (length === UNDEFINED || vr.kind === SEQUENCE) {
      this.fail(start, `UN element ${tagText(tag)} holds a ${name} this reader does not unpack`, { kind: 'unsupported' });
    }
    this.checkLength(tag, start, length, end);
    this.pos = start + length;
    return { vr: name, Value: this.values(tag, vr, start, length, true, DEFAULT_DECODER, false) };
  }

  /** `split`: text VRs become one value per backslash (false for dcmjs's reading of UN as a known VR). */
  private values(
    tag: number,
    vr: VrInfo,
    start: number,
    length: number,
    little: boolean,
    text: TextDecoder,
    split: boolean,
  ): unknown[] {
    const b = this.bytes;
    const end = start + length;
    switch (vr.kind) {
      case BYTES:
        return [b.subarray(start, end)];
      case BINARY:
        return this.binary(tag, vr, start, length, little);
      case DECIMAL:
        return decimalStrings(b, start, end);
      case INTEGER:
        return integerStrings(b, start, end);
      case UID:
        return uids(b, start, end);
      case CODE: {
        const s = latin1(b, start, end);
        return s.indexOf('\\') < 0 ? [s.trim()] : s.split('\\').map((v) => v.trim());
      }
      case PERSON:
        return personNames(decodeText(b, start, end, text));
      default: {
        let s = vr.ascii ? latin1(b, start, end) : decodeText(b, start, end, text);
        if (vr.format === TRIM) s = s.trim();
        else if (vr.format === TRIM_END) s = s.trimEnd();
        return split && vr.kind === TEXT ? splitValues(s, vr.dropPad, ' ') : [s];
      }
    }
  }

  private binary(tag: number, vr: VrInfo, start: number, length: number, little: boolean): unknown[] {
    if (length === 0) return [emptyBinary(vr)];
    const size = vr.size;
    if (length % size !== 0) this.fail(start, `${vr.vr} element ${tagText(tag)} has length ${length}`);
    const v = this.view;
    const n = length / size;
    const out: unknown[] = new Array(n);
    for (let i = 0, o = start; i < n; i++, o += size) {
      switch (vr.vr) {
        case 'US':
          out[i] = v.getUint16(o, little);
          break;
        case 'SS':
          out[i] = v.getInt16(o, little);
          break;
        case 'UL':
          out[i] = v.getUint32(o, little);
          break;
        case 'SL':
          out[i] = v.getInt32(o, little);
          break;
        case 'FL':
          out[i] = v.getFloat32(o, little);
          break;
        case 'FD':
          out[i] = v.getFloat64(o, little);
          break;
        case 'UV':
          out[i] = v.getBigUint64(o, little);
          break;
        default: // AT
          out[i] = v.getUint16(o, little) * 0x10000 + v.getUint16(o + 2, little);
      }
    }
    return out;
  }

  /** Items of a sequence. dcmjs leaves empty items out of the list; so does this. */
  private sequence(start: number, length: number, end: number, text: TextDecoder): DcmjsDict[] {
    // Most sequences hold one item: no growable array for those (an empty array grows to 16 slots on push).
    if (++this.depth > MAX_DEPTH) this.fail(start, `sequences nested more than ${MAX_DEPTH} deep`);
    let first: DcmjsDict | null = null;
    let more: DcmjsDict[] | null = null;
    const undefinedLength = length === UNDEFINED;
    const stop = undefinedLength ? end : start + length;
    let p = start;
    while (undefinedLength || p < stop) {
      if (p + 8 > stop) this.short(p, 'a sequence is cut off', p + 8, stop);
      const tag = this.tagAt(p);
      if (tag === SEQUENCE_END) {
        p += 8;
        break;
      }
      if (tag !== ITEM) this.fail(p, `expected an item in a sequence, found ${tagText(tag)}`);
      const itemLength = this.view.getUint32(p + 4, this.little);
      p += 8;
      let item: DcmjsDict | null = null;
      if (itemLength === UNDEFINED) {
        this.pos = p;
        item = this.dataset(stop, true, text);
        if (this.pos === p + 8) item = null;
        p = this.pos;
      } else {
        if (p + itemLength > stop) this.short(p, `an item needs ${itemLength} bytes, only ${stop - p} remain`, p + itemLength, stop);
        if (itemLength > 0) {
          this.pos = p;
          item = this.dataset(p + itemLength, false, text);
        }
        p += itemLength;
      }
      if (item === null) continue;
      if (first === null) first = item;
      else if (more === null) more = [first, item];
      else more.push(item);
    }
    this.pos = p;
    this.depth--;
    return more ?? (first ? [first] : []);
  }
}
