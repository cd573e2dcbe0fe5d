// What the fast Part 10 reader needs to know about value representations, tags and character sets.
// The results must be those of dcmjs's reader (our decoders are written against its dictionary model), so each
// rule below says which dcmjs behaviour it keeps.
import dcmjs from 'dcmjs';

/** How the bytes of a value become `Value`. */
export enum Kind {
  Sequence,
  /** OB, OW, OF, OD, UN (and every VR dcmjs does not know): raw bytes */
  Bytes,
  /** FL, FD, SL, SS, UL, US, UV, AT: fixed-size binary numbers */
  Binary,
  /** the other string VRs: formatted as a whole, then split on backslash */
  Text,
  /** LT: formatted, never split */
  LongText,
  CodeString,
  DecimalString,
  IntegerString,
  UniqueIdentifier,
  PersonName,
}

export enum Format {
  None,
  Trim,
  TrimEnd,
}

export interface VrInfo {
  /** the VR written into the element */
  vr: string;
  kind: Kind;
  /** explicit VR: 2 reserved bytes and a 32-bit length */
  long: boolean;
  /** decoded byte by byte as Latin-1 (dcmjs's "ASCII" VRs) rather than with the data set's character set */
  ascii: boolean;
  format: Format;
  /** the trailing space dcmjs drops from the last of several values when that value has an odd length */
  dropPad: boolean;
  /** Binary: bytes per value */
  size: number;
}

function info(vr: string, kind: Kind, o: Partial<Omit<VrInfo, 'vr' | 'kind'>> = {}): VrInfo {
  return { vr, kind, long: false, ascii: false, format: Format.None, dropPad: false, size: 0, ...o };
}

const ascii = true;
const VRS: VrInfo[] = [
  info('AE', Kind.Text, { ascii, format: Format.Trim, dropPad: true }),
  info('AS', Kind.Text, { ascii, dropPad: true }),
  info('AT', Kind.Binary, { size: 4 }),
  info('CS', Kind.CodeString, { ascii }),
  info('DA', Kind.Text, { ascii, dropPad: true }),
  info('DS', Kind.DecimalString, { ascii }),
  info('DT', Kind.Text, { ascii, dropPad: true }),
  info('FL', Kind.Binary, { size: 4 }),
  info('FD', Kind.Binary, { size: 8 }),
  info('IS', Kind.IntegerString, { ascii }),
  info('LO', Kind.Text, { format: Format.Trim, dropPad: true }),
  info('LT', Kind.LongText, { format: Format.TrimEnd }),
  info('OB', Kind.Bytes, { long: true }),
  info('OD', Kind.Bytes, { long: true }),
  info('OF', Kind.Bytes, { long: true }),
  info('OW', Kind.Bytes, { long: true }),
  info('PN', Kind.PersonName),
  info('SH', Kind.Text, { format: Format.Trim, dropPad: true }),
  info('SL', Kind.Binary, { size: 4 }),
  info('SQ', Kind.Sequence, { long: true }),
  info('SS', Kind.Binary, { size: 2 }),
  info('ST', Kind.Text, { format: Format.TrimEnd, dropPad: true }),
  info('TM', Kind.Text, { ascii, format: Format.TrimEnd, dropPad: true }),
  info('UC', Kind.Text, { long: true, format: Format.TrimEnd }),
  info('UI', Kind.UniqueIdentifier, { ascii }),
  info('UL', Kind.Binary, { size: 4 }),
  info('UN', Kind.Bytes, { long: true }),
  info('UR', Kind.Text, { long: true, ascii }),
  info('US', Kind.Binary, { size: 2 }),
  info('UT', Kind.Text, { long: true, format: Format.TrimEnd }),
  info('UV', Kind.Binary, { long: true, size: 8 }),
];

const BY_NAME = new Map<string, VrInfo>(VRS.map((v) => [v.vr, v]));
export const UN = BY_NAME.get('UN') as VrInfo;
const SQ = BY_NAME.get('SQ') as VrInfo;
const LO = BY_NAME.get('LO') as VrInfo;
const OW = BY_NAME.get('OW') as VrInfo;
const US = BY_NAME.get('US') as VrInfo;

/**
 * The VR dcmjs reads a value as, given a VR name from the file or the dictionary: the dictionary's ambiguous
 * 'ox' and 'xs' become OW and US; any other name it has no reader for (OL, OV, SV, 'lt', 'up', garbage) becomes
 * UN, including in the element's `vr`.
 */
export function vrByName(name: string): VrInfo {
  const v = BY_NAME.get(name);
  if (v) return v;
  if (name === 'ox') return OW;
  if (name === 'xs') return US;
  return UN;
}

/** explicit VR: the two VR bytes -> VrInfo (unknown codes read as UN, with a 32-bit length) */
const BY_CODE = new Map<number, VrInfo>();
for (const v of [...VRS, { ...OW, vr: 'ox' }, { ...US, vr: 'xs' }]) {
  BY_CODE.set(v.vr.charCodeAt(0) * 256 + v.vr.charCodeAt(1), BY_NAME.get(v.vr) ?? vrByName(v.vr));
}

/** A VR code dcmjs does not know: read as UN bytes (32-bit length), never as a dictionary VR like a real UN. */
const UNKNOWN_CODE: VrInfo = { ...UN };

export function vrByCode(c0: number, c1: number): VrInfo {
  return BY_CODE.get(c0 * 256 + c1) ?? UNKNOWN_CODE;
}

const HEX = '0123456789ABCDEF';
const keyCache = new Map<number, string>();

/** (gggg,eeee) -> 'GGGGEEEE', the dcmjs dictionary key */
export function tagKey(tag: number): string {
  let k = keyCache.get(tag);
  if (k === undefined) {
    k = '';
    for (let shift = 28; shift >= 0; shift -= 4) k += HEX[(tag >>> shift) & 15];
    if (keyCache.size < 100_000) keyCache.set(tag, k);
  }
  return k;
}

/** (gggg,eeee) for messages */
export function tagText(tag: number): string {
  const k = tagKey(tag);
  return `(${k.slice(0, 4)},${k.slice(4)})`;
}

export const UNDEFINED = 0xffffffff;
export const ITEM = 0xfffee000;
export const ITEM_END = 0xfffee00d;
export const SEQUENCE_END = 0xfffee0dd;

const dictionaryCache = new Map<number, string | null>();

/** The VR name the dcmjs dictionary gives a tag (repeating groups included), or null when it has none. */
export function dictionaryVr(tag: number): string | null {
  let vr = dictionaryCache.get(tag);
  if (vr === undefined) {
    const k = tagKey(tag);
    const entry = dcmjs.data.DicomMetaDictionary.dictionary[`(${k.slice(0, 4)},${k.slice(4)})`];
    vr = entry?.vr ?? null;
    if (dictionaryCache.size < 100_000) dictionaryCache.set(tag, vr);
  }
  return vr;
}

/** Implicit VR: the dictionary's VR; unknown tags are SQ when of undefined length, LO when private creators. */
export function implicitVr(tag: number, undefinedLength: boolean): VrInfo {
  const name = dictionaryVr(tag);
  if (name !== null) return vrByName(name);
  if (undefinedLength) return SQ;
  const group = tag >>> 16;
  const element = tag & 0xffff;
  if (group % 2 === 1 && element > 0 && element < 0x100) return LO;
  return UN;
}

/**
 * Specific Character Set defined terms (PS3.3 C.12.1.1.2) -> WHATWG encoding labels. Keys are the terms with
 * '_', ' ' and '-' all read as '-', lower case, as dcmjs compares them. '' and ISO_IR 6 are the default.
 */
const CHARSETS: Record<string, string> = {
  '': 'latin1',
  'iso-ir-6': 'latin1',
  'iso-ir-100': 'latin1',
  'iso-ir-101': 'iso-8859-2',
  'iso-ir-109': 'iso-8859-3',
  'iso-ir-110': 'iso-8859-4',
  'iso-ir-144': 'iso-8859-5',
  'iso-ir-127': 'iso-8859-6',
  'iso-ir-126': 'iso-8859-7',
  'iso-ir-138': 'iso-8859-8',
  'iso-ir-148': 'iso-8859-9',
  'iso-ir-13': 'shift_jis',
  'iso-ir-166': 'tis-620',
  'iso-ir-192': 'utf-8',
  gb18030: 'gb18030',
  gbk: 'gbk',
  'iso-2022-ir-6': 'latin1',
  'iso-2022-ir-100': 'latin1',
  'iso-2022-ir-101': 'iso-8859-2',
  'iso-2022-ir-109': 'iso-8859-3',
  'iso-2022-ir-110': 'iso-8859-4',
  'iso-2022-ir-144': 'iso-8859-5',
  'iso-2022-ir-127': 'iso-8859-6',
  'iso-2022-ir-126': 'iso-8859-7',
  'iso-2022-ir-138': 'iso-8859-8',
  'iso-2022-ir-148': 'iso-8859-9',
  'iso-2022-ir-13': 'shift_jis',
  'iso-2022-ir-166': 'tis-620',
  'iso-2022-ir-87': 'iso-2022-jp',
  'iso-2022-ir-159': 'iso-2022-jp',
  'iso-2022-ir-149': 'euc-kr',
  'iso-2022-ir-58': 'gbk',
};

const decoders = new Map<string, TextDecoder>();

function decoderFor(label: string): TextDecoder | null {
  let d = decoders.get(label);
  if (!d) {
    try {
      d = new TextDecoder(label);
    } catch {
      return null; // a runtime without that encoding keeps the current one, as for an unknown term
    }
    decoders.set(label, d);
  }
  return d;
}

/** The default: dcmjs decodes text with TextDecoder('latin1'), which the Encoding standard makes windows-1252. */
export const DEFAULT_DECODER = decoderFor('latin1') as TextDecoder;

/** The decoder for the first value of Specific Character Set; `current` when the term is unknown. */
export function decoderForCharset(term: unknown, current: TextDecoder): TextDecoder {
  if (typeof term !== 'string') return current;
  const label = CHARSETS[term.replace(/[_ ]/g, '-').toLowerCase()];
  return (label && decoderFor(label)) || current;
}
