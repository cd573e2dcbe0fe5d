// Issue #11 item 3: every overlay of a study loading at once (the 104-segment SEG, the 7-segment SEG, the
// RTSTRUCT and the SR on the sample CT, from Orthanc; the older SEG by its Load button, at once), and every main-thread task over 50 ms from navigation until
// all of them are on screen, each with the script Chromium attributes it to.
import type { Browser } from '@playwright/test';
import { newBenchContext } from './browserContext';
import { PROBE, readProbe, type LongTask } from './pageProbe';

export interface OverlayTasksResult {
  firstImageMs: number;
  /** navigation -> the last of: every SEG layer drawn, contours drawn, the SR table listed (-1: timed out) */
  allVisibleMs: number;
  tasks: LongTask[];
  peakHeapMB: number;
}

/** Waits until every SEG, RTSTRUCT and SR the panels list is ready and drawn. */
const ALL_VISIBLE = `(() => {
  const list = (k) => [...document.querySelectorAll('[data-' + k + '-key]')];
  const segs = list('seg'), rts = list('rtstruct'), srs = list('sr');
  if (segs.length < __SEGS__ || rts.length < 1 || srs.length < 1) return false;
  if (![...segs, ...rts, ...srs].every((e) => e.dataset.status === 'ready')) return false;
  const drawn = performance.getEntriesByName('seg:layer-visible').map((m) => m.detail.segmentationId);
  if (!segs.every((e) => drawn.some((id) => id.startsWith(e.dataset.segKey + ':')))) return false;
  return performance.getEntriesByName('contours:visible').length > 0 && performance.getEntriesByName('sr:table').length > 0;
})()`;

export async function measureOverlayTasks(browser: Browser, base: string, root: string, studyUID: string, segs: number): Promise<OverlayTasksResult> {
  const context = await newBenchContext(browser);
  const page = await context.newPage();
  await page.addInitScript(PROBE);
  await page.goto(`${base}/viewer/?dicomweb=${root}&StudyInstanceUIDs=${studyUID}`);
  let allVisibleMs = -1;
  try {
    // Only the newest SEG loads by itself: the others are asked for at once, by their Load button, as soon as
    // every SEG is listed (a user wanting them all together).
    await page.waitForFunction(`document.querySelectorAll('[data-seg-key]').length >= ${segs}`, undefined, { timeout: 120_000, polling: 50 });
    const load = page.locator('[data-seg-key] button.seg-load');
    await page.waitForFunction(`document.querySelectorAll('[data-seg-key][data-status="available"] button.seg-load').length >= ${segs - 1}`, undefined, { timeout: 120_000, polling: 50 });
    for (const b of await load.all()) await b.click();
    await page.waitForFunction(ALL_VISIBLE.replace('__SEGS__', String(segs)), undefined, { timeout: 300_000, polling: 100 });
    allVisibleMs = (await page.evaluate(`Math.max(...['seg:layer-visible', 'contours:visible', 'sr:table'].flatMap((n) => performance.getEntriesByName(n).map((e) => e.startTime)))`)) as number;
  } catch {
    // reported as -1: the tasks until now are still listed
  }
  const until = allVisibleMs >= 0 ? allVisibleMs : ((await page.evaluate('performance.now()')) as number);
  const r = await readProbe(page, until);
  await context.close();
  return { firstImageMs: r.firstImageMs, allVisibleMs, tasks: r.tasks, peakHeapMB: r.peakHeapMB };
}

export function printOverlayTasks(runs: OverlayTasksResult[]): void {
  runs.forEach((r, i) => {
    const over = r.tasks.filter((t) => t.durationMs > 50);
    console.log(
      `run ${i + 1}: first image ${r.firstImageMs.toFixed(0)} ms, every overlay visible ${r.allVisibleMs < 0 ? 'NOT within 300 s' : `${r.allVisibleMs.toFixed(0)} ms`}, ` +
        `${over.length} tasks > 50 ms, ${over.filter((t) => t.durationMs > 200).length} > 200 ms, longest ${(r.tasks[0]?.durationMs ?? 0).toFixed(0)} ms, peak heap ${r.peakHeapMB.toFixed(0)} MB`,
    );
    for (const t of [...over].sort((a, b) => a.startMs - b.startMs))
      console.log(`  ${t.startMs.toFixed(0).padStart(6)} ms  ${t.durationMs.toFixed(0).padStart(4)} ms  ${t.where}`);
  });
}
