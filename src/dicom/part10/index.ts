// DICOM Part 10 bytes -> dcmjs dictionary, and dcmjs dictionary -> DICOM JSON (PS3.18 F.2).
// Our own reader (part10/reader.ts) does the byte-level parsing into dcmjs's model, ~20x faster than dcmjs; dcmjs
// reads what ours leaves (damaged files, and deflated data sets when the caller cannot wait: readPart10 is
// synchronous, the platform's inflate is not; readPart10Async inflates them for the fast reader). This module
// keeps our code above that model.
import dcmjs from 'dcmjs';
import type { DcmjsDict, DcmjsElement } from 'dcmjs';
import type { DicomJsonDataset, DicomJsonElement } from '../json';
import { guessTransferSyntax, part10TransferSyntax, readPart10Fast, readPart10FastInflating, transferSyntaxGuessed } from './reader';
import { Part10FormatError } from './parser';
import { DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN } from '../inflate';
import { DicomReadError, MAX_DECODED_BYTES } from '../errors';
import { Tag } from '../tags';

// dcmjs reports every private element with an 'xs' VR on the console; that is noise for a viewer.
dcmjs.log?.getLogger('validation.dcmjs').setLevel('silent');
const BINARY_VRS = new Set(['OB', 'OW', 'OF', 'OD', 'OL', 'OV', 'UN']);

export interface Part10 {
  /** File meta information (group 0002) */
  meta: DcmjsDict;
  /** The data set */
  dict: DcmjsDict;
  transferSyntaxUID: string;
  /**
   * Set when our reader found the file malformed (most often truncated) and dcmjs read it anyway: dcmjs pads a
   * value cut short, so pixel data past this point are zeros that were never in the file. Decoders that draw
   * pixels must refuse such a file rather than show the zeros as "no segment".
   */
  damaged?: string;
}

export { DicomReadError } from '../errors';

/** True when the bytes carry the Part 10 'DICM' marker after the 128-byte preamble. */
export function isPart10(bytes: Uint8Array): boolean {
  return (
    bytes.length >= 132 && bytes[128] === 0x44 && bytes[129] === 0x49 && bytes[130] === 0x43 && bytes[131] === 0x4d
  );
}

/**
 * Parse a Part 10 file. `untilPixelData` stops before Pixel Data, which is what an index of a folder needs
 * (metadata only, no copy of the pixels).
 */
export function readPart10(input: ArrayBuffer | Uint8Array, name: string, opts: { untilPixelData?: boolean } = {}): Part10 {
  // A view (e.g. the body of a multipart response) is read in place: copying a 200 MB SEG costs ~1 s.
  const buffer: Uint8Array = input instanceof Uint8Array ? input : new Uint8Array(input);
  const bare = !isPart10(buffer.subarray(0, 132));
  if (bare && !guessTransferSyntax(buffer, 0)) {
    throw new DicomReadError(name, "not a DICOM Part 10 file (no 'DICM' marker at byte 128) nor a data set without its meta group");
  }
  let damaged: string | undefined;
  try {
    const { meta, dict, transferSyntaxUID } = readPart10Fast(buffer, name, opts);
    return { meta, dict, transferSyntaxUID };
  } catch (e) {
    if (e instanceof Part10FormatError) {
      // dcmjs reads a cut file on, padding the cut value with zeros up to its declared length; that is what
      // callers have always been given. A file that contradicts itself, or whose "cut" value would need more
      // padding than the bytes present (more likely a bit flip in a length than a file cut to under half), is
      // refused instead: dcmjs would believe the lying length and allocate it (gigabytes), or walk sequences
      // nested thousands deep.
      const { fault } = e;
      const padding = fault.kind === 'truncated' ? fault.missing : 0;
      if (fault.kind === 'malformed' || padding > Math.min(MAX_DECODED_BYTES, buffer.length)) {
        throw new DicomReadError(name, `cannot be read: ${e.problem}`);
      }
      damaged = e.message;
    }
    // dcmjs reads only files whose meta group names the transfer syntax (else it fails with a TypeError).
    if (bare || safely(() => transferSyntaxGuessed(buffer, name))) {
      throw new DicomReadError(name, `cannot be read: ${e instanceof Part10FormatError ? e.problem : String(e)}`);
    }
    // Deflated data sets, and what the fast reader leaves to dcmjs (explicit UN holding a sequence).
  }
  try {
    const whole = buffer.byteOffset === 0 && buffer.byteLength === buffer.buffer.byteLength ? buffer.buffer : buffer.slice().buffer;
    const parsed = dcmjs.data.DicomMessage.readFile(whole as ArrayBuffer, {
      ignoreErrors: true,
      untilTag: opts.untilPixelData ? Tag.PixelData : null,
      includeUntilTagValue: false,
      noCopy: true,
    });
    // dcmjs leaves a stub { vr: undefined, Value: 0 } for the tag it stopped at; the fast reader leaves nothing.
    if (opts.untilPixelData && !Array.isArray(parsed.dict[Tag.PixelData]?.Value)) delete parsed.dict[Tag.PixelData];
    const ts = firstString(parsed.meta[Tag.TransferSyntaxUID]) ?? '1.2.840.10008.1.2.1';
    return { meta: parsed.meta, dict: parsed.dict, transferSyntaxUID: ts, ...(damaged ? { damaged } : {}) };
  } catch (err) {
    throw new DicomReadError(name, `cannot be parsed (${(err as Error).message})`);
  }
}

/**
 * readPart10 that also reads Deflated Explicit VR Little Endian data sets with the fast reader (inflated by the
 * platform, asynchronously). What the workers and the CLI call; anything the fast reader refuses goes to
 * readPart10's dcmjs fallback as before.
 */
export async function readPart10Async(
  input: ArrayBuffer | Uint8Array,
  name: string,
  opts: { untilPixelData?: boolean } = {},
): Promise<Part10> {
  const buffer: Uint8Array = input instanceof Uint8Array ? input : new Uint8Array(input);
  let deflated = false;
  try {
    deflated = isPart10(buffer) && part10TransferSyntax(buffer, name) === DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN;
  } catch {
    // A meta group the fast reader refuses: readPart10 says what is wrong, or dcmjs reads it anyway.
  }
  if (deflated) {
    try {
      const { meta, dict } = await readPart10FastInflating(buffer, name, opts);
      return { meta, dict, transferSyntaxUID: DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN };
    } catch (e) {
      if (!(e instanceof Part10FormatError)) throw e;
      // Inflated but malformed, or not inflatable: dcmjs's reading (with `damaged` set) or its error.
    }
  }
  return readPart10(buffer, name, opts);
}

function safely(f: () => boolean): boolean {
  try {
    return f();
  } catch {
    return false;
  }
}

function firstString(el: DcmjsElement | undefined): string | undefined {
  const v = el?.Value?.[0];
  return typeof v === 'string' ? v.replace(/\0/g, '').trim() : undefined;
}

export function firstNumber(el: DcmjsElement | undefined): number | undefined {
  const v = el?.Value?.[0];
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v))) return Number(v);
  return undefined;
}

function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(s);
}

function binaryLength(values: unknown[]): number {
  let n = 0;
  for (const v of values.flat()) if (v instanceof ArrayBuffer || ArrayBuffer.isView(v)) n += v.byteLength;
  return n;
}

function binaryBytes(values: unknown[]): Uint8Array {
  const parts = values.flatMap((v) => (Array.isArray(v) ? v : [v])) as ArrayBuffer[];
  if (parts.length === 1) return new Uint8Array(parts[0]);
  const total = parts.reduce((n, p) => n + p.byteLength, 0);
  const out = new Uint8Array(total);
  let o = 0;
  for (const p of parts) {
    out.set(new Uint8Array(p), o);
    o += p.byteLength;
  }
  return out;
}

export interface JsonOptions {
  /** Binary values up to this many bytes are inlined (InlineBinary); larger ones become BulkDataURIs. */
  inlineLimit: number;
  /** URI for a binary element given its path: tags and item indexes, e.g. [Tag.PixelData] */
  bulkDataURI: (path: string[]) => string;
}

/** A bigint as a JSON number, or as a string when a double cannot hold it exactly (as PS3.18 F.2.3.1 allows). */
function jsonNumber(v: bigint): number | string {
  return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
}

/** Convert a dcmjs dictionary into DICOM JSON, replacing large binary values by BulkDataURIs. */
export function toDicomJson(dict: DcmjsDict, opts: JsonOptions, path: string[] = []): DicomJsonDataset {
  return datasetJson(dict, opts, path.length ? { up: null, steps: path } : null);
}

/**
 * Where a data set sits, as a chain to its parent: the path of tags and item indexes is spelled out only for a
 * binary value's BulkDataURI (a SEG's 5,000 per-frame items made an array each, for nothing).
 */
interface Where {
  up: Where | null;
  steps: string[];
}

function pathOf(where: Where | null, last: string): string[] {
  const out = [last];
  for (let w = where; w; w = w.up) out.unshift(...w.steps);
  return out;
}

function datasetJson(dict: DcmjsDict, opts: JsonOptions, where: Where | null): DicomJsonDataset {
  const out: DicomJsonDataset = {};
  for (const tag in dict) {
    const el = dict[tag];
    const t = tag.toUpperCase();
    if (t.startsWith('0002')) continue;
    const vr = el.vr;
    const j: DicomJsonElement = { vr };
    const values = el.Value ?? [];
    if (vr === 'SQ') {
      if (values.length) {
        j.Value = values.map((item, i) => datasetJson(item as DcmjsDict, opts, { up: where, steps: [t, String(i)] }));
      }
    } else if (BINARY_VRS.has(vr) || t === Tag.PixelData) {
      if (values.length) {
        // Measured before any copy: Float Pixel Data of a big map is hundreds of MB.
        if (t !== Tag.PixelData && binaryLength(values) <= opts.inlineLimit) j.InlineBinary = toBase64(binaryBytes(values));
        else j.BulkDataURI = opts.bulkDataURI(pathOf(where, t));
      }
    } else if (vr === 'PN') {
      if (values.length) {
        const names = values.map((v) => (typeof v === 'string' ? { Alphabetic: v } : (v as { Alphabetic?: string })));
        if (names.some((n) => n.Alphabetic?.trim())) j.Value = names;
      }
    } else if (values.length) {
      // Empty values are null in DICOM JSON, and an element with only empty values has no Value.
      // 64-bit VRs (UV, SV) are bigints in dcmjs's model; DICOM JSON has numbers (PS3.18 F.2.3), and a bigint
      // would break every JSON.stringify downstream.
      const vals = values.map(jsonValue);
      if (vals.some((v) => v !== null)) j.Value = vals as DicomJsonElement['Value'];
    }
    out[t] = j;
  }
  return out;
}

function jsonValue(v: unknown): unknown {
  if (typeof v === 'string') return (v.includes('\0') ? v.replace(/\0/g, '') : v).trim() || null;
  return typeof v === 'bigint' ? jsonNumber(v) : v;
}

/** The raw bytes of a binary element addressed by a path of tags and item indexes. */
export function getBulkValue(dict: DcmjsDict, path: string[]): Uint8Array | undefined {
  let d: DcmjsDict | undefined = dict;
  for (let i = 0; i < path.length - 1; i += 2) {
    const item: unknown = d?.[path[i]]?.Value?.[Number(path[i + 1])];
    d = item as DcmjsDict | undefined;
  }
  const el = d?.[path[path.length - 1]];
  if (!el?.Value?.length) return undefined;
  return binaryBytes(el.Value);
}
