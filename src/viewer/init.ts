// One-time set-up of Cornerstone3D: core, the DICOM image loader (decoding in its web workers), tools.
import { init as coreInit, volumeLoader, cornerstoneStreamingImageVolumeLoader, imageLoadPoolManager, Enums } from '@cornerstonejs/core';
import { init as loaderInit } from '@cornerstonejs/dicom-image-loader';
import {
  init as toolsInit,
  addTool,
  PanTool,
  ZoomTool,
  WindowLevelTool,
  StackScrollTool,
} from '@cornerstonejs/tools';

export class NoWebGLError extends Error {
  constructor() {
    super(
      'This browser cannot render images: WebGL2 is not available. Enable hardware acceleration (or use a browser with WebGL2) and reload.',
    );
    this.name = 'NoWebGLError';
  }
}

export function hasWebGL2(): boolean {
  try {
    const c = document.createElement('canvas');
    return !!c.getContext('webgl2');
  } catch {
    return false;
  }
}

let initialized: Promise<void> | undefined;

export interface InitOptions {
  /** Extra request headers for a frame URL (the bearer token, only for its own server) */
  headersFor: (url: string) => Record<string, string>;
}

export function initCornerstone(opts: InitOptions): Promise<void> {
  initialized ??= (async () => {
    if (!hasWebGL2()) throw new NoWebGLError();
    coreInit();
    loaderInit({
      maxWebWorkers: Math.max(1, Math.min(4, (navigator.hardwareConcurrency || 2) - 1)),
      beforeSend: (_xhr: XMLHttpRequest, imageId: string, defaultHeaders: Record<string, string>) => ({
        ...defaultHeaders,
        ...opts.headersFor(imageId.replace(/^wadors:/, '')),
      }),
    });
    volumeLoader.registerVolumeLoader(
      'cornerstoneStreamingImageVolume',
      cornerstoneStreamingImageVolumeLoader as unknown as Parameters<typeof volumeLoader.registerVolumeLoader>[1],
    );
    // Browsers open 6 connections per server over HTTP/1.1. Background prefetch of the series takes at most 4,
    // so a SEG or RTSTRUCT requested meanwhile starts at once instead of queueing behind hundreds of frames
    // (it waited 11 s behind a 300-slice CT).
    imageLoadPoolManager.setMaxSimultaneousRequests(Enums.RequestType.Prefetch, 4);
    toolsInit();
    for (const t of [PanTool, ZoomTool, WindowLevelTool, StackScrollTool]) addTool(t);
  })();
  return initialized;
}
