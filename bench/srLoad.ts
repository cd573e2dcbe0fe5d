// SR at scale in Chromium: a TID 1500 report of 1,000 groups / 20,000 measurements over the sample CT.
// Worker parse time, SR bytes -> table in the DOM, "Expand all" (21,000 rows), then a scroll through every row
// one page per animation frame: frame intervals, long tasks, DOM rows. Part of `npm run bench`; on its own:
//   npx tsx bench/srLoad.ts
import { newBenchContext } from './browserContext';
import path from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from '@playwright/test';
import { writeBigReportStudy } from '../src/samples/bigReport';
import { ensureSampleStudy } from '../src/samples/sampleCache';
import { startServer } from '../src/server/start';

export const BIG_SR = { groups: 1000, perGroup: 20 } as const;

export interface SrLoadResult {
  megabytes: number;
  /** navigation -> SR series metadata received (WADO-RS JSON, parsed on the main thread) */
  metadataMs: number;
  metadataMB: number;
  bytesMs: number;
  workerMs: number;
  decodeRoundTripMs: number;
  tableMs: number;
  tableFrameMs: number;
  /** long tasks (> 50 ms) from navigation to the table's first frame: [start ms, duration ms] */
  loadTasks: [number, number][];
  /** longest task from the worker's answer to the table's first frame */
  srLongestTaskMs: number;
  rows: number;
  expandMs: number;
  /** 1-minute load average after the run: this machine is shared, and the numbers scale with it */
  loadAverage: number;
  scroll: {
    /** median main-thread cost of one scrolled page: React render of the new window, then layout */
    renderP50Ms: number;
    layoutP50Ms: number;
    idleP50Ms: number;
    idleP95Ms: number;
    p50Ms: number;
    frames: number;
    seconds: number;
    over16: number;
    over33: number;
    over50: number;
    p95Ms: number;
    maxFrameMs: number;
    longestTaskMs: number;
    maxDomRows: number;
    uncovered: number;
  };
}

// Strings, not functions: tsx would wrap inner functions with a helper the page does not have.
const INIT = `
  window.__tasks = [];
  new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__tasks.push([e.startTime, e.duration]); })
    .observe({ type: 'longtask', buffered: true });
  new PerformanceObserver((l) => {
    for (const e of l.getEntries()) if (e.name === 'sr:table' && !window.__tableFrame)
      requestAnimationFrame(() => requestAnimationFrame((t) => { window.__tableFrame = t; }));
  }).observe({ type: 'mark', buffered: true });
`;

const LOAD = `(() => {
  const at = (n) => { const e = performance.getEntriesByName(n)[0]; return e ? e.startTime + (e.duration || 0) : -1; };
  const dec = performance.getEntriesByName('sr:decode')[0];
  const meta = performance.getEntriesByType('resource').filter((r) => /\\/metadata$/.test(r.name)).sort((a, b) => b.transferSize - a.transferSize)[0];
  const bytes = at('sr:bytes');
  // From the worker's answer (its first part) to the table on screen: the main-thread work that is ours.
  const answer = dec && dec.detail ? dec.startTime + dec.detail.workerMs : bytes;
  return {
    metadataMs: meta ? meta.responseEnd : -1,
    metadataMB: meta ? (meta.encodedBodySize || meta.transferSize) / 1e6 : -1,
    bytesMs: bytes,
    workerMs: dec && dec.detail ? dec.detail.workerMs : -1,
    decodeRoundTripMs: dec ? dec.duration : -1,
    tableMs: performance.getEntriesByName('sr:table')[0].startTime,
    tableFrameMs: window.__tableFrame,
    loadTasks: window.__tasks.filter(([s]) => s <= window.__tableFrame).map(([s, d]) => [Math.round(s), Math.round(d)]),
    srLongestTaskMs: Math.max(0, ...window.__tasks.filter(([s, d]) => s + d >= answer && s <= window.__tableFrame).map(([, d]) => d)),
  };
})()`;

const EXPAND = `(async () => {
  const report = document.querySelector('[data-sr-key][data-status="ready"]');
  const button = [...report.querySelectorAll('button')].find((b) => b.textContent === 'Expand all');
  const t0 = performance.now();
  button.click();
  await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  return { expandMs: performance.now() - t0, rows: Number(report.querySelector('[role=table]').getAttribute('aria-rowcount')) - 1 };
})()`;

const SCROLL = `(async () => {
  const el = document.querySelector('[data-sr-key][data-status="ready"] .groups-scroll');
  el.scrollIntoView();
  const step = el.clientHeight - 24;
  // Baseline: frame intervals of this (headless, software-rendered) browser when nothing changes.
  const idle = [];
  await new Promise((resolve) => {
    let last = -1;
    const tick = (t) => { if (last >= 0) idle.push(t - last); last = t; if (idle.length >= 120) resolve(); else requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
  });
  idle.sort((a, b) => a - b);
  const firstTask = window.__tasks.length;
  const deltas = [];
  let maxRows = 0;
  let uncovered = 0;
  const t0 = performance.now();
  await new Promise((resolve) => {
    let last = -1;
    const frame = (t) => {
      if (last >= 0) deltas.push(t - last);
      last = t;
      // The rows drawn for the position scrolled to in the previous frame must cover the visible area.
      const rows = el.querySelectorAll('.groups-body [role=row]');
      maxRows = Math.max(maxRows, rows.length);
      const box = el.getBoundingClientRect();
      const top = rows[0].getBoundingClientRect().top;
      const bottom = rows[rows.length - 1].getBoundingClientRect().bottom;
      if (top > box.top + 25 || bottom < Math.min(box.bottom, box.top + el.scrollHeight - el.scrollTop) - 1) uncovered++;
      if (el.scrollTop + el.clientHeight >= el.scrollHeight - 1) { resolve(); return; }
      el.scrollTop += step;
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  });
  await new Promise((r) => setTimeout(r, 200));
  // What one scrolled page costs the main thread (render of the new window + layout), measured synchronously
  // on the way back up: medians hold up on a busy machine where frame intervals do not.
  const render = [];
  const layout = [];
  for (let i = 0; i < 200 && el.scrollTop > 0; i++) {
    const t0 = performance.now();
    el.scrollTop -= step;
    el.dispatchEvent(new Event('scroll'));
    const t1 = performance.now();
    void el.querySelector('.groups-body > :last-child').getBoundingClientRect().top;
    layout.push(performance.now() - t1);
    render.push(t1 - t0);
    await new Promise((r) => requestAnimationFrame(r));
  }
  render.sort((a, b) => a - b);
  layout.sort((a, b) => a - b);
  const sorted = [...deltas].sort((a, b) => a - b);
  return {
    renderP50Ms: render[render.length >> 1],
    layoutP50Ms: layout[layout.length >> 1],
    idleP50Ms: idle[idle.length >> 1],
    idleP95Ms: idle[Math.floor(idle.length * 0.95)],
    p50Ms: sorted[sorted.length >> 1],
    frames: deltas.length,
    seconds: (performance.now() - t0) / 1000,
    over16: deltas.filter((d) => d > 16.7 * 1.2).length,
    over33: deltas.filter((d) => d > 33.4).length,
    over50: deltas.filter((d) => d > 50).length,
    p95Ms: sorted[Math.floor(sorted.length * 0.95)],
    maxFrameMs: sorted[sorted.length - 1],
    longestTaskMs: Math.max(0, ...window.__tasks.slice(firstTask).map(([, d]) => d)),
    maxDomRows: maxRows,
    uncovered,
  };
})()`;

export async function measureSrLoad(browser: Browser, baseUrl: string, root: string, studyUID: string): Promise<Omit<SrLoadResult, 'megabytes'>> {
  const context = await newBenchContext(browser);
  const page = await context.newPage();
  await page.addInitScript(INIT);
  await page.goto(`${baseUrl}/viewer/?dicomweb=${root}&StudyInstanceUIDs=${studyUID}`);
  await page.waitForFunction(`window.__tableFrame > 0`, undefined, { timeout: 300_000, polling: 100 });
  await page.waitForTimeout(300);
  const load = (await page.evaluate(LOAD)) as Omit<SrLoadResult, 'megabytes' | 'rows' | 'expandMs' | 'scroll' | 'loadAverage'>;
  // Scroll once the CT series has loaded: its image decoding is not what this measures.
  await page.waitForFunction(`performance.getEntriesByName('viewer:series-loaded').length > 0`, undefined, { timeout: 300_000, polling: 200 });
  await page.waitForTimeout(1000);
  const expand = (await page.evaluate(EXPAND)) as { expandMs: number; rows: number };
  const scroll = (await page.evaluate(SCROLL)) as SrLoadResult['scroll'];
  await context.close();
  return { ...load, ...expand, scroll, loadAverage: os.loadavg()[0] };
}

export function printSrLoad(r: SrLoadResult): void {
  const ms = (n: number): string => `${n.toFixed(0)} ms`;
  const s = r.scroll;
  console.log(`SR Part 10 size:                        ${r.megabytes.toFixed(1)} MB; its WADO-RS metadata ${r.metadataMB.toFixed(1)} MB of JSON`);
  console.log(`navigation -> SR metadata / SR bytes:   ${ms(r.metadataMs)} / ${ms(r.bytesMs)}`);
  console.log(`parse in worker (Part 10 -> model):     ${ms(r.workerMs)} (round trip with transfer ${ms(r.decodeRoundTripMs)})`);
  console.log(`SR bytes -> table in DOM / painted:     ${ms(r.tableMs - r.bytesMs)} / ${ms(r.tableFrameMs - r.bytesMs)}`);
  console.log(`longest task, worker answer -> table:  ${ms(r.srLongestTaskMs)}`);
  console.log(`long tasks navigation->table [at, ms]:  ${r.loadTasks.map(([a, d]) => `[${a}, ${d}]`).join(' ') || 'none'}`);
  console.log(`"Expand all" (${r.rows} rows) -> frame:  ${ms(r.expandMs)}`);
  console.log(
    `scroll through all rows, a page a frame: ${s.frames} frames in ${s.seconds.toFixed(1)} s; frame p50 ${s.p50Ms.toFixed(1)} ms, p95 ${s.p95Ms.toFixed(1)} ms, max ${s.maxFrameMs.toFixed(1)} ms; ` +
      `frames > 20 ms: ${s.over16}, > 33 ms: ${s.over33}, > 50 ms: ${s.over50}`,
  );
  console.log(`  one scrolled page costs the main thread: render ${s.renderP50Ms.toFixed(1)} ms + layout ${s.layoutP50Ms.toFixed(1)} ms (medians)`);
  console.log(`  (same page, nothing changing: frame p50 ${s.idleP50Ms.toFixed(1)} ms, p95 ${s.idleP95Ms.toFixed(1)} ms)`);
  console.log(`  longest task while scrolling: ${ms(s.longestTaskMs)}; rows in DOM at most: ${s.maxDomRows}; frames with uncovered rows: ${s.uncovered}`);
  console.log(`(load average ${r.loadAverage.toFixed(1)} on ${os.cpus().length} cores at the end of the run)`);
}

/** A DICOMweb folder with the big report over a copy of the sample CT; returns its size in MB. */
export function prepareBigSr(dir: string, sampleDir: string): number {
  return writeBigReportStudy(dir, sampleDir, BIG_SR).bytes.length / 1e6;
}

async function main(): Promise<void> {
  const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const sampleDir = await ensureSampleStudy(path.join(repoRoot, '.cache/sample'));
  const work = mkdtempSync(path.join(os.tmpdir(), 'viewer-bench-sr-'));
  const port = Number(process.env.BENCH_PORT ?? 4179);
  const megabytes = prepareBigSr(path.join(work, 'bigsr'), sampleDir);
  const server = await startServer({ dirs: [], sample: false, mounts: [{ name: 'bigsr', folder: path.join(work, 'bigsr') }], port, host: '127.0.0.1', dev: false });
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    const base = `http://127.0.0.1:${port}`;
    const studyUID = await firstStudy(base, '/dw/bigsr');
    console.log(`\n## SR, ${BIG_SR.groups} groups / ${BIG_SR.groups * BIG_SR.perGroup} measurements on the 512x512x100 phantom (embedded server, Chromium)\n`);
    printSrLoad({ megabytes, ...(await measureSrLoad(browser, base, '/dw/bigsr', studyUID)) });
  } finally {
    await browser.close();
    await server.close();
    rmSync(work, { recursive: true, force: true });
  }
}

const CHROMIUM_ARGS = ['--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--enable-precise-memory-info', '--no-sandbox', '--disable-background-networking', '--disable-component-update'];

async function firstStudy(base: string, root: string): Promise<string> {
  const res = await fetch(`${base}${root}/studies`);
  return ((await res.json()) as Array<Record<string, { Value: string[] }>>)[0]['0020000D'].Value[0];
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
