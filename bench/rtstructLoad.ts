// RTSTRUCT at scale: 50 ROIs / 100,000 points on the phantom CT. Worker decode time, time from navigation to
// contours visible, overlay redraw times while scrolling, and the longest main-thread task.
import type { Browser } from '@playwright/test';

export interface RtstructResult {
  decodeMs: number;
  workerMs: number;
  contoursVisibleMs: number;
  redraws: number;
  redrawMaxMs: number;
  redrawMeanMs: number;
  longestTaskMs: number;
}

export async function measureRtstruct(browser: Browser, baseUrl: string, root: string, studyUID: string): Promise<RtstructResult> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  // Long tasks from the start of the page (PerformanceObserver longtask, >50 ms by definition).
  await page.addInitScript(`
    window.__longest = 0;
    new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__longest = Math.max(window.__longest, e.duration); })
      .observe({ type: 'longtask', buffered: true });
  `);
  await page.goto(`${baseUrl}/viewer/?dicomweb=${root}&StudyInstanceUIDs=${studyUID}`);
  await page.waitForFunction(`performance.getEntriesByName('contours:visible').length > 0`, undefined, { timeout: 120_000 });
  // Jump to the middle of the ROIs and scroll through 40 slices, redrawing the contours each time.
  await page.keyboard.press('Home');
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('ArrowDown');
    await page.waitForTimeout(30);
  }
  await page.waitForTimeout(500);
  const r = (await page.evaluate(`(() => {
    const dec = performance.getEntriesByName('rtstruct:decode')[0];
    const vis = performance.getEntriesByName('contours:visible')[0];
    const redraws = performance.getEntriesByName('contours:redraw').map((e) => e.duration);
    return {
      decodeMs: dec ? dec.duration : -1,
      workerMs: dec && dec.detail ? dec.detail.workerMs : -1,
      contoursVisibleMs: vis ? vis.startTime : -1,
      redraws: redraws.length,
      redrawMaxMs: Math.max(0, ...redraws),
      redrawMeanMs: redraws.reduce((a, b) => a + b, 0) / Math.max(1, redraws.length),
      longestTaskMs: window.__longest,
    };
  })()`)) as RtstructResult;
  await context.close();
  return r;
}
