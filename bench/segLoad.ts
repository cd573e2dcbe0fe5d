// Big SEG (or parametric map) in Chromium: navigation -> its bytes -> overlay visible, the longest main-thread task,
// peak JS heap. The viewer marks '<kind>:request', '<kind>:bytes', 'seg:all-visible' (every segment drawn) or 'pm:visible', and measures '<kind>:decode'.
import { newBenchContext } from './browserContext';
import type { Browser } from '@playwright/test';

export interface SegLoadResult {
  firstImageMs: number;
  /** when the viewer asked for the SEG instance */
  requestMs: number;
  /** when the worker was asked to make the SEG's label slices ready (-1: not asked, fewer than 64 segments) */
  prepareMs: number;
  /**
   * The SEG (or map) request's Resource Timing sizes, bytes: encoded (on the wire, after any Content-Encoding) and
   * decoded body; equal when the server did not compress. Null when no entry was found.
   */
  body: { encoded: number; decoded: number; contentEncoded: boolean } | null;
  /** the same request's Resource Timing, ms after navigation: asked, first byte, last byte (null: no entry; the worker's when it downloaded the object) */
  wire: { startMs: number; firstByteMs: number; lastByteMs: number } | null;
  bytesMs: number;
  visibleMs: number;
  workerMs: number;
  /** the worker's own phases (read, parse, layers for a SEG; read, parse, values, bins for a map) */
  workerPhases: Record<string, number> | null;
  seriesLoadedMs: number;
  longestTaskMs: number;
  /** when the longest task started (ms after navigation) and what ran in it: the longest script of its long animation frame(s) */
  longestTask: { startMs: number; where: string };
  /** longest main-thread task between the SEG bytes arriving and the overlay on screen */
  longestSegTaskMs: number;
  /**
   * The same window's long animation frames, their scripts sorted by who ran them (Chromium's LoAF
   * attribution): rendering (requestAnimationFrame callbacks: Cornerstone/vtk drawing), image loading (the CT's
   * XHR callbacks in Cornerstone's loader) and the rest (timers, worker and React messages: where the SEG's
   * hand-over to Cornerstone runs). Longest script of each kind, ms.
   */
  longestScriptMs: { render: number; imageLoading: number; other: number };
  peakHeapMB: number;
  layers: number;
}

export async function measureSegLoad(browser: Browser, baseUrl: string, root: string, studyUID: string, kind: 'seg' | 'pm' = 'seg'): Promise<SegLoadResult> {
  // A SEG's overlay is visible when every segment is ('seg:visible' marks its first pixels: a SEG drawn as it
  // downloads shows its first segments earlier).
  const visible = kind === 'seg' ? 'seg:all-visible' : 'pm:visible';
  const context = await newBenchContext(browser);
  const page = await context.newPage();
  await page.addInitScript(`
    window.__longest = 0; window.__peakHeap = 0; window.__long = []; window.__loaf = [];
    // 300 CT frames and more: past the default 250 entries, the SEG's (added when it ends) would be dropped.
    performance.setResourceTimingBufferSize(100000);
    try {
      new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__loaf.push([e.startTime, e.duration, e.scripts.map((x) => [x.invoker, x.duration, x.invokerType, x.sourceFunctionName, x.sourceURL, x.sourceCharPosition])]); })
        .observe({ type: 'long-animation-frame', buffered: true });
    } catch {}
    new PerformanceObserver((l) => { for (const e of l.getEntries()) { window.__longest = Math.max(window.__longest, e.duration); window.__long.push([e.startTime, e.duration]); } })
      .observe({ type: 'longtask', buffered: true });
    setInterval(() => { if (performance.memory) window.__peakHeap = Math.max(window.__peakHeap, performance.memory.usedJSHeapSize); }, 50);
  `);
  await page.goto(`${baseUrl}/viewer/?dicomweb=${root}&StudyInstanceUIDs=${studyUID}`);
  await page.waitForFunction(`performance.getEntriesByName('${visible}').length > 0`, undefined, { timeout: 300_000, polling: 100 });
  await page.waitForTimeout(500);
  const r = (await page.evaluate(`(() => {
    const at = (n) => { const e = performance.getEntriesByName(n)[0]; return e ? e.startTime + (e.duration || 0) : -1; };
    const dec = performance.getEntriesByName('${kind}:decode')[0];
    // The object itself (/series/{uid}/instances/{uid}, not the CT's frames): downloaded by the decode worker, which
    // reports its Resource Timing ('object:wire'), or by the page (its own Resource Timing).
    const isObject = (url) => new RegExp('/series/[0-9.]+(/instances/[0-9.]+)?$').test(url);
    const wire = () => {
      const m = performance.getEntriesByName('object:wire').map((x) => x.detail).find((d) => isObject(d.url));
      if (m) return m;
      const e = performance.getEntriesByType('resource').find((x) => isObject(x.name));
      return e ? { startMs: e.startTime, firstByteMs: e.responseStart, lastByteMs: e.responseEnd, encoded: e.encodedBodySize, decoded: e.decodedBodySize } : null;
    };
    return {
      firstImageMs: at('viewer:first-image'),
      requestMs: at('${kind}:request'),
      prepareMs: at('${kind}:prepare'),
      body: (() => {
        const e = wire();
        return e ? { encoded: e.encoded, decoded: e.decoded, contentEncoded: e.encoded > 0 && e.encoded !== e.decoded } : null;
      })(),
      wire: (() => {
        const e = wire();
        return e ? { startMs: e.startMs, firstByteMs: e.firstByteMs, lastByteMs: e.lastByteMs } : null;
      })(),
      bytesMs: at('${kind}:bytes'),
      visibleMs: at('${visible}'),
      workerMs: dec && dec.detail ? dec.detail.workerMs : -1,
      workerPhases: dec && dec.detail ? Object.fromEntries(Object.entries(dec.detail).filter(([k]) => k !== 'workerMs')) : null,
      seriesLoadedMs: at('viewer:series-loaded'),
      longestTaskMs: window.__longest,
      longestTask: (() => {
        const [s, d] = window.__long.reduce((a, b) => (b[1] > a[1] ? b : a), [-1, 0]);
        // The longest script of the long animation frame(s) the task falls in (Chromium's attribution).
        const scripts = window.__loaf.filter(([fs, fd]) => fs < s + d && fs + fd > s).flatMap(([, , x]) => x).sort((a, b) => b[1] - a[1]);
        const short = (u) => (u || '').replace(/^.*\\//, '').replace(/\\?.*$/, '');
        const x = scripts[0];
        const where = !x ? 'no script attributed (no long animation frame, or style, layout, paint, GC)'
          : (x[0] === x[4] ? x[2] + ' ' + short(x[4]) : x[2] + ' ' + x[0]) + (x[3] ? ', ' + x[3] : '') + ' @' + short(x[4]) + ':' + x[5] + ' (' + Math.round(x[1]) + ' ms)';
        return { startMs: s, where };
      })(),
      longestSegTaskMs: Math.max(0, ...window.__long.filter(([s, d]) => s + d >= at('${kind}:bytes') && s <= at('${visible}')).map(([, d]) => d)),
      longestScriptMs: (() => {
        const out = { render: 0, imageLoading: 0, other: 0 };
        for (const [s, d, scripts] of window.__loaf) {
          if (s + d < at('${kind}:bytes') || s > at('${visible}')) continue;
          for (const [invoker, ms] of scripts) {
            const kind = invoker === 'FrameRequestCallback' ? 'render' : invoker.startsWith('XMLHttpRequest') ? 'imageLoading' : 'other';
            out[kind] = Math.max(out[kind], ms);
          }
        }
        return out;
      })(),
      peakHeapMB: window.__peakHeap / 1e6,
      layers: document.querySelectorAll('[data-${kind === 'seg' ? 'seg' : 'map'}-key]').length,
    };
  })()`)) as SegLoadResult;
  await context.close();
  return r;
}
