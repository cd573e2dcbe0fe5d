// What the network and CPU serve first: an overlay downloading before the shown series' background prefetch.
import { anyDownloading, subscribeObjectProgress } from './objectProgress';
import { overlayDownloading } from '../viewer/prefetch';

/**
 * Holds the viewer's background prefetch while any derived object downloads (objectProgress, written by the
 * study's downloads), and lets it go when none does; returns the function that stops watching (and lets go).
 */
export function prefetchAfterDownloads(): () => void {
  let release: (() => void) | null = null;
  const check = (): void => {
    const busy = anyDownloading();
    if (busy && !release) release = overlayDownloading();
    else if (!busy && release) {
      release();
      release = null;
    }
  };
  check();
  const stop = subscribeObjectProgress(check);
  return () => {
    stop();
    release?.();
    release = null;
  };
}
