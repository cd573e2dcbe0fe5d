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
  nodes: number;
  listeners: number;
}

type Cdp = Awaited<ReturnType<import('@playwright/test').BrowserContext['newCDPSession']>>;

/**
 * MB of JavaScript objects in the heap (a snapshot's nodes without compiled code and native objects). The heap's
 * used size also counts the code V8 compiles as the viewer meets new kinds of studies and optimises hot
 * functions, which grows for a while whatever the viewer keeps.
 */
async function objectsMB(cdp: Cdp): Promise<number> {
  let json = '';
  const on = (e: { chunk: string }): void => {
    json += e.chunk;
  };
  cdp.on('HeapProfiler.addHeapSnapshotChunk', on);
  await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  cdp.off('HeapProfiler.addHeapSnapshotChunk', on);
  const snap = JSON.parse(json) as { snapshot: { meta: { node_fields: string[]; node_types: [string[]] } }; nodes: number[] };
  const fields = snap.snapshot.meta.node_fields;
  const types = snap.snapshot.meta.node_types[0];
  const typeAt = fields.indexOf('type');
  const sizeAt = fields.indexOf('self_size');
  let bytes = 0;
  for (let i = 0; i < snap.nodes.length; i += fields.length) {
    const t = types[snap.nodes[i + typeAt]];
    if (t !== 'code' && t !== 'native' && t !== 'synthetic' && t !== 'hidden') bytes += snap.nodes[i + sizeAt];
  }
  return bytes / 1e6;
}

export async function runSessionBench(browser: Browser, base: string, studies: SessionStudy[], count = 20): Promise<void> {
  const context = await newBenchContext(browser);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  // In-page navigation, as a click on a link of the app does (navigation.tsx listens for popstate).
  const go = (url: string): Promise<unknown> => page.evaluate(`(() => { history.pushState(null, '', ${JSON.stringify(url)}); dispatchEvent(new PopStateEvent('popstate')); })()`);
  await page.goto(`${base}/`);
  // Locators, not waitForSelector: the element handles it returns keep their (detached) DOM alive in the page.
  await page.locator('table.studies').waitFor({ timeout: 60_000 });
  await page.evaluate('window.sameTab = true');
  const levels: Level[] = [];
  let objectsFirst = 0;
  for (let i = 0; i < count; i++) {
    const s = studies[i % studies.length];
    const t0 = Date.now();
    await go(`/viewer/?dicomweb=${s.root}&StudyInstanceUIDs=${s.studyUID}`);
    const selector = s.ready === 'seg' ? '[data-seg-key][data-status="ready"]' : '[data-rtstruct-key][data-status="ready"]';
    await page.locator(selector).first().waitFor({ timeout: 300_000 });
    const openMs = Date.now() - t0;
    await go(`/?dicomweb=${s.root}`);
    await page.locator('table.studies').waitFor({ timeout: 60_000 });
    for (let k = 0; k < 3; k++) {
      await cdp.send('HeapProfiler.collectGarbage');
      await page.waitForTimeout(200);
    }
    const u = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number; backingStorageSize?: number };
    const dom = (await cdp.send('Memory.getDOMCounters')) as { nodes: number; jsEventListeners: number };
    levels.push({ study: s.name, openMs, usedMB: u.usedSize / 1e6, buffersMB: (u.backingStorageSize ?? 0) / 1e6, nodes: dom.nodes, listeners: dom.jsEventListeners });
    if (i === studies.length - 1) objectsFirst = await objectsMB(cdp);
  }
  const objectsLast = await objectsMB(cdp);
  const sameTab = (await page.evaluate('window.sameTab === true')) as boolean;
  await context.close();

  const head = ['#', 'study', 'open -> overlay ms', 'heap MB', 'array buffers MB', 'DOM nodes', 'JS listeners'];
  const rows = levels.map((l, i) => [String(i + 1), l.study, String(l.openMs), l.usedMB.toFixed(1), l.buffersMB.toFixed(1), String(l.nodes), String(l.listeners)]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i])).join('  ');
  console.log(line(head));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
  const first = levels.slice(0, studies.length);
  const base0 = { used: Math.max(...first.map((l) => l.usedMB)), buffers: Math.max(...first.map((l) => l.buffersMB)) };
  const last = levels[levels.length - 1];
  const pct = (a: number, b: number): string => `${((100 * a) / b).toFixed(0)}%`;
  const ok = sameTab && objectsLast <= objectsFirst * 1.2 && last.buffersMB <= base0.buffers * 1.2;
  console.log(
    `\nafter the first of each kind -> after ${count}: JS objects ${objectsFirst.toFixed(1)} -> ${objectsLast.toFixed(1)} MB (${pct(objectsLast, objectsFirst)}), ` +
      `heap with compiled code ${base0.used.toFixed(1)} -> ${last.usedMB.toFixed(1)} MB (${pct(last.usedMB, base0.used)}), array buffers ${base0.buffers.toFixed(1)} -> ${last.buffersMB.toFixed(1)} MB (${pct(last.buffersMB, base0.buffers)})`,
  );
  console.log(`verdict: ${ok ? 'PASS' : 'FAIL'} long session: JS objects and array buffers after ${count} studies within 120% of their level after the first of each kind${sameTab ? '' : '; THE PAGE RELOADED'}`);
}
