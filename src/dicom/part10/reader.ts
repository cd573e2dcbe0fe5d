// Our own DICOM Part 10 reader. It produces the dictionary model of dcmjs's DicomMessage.readFile (with
// ignoreErrors and noCopy) that our decoders are written against: tag keys 'GGGGEEEE', elements { vr, Value },
// strings trimmed and split as dcmjs does per VR, DS/IS as numbers, PN as objects, sequences as arrays of
// dictionaries, encapsulated Pixel Data as a list of fragments or frames. It is an order of magnitude faster:
// one pass over one buffer, no stream objects, binary values as views on the input instead of copies.
//
// Where it differs from dcmjs on purpose (see reader.test.ts for the evidence):
// - binary values are Uint8Array views on `buffer` (dcmjs: copies); callers must not write into them;
// - elements carry no `_rawValue` (nothing of ours reads it; it exists for dcmjs's writer);
// - items inherit their parent's Specific Character Set, as PS3.5 7.5.3 says (dcmjs decodes items as Latin-1);
// - `untilPixelData` leaves Pixel Data out (dcmjs adds a stub element { vr: undefined, Value: 0 });
// - malformed or truncated input throws a Part10FormatError naming the file and byte offset, where dcmjs
//   returns whatever it had read so far.
// Deflated data sets (1.2.840.10008.1.2.1.99) are inflated first, asynchronously (the platform's inflate is):
// readPart10FastInflating. readPart10Fast given one without its inflated data set throws Part10UnsupportedError.
import type { DcmjsDict } from 'dcmjs';
import { DatasetReader, Part10FormatError } from './parser';
import { DEFAULT_DECODER, vrByCode } from './vr';
import { inflateRaw } from '../inflate';
import { Tag } from '../tags';

export { Part10FormatError } from './parser';

const IMPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2';
const EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1';
const EXPLICIT_VR_BIG_ENDIAN = '1.2.840.10008.1.2.2';
const DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1.99';
const PIXEL_DATA = 0x7fe00010;

export interface FastPart10 {
  meta: DcmjsDict;
  dict: DcmjsDict;
  transferSyntaxUID: string;
  /**
   * `untilPixelData` on a data set that is not deflated: the byte offset of the top-level Pixel Data element's
   * tag when the walk stopped at it (lets a SEG still downloading find its frames), else undefined.
   */
  pixelDataAt?: number;
  /** `stopFrom`: the walk stopped before a top-level element at or past that tag (not at the end of the bytes) */
  stopped?: boolean;
  /** where the walk stopped (the byte offset of the next element's tag, or the end of the bytes) */
  endedAt?: number;
}

export class Part10UnsupportedError extends Error {
  constructor(file: string, problem: string) {
    super(`${file}: ${problem}`);
    this.name = 'Part10UnsupportedError';
  }
}

/** End of a file meta group written without its group length: the first element past group 0002 (or 0003). */
function metaEnd(meta: DatasetReader): number {
  const { bytes, view } = meta;
  let p = 132;
  while (p + 8 <= bytes.length) {
    const tag = view.getUint16(p, true) * 0x10000 + view.getUint16(p + 2, true);
    if (tag > 0x00030000) break;
    const vr = vrByCode(bytes[p + 4], bytes[p + 5]);
    const long = vr.long;
    if (long && p + 12 > bytes.length) break;
    const length = long ? view.getUint32(p + 8, true) : view.getUint16(p + 6, true);
    if (length === 0xffffffff) meta.fail(p, 'file meta element of undefined length');
    p += (long ? 12 : 8) + length;
  }
  return Math.min(p, bytes.length);
}

interface MetaGroup {
  meta: DcmjsDict;
  /** where the data set starts */
  end: number;
  transferSyntaxUID: string;
  /** no meta group, or one without the Transfer Syntax UID: read as the first element shows (dcmjs cannot) */
  guessed?: boolean;
}

/**
 * The transfer syntax of a data set written without one, from its first element, as dcmtk and pydicom read
 * such files: the group that reads small is the byte order, two capital letters after the tag are an explicit
 * VR. Null when the bytes do not start like a data set (group 0002 to 0008, a length that fits).
 */
export function guessTransferSyntax(bytes: Uint8Array, at: number): string | null {
  if (at + 8 > bytes.length) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const little = view.getUint16(at, true) <= view.getUint16(at, false);
  const group = view.getUint16(at, little);
  if (group < 0x0002 || group > 0x0008) return null;
  const explicit = isVrCode(bytes[at + 4], bytes[at + 5]);
  if (!explicit && !little) return null;
  const length = explicit ? view.getUint16(at + 6, little) : view.getUint32(at + 4, little);
  if (length !== 0xffffffff && at + 8 + length > bytes.length && !(explicit && vrByCode(bytes[at + 4], bytes[at + 5]).long)) return null;
  if (!explicit) return IMPLICIT_VR_LITTLE_ENDIAN;
  return little ? EXPLICIT_VR_LITTLE_ENDIAN : EXPLICIT_VR_BIG_ENDIAN;
}

const isVrCode = (a: number, b: number): boolean => a >= 0x41 && a <= 0x5a && b >= 0x41 && b <= 0x5a;

function readMeta(bytes: Uint8Array, file: string): MetaGroup {
  if (bytes.length < 132 || bytes[128] !== 0x44 || bytes[129] !== 0x49 || bytes[130] !== 0x43 || bytes[131] !== 0x4d) {
    // No preamble and meta group: a bare data set (written by older tools, or by pydicom without
    // write_like_original=False), read in the syntax its first element shows.
    const guessed = guessTransferSyntax(bytes, 0);
    if (!guessed) throw new Part10FormatError(file, 128, "not a DICOM Part 10 file (no 'DICM' marker) nor a bare data set");
    return { meta: {}, end: 0, transferSyntaxUID: guessed, guessed: true };
  }
  const metaReader = new DatasetReader(bytes, file, false, true);
  let end: number;
  const { view } = metaReader;
  if (bytes.length >= 144 && view.getUint16(132, true) === 0x0002 && view.getUint16(134, true) === 0x0000) {
    if (bytes[136] !== 0x55 || bytes[137] !== 0x4c || view.getUint16(138, true) !== 4) {
      metaReader.fail(132, 'File Meta Information Group Length is not a UL of 4 bytes');
    }
    metaReader.pos = 144;
    end = 144 + view.getUint32(140, true);
    if (end > bytes.length) metaReader.fail(140, `file meta group of ${end - 144} bytes runs past the end`);
  } else {
    metaReader.pos = 132;
    end = metaEnd(metaReader);
  }
  const meta = metaReader.dataset(end, false, DEFAULT_DECODER);
  const ts = meta[Tag.TransferSyntaxUID]?.Value?.[0];
  if (typeof ts !== 'string' || !ts) {
    const guessed = guessTransferSyntax(bytes, end);
    if (!guessed) throw new Part10FormatError(file, 132, 'the file meta group has no Transfer Syntax UID, and the data set after it does not show one');
    return { meta, end, transferSyntaxUID: guessed, guessed: true };
  }
  return { meta, end, transferSyntaxUID: ts };
}

export interface FastReadOptions {
  /** stop before the top-level Pixel Data element */
  untilPixelData?: boolean;
  /**
   * stop before the first top-level element whose tag (group * 0x10000 + element) is this or higher: the
   * attributes before it are all there is of them (data sets are in ascending tag order), whatever follows
   */
  stopFrom?: number;
  /** the inflated data set of a Deflated Explicit VR Little Endian file (see readPart10FastInflating) */
  inflatedDataset?: Uint8Array;
}

/**
 * Parse a Part 10 file. `untilPixelData` stops before the top-level Pixel Data element. Throws
 * Part10FormatError (with the byte offset) on malformed or truncated input, Part10UnsupportedError for a
 * deflated data set given without `inflatedDataset`.
 */
export function readPart10Fast(buffer: ArrayBuffer | Uint8Array, file: string, opts: FastReadOptions = {}): FastPart10 {
  const bytes = buffer instanceof Uint8Array ? buffer : new Uint8Array(buffer);
  const { meta, end, transferSyntaxUID: ts } = readMeta(bytes, file);
  const stop = opts.untilPixelData ? PIXEL_DATA : -1;
  if (ts === DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN) {
    if (!opts.inflatedDataset) {
      throw new Part10UnsupportedError(file, 'deflated transfer syntax needs an asynchronous inflate (readPart10FastInflating)');
    }
    // Offsets in messages are then offsets into the inflated data set.
    const reader = new DatasetReader(opts.inflatedDataset, `${file} (inflated data set)`, false, true);
    const dict = reader.dataset(opts.inflatedDataset.length, false, DEFAULT_DECODER, stop);
    return { meta, dict, transferSyntaxUID: ts };
  }
  const reader = new DatasetReader(bytes, file, ts === IMPLICIT_VR_LITTLE_ENDIAN, ts !== EXPLICIT_VR_BIG_ENDIAN);
  reader.pos = end;
  const from = opts.stopFrom ?? -1;
  const dict = reader.dataset(bytes.length, false, DEFAULT_DECODER, stop, from);
  const next = reader.pos + 4 <= bytes.length ? reader.tagAt(reader.pos) : -1;
  const stoppedAtPixelData = stop >= 0 && next === PIXEL_DATA;
  return { meta, dict, transferSyntaxUID: ts, pixelDataAt: stoppedAtPixelData ? reader.pos : undefined, stopped: from >= 0 && next >= from, endedAt: reader.pos };
}

/** The Transfer Syntax UID of a Part 10 file (from its meta group, else from the data set's first element). */
export function part10TransferSyntax(buffer: ArrayBuffer | Uint8Array, file: string): string {
  return readMeta(buffer instanceof Uint8Array ? buffer : new Uint8Array(buffer), file).transferSyntaxUID;
}

/** True when the file does not name its transfer syntax (no meta group, or none in it). */
export function transferSyntaxGuessed(buffer: Uint8Array, file: string): boolean {
  return readMeta(buffer, file).guessed === true;
}

/**
 * readPart10Fast for any transfer syntax: a Deflated Explicit VR Little Endian data set (one raw deflate stream
 * after the meta group, PS3.5 A.5) is inflated first; binary values are then views on the inflated copy. A
 * stream that does not inflate throws Part10FormatError at the start of the data set.
 */
export async function readPart10FastInflating(
  buffer: ArrayBuffer | Uint8Array,
  file: string,
  opts: { untilPixelData?: boolean } = {},
): Promise<FastPart10> {
  const bytes = buffer instanceof Uint8Array ? buffer : new Uint8Array(buffer);
  const { end, transferSyntaxUID } = readMeta(bytes, file);
  if (transferSyntaxUID !== DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN) return readPart10Fast(bytes, file, opts);
  let inflatedDataset: Uint8Array;
  try {
    inflatedDataset = await inflateRaw(bytes.subarray(end));
  } catch (err) {
    throw new Part10FormatError(file, end, `the deflated data set: ${(err as Error).message}`);
  }
  return readPart10Fast(bytes, file, { ...opts, inflatedDataset });
}
