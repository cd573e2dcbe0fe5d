// Issue #11 item 6, "same for RTSTRUCT ROIs": a big RTSTRUCT over the same slow link as the SEG (the embedded
// server paced at 20 MB/s), its ROIs drawn as they download. From the RTSTRUCT response's first bytes (Resource
// Timing): the first ROI on the page ('rtstruct:first-roi': its contours placed and handed to the overlay), every
// ROI ('rtstruct:ready': the whole decode placed), the last byte, and the longest main-thread task in between.
import type { Browser } from '@playwright/test';
import { newBenchContext } from './browserContext';
import { PROBE, readProbe } from './pageProbe';

export interface ProgressiveRtResult {
  firstBytesMs: number;
  lastByteMs: number;
  firstRoiMs: number;
  allMs: number;
  bodyMB: number;
  longestTaskMs: number;
}

export async function measureProgressiveRt(browser: Browser, base: string, root: string, studyUID: string): Promise<ProgressiveRtResult> {
  const context = await newBenchContext(browser);
  const page = await context.newPage();
  await page.addInitScript(`${PROBE}; performance.setResourceTimingBufferSize(100000);`);
  await page.goto(`${base}/viewer/?dicomweb=${root}&StudyInstanceUIDs=${studyUID}`);
  await page.waitForFunction(`performance.getEntriesByName('rtstruct:ready').length > 0`, undefined, { timeout: 300_000, polling: 50 });
  const r = (await page.evaluate(`(() => {
    const at = (n) => { const e = performance.getEntriesByName(n)[0]; return e ? e.startTime : -1; };
    // The RTSTRUCT is the one whole object of the study answered as an instance or series (the CT comes as frames):
    // downloaded by the decode worker, which reports its Resource Timing ('object:wire'), or by the page.
    const isRt = (url) => new RegExp('/series/[0-9.]+(/instances/[0-9.]+)?$').test(url);
    const wire = performance.getEntriesByName('object:wire').map((x) => x.detail).find((d) => isRt(d.url));
    const page = performance.getEntriesByType('resource').find((x) => isRt(x.name));
    const rt = wire ? { responseStart: wire.firstByteMs, responseEnd: wire.lastByteMs, decodedBodySize: wire.decoded } : page;
    return {
      firstBytesMs: rt ? rt.responseStart : -1,
      lastByteMs: rt ? rt.responseEnd : -1,
      firstRoiMs: at('rtstruct:first-roi'),
      allMs: at('rtstruct:ready'),
      bodyMB: rt ? rt.decodedBodySize / 1e6 : 0,
    };
  })()`)) as Omit<ProgressiveRtResult, 'longestTaskMs'>;
  // Without the response's timing every figure below would count from navigation instead: say so, not a number.
  if (r.firstBytesMs < 0) throw new Error('progressive RTSTRUCT bench: no Resource Timing for the RTSTRUCT request');
  const probe = await readProbe(page, r.allMs);
  await context.close();
  const during = probe.tasks.filter((t) => t.startMs + t.durationMs >= r.firstBytesMs);
  return { ...r, longestTaskMs: during[0]?.durationMs ?? 0 };
}

export function printProgressiveRt(runs: ProgressiveRtResult[]): void {
  const col = (f: (r: ProgressiveRtResult) => number): string => runs.map((r) => f(r).toFixed(0).padStart(7)).join('');
  console.log(`                                              ${runs.map((_, i) => `run ${i + 1}`.padStart(7)).join('')}`);
  console.log(`first bytes -> first ROI on the page:        ${col((r) => (r.firstRoiMs < 0 ? NaN : r.firstRoiMs - r.firstBytesMs))} ms`);
  console.log(`first bytes -> last byte:                    ${col((r) => r.lastByteMs - r.firstBytesMs)} ms   (${runs[0]?.bodyMB.toFixed(1)} MB at the paced rate)`);
  console.log(`first bytes -> every ROI drawn:              ${col((r) => r.allMs - r.firstBytesMs)} ms`);
  console.log(`longest main-thread task, bytes -> all:      ${col((r) => r.longestTaskMs)} ms`);
}
