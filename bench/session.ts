// `npm run bench -- session`: a day's use in one tab. Twenty studies opened one after another by in-page
// navigation (the sample phantom with its SEG, RTSTRUCT and SR; the LUNG1 subset with its RTSTRUCT; the big
// 104-segment SEG on a 300-slice CT), back to the study list after each; the JS heap and array buffers after
// each, once garbage is collected. The target (issue 14): after twenty, within 20% of the level after the first
// of each kind.
import type { Browser } from '@playwright/test';
import { newBenchContext } from './browserContext';

export interface SessionStudy {
  name: string;
  /** DICOMweb root on the bench server */
  root: string;
  studyUID: string;
  /** what shows that the study is in: a ready SEG or a ready RTSTRUCT */
  ready: 'seg' | 'rtstruct';
}

interface Level {
  study: string;
  openMs: number;
  usedMB: number;
  buffersMB: number;
}

export async function runSessionBench(browser: Browser, base: string, studies: SessionStudy[], count = 20): Promise<void> {
  const context = await newBenchContext(browser);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  // In-page navigation, as a click on a link of the app does (navigation.tsx listens for popstate).
  const go = (url: string): Promise<unknown> => page.evaluate(`(() => { history.pushState(null, '', ${JSON.stringify(url)}); dispatchEvent(new PopStateEvent('popstate')); })()`);
  await page.goto(`${base}/`);
  await page.waitForSelector('table.studies', { timeout: 60_000 });
  await page.evaluate('window.sameTab = true');
  const levels: Level[] = [];
  for (let i = 0; i < count; i++) {
    const s = studies[i % studies.length];
    const t0 = Date.now();
    await go(`/viewer/?dicomweb=${s.root}&StudyInstanceUIDs=${s.studyUID}`);
    const selector = s.ready === 'seg' ? '[data-seg-key][data-status="ready"]' : '[data-rtstruct-key][data-status="ready"]';
    await page.waitForSelector(selector, { timeout: 300_000 });
    const openMs = Date.now() - t0;
    await go(`/?dicomweb=${s.root}`);
    await page.waitForSelector('table.studies', { timeout: 60_000 });
    for (let k = 0; k < 3; k++) {
      await cdp.send('HeapProfiler.collectGarbage');
      await page.waitForTimeout(200);
    }
    const u = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number; backingStorageSize?: number };
    levels.push({ study: s.name, openMs, usedMB: u.usedSize / 1e6, buffersMB: (u.backingStorageSize ?? 0) / 1e6 });
  }
  const sameTab = (await page.evaluate('window.sameTab === true')) as boolean;
  await context.close();

  const head = ['#', 'study', 'open -> overlay ms', 'heap MB', 'array buffers MB'];
  const rows = levels.map((l, i) => [String(i + 1), l.study, String(l.openMs), l.usedMB.toFixed(1), l.buffersMB.toFixed(1)]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i])).join('  ');
  console.log(line(head));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
  const first = levels.slice(0, studies.length);
  const base0 = { used: Math.max(...first.map((l) => l.usedMB)), buffers: Math.max(...first.map((l) => l.buffersMB)) };
  const last = levels[levels.length - 1];
  const ratio = (a: number, b: number): string => `${((100 * a) / b).toFixed(0)}%`;
  const ok = sameTab && last.usedMB <= base0.used * 1.2 && last.buffersMB <= base0.buffers * 1.2;
  console.log(
    `\nverdict: ${ok ? 'PASS' : 'FAIL'} long session: after ${count} studies heap ${last.usedMB.toFixed(1)} MB (${ratio(last.usedMB, base0.used)} of ${base0.used.toFixed(1)} after the first of each), ` +
      `array buffers ${last.buffersMB.toFixed(1)} MB (${ratio(last.buffersMB, base0.buffers)} of ${base0.buffers.toFixed(1)}); target <= 120%${sameTab ? '' : '; THE PAGE RELOADED'}`,
  );
}
