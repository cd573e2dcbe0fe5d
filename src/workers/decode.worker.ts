// Decodes derived objects off the main thread. Thin: it only calls dicom/ decoders and moves big buffers
// back as transferables.
import { decodeStructureSetPart10 } from '../dicom/rtstruct/part10';
import type { StructureSet } from '../dicom/rtstruct/model';
import { decodeReportPart10 } from '../dicom/sr/document';
import type { MeasurementGroup } from '../dicom/sr/model';
import { packedBuffers } from '../dicom/seg/packLayers';
import { decodeSeg, type SegResult } from './decodeSeg';
import type { DecodeRequest, DecodeResponse, ReportResult } from './protocol';
import type { DerivedInstanceInfo } from '../dicom/json';
import { decodePm, pmTransferables } from './decodePm';
import { SlicePool } from './slicePool';
import { readDerivedHeader, readDerivedHeaderEarly } from '../dicom/derivedHeader';
import { codecFrameDecoder } from '../dicom/frameCodecs';
import { browserCodecLoaders } from './codecLoaders';
import { handleQuality } from './quality';

/** JPEG 2000, HTJ2K, JPEG-LS and JPEG Lossless SEG frames; each codec loads when a SEG first needs it. */
const segFrameDecoder = codecFrameDecoder(browserCodecLoaders);

/**
 * Derived objects' bytes kept here (not on the page): downloaded as soon as the study's QIDO lists them, decoded
 * when the series they annotate is shown. A SEG stays (fetched once even when shown on another series of its Frame
 * of Reference), an RTSTRUCT or SR is dropped once decoded; the most recent few, up to a budget.
 */
const segBytes = new Map<string, Uint8Array>();
const pool = new SlicePool();
/** The deployment's ceiling on one object's decoded size ('limits' message); the decoders' default otherwise. */
let maxDecodedBytes: number | undefined;

/**
 * SEGs arriving piece by piece. Put together here, not on the page: the room for a big SEG is allocated (and its
 * memory first written) in this thread, while the download goes on.
 */
const arriving = new Map<string, { bytes: Uint8Array; filled: number; triedAt: number }>();

/** 'header' requests waiting for their object's bytes, by key */
const waitingHeaders = new Map<string, Array<{ id: number; name: string; t0: number }>>();

/** Past this, an object's header is read only once it is whole (a partial read re-parses what came). */
const EARLY_HEADER_MAX_BYTES = 64 * 1024 * 1024;

function post(msg: DecodeResponse, transfer: Transferable[] = []): void {
  (self as unknown as Worker).postMessage(msg, transfer);
}

function answerHeaders(key: string, read: (name: string) => DerivedInstanceInfo | null): void {
  const waiting = waitingHeaders.get(key);
  if (!waiting?.length) return;
  let result: DerivedInstanceInfo | null;
  try {
    result = read(waiting[0].name);
  } catch (e) {
    waitingHeaders.delete(key);
    for (const w of waiting) post({ id: w.id, ok: false, error: { object: w.name, message: (e as Error).message, name: (e as Error).name } });
    return;
  }
  if (!result) return;
  waitingHeaders.delete(key);
  for (const w of waiting) post({ id: w.id, ok: true, kind: 'header', result, ms: performance.now() - w.t0 });
}

/** A header asked for while the object downloads: read from what came, once there is twice as much as last time. */
function tryEarlyHeader(key: string): void {
  const a = arriving.get(key);
  if (!a || !waitingHeaders.has(key) || a.filled > EARLY_HEADER_MAX_BYTES || a.filled < 2 * a.triedAt) return;
  a.triedAt = a.filled;
  answerHeaders(key, (name) => readDerivedHeaderEarly(a.bytes.subarray(0, a.filled), name));
}

function receive(key: string, piece: Uint8Array, length: number | null): void {
  let a = arriving.get(key);
  if (!a) arriving.set(key, (a = { bytes: new Uint8Array(length ?? Math.max(1 << 20, piece.length)), filled: 0, triedAt: 0 }));
  if (a.filled + piece.length > a.bytes.length) {
    // No length given, or a wrong one: grow by doubling.
    const bigger = new Uint8Array(Math.max(a.bytes.length * 2, a.filled + piece.length));
    bigger.set(a.bytes.subarray(0, a.filled));
    a.bytes = bigger;
  }
  a.bytes.set(piece, a.filled);
  a.filled += piece.length;
}
const SEG_CACHE_BYTES = 1024 * 1024 * 1024;

function remember(key: string, bytes: Uint8Array): void {
  segBytes.delete(key);
  segBytes.set(key, bytes);
  let total = 0;
  for (const b of segBytes.values()) total += b.byteLength;
  for (const [k, b] of segBytes) {
    if (total <= SEG_CACHE_BYTES || k === key) break;
    segBytes.delete(k);
    total -= b.byteLength;
  }
}

/**
 * Measurements per message when a report's groups are sent in parts. The main thread deserialises each
 * message in one task; 20,000 measurements in one message took ~0.5 s there, about 1,000 take a few ms.
 */
const REPORT_PART_SIZE = 1000;

/** Groups in runs of about `size` measurements (a group is never split). */
function reportParts(groups: MeasurementGroup[], size: number): MeasurementGroup[][] {
  const parts: MeasurementGroup[][] = [];
  let part: MeasurementGroup[] = [];
  let count = 0;
  for (const g of groups) {
    part.push(g);
    count += 1 + g.measurements.length + g.qualitativeEvaluations.length;
    if (count >= size) {
      parts.push(part);
      part = [];
      count = 0;
    }
  }
  if (part.length) parts.push(part);
  return parts;
}

function transferablesOf(set: StructureSet): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  for (const roi of set.rois) for (const c of roi.contours) out.add(c.points.buffer as ArrayBuffer);
  return [...out];
}

/** A request for an object the worker does not hold: the page downloads it again. */
function notHeld(req: { id: number; name: string }): void {
  post({ id: req.id, ok: false, error: { object: req.name, message: `${req.name} is no longer held by the decoder`, name: 'NotCached' }, code: 'not-cached' });
}

/** An RTSTRUCT's or SR's bytes: given, or held under its key (and let go: it is decoded once). */
function takeHeld(req: { id: number; name: string; bytes?: Uint8Array; key?: string }): Uint8Array | undefined {
  if (req.bytes) return req.bytes;
  const held = req.key ? segBytes.get(req.key) : undefined;
  if (!held) notHeld(req);
  else segBytes.delete(req.key as string);
  return held;
}

self.onmessage = async (ev: MessageEvent<DecodeRequest>) => {
  const req = ev.data;
  const t0 = performance.now();
  try {
    if (req.kind === 'rtstruct') {
      const bytes = takeHeld(req);
      if (!bytes) return;
      const result = decodeStructureSetPart10(bytes, req.name, { precision: 'float32' });
      const msg: DecodeResponse = { id: req.id, ok: true, kind: 'rtstruct', result, ms: performance.now() - t0 };
      (self as unknown as Worker).postMessage(msg, transferablesOf(result));
    } else if (req.kind === 'sr') {
      const bytes = takeHeld(req);
      if (!bytes) return;
      const doc = decodeReportPart10(bytes, req.name);
      const ms = performance.now() - t0;
      const mr = doc.measurementReport;
      let result: ReportResult = doc;
      if (mr) {
        for (const groups of reportParts(mr.measurementGroups, REPORT_PART_SIZE)) {
          const part: DecodeResponse = { id: req.id, ok: true, kind: 'sr-part', groups };
          (self as unknown as Worker).postMessage(part);
        }
        result = { ...doc, root: null, measurementReport: { ...mr, measurementGroups: [] } };
      }
      const msg: DecodeResponse = { id: req.id, ok: true, kind: 'sr', result, ms };
      (self as unknown as Worker).postMessage(msg);
    } else if (req.kind === 'seg') {
      if (req.bytes) remember(req.key, req.bytes);
      const a = req.pieces ? arriving.get(req.key) : undefined;
      if (a) {
        arriving.delete(req.key);
        remember(req.key, a.bytes.subarray(0, a.filled));
      }
      const bytes = segBytes.get(req.key);
      if (!bytes) return notHeld(req);
      let result: SegResult;
      try {
        result = await decodeSeg(bytes, req.name, req.target, segFrameDecoder, pool.take, maxDecodedBytes);
      } finally {
        pool.clear();
      }
      const msg: DecodeResponse = { id: req.id, ok: true, kind: 'seg', result, ms: performance.now() - t0 };
      (self as unknown as Worker).postMessage(msg, packedBuffers(result.packed));
    } else if (req.kind === 'pm') {
      let bytes = req.bytes;
      if (!bytes && req.key) {
        // Put together from the pieces that came ahead; not kept afterwards (a map is decoded once per series).
        const a = arriving.get(req.key);
        arriving.delete(req.key);
        bytes = a?.bytes.subarray(0, a.filled) ?? segBytes.get(req.key);
        segBytes.delete(req.key);
      }
      if (!bytes) throw new Error(`${req.name}: its bytes did not reach the decoder`);
      const result = await decodePm(bytes, req.name, req.target, segFrameDecoder, maxDecodedBytes);
      const msg: DecodeResponse = { id: req.id, ok: true, kind: 'pm', result, ms: performance.now() - t0 };
      (self as unknown as Worker).postMessage(msg, pmTransferables(result));
    } else if (req.kind === 'seg-piece') {
      for (const piece of req.pieces) receive(req.key, piece, req.length);
      tryEarlyHeader(req.key);
    } else if (req.kind === 'seg-drop') {
      arriving.delete(req.key);
      if (req.final) answerHeaders(req.key, (name) => {
        throw new Error(`${name}: its download failed`);
      });
    } else if (req.kind === 'seg-end') {
      const a = arriving.get(req.key);
      arriving.delete(req.key);
      if (a) remember(req.key, a.bytes.subarray(0, a.filled));
      const held = segBytes.get(req.key);
      // Nothing came (an empty answer): say so, or the header request would wait forever, and the study with it.
      answerHeaders(req.key, (name) => {
        if (!held) throw new Error(`${name}: the server sent no bytes for it`);
        return readDerivedHeader(held, name);
      });
    } else if (req.kind === 'header') {
      const list = waitingHeaders.get(req.key) ?? [];
      list.push({ id: req.id, name: req.name, t0 });
      waitingHeaders.set(req.key, list);
      const held = segBytes.get(req.key);
      if (held) answerHeaders(req.key, (name) => readDerivedHeader(held, name));
      else tryEarlyHeader(req.key);
    } else if (req.kind === 'limits') {
      maxDecodedBytes = req.maxDecodedBytes ?? undefined;
    } else if (req.kind === 'prepare') {
      pool.prepare(req.rows * req.columns, req.slices, req.wide);
    } else if (req.kind.startsWith('q-')) {
      // Quality work (workers/quality.ts): statistics, comparison, agreement overlay, SR cross-check.
      const { msg, transfer } = await handleQuality(req as Extract<DecodeRequest, { kind: `q-${string}` }>, { segBytes: (k) => segBytes.get(k), decoder: segFrameDecoder });
      (self as unknown as Worker).postMessage(msg, transfer);
    }
  } catch (e) {
    const object = 'name' in req ? req.name : req.kind;
    const error = e instanceof Error ? { object, message: e.message, name: e.name } : { object, message: String(e), name: 'Error' };
    const msg: DecodeResponse = { id: req.id, ok: false, error };
    (self as unknown as Worker).postMessage(msg);
  }
};
