// How the shown series' images are loading: which failed (told as one message), when the whole series is in
// (the 'viewer:series-loaded' measure `npm run bench` reads), and asking again for the failed ones only.
import { Enums, eventTarget, cache, imageLoader, type Types } from '@cornerstonejs/core';
import { FrameLoadError } from './frameRetry';

/** Images of the shown series that failed (after the loader's own retries): one message for all of them. */
export interface FramesFailed {
  /** "Image …1234abcd frame 3 could not be loaded or decoded (and 11 more): <why>" */
  message: string;
  count: number;
  /** asking again may help (the server failed, not the decoder) */
  network: boolean;
}

function frameName(imageId: string): string {
  return imageId.replace(/^.*\/instances\/([^/]+)\/frames\/(\d+)$/, (_m, sop: string, n: string) => `…${sop.slice(-12)} frame ${n}`);
}

/** What a streaming volume offers to load one of its images again (not in its public types). */
interface VolumeLoading {
  callLoadImage?: (imageId: string, index: number, options: unknown) => unknown;
  getLoaderImageOptions: (imageId: string) => unknown;
}

export class SeriesLoading {
  /** imageIds of the shown series not yet loaded; marks 'viewer:series-loaded' when it empties */
  private pending = new Set<string>();
  private loadStart = 0;
  /** failed images of the shown series, by imageId, in the order they failed */
  private failed = new Map<string, { why: string; network: boolean }>();
  private reportTimer: ReturnType<typeof setTimeout> | undefined;

  /**
   * `listen` adds a listener the controller takes off when it is destroyed; `shown` are the imageIds of the
   * series on screen.
   */
  constructor(
    listen: (target: EventTarget, type: string, fn: EventListener) => void,
    private readonly shown: () => readonly string[] | undefined,
    private readonly onFramesFailed?: (f: FramesFailed | null) => void,
  ) {
    const onLoadError = ((e: CustomEvent<{ imageId?: unknown; error?: unknown }>) => {
      const imageId = e.detail?.imageId;
      // The streaming volume reports its index here (it binds its arguments in the wrong order); the loader's own
      // IMAGE_LOAD_FAILED names the image.
      if (typeof imageId !== 'string' || !this.shown()?.includes(imageId)) return;
      const err = e.detail.error;
      const why = err instanceof Error ? err.message : typeof err === 'string' ? err : ((err as { message?: string })?.message ?? 'unknown error');
      this.failed.set(imageId, { why, network: err instanceof FrameLoadError && err.network });
      this.report();
    }) as EventListener;
    // The image loader reports failed loads as IMAGE_LOAD_FAILED; viewports as IMAGE_LOAD_ERROR.
    listen(eventTarget, Enums.Events.IMAGE_LOAD_ERROR, onLoadError);
    listen(eventTarget, Enums.Events.IMAGE_LOAD_FAILED, onLoadError);
    const onLoaded = ((e: CustomEvent<{ image: { imageId: string } }>) => {
      if (this.failed.delete(e.detail.image.imageId)) this.report();
      if (!this.pending.delete(e.detail.image.imageId) || this.pending.size) return;
      // Performance marks are what `npm run bench` reads: first image and whole series.
      performance.measure('viewer:series-loaded', { start: this.loadStart });
    }) as EventListener;
    listen(eventTarget, Enums.Events.IMAGE_LOADED, onLoaded);
  }

  /** A series is being shown: its load is timed from now, and no image of it has failed yet. */
  track(imageIds: string[]): void {
    this.failed.clear();
    this.report();
    this.pending = new Set(imageIds.filter((id) => !cache.isLoaded(id)));
    this.loadStart = performance.now();
  }

  /** When the series started loading (performance.now()), for the first-image measure. */
  get started(): number {
    return this.loadStart;
  }

  /** One message for the failed images, a moment after the last change (hundreds may fail at once). */
  private report(): void {
    clearTimeout(this.reportTimer);
    this.reportTimer = setTimeout(() => {
      const all = [...this.failed];
      if (!all.length) return this.onFramesFailed?.(null);
      const [id, first] = all[0];
      const more = all.length > 1 ? ` (and ${all.length - 1} more)` : '';
      this.onFramesFailed?.({
        message: `Image ${frameName(id)} could not be loaded or decoded${more}: ${first.why}`,
        count: all.length,
        network: all.some(([, f]) => f.network),
      });
    }, 150);
  }

  /**
   * Asks again for the images that failed, and only those: what is shown stays. The image on screen (if it is one
   * of them) is shown when it arrives; in MPR each arriving image goes into the volume.
   */
  retryFailed(viewports: Array<Types.IStackViewport | Types.IVolumeViewport | undefined>, volumeId: string | undefined): void {
    const ids = [...this.failed.keys()];
    this.failed.clear();
    this.report();
    for (const vp of viewports) {
      if (vp?.type === Enums.ViewportType.STACK) {
        const stackVp = vp as Types.IStackViewport;
        const current = stackVp.getCurrentImageIdIndex();
        // setImageIdIndex does nothing for the index it is at; its inner call loads and shows it.
        const show = (stackVp as unknown as { _setImageIdIndex?: (i: number) => Promise<string> })._setImageIdIndex?.bind(stackVp);
        if (ids.includes(stackVp.getImageIds()[current]) && show) void show(current).catch(() => undefined);
      }
    }
    const volume = volumeId ? (cache.getVolume(volumeId) as unknown as VolumeLoading | undefined) : undefined;
    for (const id of ids) {
      if (volume && typeof volume.callLoadImage === 'function') {
        const index = this.shown()?.indexOf(id) ?? -1;
        if (index >= 0) void Promise.resolve(volume.callLoadImage(id, index, volume.getLoaderImageOptions(id))).catch(() => undefined);
      } else {
        void imageLoader.loadAndCacheImage(id, { priority: 0, requestType: Enums.RequestType.Interaction }).catch(() => undefined);
      }
    }
  }

  stop(): void {
    clearTimeout(this.reportTimer);
  }
}
