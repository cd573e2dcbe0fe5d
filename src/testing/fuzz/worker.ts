// The fuzz worker thread: decodes one input per message under the allocation guard; the parent enforces the time
// limit (by terminating this thread) and the heap limit (resourceLimits).
import { parentPort, workerData } from 'node:worker_threads';
import { allocations, installAllocationGuard, resetAllocations } from './allocationGuard';

export interface FuzzJob {
  id: number;
  name: string;
  bytes: Uint8Array;
}

export interface FuzzReply {
  id: number;
  outcome: string;
  message?: string;
  ms: number;
}

const { allocationLimit } = workerData as { allocationLimit: number };
installAllocationGuard(allocationLimit);
// Loaded after the guard, so module-level buffers are made by the wrapped constructors too.
const { runTarget } = await import('./target');
const port = parentPort;
if (!port) throw new Error('fuzz worker: not started as a worker thread');

port.on('message', (job: FuzzJob) => {
  resetAllocations();
  const t0 = performance.now();
  void runTarget(job.bytes, job.name).then((v) => {
    const breach = allocations.breach;
    const reply: FuzzReply = breach
      ? { id: job.id, outcome: 'memory', message: `${breach}${v.message ? `; then ${v.message}` : ''}`, ms: performance.now() - t0 }
      : { id: job.id, ...v, ms: performance.now() - t0 };
    port.postMessage(reply);
  });
});
port.postMessage('ready');
