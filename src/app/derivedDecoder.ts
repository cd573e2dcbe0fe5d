// The main thread's handle on the decode worker: bytes go in as transferables, models come back.
import type { DecodeRequest, DecodeResponse, ReportResult, SegResult } from '../workers/decode.worker';
import type { TargetSeries } from '../dicom/geometry/placeFrames';
import type { StructureSet } from '../dicom/rtstruct/model';
import type { MeasurementGroup } from '../dicom/sr/model';

let worker: Worker | undefined;
let nextId = 1;
const pending = new Map<number, { resolve: (r: DecodeResponse) => void; groups: MeasurementGroup[] }>();

function getWorker(): Worker {
  if (!worker) {
    worker = new Worker(new URL('../workers/decode.worker.ts', import.meta.url), { type: 'module', name: 'decode' });
    worker.onmessage = (ev: MessageEvent<DecodeResponse>) => {
      const p = pending.get(ev.data.id);
      // A big report's groups come ahead of the answer, a part per message (one short task each here).
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

function run(req: WithoutId<DecodeRequest>, transfer: Transferable[]): Promise<DecodeResponse> {
  const id = nextId++;
  return new Promise((resolve) => {
    pending.set(id, { resolve, groups: [] });
    getWorker().postMessage({ ...req, id }, transfer);
  });
}

function ownBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
    ? (bytes.buffer as ArrayBuffer)
    : (bytes.slice().buffer as ArrayBuffer);
}

/** Decodes a SEG in the worker into labelmap layers on the target series' grid. The bytes are transferred. */
export async function decodeSegmentationInWorker(bytes: Uint8Array, name: string, target: TargetSeries): Promise<SegResult> {
  const buffer = ownBuffer(bytes);
  const t0 = performance.now();
  const res = await run({ kind: 'seg', bytes: buffer, name, target }, [buffer]);
  if (!res.ok) throw new Error(res.error);
  if (res.kind !== 'seg') throw new Error('unexpected worker answer');
  performance.measure('seg:decode', { start: t0, detail: { workerMs: res.ms } });
  return res.result;
}

/** Decodes an RTSTRUCT Part 10 file in the worker. The bytes are transferred (unusable here afterwards). */
export async function decodeStructureSetInWorker(bytes: Uint8Array, name: string): Promise<StructureSet> {
  const buffer = ownBuffer(bytes);
  const t0 = performance.now();
  const res = await run({ kind: 'rtstruct', bytes: buffer, name }, [buffer]);
  if (!res.ok) throw new Error(res.error);
  if (res.kind !== 'rtstruct') throw new Error('unexpected worker answer');
  performance.measure('rtstruct:decode', { start: t0, detail: { workerMs: res.ms } });
  return res.result;
}

/** Decodes an SR document in the worker (TID 1500 model or content tree, and problems; the bytes are transferred). */
export async function decodeReportInWorker(bytes: Uint8Array, name: string): Promise<ReportResult> {
  const buffer = ownBuffer(bytes);
  const t0 = performance.now();
  const res = await run({ kind: 'sr', bytes: buffer, name }, [buffer]);
  if (!res.ok) throw new Error(res.error);
  if (res.kind !== 'sr') throw new Error('unexpected worker answer');
  performance.measure('sr:decode', { start: t0, detail: { workerMs: res.ms } });
  return res.result;
}
