// Background prefetch of the shown stack's other images: started with the stack (and its listener taken off
// again), and paused while something more urgent needs the CPU.
import { Enums, eventTarget, imageLoadPoolManager } from '@cornerstonejs/core';
import { utilities as toolUtilities } from '@cornerstonejs/tools';

export const PREFETCH_CONNECTIONS = 4;
/** How long an overlay in the making may hold prefetch back, in case it is never said to be done. */
const OVERLAY_HOLD_MS = 20_000;
/** How long a download may hold it back: on a slow link a big SEG takes this long, and the series must come too. */
const DOWNLOAD_HOLD_MS = 30_000;
/** Holds on background prefetch, by the connections each leaves it (0: none); the smallest applies. */
const holds = new Map<symbol, number>();

/** Applies the holds: prefetch gets the fewest connections any of them allows, all of them when none is held. */
function applyHolds(): void {
  const allowed = Math.min(PREFETCH_CONNECTIONS, ...holds.values());
  imageLoadPoolManager.setMaxSimultaneousRequests(Enums.RequestType.Prefetch, allowed);
  // Requests queued meanwhile wait for a trigger, and adding a request is the public way to give one.
  if (allowed > 0) imageLoadPoolManager.addRequest(() => Promise.resolve(), Enums.RequestType.Compute, {});
}

/**
 * Slows background prefetch of the series' other images (what the user asks for, scrolling, still loads) to
 * `connections` while something more urgent needs the CPU: decoding a big SEG shares 2 cores with prefetch, whose
 * images are decoded in another worker. Returns the release; a hold lapses by itself after `maxMs` in case a
 * release never comes.
 */
function holdPrefetch(maxMs: number, connections: number): () => void {
  const id = Symbol('hold');
  holds.set(id, connections);
  applyHolds();
  const release = (): void => {
    if (!holds.delete(id)) return;
    clearTimeout(timer);
    applyHolds();
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
  return holdPrefetch(OVERLAY_HOLD_MS, 0);
}

/**
 * An overlay is downloading (a SEG, RTSTRUCT, SR or map, before anyone decodes it): the series' other images come
 * one at a time until its bytes are in. On 2 cores the prefetch's hundreds of frames (the server reading and
 * sending them, the page parsing them, their decode worker) took the CPU the server needed to hand the SEG over:
 * from Orthanc it came 6-8 s after it was asked instead of 2 s. One at a time, an MPR volume still fills in while
 * a download is slow or held up; the images shown (and scrolled to) load as ever.
 */
export function overlayDownloading(): () => void {
  return holdPrefetch(DOWNLOAD_HOLD_MS, 1);
}
