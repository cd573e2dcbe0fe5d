// The first WebGL context a page makes holds its main thread while the renderer sets up its channel to the GPU
// process: 20-800 ms with software WebGL (SwiftShader on a 2-core machine). Cornerstone makes that context in its
// capability probe at init; profiled, that probe was the longest task before the first image (197-244 ms). A context
// made first in a worker pays the set-up off the main thread: in a scratch page the main thread's first context then
// took 11-76 ms instead of 19-790 ms (16 alternated loads), with the worker ended before it. The same worker answers
// vtk.js's texture question (norm16Linear.ts) and Cornerstone's capability probe (renderingCapabilities.ts). Started
// from the entry's first import (app/earlyStart.ts), before the rest of the bundle's modules run. Cornerstone's init
// waits a little for its answer (init.ts); a browser without workers, OffscreenCanvas or WebGL2 in workers probes on
// the page as before.
import { norm16Answer, takeNorm16Answer } from './norm16Linear';
import { takeWorkerCapabilities } from './renderingCapabilities';
import type { GpuCapabilities } from './gpuProbe';

let started = false;

export function warmUpGpu(): void {
  if (started) return;
  started = true;
  if (typeof Worker === 'undefined' || typeof OffscreenCanvas === 'undefined') return takeWorkerCapabilities(null);
  try {
    const worker = new Worker(new URL('./gpuWarmUp.worker.ts', import.meta.url), { type: 'module', name: 'gpu-warm-up' });
    worker.onmessage = (e: MessageEvent<{ webgl2: boolean; filtersLinearly: boolean; capabilities: GpuCapabilities | null }>) => {
      if (e.data.webgl2) takeNorm16Answer(e.data.filtersLinearly);
      takeWorkerCapabilities(e.data.capabilities);
      worker.terminate();
    };
    worker.onerror = () => {
      takeWorkerCapabilities(null);
      worker.terminate();
    };
  } catch {
    // The viewer works without it: Cornerstone probes on the page.
    takeWorkerCapabilities(null);
  }
}

let asked = false;

/**
 * Once the first image is on screen, before the first overlay: if the worker has not answered vtk.js's texture
 * question by then, the page tests itself now, in a task of its own, not in the first labelmap's frame.
 */
export function warmUpTextureTest(): void {
  if (asked) return;
  asked = true;
  setTimeout(() => void norm16Answer(), 0);
}
