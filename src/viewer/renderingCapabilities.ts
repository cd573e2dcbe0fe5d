// Cornerstone's rendering-capabilities probe, answered by the GPU warm-up worker. Cornerstone asks once per page
// (at its init) whether WebGL works and which texture formats it can sample; its own probe makes a WebGL context for
// the first question, another for the formats and draws once per format, on the page's main thread: profiled with
// software WebGL, 200-300 ms in the task of the viewer's start-up effect, before the first image can be asked for.
// The worker (gpuWarmUp.ts) asks the same questions on an OffscreenCanvas while the page loads (gpuProbe.ts). This
// module stands in for Cornerstone's `utilities/renderingCapabilities` in the build (vite.config.ts, moduleSwaps):
// it gives the worker's answer when it came, else lets Cornerstone probe on the page as it would. The dev server
// keeps Cornerstone's own module (its pre-bundled copy would not be this one).
import * as cornerstoneProbe from '@cornerstonejs/core/utilities/renderingCapabilities';
import type { RenderingCapabilities } from '@cornerstonejs/core/utilities/renderingCapabilities';
import type { GpuCapabilities } from './gpuProbe';

export const RENDERING_CAPABILITIES_PROBE_VERSION = cornerstoneProbe.RENDERING_CAPABILITIES_PROBE_VERSION;

let fromWorker: GpuCapabilities | null = null;
let settled = false;
const waiting: Array<() => void> = [];

/** The worker's answer (null: it had none: no WebGL2 in workers, or it failed); only the first counts. */
export function takeWorkerCapabilities(capabilities: GpuCapabilities | null): void {
  if (settled) return;
  settled = true;
  fromWorker = capabilities;
  for (const wake of waiting.splice(0)) wake();
}

/**
 * Resolves once the worker answered or gave up, or after `maxMs`: Cornerstone's init waits for it instead of
 * probing on the page (the page does other work meanwhile), but not for ever.
 */
export function workerCapabilitiesSettled(maxMs: number): Promise<void> {
  if (settled) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, maxMs);
    waiting.push(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

let chosen: RenderingCapabilities | undefined;

/**
 * Cornerstone's entry point (its name and contract: the capabilities, found once per page). The first call leaves a
 * performance mark saying who answered and what, which the end-to-end tests read (e2e/viewer.spec.ts).
 */
export function getRenderingCapabilities(): RenderingCapabilities {
  if (!chosen) {
    const answeredBy = fromWorker ? 'worker' : 'page';
    chosen = fromWorker ? { ...fromWorker } : cornerstoneProbe.getRenderingCapabilities();
    performance.mark('gpu:capabilities', { detail: { answeredBy, capabilities: { ...chosen } } });
  }
  return chosen;
}

/** Cornerstone's own probe, run now (what it exports under this name). */
export function detectRenderingCapabilities(options?: { useCache?: boolean }): RenderingCapabilities {
  return cornerstoneProbe.detectRenderingCapabilities(options);
}

/** Forgets the answer: the next question is probed again, on the page (the worker has ended by then). */
export function resetRenderingCapabilities(options?: { clearStorage?: boolean }): void {
  chosen = undefined;
  fromWorker = null;
  cornerstoneProbe.resetRenderingCapabilities(options);
}
