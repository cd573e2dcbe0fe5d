// Decodes derived objects off the main thread. Thin: it only calls dicom/ decoders and moves big buffers
// back as transferables.
import { decodeStructureSetPart10 } from '../dicom/rtstruct/part10';
import type { StructureSet } from '../dicom/rtstruct/model';
import type { TargetSeries } from '../dicom/geometry/placeFrames';
import { decodeReportPart10, type SRDocument } from '../dicom/sr/document';
import type { MeasurementGroup } from '../dicom/sr/model';
import { packedBuffers } from '../dicom/seg/packLayers';
import { decodeSeg, type SegResult } from './decodeSeg';
import { SlicePool } from './slicePool';
import { DicomwebClient, type TransferableClientOptions } from '../dicomweb/client';
import { summariseDerivedMetadata, type DerivedInstanceInfo } from '../dicom/json';
import { codecFrameDecoder } from '../dicom/frameCodecs';
import { browserCodecLoaders } from './codecLoaders';

/**
 * The decoded SR. A Measurement Report comes without its content tree (`root` is null: the panel shows the
 * TID 1500 model, and the tree would double the message), its groups sent ahead in 'sr-part' messages; any
 * other SR keeps its tree, since the tree is all the panel can show of it.
 */
export type ReportResult = SRDocument;

export type { SegResult };

/** Where the worker downloads a SEG from (DICOMweb client options without functions, and the instance). */
export interface SegSource {
  client: TransferableClientOptions;
  studyUID: string;
  seriesUID: string;
  sopInstanceUID: string;
}

export type DecodeRequest =
  | { id: number; kind: 'rtstruct'; bytes: Uint8Array; name: string }
  /**
   * A SEG: decoded from the bytes the worker holds under `key` (its SOP Instance UID), else downloaded here from
   * `source`, with 'seg-progress' messages on the way. The worker fetches it itself so that reading a response of
   * hundreds of MB never waits for the page's busy thread (read on the page, the download took twice as long).
   */
  | { id: number; kind: 'seg'; key: string; source: SegSource; name: string; target: TargetSeries }
  | { id: number; kind: 'sr'; bytes: Uint8Array; name: string }
  | { id: number; kind: 'meta'; bytes: ArrayBuffer; name: string }
  /**
   * A SEG is downloading: make `slices` label slices of rows x columns ready (16-bit when `wide`) for its decode.
   * No answer.
   */
  | { id: number; kind: 'prepare'; rows: number; columns: number; slices: number; wide: boolean };

export type DecodeResponse =
  | { id: number; ok: true; kind: 'rtstruct'; result: StructureSet; ms: number }
  | { id: number; ok: true; kind: 'seg'; result: SegResult; ms: number }
  | { id: number; ok: true; kind: 'sr'; result: ReportResult; ms: number }
  | { id: number; ok: true; kind: 'meta'; result: DerivedInstanceInfo[]; ms: number }
  /** Measurement groups of the SR answer that follows, in document order (see REPORT_PART_SIZE). */
  | { id: number; ok: true; kind: 'sr-part'; groups: MeasurementGroup[] }
  /** Download progress of a 'seg' request; `done` once all bytes are in (the decode starts) */
  | { id: number; ok: true; kind: 'seg-progress'; received: number; total: number | null; done: boolean }
  | { id: number; ok: false; error: string };

/** JPEG 2000, HTJ2K, JPEG-LS and JPEG Lossless SEG frames; each codec loads when a SEG first needs it. */
const segFrameDecoder = codecFrameDecoder(browserCodecLoaders);

/**
 * SEG bytes kept here (not on the page) so the SEG is fetched once even when shown on another series of its
 * Frame of Reference; the most recent few, up to a budget.
 */
const segBytes = new Map<string, Uint8Array>();
const pool = new SlicePool();

/** Downloads in progress by key: a second request for a SEG on its way waits for the first. */
const downloading = new Map<string, Promise<Uint8Array>>();

/**
 * Downloads a SEG, putting its pieces together here: the room for it is allocated (and its memory first
 * written) in this thread, while the download goes on.
 */
async function downloadSeg(source: SegSource, onProgress: (received: number, total: number | null) => void): Promise<Uint8Array> {
  const client = new DicomwebClient(source.client);
  let bytes = new Uint8Array(0);
  let filled = 0;
  await client.instancePieces(
    source.studyUID,
    source.seriesUID,
    source.sopInstanceUID,
    (piece, length) => {
      if (filled + piece.length > bytes.length) {
        // The part's length when it gives one, else grow by doubling.
        const bigger = new Uint8Array(Math.max(length ?? 0, bytes.length * 2, filled + piece.length, 1 << 20));
        bigger.set(bytes.subarray(0, filled));
        bytes = bigger;
      }
      bytes.set(piece, filled);
      filled += piece.length;
    },
    undefined,
    onProgress,
  );
  return bytes.subarray(0, filled);
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

function post(msg: DecodeResponse, transfer: Transferable[] = []): void {
  (self as unknown as Worker).postMessage(msg, transfer);
}

self.onmessage = async (ev: MessageEvent<DecodeRequest>) => {
  const req = ev.data;
  const t0 = performance.now();
  try {
    if (req.kind === 'rtstruct') {
      const result = decodeStructureSetPart10(req.bytes, req.name, { precision: 'float32' });
      const msg: DecodeResponse = { id: req.id, ok: true, kind: 'rtstruct', result, ms: performance.now() - t0 };
      (self as unknown as Worker).postMessage(msg, transferablesOf(result));
    } else if (req.kind === 'sr') {
      const doc = decodeReportPart10(req.bytes, req.name);
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
      let bytes = segBytes.get(req.key);
      if (!bytes) {
        let download = downloading.get(req.key);
        if (!download) {
          // Progress in whole percents (or 10 MB steps without a length), not a message per chunk.
          let told = -1;
          const progress = (received: number, total: number | null): void => {
            const step = total ? Math.floor((100 * received) / total) : Math.floor(received / 1e7);
            if (step === told) return;
            told = step;
            post({ id: req.id, ok: true, kind: 'seg-progress', received, total, done: false });
          };
          download = downloadSeg(req.source, progress);
          downloading.set(req.key, download);
        }
        try {
          bytes = await download;
        } finally {
          downloading.delete(req.key);
        }
        remember(req.key, bytes);
        post({ id: req.id, ok: true, kind: 'seg-progress', received: bytes.length, total: bytes.length, done: true });
      }
      const decodeStart = performance.now();
      let result: SegResult;
      try {
        result = await decodeSeg(bytes, req.name, req.target, segFrameDecoder, pool.take);
      } finally {
        pool.clear();
      }
      const msg: DecodeResponse = { id: req.id, ok: true, kind: 'seg', result, ms: performance.now() - decodeStart };
      (self as unknown as Worker).postMessage(msg, packedBuffers(result.packed));
    } else if (req.kind === 'prepare') {
      pool.prepare(req.rows * req.columns, req.slices, req.wide);
    } else if (req.kind === 'meta') {
      const result = summariseDerivedMetadata(req.bytes, req.name);
      const msg: DecodeResponse = { id: req.id, ok: true, kind: 'meta', result, ms: performance.now() - t0 };
      (self as unknown as Worker).postMessage(msg);
    }
  } catch (e) {
    const msg: DecodeResponse = { id: req.id, ok: false, error: e instanceof Error ? e.message : String(e) };
    (self as unknown as Worker).postMessage(msg);
  }
};
