// Runs decodes in worker threads, each input under a time limit (the thread is terminated and replaced) and a
// memory limit (heap: resourceLimits; ArrayBuffers: the allocation guard), so a hang or a blow-up is one
// counted outcome and the run goes on.
import { Worker } from 'node:worker_threads';
import type { Outcome } from './target';
import type { FuzzJob, FuzzReply } from './worker';

export interface Limits {
  /** per input */
  timeMs: number;
  /** heap and single allocation, bytes */
  memoryBytes: number;
}

export const DEFAULT_LIMITS: Limits = { timeMs: 5000, memoryBytes: 1024 * 1024 * 1024 };

export interface Result {
  outcome: Outcome;
  message?: string;
  ms: number;
}

interface Lane {
  worker: Worker;
  ready: Promise<void>;
}

export class FuzzPool {
  private lanes: Lane[];
  private nextId = 0;

  constructor(
    size: number,
    private readonly limits: Limits = DEFAULT_LIMITS,
  ) {
    this.lanes = Array.from({ length: size }, () => this.start());
  }

  private start(): Lane {
    const worker = new Worker(new URL('./workerBoot.mjs', import.meta.url), {
      workerData: { allocationLimit: this.limits.memoryBytes },
      resourceLimits: { maxOldGenerationSizeMb: Math.round(this.limits.memoryBytes / 2 ** 20) },
    });
    // A thread being replaced may still report its end: without a listener that would end the whole run.
    worker.on('error', () => undefined);
    const ready = new Promise<void>((resolve, reject) => {
      const onMessage = (m: unknown): void => {
        if (m === 'ready') {
          worker.off('message', onMessage);
          worker.off('error', reject);
          resolve();
        }
      };
      worker.on('message', onMessage);
      worker.once('error', reject);
    });
    return { worker, ready };
  }

  /** Decode `bytes` in lane `lane` (one input at a time per lane). */
  async run(lane: number, name: string, bytes: Uint8Array): Promise<Result> {
    const l = this.lanes[lane];
    await l.ready;
    const id = this.nextId++;
    const t0 = performance.now();
    const result = await new Promise<Result>((resolve) => {
      const done = (r: Result): void => {
        clearTimeout(timer);
        l.worker.off('message', onMessage);
        l.worker.off('error', onError);
        l.worker.off('exit', onExit);
        resolve(r);
      };
      const onMessage = (m: FuzzReply): void => {
        if (m.id === id) done({ outcome: m.outcome as Outcome, message: m.message, ms: m.ms });
      };
      const onError = (e: Error & { code?: string }): void => {
        const memory = e.code === 'ERR_WORKER_OUT_OF_MEMORY';
        done({ outcome: memory ? 'memory' : 'crash', message: `${e.name}: ${e.message}`, ms: performance.now() - t0 });
      };
      const onExit = (code: number): void => done({ outcome: 'crash', message: `worker exited with ${code}`, ms: performance.now() - t0 });
      const timer = setTimeout(() => done({ outcome: 'timeout', message: `no answer in ${this.limits.timeMs} ms`, ms: this.limits.timeMs }), this.limits.timeMs);
      l.worker.on('message', onMessage);
      l.worker.on('error', onError);
      l.worker.on('exit', onExit);
      const job: FuzzJob = { id, name, bytes };
      l.worker.postMessage(job);
    });
    if (result.outcome === 'timeout' || result.outcome === 'memory' || result.outcome === 'crash') {
      // The thread may be stuck or half dead: replace it.
      void l.worker.terminate();
      this.lanes[lane] = this.start();
    }
    return result;
  }

  get size(): number {
    return this.lanes.length;
  }

  async close(): Promise<void> {
    await Promise.all(this.lanes.map((l) => l.worker.terminate()));
  }
}
