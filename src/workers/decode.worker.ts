// Decodes derived objects off the main thread. Thin: it only calls dicom/ decoders and moves big buffers
// back as transferables.
import { decodeStructureSetPart10 } from '../dicom/rtstruct/part10';
import type { StructureSet, StructureSetROI } from '../dicom/rtstruct/model';
import { decodeReportPart10 } from '../dicom/sr/document';
import type { MeasurementGroup } from '../dicom/sr/model';
import { packedBuffers } from '../dicom/seg/packLayers';
import { decodeSeg, type SegResult } from './decodeSeg';
import type { DecodeRequest, DecodeResponse, ReportResult, SegPart } from './protocol';
import type { DerivedInstanceInfo } from '../dicom/json';
import { decodePm, pmTransferables } from './decodePm';
import { SlicePool } from './slicePool';
import { HeldObjects } from './heldObjects';
import { WIDE_FROM_SEGMENTS } from '../dicom/seg/labelmapLayers';
import type { TargetSeries } from '../dicom/geometry/placeFrames';
import { readDerivedHeader, readDerivedHeaderEarly } from '../dicom/derivedHeader';
import { codecFrameDecoder } from '../dicom/frameCodecs';
import { browserCodecLoaders } from './codecLoaders';
import { handleQuality } from './quality';
import { SegStream } from './segStream';
import { RtStream } from './rtStream';
import { readSegHeader, type SegHeader } from '../dicom/seg/progressive';
import { SEGMENTATION_STORAGE } from '../dicom/seg/model';
import type { DownloadMessage, DownloadRequest } from './fetchObject';

/** JPEG 2000, HTJ2K, JPEG-LS and JPEG Lossless SEG frames; each codec loads when a SEG first needs it. */
const segFrameDecoder = codecFrameDecoder(browserCodecLoaders);

const objects = new HeldObjects();
const pool = new SlicePool();
/** The deployment's ceiling on one object's decoded size ('limits' message); the decoders' default otherwise. */
let maxDecodedBytes: number | undefined;

/** What each object references, once read from its header ('header' requests): sizes a SEG's label slices. */
const headers = new Map<string, DerivedInstanceInfo>();
/** SEG decodes waiting for their bytes, by key: their label slices are made ready once the header is known. */
const preparing = new Map<string, TargetSeries>();

/** 'receive' requests of objects arriving, by key; `header`: its interim answer was sent */
const receiving = new Map<string, Array<{ id: number; name: string; t0: number; header: boolean }>>();

/** SEG decodes drawing their segments as the pieces arrive, by key (see segStream.ts) */
const streams = new Map<string, Set<SegStream>>();

/**
 * SEG headers read as the pieces arrive, before any decode asks (readSegHeader: model and frame positions, no
 * target needed), so that a decode drawing the SEG as it arrives starts from them: for the 104-segment benchmark
 * SEG that is ~0.3 s of parsing done while the page still waits for its series.
 */
const segHeaders = new Map<string, { header: SegHeader | { fallback: string } | null; scanned: number }>();

function readSegHeaderAhead(key: string): void {
  if (headers.get(key)?.sopClassUID !== SEGMENTATION_STORAGE && !streams.get(key)?.size) return;
  const entry = segHeaders.get(key) ?? { header: null, scanned: 0 };
  segHeaders.set(key, entry);
  const arrived = objects.arrived(key);
  if (entry.header || !arrived || arrived.length > EARLY_HEADER_MAX_BYTES) return;
  // Read once the Pixel Data element has begun (its tag in what came since the last look): the header is then
  // whole. Each try reads from the start (~0.3 s for the 104-segment benchmark SEG), so none is made before.
  // A miss is tried again (it was not: such a SEG was then drawn only once all of it had come).
  for (let from = pixelDataTagFrom(arrived, Math.max(0, entry.scanned - 3)); from >= 0; from = pixelDataTagFrom(arrived, from + 1)) {
    // The element's tag, VR and length (12 bytes at most) not all in yet: the next look reads from this tag again.
    if (from + 12 > arrived.length) {
      entry.scanned = from;
      return;
    }
    entry.header = readSegHeader(arrived, receiving.get(key)?.[0]?.name ?? key, maxDecodedBytes);
    // Null: those bytes were inside some value, not the Pixel Data tag; the next occurrence may be.
    if (entry.header) return;
  }
  entry.scanned = arrived.length;
}

/** Where the bytes of the Pixel Data tag (7FE0,0010, little endian) first appear in `bytes` from `start`, or -1. */
function pixelDataTagFrom(bytes: Uint8Array, start: number): number {
  for (let i = bytes.indexOf(0xe0, start); i >= 0 && i + 3 < bytes.length; i = bytes.indexOf(0xe0, i + 1)) {
    if (bytes[i + 1] === 0x7f && bytes[i + 2] === 0x10 && bytes[i + 3] === 0x00) return i;
  }
  return -1;
}

/** Past this, an object's header is read only once it is whole (a partial read re-parses what came). */
const EARLY_HEADER_MAX_BYTES = 64 * 1024 * 1024;

function post(msg: DecodeResponse, transfer: Transferable[] = []): void {
  (self as unknown as Worker).postMessage(msg, transfer);
}

/**
 * Objects received under another key than their SOP Instance UID (a series retrieved whole: the page knew no SOP
 * Instance UID to name it by), by that UID: the page names them by it once it has their header.
 */
const aliases = new Map<string, string>();
const keyOf = (key: string): string => aliases.get(key) ?? key;

/** Sends the 'receive' requests of `key` still without it their object's header (`read`; null: not there yet). */
function answerHeaders(key: string, read: (name: string) => DerivedInstanceInfo | null): void {
  const waiting = receiving.get(key)?.filter((w) => !w.header);
  if (!waiting?.length) return;
  let result: DerivedInstanceInfo | null;
  try {
    result = read(waiting[0].name);
  } catch (e) {
    // No header, no object: the request is answered (failed) now; the download may go on, unasked.
    receiving.set(key, receiving.get(key)?.filter((w) => w.header) ?? []);
    for (const w of waiting) post({ id: w.id, ok: false, error: { object: w.name, message: (e as Error).message, name: (e as Error).name } });
    return;
  }
  if (!result) return;
  if (result.sopInstanceUID && result.sopInstanceUID !== key) aliases.set(result.sopInstanceUID, key);
  headers.set(key, result);
  prepareSlices(key);
  for (const w of waiting) {
    w.header = true;
    post({ id: w.id, ok: true, kind: 'header', result, ms: performance.now() - w.t0 });
  }
}

/** Answers the 'receive' requests of `key`: its bytes are in (`bytes`), or the download failed (`failure`). */
function answerReceives(key: string, bytes: number, failure?: string): void {
  const waiting = receiving.get(key) ?? [];
  receiving.delete(key);
  for (const w of waiting) {
    if (failure) post({ id: w.id, ok: false, error: { object: w.name, message: `${w.name}: ${failure}`, name: 'DownloadError' }, code: 'download-failed' });
    else post({ id: w.id, ok: true, kind: 'held', bytes, ms: performance.now() - w.t0 });
  }
}

/** A header asked for while the object downloads: read from what came, once there is twice as much as last time. */
function tryEarlyHeader(key: string): void {
  if (!receiving.get(key)?.some((w) => !w.header)) return;
  const partial = objects.partial(key, 2);
  if (!partial || partial.length > EARLY_HEADER_MAX_BYTES) return;
  answerHeaders(key, (name) => readDerivedHeaderEarly(partial, name));
}

/**
 * A SEG of many segments (16-bit labels) is to be decoded on `target` once its bytes are in: its label slices are
 * made ready meanwhile (see slicePool.ts), as many as it has frames or the series slices.
 */
function prepareSlices(key: string): void {
  const target = preparing.get(key);
  const header = headers.get(key);
  if (!target || !header || (header.segmentNumbers?.length ?? 0) < WIDE_FROM_SEGMENTS) return;
  preparing.delete(key);
  const { rows, columns } = target.planes[0] ?? { rows: 0, columns: 0 };
  pool.prepare(rows * columns, Math.min(target.planes.length, header.numberOfFrames ?? 0), true);
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
  return roiTransferables(set.rois);
}

function roiTransferables(rois: StructureSetROI[]): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  for (const roi of rois) for (const c of roi.contours) out.add(c.points.buffer as ArrayBuffer);
  return [...out];
}

/** RTSTRUCT decodes drawing their ROIs as the pieces arrive, by key (see rtStream.ts) */
const rtStreams = new Map<string, Set<RtStream>>();

/**
 * Runs `decode` on the bytes of the request's object: now when they are held, else once they arrive (told to
 * the page as 'need-bytes' unless their download is under way or on its way). 'started' marks the decode's start.
 */
function whenHeld(req: { id: number; key: string; name: string; coming: boolean }, once: boolean, decode: (bytes: Uint8Array, t0: number) => Promise<void> | void): void {
  const run = (bytes: Uint8Array): void => {
    if (once) objects.take(req.key);
    post({ id: req.id, ok: true, kind: 'started' });
    const t0 = performance.now();
    Promise.resolve()
      .then(() => decode(bytes, t0))
      .catch((e: unknown) => fail(req, e));
  };
  const held = objects.get(req.key);
  if (held) return run(held);
  if (!req.coming && !objects.isArriving(req.key)) post({ id: req.id, ok: true, kind: 'need-bytes' });
  objects.wait(req.key, {
    ready: run,
    failed: (why) => post({ id: req.id, ok: false, error: { object: req.name, message: `${req.name}: ${why}`, name: 'DownloadError' }, code: 'download-failed' }),
  });
}

/** New pieces of `key` are in: its header read early, the decodes drawing it as it comes fed. */
function piecesArrived(key: string): void {
  tryEarlyHeader(key);
  readSegHeaderAhead(key);
  const arrived = objects.arrived(key);
  if (arrived) for (const stream of streams.get(key) ?? []) stream.feed(arrived, objects.expected(key));
  if (arrived) for (const stream of rtStreams.get(key) ?? []) stream.feed(arrived);
}

/** The download of `key` starts over, or (`final`) failed. */
function dropPieces(key: string, final: boolean): void {
  // Started over: the decodes drawing it keep what they drew (the same file comes again) and wait for more.
  objects.drop(key, final);
  const ahead = segHeaders.get(key);
  if (ahead) ahead.scanned = 0;
  if (final) {
    streams.delete(key);
    for (const stream of rtStreams.get(key) ?? []) stream.end();
    rtStreams.delete(key);
    segHeaders.delete(key);
    answerReceives(key, 0, 'its download failed');
  }
}

/** Every piece of `key` is in. */
function endPieces(key: string): void {
  // The header first (the decodes waiting for the bytes run from objects.end), then the bytes are in.
  const arrived = objects.arrived(key);
  if (arrived?.length) answerHeaders(key, (name) => readDerivedHeader(arrived, name));
  const held = objects.end(key);
  // Nothing came (an empty answer): say so, or the study would wait for the header forever.
  answerReceives(key, held?.length ?? 0, held ? undefined : 'the server sent no bytes for it');
}

let downloads: Worker | undefined;

/** The downloader worker (download.worker.ts), made when the first download is asked. */
function downloader(): Worker {
  if (downloads) return downloads;
  downloads = new Worker(new URL('./download.worker.ts', import.meta.url), { type: 'module', name: 'download' });
  downloads.onmessage = (ev: MessageEvent<DownloadMessage>) => {
    const m = ev.data;
    if (m.kind === 'pieces') {
      for (const piece of m.pieces) objects.receive(m.key, piece, m.length);
      piecesArrived(m.key);
    } else if (m.kind === 'restart') dropPieces(m.key, false);
    else if (m.kind === 'answer') post(m.msg);
    else {
      if (m.msg.ok) endPieces(m.key);
      else dropPieces(m.key, true);
      post(m.msg);
    }
  };
  return downloads;
}

function fail(req: { id: number; name?: string; kind?: string }, e: unknown): void {
  const object = req.name ?? req.kind ?? 'object';
  const error = e instanceof Error ? { object, message: e.message, name: e.name } : { object, message: String(e), name: 'Error' };
  post({ id: req.id, ok: false, error });
}

self.onmessage = async (ev: MessageEvent<DecodeRequest>) => {
  const req = ev.data;
  if ('key' in req && typeof req.key === 'string') req.key = keyOf(req.key);
  const t0 = performance.now();
  try {
    if (req.kind === 'rtstruct') {
      let stream: RtStream | undefined;
      if (!objects.get(req.key)) {
        // Drawn as it arrives: ROIs whose contours are in go to the page before the rest (rtStream.ts).
        stream = new RtStream(req.name, (part) => post({ id: req.id, ok: true, kind: 'rtstruct-part', part }, roiTransferables(part.complete)));
        rtStreams.set(req.key, (rtStreams.get(req.key) ?? new Set()).add(stream));
        const arrived = objects.arrived(req.key);
        if (arrived) stream.feed(arrived);
      }
      whenHeld(req, true, (bytes, start) => {
        stream?.end();
        if (stream) rtStreams.get(req.key)?.delete(stream);
        const result = decodeStructureSetPart10(bytes, req.name, { precision: 'float32' });
        post({ id: req.id, ok: true, kind: 'rtstruct', result, ms: performance.now() - start }, transferablesOf(result));
      });
    } else if (req.kind === 'sr') {
      whenHeld(req, true, (bytes, start) => {
        const doc = decodeReportPart10(bytes, req.name);
        const ms = performance.now() - start;
        const mr = doc.measurementReport;
        let result: ReportResult = doc;
        if (mr) {
          for (const groups of reportParts(mr.measurementGroups, REPORT_PART_SIZE)) post({ id: req.id, ok: true, kind: 'sr-part', groups });
          result = { ...doc, root: null, measurementReport: { ...mr, measurementGroups: [] } };
        }
        post({ id: req.id, ok: true, kind: 'sr', result, ms });
      });
    } else if (req.kind === 'seg') {
      let stream: SegStream | undefined;
      if (!objects.get(req.key)) {
        // Drawn as it arrives: segments whose frames are in go to the page before the rest of the SEG. Its label
        // slices are allocated as segments are drawn; made ready beforehand only for a SEG decoded at the end
        // (filling them first would hold up its header and first segments by about half a second).
        const prepare = (): void => {
          preparing.set(req.key, req.target);
          prepareSlices(req.key);
        };
        const options = { decoder: segFrameDecoder, allocateSlice: pool.take, maxDecodedBytes, onFallback: prepare };
        const send = (part: SegPart): void => post({ id: req.id, ok: true, kind: 'seg-part', part }, part.changed.map((c) => c.labels.buffer as ArrayBuffer));
        // The header is read once, as the pieces come (readSegHeaderAhead), whether or not a decode asked yet.
        const key = req.key;
        stream = new SegStream(req.name, req.target, send, options, () => segHeaders.get(key)?.header ?? null);
        const list = streams.get(req.key) ?? new Set();
        streams.set(req.key, list.add(stream));
        readSegHeaderAhead(req.key);
        const arrived = objects.arrived(req.key);
        if (arrived) stream.feed(arrived, objects.expected(req.key));
      }
      const forget = (): void => void (stream && streams.get(req.key)?.delete(stream));
      whenHeld(req, false, async (bytes, start) => {
        preparing.delete(req.key);
        let result: SegResult;
        try {
          result = stream ? await stream.end(bytes) : await decodeSeg(bytes, req.name, req.target, segFrameDecoder, pool.take, maxDecodedBytes);
        } finally {
          forget();
          pool.clear();
        }
        post({ id: req.id, ok: true, kind: 'seg', result, ms: performance.now() - start }, packedBuffers(result.packed));
      });
    } else if (req.kind === 'pm') {
      // Put together from the pieces that came ahead; not kept afterwards (a map is decoded once per series).
      const bytes = objects.takeArrived(req.key);
      if (!bytes) throw new Error(`${req.name}: its bytes did not reach the decoder`);
      const result = await decodePm(bytes, req.name, req.target, segFrameDecoder, maxDecodedBytes);
      post({ id: req.id, ok: true, kind: 'pm', result, ms: performance.now() - t0 }, pmTransferables(result));
    } else if (req.kind === 'seg-piece') {
      for (const piece of req.pieces) objects.receive(req.key, piece, req.length);
      piecesArrived(req.key);
    } else if (req.kind === 'seg-drop') {
      dropPieces(req.key, !!req.final);
    } else if (req.kind === 'seg-end') {
      endPieces(req.key);
    } else if (req.kind === 'start-downloader') {
      downloader();
    } else if (req.kind === 'fetch' || req.kind === 'fetch-abort') {
      // Downloaded by the downloader worker: its pieces go where 'seg-piece' messages put them (none made to abort).
      if (req.kind === 'fetch' || downloads) downloader().postMessage(req satisfies DownloadRequest);
    } else if (req.kind === 'receive') {
      const list = receiving.get(req.key) ?? [];
      list.push({ id: req.id, name: req.name, t0, header: false });
      receiving.set(req.key, list);
      const held = objects.get(req.key);
      if (held) {
        // Received before (asked again): answered at once.
        answerHeaders(req.key, (name) => readDerivedHeader(held, name));
        answerReceives(req.key, held.length);
      } else tryEarlyHeader(req.key);
    } else if (req.kind === 'limits') {
      maxDecodedBytes = req.maxDecodedBytes ?? undefined;
    } else if (req.kind.startsWith('q-')) {
      // Quality work (workers/quality.ts): statistics, comparison, agreement overlay, SR cross-check.
      const { msg, transfer } = await handleQuality(req as Extract<DecodeRequest, { kind: `q-${string}` }>, { segBytes: (k) => objects.get(keyOf(k)), decoder: segFrameDecoder });
      post(msg, transfer);
    }
  } catch (e) {
    fail(req, e);
  }
};
