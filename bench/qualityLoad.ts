// The quality panel in Chromium on the big case: two 104-segment SEGs on a 512x512x300 CT. Compare click -> the
// pair table listed (all metrics computed in the decode worker), then a pair click -> its agreement overlay
// drawn; the main thread's long tasks in each window, attributed by Long Animation Frames.
import { newBenchContext } from './browserContext';
import type { Browser } from '@playwright/test';

export interface QualityLoadResult {
  /** both SEGs decoded and listed, from navigation */
  segsReadyMs: number;
  compareMs: number;
  /** the worker's phases of that comparison: both SEGs on the grid (decoded again), then all metrics */
  workerAnnotationsMs: number;
  workerCompareMs: number;
  pairs: number;
  overlayMs: number;
  /** longest task while comparing, and while drawing the overlay */
  longestCompareTaskMs: number;
  longestOverlayTaskMs: number;
  /**
   * longest script of ours in both windows, and where: not vtk's drawing (animation frame callbacks) nor the CT
   * image loader still fetching the series (XHR callbacks)
   */
  longestOwnScriptMs: number;
  longestOwnScript: string;
  peakHeapMB: number;
}

export async function measureQualityLoad(browser: Browser, baseUrl: string, root: string, studyUID: string): Promise<QualityLoadResult> {
  const context = await newBenchContext(browser);
  const page = await context.newPage();
  await page.addInitScript(`
    window.__long = []; window.__loaf = []; window.__peakHeap = 0;
    new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__long.push([e.startTime, e.duration]); }).observe({ type: 'longtask', buffered: true });
    try {
      new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__loaf.push([e.startTime, e.duration, e.scripts.map((x) => [x.invoker, x.duration, (x.sourceFunctionName || '') + '@' + (x.sourceURL || '').split('/').pop() + ':' + x.sourceCharPosition])]); })
        .observe({ type: 'long-animation-frame', buffered: true });
    } catch {}
    setInterval(() => { if (performance.memory) window.__peakHeap = Math.max(window.__peakHeap, performance.memory.usedJSHeapSize); }, 50);
  `);
  const t0 = Date.now();
  await page.goto(`${baseUrl}/viewer/?dicomweb=${root}&StudyInstanceUIDs=${studyUID}`);
  await page.locator('[data-seg-key][data-status="ready"]').nth(1).waitFor({ timeout: 300_000 });
  const segsReadyMs = Date.now() - t0;
  const panel = page.getByRole('region', { name: 'Compare annotations' });
  const options = await panel.getByLabel('Reference annotation').locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value).filter((v) => /^seg:/i.test(v)));
  await panel.getByLabel('Reference annotation').selectOption(options[0]);
  await panel.getByLabel('Test annotation').selectOption(options[1]);
  await page.waitForTimeout(500);
  const mark = (): Promise<number> => page.evaluate(() => performance.now());
  const c0 = await mark();
  const t1 = Date.now();
  await panel.getByRole('button', { name: 'Compare', exact: true }).click();
  const rows = panel.locator('table.pair-table tbody tr');
  await rows.nth(100).waitFor({ timeout: 300_000 });
  const compareMs = Date.now() - t1;
  const c1 = await mark();
  const pairs = await rows.count();
  const phases = (await page.evaluate(`(() => { const e = performance.getEntriesByName('quality:compare').pop(); return e ? e.detail : null; })()`)) as { annotations: number; compare: number } | null;
  const t2 = Date.now();
  await rows.first().getByRole('button').first().click();
  await page.getByTestId('agreement-legend').getByRole('checkbox').waitFor({ state: 'visible', timeout: 120_000 });
  await page.waitForFunction(() => !(document.querySelector('[data-testid="agreement-legend"] input') as HTMLInputElement | null)?.disabled, undefined, { timeout: 120_000 });
  await page.waitForTimeout(300);
  const overlayMs = Date.now() - t2;
  const c2 = await mark();
  // A string, not a function: tsx names inner functions with a helper the page does not have.
  const r = (await page.evaluate(`(() => {
    const w = window;
    const within = (a, b) => (s, d) => s + d >= a && s <= b;
    const longest = (a, b) => Math.max(0, ...w.__long.filter(([s, d]) => within(a, b)(s, d)).map(([, d]) => d));
    let own = 0;
    let ownWhere = '';
    for (const [s, d, scripts] of w.__loaf) {
      if (!within(${c0}, ${c2})(s, d)) continue;
      // Not ours: vtk's drawing (animation frame callbacks) and the CT image loader (XHR callbacks).
      for (const [invoker, ms, where] of scripts) if (invoker !== 'FrameRequestCallback' && !invoker.startsWith('XMLHttpRequest') && ms > own) { own = ms; ownWhere = invoker + ' ' + where; }
    }
    return { longestCompareTaskMs: longest(${c0}, ${c1}), longestOverlayTaskMs: longest(${c1}, ${c2}), longestOwnScriptMs: own, longestOwnScript: ownWhere, peakHeapMB: w.__peakHeap / 1e6 };
  })()`)) as Pick<QualityLoadResult, 'longestCompareTaskMs' | 'longestOverlayTaskMs' | 'longestOwnScriptMs' | 'longestOwnScript' | 'peakHeapMB'>;
  await context.close();
  return { segsReadyMs, compareMs, workerAnnotationsMs: phases?.annotations ?? -1, workerCompareMs: phases?.compare ?? -1, pairs, overlayMs, ...r };
}
