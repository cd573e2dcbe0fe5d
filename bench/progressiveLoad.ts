// Issue #11 item 6: a big SEG over a slow link (the embedded server paced at 20 MB/s, a typical link to IDC's
// proxy), drawn segment by segment as it downloads. From the SEG response's first bytes (Resource Timing): when
// the first segment is on screen ('seg:visible': the first SEG pixels drawn), when every segment is
// ('seg:all-visible': the last part drawn, or the whole SEG's layers), the last byte, and the
// main-thread tasks over 50 ms in between. OHIF has nothing to compare with: it shows a SEG once it is whole.
import type { Browser } from '@playwright/test';
import { newBenchContext } from './browserContext';
import { PROBE, readProbe, type LongTask } from './pageProbe';

export interface ProgressiveLoadResult {
  /** navigation -> the SEG response's first byte, and its last (Resource Timing); -1 when not found */
  firstBytesMs: number;
  lastByteMs: number;
  /** the decode asked of the worker (the shown series known), and its first part on the page; -1 when not marked */
  decodeAskedMs: number;
  firstPartMs: number;
  firstSegmentMs: number;
  allVisibleMs: number;
  /** navigation -> the CT's first image (the probe's: a viewport on screen rendered an image) */
  firstImageMs: number;
  /** main-thread tasks from the first bytes until every segment is drawn, longest first */
  tasks: LongTask[];
  bodyMB: number;
  /** parts drawn on the page: how many, the longest and the total time they took there (ms) */
  parts: { count: number; longestMs: number; totalMs: number };
}

export async function measureProgressiveLoad(browser: Browser, base: string, root: string, studyUID: string): Promise<ProgressiveLoadResult> {
  const context = await newBenchContext(browser);
  const page = await context.newPage();
  await page.addInitScript(`${PROBE}; performance.setResourceTimingBufferSize(100000);`);
  await page.goto(`${base}/viewer/?dicomweb=${root}&StudyInstanceUIDs=${studyUID}`);
  // Every segment drawn: the last part's mark, or the one mark of a SEG drawn in one go once its entry is ready.
  // A build from before 'seg:all-visible' (for the 'before' numbers) draws a SEG once, marked 'seg:visible'.
  const done = `performance.getEntriesByName('seg:all-visible').length > 0 || (performance.getEntriesByName('seg:visible').length > 0 && !performance.getEntriesByName('seg:first-part').length && !!document.querySelector('[data-seg-key][data-status="ready"]'))`;
  await page.waitForFunction(done, undefined, { timeout: 300_000, polling: 50 });
  await page.waitForTimeout(300);
  const r = (await page.evaluate(`(() => {
    const at = (n) => { const e = performance.getEntriesByName(n)[0]; return e ? e.startTime : -1; };
    // The SEG itself: downloaded by the decode worker, which reports its Resource Timing ('object:wire'), or by the page.
    const isSeg = (url) => new RegExp('/series/[0-9.]+(/instances/[0-9.]+)?$').test(url);
    const wire = performance.getEntriesByName('object:wire').map((x) => x.detail).find((d) => isSeg(d.url));
    const page = performance.getEntriesByType('resource').find((x) => isSeg(x.name));
    const seg = wire ? { responseStart: wire.firstByteMs, responseEnd: wire.lastByteMs, decodedBodySize: wire.decoded } : page;
    const visible = at('seg:visible');
    const all = at('seg:all-visible');
    return {
      firstBytesMs: seg ? seg.responseStart : -1,
      lastByteMs: seg ? seg.responseEnd : -1,
      decodeAskedMs: at('seg:prepare'),
      firstPartMs: at('seg:first-part'),
      firstSegmentMs: visible,
      allVisibleMs: all >= 0 ? all : visible,
      bodyMB: seg ? seg.decodedBodySize / 1e6 : 0,
      parts: (() => {
        const d = performance.getEntriesByName('seg:part-drawn').map((e) => e.duration);
        return { count: d.length, longestMs: Math.max(0, ...d), totalMs: d.reduce((a, b) => a + b, 0) };
      })(),
    };
  })()`)) as Omit<ProgressiveLoadResult, 'tasks' | 'firstImageMs'>;
  const probe = await readProbe(page, r.allVisibleMs);
  await context.close();
  return { ...r, firstImageMs: probe.firstImageMs, tasks: probe.tasks.filter((t) => t.startMs + t.durationMs >= r.firstBytesMs) };
}

export function printProgressiveLoad(runs: ProgressiveLoadResult[]): void {
  const col = (f: (r: ProgressiveLoadResult) => number): string => runs.map((r) => f(r).toFixed(0).padStart(7)).join('');
  console.log(`                                              ${runs.map((_, i) => `run ${i + 1}`.padStart(7)).join('')}`);
  console.log(`navigation -> SEG first bytes:               ${col((r) => r.firstBytesMs)} ms`);
  console.log(`first bytes -> decode asked (series known):  ${col((r) => r.decodeAskedMs - r.firstBytesMs)} ms`);
  console.log(`first bytes -> the CT's first image:         ${col((r) => r.firstImageMs - r.firstBytesMs)} ms`);
  console.log(`first bytes -> first part on the page:       ${col((r) => (r.firstPartMs < 0 ? NaN : r.firstPartMs - r.firstBytesMs))} ms`);
  console.log(`first bytes -> first segment visible:        ${col((r) => r.firstSegmentMs - r.firstBytesMs)} ms   target 1000 ms`);
  console.log(`first bytes -> last byte:                    ${col((r) => r.lastByteMs - r.firstBytesMs)} ms   (${runs[0]?.bodyMB.toFixed(1)} MB at the paced rate)`);
  console.log(`first bytes -> all segments visible:         ${col((r) => r.allVisibleMs - r.firstBytesMs)} ms`);
  console.log(`last byte -> all segments visible:           ${col((r) => r.allVisibleMs - r.lastByteMs)} ms`);
  console.log(`longest main-thread task, bytes -> all:      ${col((r) => r.tasks[0]?.durationMs ?? 0)} ms   target 50 ms from our decoding`);
  console.log(`tasks > 50 ms, bytes -> all:                 ${col((r) => r.tasks.filter((t) => t.durationMs > 50).length)}`);
  console.log(`parts drawn on the page:                     ${col((r) => r.parts.count)}`);
  console.log(`  longest / total time drawing a part:       ${runs.map((r) => `${r.parts.longestMs.toFixed(0)}/${r.parts.totalMs.toFixed(0)}`.padStart(7)).join('')} ms`);
  runs.forEach((r, i) => {
    for (const t of r.tasks.filter((x) => x.durationMs > 50).slice(0, 5))
      console.log(`  run ${i + 1}: ${t.startMs.toFixed(0).padStart(6)} ms  ${t.durationMs.toFixed(0).padStart(4)} ms  ${t.where}`);
  });
}
