// One-time set-up of Cornerstone3D: core, the DICOM image loader (decoding in its web workers), tools.
import { cache, init as coreInit, volumeLoader, cornerstoneStreamingImageVolumeLoader, imageLoadPoolManager, Enums, getRenderingCapabilities } from '@cornerstonejs/core';
import {
  init as toolsInit,
  addTool,
  PanTool,
  ZoomTool,
  WindowLevelTool,
  StackScrollTool,
} from '@cornerstonejs/tools';
import { registerRetryingLoader, xhrHooks, type FrameRetry } from './frameRetry';
import { PREFETCH_CONNECTIONS } from './prefetch';
import { yieldToMain } from './labelmapOverlay';
import { registerMeasurementTools } from './measurementTools';
import { setLocalFrameSource, type LocalFrameSource } from './localFrames';
import { registerSuvScaling } from './suvScaling';
import { startImageLoader } from './imageIds';
import { workerCapabilitiesSettled } from './renderingCapabilities';

class NoWebGLError extends Error {
  constructor() {
    super(
      'This browser cannot render images: WebGL2 is not available. Enable hardware acceleration (or use a browser with WebGL2) and reload.',
    );
    this.name = 'NoWebGLError';
  }
}

/**
 * Cornerstone's capabilities (WebGL, the texture formats it can use), remembered for its init: in the build, the
 * GPU warm-up worker's answer when it came (renderingCapabilities.ts), else Cornerstone's own probe on the page.
 */
export function hasWebGL2(): boolean {
  try {
    return getRenderingCapabilities().webgl2;
  } catch {
    return false;
  }
}

let initialized: Promise<void> | undefined;

/** How long Cornerstone's init waits for the GPU warm-up worker's capabilities before probing on the page. */
const CAPABILITIES_WAIT_MS = 1000;

export interface InitOptions {
  /** Extra request headers for a frame URL (the bearer token, only for its own server) */
  headersFor: (url: string) => Record<string, string>;
  /** Bound of the image cache in MB; by default imageCacheBytes() */
  imageCacheMB?: number;
  /** How frame requests are retried and their failures told (the app's DICOMweb policy) */
  frames: FrameRetry;
  /** Where the frames of local files come from, when the page shows local files */
  localFrames?: LocalFrameSource;
}

/**
 * The image cache's bound when the deployment sets none: a quarter of the device's memory as the browser reports
 * it (Chrome says at most 8 GB), between 512 MB and 2 GB. Cornerstone's own default, 3 GB, left too little of a
 * renderer's memory for the overlays and the decode worker on small machines. Images past the bound are evicted
 * oldest first and loaded again when shown; overlays are pinned (labelmapOverlay.ts).
 */
function imageCacheBytes(mb?: number): number {
  const MB = 1024 * 1024;
  if (mb) return Math.round(mb * MB);
  const deviceGB = (navigator as Navigator & { deviceMemory?: number }).deviceMemory ?? 8;
  return Math.min(2048, Math.max(512, (deviceGB * 1024) / 4)) * MB;
}

/** The open study's client decides a frame request's headers (studies opened in the page may differ). */
const noHeaders: InitOptions['headersFor'] = () => ({});
let headersFor = noHeaders;

/**
 * The study was closed: its headers function goes too. Kept, it held the closed page's scope, and through it
 * the study's decoded overlays (190 MB after a 104-segment SEG), until the next study replaced it.
 */
export function forgetFrameHeaders(): void {
  headersFor = noHeaders;
  setLocalFrameSource(undefined);
}

/** The policy of the page shown now (init runs once; a later page brings its own client and policy). */
let framePolicy: FrameRetry | undefined;

export function initCornerstone(opts: InitOptions): Promise<void> {
  framePolicy = opts.frames;
  headersFor = opts.headersFor;
  setLocalFrameSource(opts.localFrames);
  // Each step in a task of its own (the first probes WebGL, the next ones register codecs, loaders and tools):
  // together they held the main thread for 200-400 ms on a 2-core machine, before the first image.
  initialized ??= (async () => {
    // The worker started with the page has usually answered by now; if not, waiting a little beats the page's own
    // probe (200-300 ms of this thread), which runs if the answer does not come.
    await workerCapabilitiesSettled(CAPABILITIES_WAIT_MS);
    if (!hasWebGL2()) throw new NoWebGLError();
    await yieldToMain();
    // One WebGL context per engine, not Cornerstone's 7: we show at most three viewports, and volume viewports
    // share one context anyway. Browsers keep 16 contexts per page and drop the oldest past that.
    coreInit({ rendering: { webGlContextCount: 1 } } as Parameters<typeof coreInit>[0]);
    await yieldToMain();
    const hooks = xhrHooks(() => framePolicy?.stallMs ?? 30_000);
    // The image loader's init empties its metadata: what came before it is given back (imageIds.ts).
    startImageLoader({
      maxWebWorkers: Math.max(1, Math.min(4, (navigator.hardwareConcurrency || 2) - 1)),
      beforeSend: (xhr: XMLHttpRequest, imageId: string, defaultHeaders: Record<string, string>) => {
        hooks.watch(xhr);
        return { ...defaultHeaders, ...headersFor(imageId.replace(/^wadors:/, '')) };
      },
      beforeProcessing: hooks.beforeProcessing,
    });
    registerRetryingLoader(() => framePolicy as FrameRetry);
    registerSuvScaling();
    volumeLoader.registerVolumeLoader(
      'cornerstoneStreamingImageVolume',
      cornerstoneStreamingImageVolumeLoader as unknown as Parameters<typeof volumeLoader.registerVolumeLoader>[1],
    );
    // Browsers open 6 connections per server over HTTP/1.1. Background prefetch of the series takes at most 4,
    // so a SEG or RTSTRUCT requested meanwhile starts at once instead of queueing behind hundreds of frames
    // (it waited 11 s behind a 300-slice CT).
    imageLoadPoolManager.setMaxSimultaneousRequests(Enums.RequestType.Prefetch, PREFETCH_CONNECTIONS);
    await yieldToMain();
    toolsInit();
    for (const t of [PanTool, ZoomTool, WindowLevelTool, StackScrollTool]) addTool(t);
    registerMeasurementTools();
    // The caller makes its rendering engine next (a WebGL context): in a task of its own too.
    await yieldToMain();
  })();
  // Each study may come with its own deployment settings (in-page navigation keeps the initialisation).
  return initialized.then(() => cache.setMaxCacheSize(imageCacheBytes(opts.imageCacheMB)));
}
