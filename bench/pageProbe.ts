// What `npm run bench -- peers` reads in any Cornerstone-based viewer page, ours or OHIF, the same way: long
// tasks and long animation frames with their scripts (Chromium's attribution), the peak JS heap, the first image
// a viewport rendered, and the bytes the page received (CDP Network, headers included).
import type { BrowserContext, Page } from '@playwright/test';

/**
 * Installed before the page's own scripts. `first image`: the first Cornerstone IMAGE_RENDERED event of a
 * viewport on screen and at least 200 px wide (not a thumbnail, not one drawn off screen); the event goes to the
 * viewport's element, so a capturing listener on the document sees it whatever the app. Times are
 * performance.now(), 0 at navigation start.
 */
export const PROBE = `
  window.__probe = { long: [], loaf: [], peakHeap: 0, firstImage: -1, overlay: -1 };
  try {
    new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__probe.loaf.push({
      start: e.startTime, duration: e.duration,
      scripts: e.scripts.map((s) => ({ type: s.invokerType, invoker: s.invoker, fn: s.sourceFunctionName, url: s.sourceURL, at: s.sourceCharPosition, ms: s.duration })),
    }); }).observe({ type: 'long-animation-frame', buffered: true });
  } catch {}
  new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__probe.long.push([e.startTime, e.duration]); })
    .observe({ type: 'longtask', buffered: true });
  document.addEventListener('CORNERSTONE_IMAGE_RENDERED', (e) => {
    if (window.__probe.firstImage >= 0) return;
    const el = e.target, r = el.getBoundingClientRect();
    if (el.offsetParent && r.width >= 200 && r.height >= 200 && r.left < innerWidth && r.top < innerHeight && r.right > 0 && r.bottom > 0)
      window.__probe.firstImage = performance.now();
  }, true);
  setInterval(() => { if (performance.memory) window.__probe.peakHeap = Math.max(window.__probe.peakHeap, performance.memory.usedJSHeapSize); }, 100);
`;

export interface LongTask {
  startMs: number;
  durationMs: number;
  /** the longest script of the long animation frame(s) it falls in: invoker, function, file:char */
  where: string;
}

export interface ProbeReading {
  firstImageMs: number;
  /** long tasks that started before `untilMs`, longest first */
  tasks: LongTask[];
  peakHeapMB: number;
}

/** Counts the bytes the page receives (encoded, headers included) from now on. */
export async function countBytes(context: BrowserContext, page: Page): Promise<() => number> {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  let bytes = 0;
  cdp.on('Network.loadingFinished', (e) => {
    bytes += e.encodedDataLength;
  });
  return () => bytes;
}

/** The probe's reading, tasks limited to those that started before `untilMs`. */
export async function readProbe(page: Page, untilMs: number): Promise<ProbeReading> {
  return (await page.evaluate(`(() => {
    const p = window.__probe;
    const short = (u) => (u || '').replace(/^.*\\//, '').replace(/\\?.*$/, '');
    const where = (s, d) => {
      const frames = p.loaf.filter((f) => f.start < s + d && f.start + f.duration > s);
      const scripts = frames.flatMap((f) => f.scripts).sort((a, b) => b.ms - a.ms);
      const x = scripts[0];
      if (!x) return frames.length ? 'no script attributed (style, layout, paint or GC)' : 'no long animation frame';
      const who = x.invoker === x.url ? x.type + ' ' + short(x.url) : x.type + ' ' + x.invoker;
      return who + (x.fn ? ', ' + x.fn : '') + ' @' + short(x.url) + ':' + x.at + ' (' + Math.round(x.ms) + ' ms)';
    };
    return {
      firstImageMs: p.firstImage,
      tasks: p.long.filter(([s]) => s <= ${untilMs}).sort((a, b) => b[1] - a[1]).map(([s, d]) => ({ startMs: s, durationMs: d, where: where(s, d) })),
      peakHeapMB: p.peakHeap / 1e6,
    };
  })()`)) as ProbeReading;
}
