// STOW-RS upload of DICOM Part 10 files, several files per multipart/related request.
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { Tag } from '../dicom/tags';

export interface StowResult {
  stored: number;
  failed: Array<{ file: string; message: string }>;
}

export interface StowOptions {
  /** Upper bound of one request body; a bigger file goes alone. Default 20 MB. */
  batchBytes?: number;
  /** Called after every request. */
  onProgress?: (p: { done: number; total: number; stored: number; failed: number }) => void;
}

export interface StowPart {
  label: string;
  bytes: Uint8Array;
  sopInstanceUID: string | undefined;
}

const DEFAULT_BATCH_BYTES = 20 * 1024 * 1024;

// PS3.4 C.4.2.1.4 / PS3.18 failure reasons Orthanc and others put in FailureReason (0008,1197).
const FAILURE_REASONS: Record<number, string> = {
  0x0110: 'processing failure',
  0x0122: 'SOP class not supported',
  0x0124: 'not authorized',
  0xa700: 'out of resources',
  0xa900: 'data set does not match SOP class',
  0xc000: 'cannot understand',
  0xc122: 'transfer syntax not supported',
};

/**
 * POSTs the files to `{dicomWebRoot}/studies`. Files are paths or Part 10 bytes (named `#index` in
 * `failed`). Files without the 'DICM' marker are reported as failed without being sent, so one bad
 * file cannot make the server reject a whole batch.
 */
export async function stowFiles(
  dicomWebRoot: string,
  files: Array<string | Uint8Array>,
  opts: StowOptions = {},
): Promise<StowResult> {
  const batchBytes = opts.batchBytes ?? DEFAULT_BATCH_BYTES;
  const url = `${dicomWebRoot.replace(/\/+$/, '')}/studies`;
  const result: StowResult = { stored: 0, failed: [] };
  let done = 0;
  let batch: StowPart[] = [];
  let size = 0;

  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    const parts = batch;
    batch = [];
    size = 0;
    const outcome = await postBatch(url, parts);
    result.stored += outcome.stored;
    result.failed.push(...outcome.failed);
    done += parts.length;
    opts.onProgress?.({ done, total: files.length, stored: result.stored, failed: result.failed.length });
  };

  for (let i = 0; i < files.length; i++) {
    const f = files[i]!;
    const label = typeof f === 'string' ? f : `#${i}`;
    let bytes: Uint8Array;
    try {
      bytes = typeof f === 'string' ? await readFile(f) : f;
    } catch (err) {
      result.failed.push({ file: label, message: `cannot read: ${(err as Error).message}` });
      done++;
      continue;
    }
    if (!isPart10(bytes)) {
      result.failed.push({ file: label, message: "not a DICOM Part 10 file (no 'DICM' at byte 128)" });
      done++;
      continue;
    }
    if (batch.length > 0 && size + bytes.length > batchBytes) await flush();
    batch.push({ label, bytes, sopInstanceUID: metaSopInstanceUID(bytes) });
    size += bytes.length;
  }
  await flush();
  return result;
}

async function postBatch(url: string, parts: StowPart[]): Promise<StowResult> {
  const boundary = `stow-${randomUUID()}`;
  let status: number;
  let text: string;
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        'Content-Type': `multipart/related; type="application/dicom"; boundary=${boundary}`,
        Accept: 'application/dicom+json',
      },
      body: multipartBody(
        boundary,
        parts.map((p) => p.bytes),
      ),
    });
    status = res.status;
    text = await res.text();
  } catch (err) {
    return allFailed(parts, `request to ${url} failed: ${(err as Error).message}`);
  }
  let response: unknown;
  try {
    response = JSON.parse(text);
  } catch {
    return allFailed(parts, `HTTP ${status}: ${text.slice(0, 300) || '(empty answer)'}`);
  }
  return matchResponse(parts, Array.isArray(response) ? response[0] : response, status);
}

/** The multipart/related body, each part an application/dicom file. */
export function multipartBody(boundary: string, files: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const encoder = new TextEncoder();
  const head = encoder.encode(`--${boundary}\r\nContent-Type: application/dicom\r\n\r\n`);
  const crlf = encoder.encode('\r\n');
  const tail = encoder.encode(`--${boundary}--\r\n`);
  const total = files.reduce((n, f) => n + head.length + f.length + crlf.length, tail.length);
  // One ArrayBuffer-backed copy: fetch() takes it as is, and its length is the Content-Length.
  const body = new Uint8Array(new ArrayBuffer(total));
  let pos = 0;
  for (const chunk of files.flatMap((f) => [head, f, crlf]).concat([tail])) {
    body.set(chunk, pos);
    pos += chunk.length;
  }
  return body;
}

type JsonElement = { vr?: string; Value?: unknown[] };
type JsonDataset = Record<string, JsonElement | undefined>;

/**
 * Sorts the files of one request into stored and failed using ReferencedSOPSequence (0008,1199) and
 * FailedSOPSequence (0008,1198). A file named in neither failed too: Orthanc answers 400 with an
 * empty FailedSOPSequence when a part does not parse at all.
 */
export function matchResponse(parts: StowPart[], response: unknown, status: number): StowResult {
  const ds = (response && typeof response === 'object' ? response : {}) as JsonDataset;
  const referenced = new Map<string, number>();
  for (const item of sequence(ds, Tag.ReferencedSOPSequence)) {
    const uid = firstString(item, Tag.ReferencedSOPInstanceUID);
    if (uid) referenced.set(uid, (referenced.get(uid) ?? 0) + 1);
  }
  const failedReasons = new Map<string, string>();
  for (const item of sequence(ds, Tag.FailedSOPSequence)) {
    const uid = firstString(item, Tag.ReferencedSOPInstanceUID);
    const code = item[Tag.FailureReason]?.Value?.[0];
    const reason =
      typeof code === 'number'
        ? `FailureReason 0x${code.toString(16).padStart(4, '0')} (${FAILURE_REASONS[code] ?? 'unknown'})`
        : 'listed in FailedSOPSequence';
    if (uid) failedReasons.set(uid, `${reason}, HTTP ${status}`);
  }
  const partUids = new Set(parts.map((p) => p.sopInstanceUID));
  let spare = 0;
  for (const [uid, n] of referenced) if (!partUids.has(uid)) spare += n;
  const out: StowResult = { stored: 0, failed: [] };
  for (const p of parts) {
    const uid = p.sopInstanceUID;
    if (uid && referenced.has(uid)) out.stored++;
    else if (uid && failedReasons.has(uid))
      out.failed.push({ file: p.label, message: `${uid}: ${failedReasons.get(uid)}` });
    else if (!uid && spare > 0) {
      // No MediaStorageSOPInstanceUID to match by: credit an otherwise unclaimed acknowledgement.
      spare--;
      out.stored++;
    } else {
      out.failed.push({
        file: p.label,
        message: `${uid ?? 'instance'}: not acknowledged by the server (HTTP ${status})`,
      });
    }
  }
  return out;
}

function allFailed(parts: StowPart[], message: string): StowResult {
  return { stored: 0, failed: parts.map((p) => ({ file: p.label, message })) };
}

function sequence(ds: JsonDataset, tag: string): JsonDataset[] {
  const v = ds[tag]?.Value;
  return Array.isArray(v) ? v.filter((x): x is JsonDataset => !!x && typeof x === 'object') : [];
}

function firstString(ds: JsonDataset, tag: string): string | undefined {
  const v = ds[tag]?.Value?.[0];
  return typeof v === 'string' ? v : undefined;
}

function isPart10(bytes: Uint8Array): boolean {
  return (
    bytes.length >= 132 && bytes[128] === 0x44 && bytes[129] === 0x49 && bytes[130] === 0x43 && bytes[131] === 0x4d
  );
}

/** MediaStorageSOPInstanceUID (0002,0003) from the file meta group, which is always explicit VR little endian. */
export function metaSopInstanceUID(bytes: Uint8Array): string | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let pos = 132;
  while (pos + 8 <= bytes.length) {
    const group = view.getUint16(pos, true);
    const element = view.getUint16(pos + 2, true);
    if (group !== 0x0002) return undefined;
    const vr = String.fromCharCode(bytes[pos + 4]!, bytes[pos + 5]!);
    let length: number;
    let valueStart: number;
    if (['OB', 'OW', 'OF', 'SQ', 'UT', 'UN', 'UC', 'UR'].includes(vr)) {
      if (pos + 12 > bytes.length) return undefined;
      length = view.getUint32(pos + 8, true);
      valueStart = pos + 12;
    } else {
      length = view.getUint16(pos + 6, true);
      valueStart = pos + 8;
    }
    if (valueStart + length > bytes.length) return undefined;
    if (element === 0x0003) {
      return (
        Buffer.from(bytes.subarray(valueStart, valueStart + length))
          .toString('latin1')
          .replace(/[\0 ]+$/, '') || undefined
      );
    }
    pos = valueStart + length;
  }
  return undefined;
}
