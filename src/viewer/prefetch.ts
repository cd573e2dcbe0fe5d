// Background prefetch of the shown stack's other images: started with the stack (and its listener taken off
// again), and paused while something more urgent needs the CPU.
import { Enums, eventTarget, imageLoadPoolManager } from '@cornerstonejs/core';
import { utilities as toolUtilities } from '@cornerstonejs/tools';

export const PREFETCH_CONNECTIONS = 4;
/** How long an overlay in the making may hold prefetch back, in case it is never said to be done. */
const OVERLAY_HOLD_MS = 20_000;
/** How long a download may hold it back: on a slow link a big SEG takes this long, and the series must come too. */
const DOWNLOAD_HOLD_MS = 30_000;
/** Holds on background prefetch; prefetch runs when there are none. */
let holds = 0;

/**
 * Pauses background prefetch of the series' other images (what the user asks for, scrolling, still loads) while
 * something more urgent needs the CPU: decoding a big SEG shares 2 cores with prefetch, whose images are decoded
 * in another worker. Returns the release; a hold lapses by itself after `maxMs` in case a release never comes.
 */
function holdPrefetch(maxMs: number): () => void {
  if (holds++ === 0) imageLoadPoolManager.setMaxSimultaneousRequests(Enums.RequestType.Prefetch, 0);
  let released = false;
  const release = (): void => {
    if (released) return;
    released = true;
    clearTimeout(timer);
    if (--holds === 0) {
      imageLoadPoolManager.setMaxSimultaneousRequests(Enums.RequestType.Prefetch, PREFETCH_CONNECTIONS);
      // Requests queued meanwhile wait for a trigger, and adding a request is the public way to give one.
      imageLoadPoolManager.addRequest(() => Promise.resolve(), Enums.RequestType.Compute, {});
    }
  };
  const timer = setTimeout(release, maxMs);
  return release;
}

/**
 * Cornerstone's stackPrefetch, with its leak stopped: `disable` builds a new handler to remove instead of the one
 * `enable` added to the global event target, so every stack shown left a listener holding its viewport element,
 * and through it the page's whole detached DOM (found by a heap snapshot after twenty studies). The listener
 * `enable` adds is noted here and taken off when the prefetch is stopped.
 */
export function enablePrefetch(element: HTMLDivElement): () => void {
  const type = Enums.Events.IMAGE_CACHE_IMAGE_REMOVED;
  const registry = (eventTarget as unknown as { listeners?: Record<string, EventListener[] | undefined> }).listeners ?? {};
  const before = new Set(registry[type] ?? []);
  toolUtilities.stackPrefetch.enable(element);
  const added = (registry[type] ?? []).filter((l) => !before.has(l));
  return () => {
    toolUtilities.stackPrefetch.disable(element);
    for (const l of added) eventTarget.removeEventListener(type, l);
  };
}

/**
 * An overlay of the shown series is being made (a SEG decoding in the worker): what the user waits for now. The
 * other images of the series can wait a few seconds, so background prefetch pauses until the returned function is
 * called (or OVERLAY_HOLD_MS pass).
 */
export function overlayInTheMaking(): () => void {
  return holdPrefetch(OVERLAY_HOLD_MS);
}

/**
 * An overlay is downloading (a SEG, RTSTRUCT, SR or map, before anyone decodes it): the series' other images wait
 * until its bytes are in. On 2 cores the prefetch's hundreds of frames (the server reading and sending them, the
 * page parsing them, their decode worker) took the CPU the server needed to hand the SEG over: from Orthanc it came
 * 6-8 s after it was asked instead of 2 s. The images shown (and scrolled to) still load.
 */
export function overlayDownloading(): () => void {
  return holdPrefetch(DOWNLOAD_HOLD_MS);
}
