// The main thread's handle on the decode worker: bytes go in as transferables, models come back.
import type { DecodeRequest, DecodeResponse } from '../workers/decode.worker';
import type { StructureSet } from '../dicom/rtstruct/model';

let worker: Worker | undefined;
let nextId = 1;
const pending = new Map<number, { resolve: (r: DecodeResponse) => void }>();

function getWorker(): Worker {
  if (!worker) {
    worker = new Worker(new URL('../workers/decode.worker.ts', import.meta.url), { type: 'module', name: 'decode' });
    worker.onmessage = (ev: MessageEvent<DecodeResponse>) => {
      pending.get(ev.data.id)?.resolve(ev.data);
      pending.delete(ev.data.id);
    };
  }
  return worker;
}

function run(req: Omit<DecodeRequest, 'id'>, transfer: Transferable[]): Promise<DecodeResponse> {
  const id = nextId++;
  return new Promise((resolve) => {
    pending.set(id, { resolve });
    getWorker().postMessage({ ...req, id }, transfer);
  });
}

/** Decodes an RTSTRUCT Part 10 file in the worker. The bytes are transferred (unusable here afterwards). */
export async function decodeStructureSetInWorker(bytes: Uint8Array, name: string): Promise<StructureSet> {
  const buffer =
    bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? (bytes.buffer as ArrayBuffer) : (bytes.slice().buffer as ArrayBuffer);
  const t0 = performance.now();
  const res = await run({ kind: 'rtstruct', bytes: buffer, name }, [buffer]);
  if (!res.ok) throw new Error(res.error);
  performance.measure('rtstruct:decode', { start: t0, detail: { workerMs: res.ms } });
  return res.result;
}
