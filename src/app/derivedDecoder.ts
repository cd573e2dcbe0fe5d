// The main thread's handle on the decode worker: bytes go in as transferables, models come back.
import type { DecodeRequest, DecodeResponse, ReportResult, SegResult, SegSource } from '../workers/decode.worker';
import type { TargetSeries } from '../dicom/geometry/placeFrames';
import type { StructureSet } from '../dicom/rtstruct/model';
import type { DerivedInstanceInfo } from '../dicom/json';
import type { MeasurementGroup } from '../dicom/sr/model';
import { WIDE_FROM_SEGMENTS } from '../dicom/seg/labelmapLayers';

let worker: Worker | undefined;
let nextId = 1;
type Progress = Extract<DecodeResponse, { kind: 'seg-progress' }>;
const pending = new Map<number, { resolve: (r: DecodeResponse) => void; groups: MeasurementGroup[]; onProgress?: (p: Progress) => void }>();

function getWorker(): Worker {
  if (!worker) {
    worker = new Worker(new URL('../workers/decode.worker.ts', import.meta.url), { type: 'module', name: 'decode' });
    worker.onmessage = (ev: MessageEvent<DecodeResponse>) => {
      const p = pending.get(ev.data.id);
      // A big report's groups come ahead of the answer, a part per message (one short task each here).
      if (ev.data.ok && ev.data.kind === 'seg-progress') {
        p?.onProgress?.(ev.data);
        return;
      }
      if (ev.data.ok && ev.data.kind === 'sr-part') {
        for (const g of ev.data.groups) p?.groups.push(g);
        return;
      }
      if (p && ev.data.ok && ev.data.kind === 'sr' && ev.data.result.measurementReport) {
        ev.data.result.measurementReport.measurementGroups = p.groups;
      }
      p?.resolve(ev.data);
      pending.delete(ev.data.id);
    };
  }
  return worker;
}

type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

function run(req: WithoutId<DecodeRequest>, transfer: Transferable[], onProgress?: (p: Progress) => void): Promise<DecodeResponse> {
  const id = nextId++;
  return new Promise((resolve) => {
    pending.set(id, { resolve, groups: [], onProgress });
    getWorker().postMessage({ ...req, id }, transfer);
  });
}

/**
 * The bytes go to the worker as they are, a view with its whole buffer transferred (no copy): for a response body
 * that is the multipart response, which the page does not need afterwards.
 */
function transferOf(bytes: Uint8Array): ArrayBuffer[] {
  return [bytes.buffer as ArrayBuffer];
}

/**
 * A SEG of `segments` segments and `frames` frames is about to download for a series of `slices` slices of
 * rows x columns: the worker makes its label slices ready meanwhile (see workers/slicePool.ts). Only for SEGs
 * of many segments (16-bit labels), where the volume is big and nearly every slice is written.
 */
export function prepareSegmentationMemory(
  rows: number,
  columns: number,
  slices: number,
  segments: number,
  frames: number,
): void {
  if (segments < WIDE_FROM_SEGMENTS) return;
  getWorker().postMessage({
    kind: 'prepare',
    id: 0,
    rows,
    columns,
    slices: Math.min(slices, frames),
    wide: true,
  } satisfies DecodeRequest);
}

/**
 * Decodes a SEG in the worker into packed labelmap layers on the target series' grid. The worker keeps the SEG's
 * bytes under `key` (its SOP Instance UID) and downloads it itself from `source` when it does not have them, so
 * the page never holds the SEG nor reads its response. `onProgress` hears the download (received, total or null),
 * `onDownloaded` when the bytes are all in and decoding starts.
 */
export async function decodeSegmentationInWorker(
  key: string,
  source: SegSource,
  name: string,
  target: TargetSeries,
  onProgress: (received: number, total: number | null) => void = () => undefined,
  onDownloaded: () => void = () => undefined,
): Promise<SegResult> {
  let t0 = performance.now();
  const res = await run({ kind: 'seg', key, source, name, target }, [], (p) => {
    if (!p.done) return onProgress(p.received, p.total);
    // Read by `npm run bench`: SEG bytes here, overlay on screen later ('seg:visible').
    performance.mark('seg:bytes');
    t0 = performance.now();
    onDownloaded();
  });
  if (!res.ok) throw new Error(res.error);
  if (res.kind !== 'seg') throw new Error('unexpected worker answer');
  performance.measure('seg:decode', { start: t0, detail: { workerMs: res.ms, ...res.result.timings } });
  return res.result;
}

/** WADO-RS metadata of a derived series (raw JSON bytes, transferred) -> one summary per instance, parsed in the worker. */
export async function summariseMetadataInWorker(bytes: ArrayBuffer, name: string): Promise<DerivedInstanceInfo[]> {
  const res = await run({ kind: 'meta', bytes, name }, [bytes]);
  if (!res.ok) throw new Error(res.error);
  if (res.kind !== 'meta') throw new Error('unexpected worker answer');
  return res.result;
}

/** Decodes an RTSTRUCT Part 10 file in the worker. The bytes are transferred (unusable here afterwards). */
export async function decodeStructureSetInWorker(bytes: Uint8Array, name: string): Promise<StructureSet> {
  const t0 = performance.now();
  const res = await run({ kind: 'rtstruct', bytes, name }, transferOf(bytes));
  if (!res.ok) throw new Error(res.error);
  if (res.kind !== 'rtstruct') throw new Error('unexpected worker answer');
  performance.measure('rtstruct:decode', { start: t0, detail: { workerMs: res.ms } });
  return res.result;
}

/** Decodes an SR document in the worker (TID 1500 model or content tree, and problems; the bytes are transferred). */
export async function decodeReportInWorker(bytes: Uint8Array, name: string): Promise<ReportResult> {
  const t0 = performance.now();
  const res = await run({ kind: 'sr', bytes, name }, transferOf(bytes));
  if (!res.ok) throw new Error(res.error);
  if (res.kind !== 'sr') throw new Error('unexpected worker answer');
  performance.measure('sr:decode', { start: t0, detail: { workerMs: res.ms } });
  return res.result;
}
