// Image frames come through Cornerstone's WADO-RS loader, which makes its own XMLHttpRequests: a failed one
// rejects with the XHR itself (status 0 for a broken connection), a stalled one waits forever, and a failed image
// is dropped from the cache, so asking again re-requests it. This wraps the loader: bounded retries with the
// policy the app gives (the same as the DICOMweb client's), a stall watch on every XHR, a web page where pixel
// data was expected refused before decoding, and a final error a person can read.
import { imageLoader } from '@cornerstonejs/core';
import { wadors } from '@cornerstonejs/dicom-image-loader';
import { loadLocalImage } from './localFrames';

/** What went wrong with one frame request. */
export type FrameFailure =
  | { kind: 'http'; url: string; status: number; retryAfter: string | null; body: string }
  | { kind: 'network'; url: string }
  | { kind: 'stalled'; url: string }
  | { kind: 'wrong-type'; url: string; contentType: string }
  /** the answer came but could not be read or decoded (a cut multipart says so here too) */
  | { kind: 'decode'; url: string; message: string };

export interface FrameRetry {
  stallMs: number;
  /** ms to wait before asking again (attempt is 1 for the first retry), or null to give up */
  delay(failure: FrameFailure, attempt: number): number | null;
  /** the failure as a person reads it, naming the server */
  describe(failure: FrameFailure, attempts: number): string;
}

/** The error a frame ends with: `network` when asking again later may help (the Retry button). */
export class FrameLoadError extends Error {
  constructor(
    message: string,
    readonly network: boolean,
  ) {
    super(message);
    this.name = 'FrameLoadError';
  }
}

const stalled = new WeakSet<XMLHttpRequest>();
const wrongType = new WeakMap<XMLHttpRequest, string>();

/** Types that are never pixel data: a sign-in page, an error page, JSON from a misrouted request. */
const NOT_PIXELS = /^text\/|html|json|xml/i;

/** Options for the loader's init: the stall watch on every XHR and the type check before decoding. */
export function xhrHooks(stallMs: () => number): { watch: (xhr: XMLHttpRequest) => void; beforeProcessing: (xhr: XMLHttpRequest) => Promise<ArrayBuffer> } {
  return {
    watch: (xhr) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const touch = (): void => {
        clearTimeout(timer);
        timer = setTimeout(() => {
          stalled.add(xhr);
          xhr.abort();
        }, stallMs());
      };
      touch();
      xhr.addEventListener('progress', touch);
      xhr.addEventListener('readystatechange', touch);
      xhr.addEventListener('loadend', () => clearTimeout(timer));
    },
    beforeProcessing: (xhr) => {
      const type = xhr.getResponseHeader('Content-Type') ?? '';
      if (NOT_PIXELS.test(type)) {
        wrongType.set(xhr, type);
        return Promise.reject(new Error(type));
      }
      return Promise.resolve(xhr.response as ArrayBuffer);
    },
  };
}

function failureOf(e: unknown, imageId: string): FrameFailure {
  const url = imageId.replace(/^wadors:/, '');
  if (typeof XMLHttpRequest !== 'undefined' && e instanceof XMLHttpRequest) {
    if (stalled.has(e)) return { kind: 'stalled', url };
    const type = wrongType.get(e);
    if (type !== undefined) return { kind: 'wrong-type', url, contentType: type };
    if (!e.status) return { kind: 'network', url };
    const body = e.response instanceof ArrayBuffer ? new TextDecoder().decode(new Uint8Array(e.response, 0, Math.min(e.response.byteLength, 2048))) : '';
    return { kind: 'http', url, status: e.status, retryAfter: e.getResponseHeader('Retry-After'), body };
  }
  const message = e instanceof Error ? e.message : typeof e === 'string' ? e : ((e as { message?: string })?.message ?? 'unknown error');
  return { kind: 'decode', url, message };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

type Loader = typeof wadors.loadImage;

/** Registers the retrying WADO-RS loader in place of the plain one. */
export function registerRetryingLoader(policy: () => FrameRetry): void {
  const plain: Loader = wadors.loadImage;
  const retrying = ((imageId: string, options?: Parameters<Loader>[1]) => {
    // Local files' frames are read from the files: nothing to retry, no network.
    const local = loadLocalImage(imageId, options as Parameters<typeof loadLocalImage>[1]);
    if (local) return local;
    const first = plain(imageId, options);
    const promise = (async () => {
      let attempt = first;
      for (let n = 1; ; n++) {
        try {
          return await attempt.promise;
        } catch (e) {
          const failure = failureOf(e, imageId);
          const p = policy();
          const wait = p.delay(failure, n);
          if (wait === null) throw new FrameLoadError(p.describe(failure, n), failure.kind !== 'decode');
          await sleep(wait);
          attempt = plain(imageId, options);
        }
      }
    })();
    return { ...first, promise };
  }) as unknown as Loader;
  imageLoader.registerImageLoader('wadors', retrying as unknown as Parameters<typeof imageLoader.registerImageLoader>[1]);
}
