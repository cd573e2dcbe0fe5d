// `npm run bench -- peers`: the same study, from the same Orthanc, opened by this viewer and by OHIF (its
// published build, see ohif.ts) in one run. OHIF's SEG is opened as IDC users do: the study first, then a
// double-click on the SEG in its series panel. Ours opens from a link naming the SEG series (as the IDC portal
// links a SEG). Both are measured by the same probe (pageProbe.ts).
import path from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { newBenchContext } from './browserContext';
import { countBytes, PROBE, readProbe, type LongTask } from './pageProbe';

export interface PeerCase {
  name: string;
  studyUID: string;
  segSeriesUID: string;
  segSopUID: string;
  /** the SEG's SeriesDescription: how OHIF's series panel names it */
  segDescription: string;
}

export interface PeerRun {
  viewer: string;
  caseName: string;
  firstImageMs: number;
  /** navigation -> the SEG drawn on the image (-1: not within the time allowed) */
  overlayMs: number;
  /** when the SEG was asked for: our page asks by itself; OHIF when its series is double-clicked */
  askedMs: number;
  longest: LongTask | null;
  peakHeapMB: number;
  bytes: number;
  note?: string;
}

const OURS_TIMEOUT_MS = 180_000;
/** OHIF needed 220-290 s for a 104-segment SEG on 300 slices on this machine. */
const OHIF_TIMEOUT_MS = 600_000;

async function shot(page: Page, name: string): Promise<void> {
  // BENCH_SHOTS=DIR keeps a screenshot of each viewer at "overlay visible", to check what was measured.
  const dir = process.env.BENCH_SHOTS;
  if (dir) await page.screenshot({ path: path.join(dir, `${name.replace(/[^a-z0-9]+/gi, '-')}.png`) });
}

export async function measureOurs(browser: Browser, base: string, root: string, c: PeerCase): Promise<PeerRun> {
  const context = await newBenchContext(browser);
  const page = await context.newPage();
  await page.addInitScript(PROBE);
  const bytes = await countBytes(context, page);
  await page.goto(`${base}/viewer/?dicomweb=${root}&StudyInstanceUIDs=${c.studyUID}&SeriesInstanceUIDs=${c.segSeriesUID}`);
  let note: string | undefined;
  try {
    // Every segment drawn (a SEG drawn as it downloads shows its first segments earlier: 'seg:visible').
    await page.waitForFunction(`performance.getEntriesByName('seg:all-visible').length > 0`, undefined, { timeout: OURS_TIMEOUT_MS, polling: 100 });
  } catch {
    note = `overlay not visible after ${OURS_TIMEOUT_MS / 1000} s`;
  }
  const marks = (await page.evaluate(`(() => {
    const at = (n) => { const e = performance.getEntriesByName(n)[0]; return e ? e.startTime : -1; };
    // What the decode worker downloaded itself (derived objects): not in the page's CDP Network, reported by the
    // worker from its own Resource Timing (body bytes; their few hundred bytes of headers left out).
    const wires = performance.getEntriesByName('object:wire').map((e) => e.detail);
    const workerBytes = wires.reduce((n, d) => n + (d?.encoded ?? 0), 0);
    // Asked: when the SEG's own request left (a SEG the link names is asked for while the viewer loads, before the
    // page lists it: 'seg:request' marks that listing), else the mark.
    const own = wires.filter((d) => d?.url?.includes('/series/${c.segSeriesUID}')).map((d) => d.startMs);
    const asked = Math.min(...own, at('seg:request') < 0 ? Infinity : at('seg:request'));
    return { overlay: at('seg:all-visible'), asked: Number.isFinite(asked) ? asked : -1, now: performance.now(), workerBytes };
  })()`)) as { overlay: number; asked: number; now: number; workerBytes: number };
  await shot(page, `ours-${c.name}`);
  const r = await readProbe(page, marks.overlay >= 0 ? marks.overlay : marks.now);
  const run: PeerRun = {
    viewer: 'this viewer',
    caseName: c.name,
    firstImageMs: r.firstImageMs,
    overlayMs: marks.overlay,
    askedMs: marks.asked,
    longest: r.tasks[0] ?? null,
    peakHeapMB: r.peakHeapMB,
    bytes: bytes() + marks.workerBytes,
    note,
  };
  await context.close();
  return run;
}

export async function measureOhif(browser: Browser, ohifBase: string, c: PeerCase): Promise<PeerRun> {
  const context = await newBenchContext(browser);
  const page = await context.newPage();
  // A returning user: OHIF's first-visit tour (a modal over the viewport) has been seen.
  await page.addInitScript(`try { localStorage.setItem('shownTours', JSON.stringify(['basicViewerTour'])); } catch {}`);
  await page.addInitScript(PROBE);
  const bytes = await countBytes(context, page);
  await page.goto(`${ohifBase}/viewer?StudyInstanceUIDs=${c.studyUID}`);
  let note: string | undefined;
  let asked = -1;
  let stage = 'no first image within 120 s';
  try {
    await page.waitForFunction(`window.__probe.firstImage >= 0 && !!window.cornerstone`, undefined, { timeout: 120_000, polling: 100 });
    stage = 'SEG not in the series panel within 60 s';
    // Cornerstone's segmentation events go to its event target, not to an element.
    await page.evaluate(`window.cornerstone.eventTarget.addEventListener('CORNERSTONE_TOOLS_SEGMENTATION_RENDERED', () => {
      const p = window.__probe;
      if (p.overlay >= 0 || p.pending) return;
      p.pending = true;
      requestAnimationFrame(() => requestAnimationFrame(() => { p.overlay = performance.now(); }));
    })`);
    const row = page.locator('[data-cy="study-browser-thumbnail-no-image"]', { hasText: c.segDescription });
    await row.waitFor({ timeout: 60_000 });
    asked = (await page.evaluate('performance.now()')) as number;
    await row.dblclick();
    stage = `timed out (${OHIF_TIMEOUT_MS / 1000} s allowed)`;
    await page.waitForFunction(`window.__probe.overlay > 0`, undefined, { timeout: OHIF_TIMEOUT_MS, polling: 250 });
  } catch (e) {
    note = /Timeout/i.test(String(e)) ? stage : String(e).split('\n')[0];
  }
  const overlay = (await page.evaluate('window.__probe.overlay')) as number;
  const now = (await page.evaluate('performance.now()')) as number;
  await shot(page, `ohif-${c.name}`);
  const r = await readProbe(page, overlay >= 0 ? overlay : now);
  const run: PeerRun = {
    viewer: 'OHIF 3.13.2',
    caseName: c.name,
    firstImageMs: r.firstImageMs,
    overlayMs: overlay,
    askedMs: asked,
    longest: r.tasks[0] ?? null,
    peakHeapMB: r.peakHeapMB,
    bytes: bytes(),
    note,
  };
  await context.close();
  return run;
}

/** Orthanc alone handing over one instance (WADO-RS, the whole Part 10 object read): the floor of any viewer. */
export async function timeOrthancInstance(dicomWebRoot: string, c: Pick<PeerCase, 'studyUID' | 'segSeriesUID' | 'segSopUID'>, runs = 3): Promise<{ ms: number; bytes: number }> {
  const url = `${dicomWebRoot}/studies/${c.studyUID}/series/${c.segSeriesUID}/instances/${c.segSopUID}`;
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const res = await fetch(url, { headers: { Accept: 'multipart/related; type="application/dicom"' } });
    if (!res.ok) throw new Error(`Orthanc answered ${res.status} for ${url}`);
    bytes = (await res.arrayBuffer()).byteLength;
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)], bytes };
}

/**
 * Orthanc alone answering a QIDO that lists the SEG series (the study's series list, or `query`'s; median of 3): Debian's Orthanc
 * 1.10 with its DICOMweb plugin 1.7 reads one instance's file for every series it lists, so a viewer that finds the
 * SEG by QIDO (every viewer given a study link) waits for one read of the SEG before it can ask for it, and Orthanc
 * reads it again for the retrieve.
 */
export async function timeOrthancSeriesList(dicomWebRoot: string, studyUID: string, query = '', runs = 3): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const res = await fetch(`${dicomWebRoot}/studies/${studyUID}/series${query}`, { headers: { Accept: 'application/dicom+json' } });
    if (!res.ok) throw new Error(`Orthanc answered ${res.status} for the series list of ${studyUID}`);
    await res.arrayBuffer();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

const s = (ms: number): string => (ms < 0 ? '-' : (ms / 1000).toFixed(1) + ' s');

export function printPeerTable(runs: PeerRun[], cases: PeerCase[]): void {
  const head = ['case', 'viewer', 'first image', 'SEG asked', 'overlay visible', 'longest task', 'peak heap', 'received'];
  const rows: string[][] = [];
  for (const c of cases) {
    const mine = runs.filter((r) => r.caseName === c.name);
    for (const r of mine)
      rows.push([
        c.name,
        r.viewer,
        s(r.firstImageMs),
        s(r.askedMs),
        r.overlayMs < 0 ? (r.note ?? 'not seen') : s(r.overlayMs),
        r.longest ? `${r.longest.durationMs.toFixed(0)} ms` : '-',
        `${r.peakHeapMB.toFixed(0)} MB`,
        `${(r.bytes / 1e6).toFixed(1)} MB`,
      ]);
    const [a, b] = [mine.find((r) => r.viewer !== 'OHIF 3.13.2'), mine.find((r) => r.viewer === 'OHIF 3.13.2')];
    if (a && b) {
      const ratio = (x: number, y: number): string => (x > 0 && y > 0 ? `${(y / x).toFixed(1)}x` : '-');
      rows.push([
        '',
        'OHIF / ours',
        ratio(a.firstImageMs, b.firstImageMs),
        '',
        b.overlayMs < 0 ? `> ${ratio(a.overlayMs, OHIF_TIMEOUT_MS)}` : ratio(a.overlayMs, b.overlayMs),
        ratio(a.longest?.durationMs ?? 0, b.longest?.durationMs ?? 0),
        ratio(a.peakHeapMB, b.peakHeapMB),
        ratio(a.bytes, b.bytes),
      ]);
    }
  }
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]): string => `| ${cells.map((x, i) => x.padEnd(widths[i])).join(' | ')} |`;
  console.log(line(head));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of rows) console.log(line(r));
  console.log('\nlongest task, where (the longest script of its long animation frame):');
  for (const r of runs) if (r.longest) console.log(`  ${r.caseName}, ${r.viewer}: ${r.longest.durationMs.toFixed(0)} ms at ${s(r.longest.startMs)}: ${r.longest.where}`);
}
