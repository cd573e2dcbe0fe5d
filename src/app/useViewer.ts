// The page's viewer: Cornerstone initialised (while the study requests are in flight), one ViewerController for
// the page's life, and what it reports (viewport states, failed images, errors) as React state.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { DicomwebClient } from '../dicomweb/client';
import { framePolicy } from './framePolicy';
import { initCornerstone } from '../viewer/init';
import { ViewerController, type FramesFailed, type ViewportState } from '../viewer/ViewerController';
import { releaseDecoder } from './derivedDecoder';
import { forgetEarlyObjects } from './earlyObjects';
import { TEST_HOOKS, exposeTestHooks } from './testHooks';
import { localFramesOf } from './localFiles/localSource';
import { prefetchAfterDownloads } from './downloadPriority';

export function useViewer(client: DicomwebClient, imageCacheMB: number | undefined, addError: (m: string) => void) {
  const [framesFailed, setFramesFailed] = useState<FramesFailed | null>(null);
  const [fatal, setFatal] = useState<string>();
  const [ready, setReady] = useState(false);
  const [states, setStates] = useState<Record<string, ViewportState>>({});
  const controller = useRef<ViewerController>(null);

  useEffect(() => {
    let hideHooks = (): void => undefined;
    let stopWatching = (): void => undefined;
    // A page left before Cornerstone's start-up finished makes no controller: made then, its rendering engine (a WebGL
    // context), its listeners and its prefetch watcher would outlive the page, nothing left to destroy them.
    let left = false;
    // Bound, not a closure of this page: what Cornerstone keeps must not keep the page's state alive.
    initCornerstone({ headersFor: client.headersFor.bind(client), frames: framePolicy(client), imageCacheMB, localFrames: localFramesOf(client) })
      .then(() => {
        if (left) return;
        controller.current = new ViewerController({
          onState: (s) => setStates((prev) => ({ ...prev, [s.viewportId]: s })),
          onError: addError,
          onFramesFailed: setFramesFailed,
        });
        // The end-to-end tests' handle, in their build only (testHooks.ts).
        if (TEST_HOOKS) hideHooks = exposeTestHooks(controller);
        // A SEG downloading goes before the series' other images (downloadPriority.ts).
        stopWatching = prefetchAfterDownloads();
        setReady(true);
      })
      .catch((e: Error) => {
        if (!left) setFatal(e.message);
      });
    return () => {
      left = true;
      stopWatching();
      controller.current?.destroy();
      controller.current = null;
      // The early downloads first: stopping one tells the decode worker, which releaseDecoder ends.
      forgetEarlyObjects();
      releaseDecoder();
      hideHooks();
      // Marks and measures of the study (read by `npm run bench`) would pile up over a day's studies.
      performance.clearMarks();
      performance.clearMeasures();
    };
  }, [client, addError, imageCacheMB]);

  useEffect(() => {
    const onResize = (): void => controller.current?.resize();
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, []);

  const clearStates = useCallback(() => setStates({}), []);
  return { controller, ready, fatal, states, clearStates, framesFailed };
}
