// Issue #11's targets for the big SEG from Orthanc on this 2-core machine; `npm run bench` ends with one line per
// target and case (PASS or FAIL, the number and the bound), collected from the sections that ran.

const lines: string[] = [];

export interface BigSegReading {
  /** which load, e.g. "104-segment SEG on the 100-slice sample CT" */
  caseName: string;
  firstImageMs: number;
  overlayMs: number;
  /** Orthanc alone handing over the same SEG (median of a few plain fetches) */
  orthancSegMs: number;
  longestTaskMs: number;
  /** what ran in the longest task (the longest script of its long animation frame) */
  longestTaskWhere?: string;
  /** Orthanc alone listing the series the SEG is found by (it reads the SEG's file for it): before the SEG can be asked */
  orthancListMs?: number;
  peakHeapMB: number;
}

const sec = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

/** One verdict; a failed one with what bounds it on the next line, when known. */
function add(pass: boolean, what: string, why?: string): void {
  lines.push(`${pass ? 'PASS' : 'FAIL'}  ${what}`);
  if (!pass && why) lines.push(`        ${why}`);
}

/** The four targets of one big-SEG load. A load that never showed its overlay fails the overlay target. */
export function judgeBigSeg(r: BigSegReading): void {
  const bound = r.firstImageMs + 1.5 * r.orthancSegMs;
  const c = r.caseName;
  add(
    r.overlayMs >= 0 && r.overlayMs <= bound,
    `overlay visible ${r.overlayMs < 0 ? 'never' : sec(r.overlayMs)} ${r.overlayMs >= 0 && r.overlayMs <= bound ? '<=' : '>'} first image + 1.5 x Orthanc's SEG hand-over (${sec(r.firstImageMs)} + 1.5 x ${sec(r.orthancSegMs)} = ${sec(bound)}) [${c}]`,
    r.orthancListMs === undefined
      ? undefined
      : `the bound leaves out the series list the SEG is found by: Orthanc alone takes ${sec(r.orthancListMs)} for it (reading the SEG), before the hand-over`,
  );
  add(r.firstImageMs >= 0 && r.firstImageMs < 2000, `first image ${sec(r.firstImageMs)} ${r.firstImageMs < 2000 ? '<' : '>='} 2 s [${c}]`);
  add(r.longestTaskMs < 200, `longest main-thread task ${r.longestTaskMs.toFixed(0)} ms ${r.longestTaskMs < 200 ? '<' : '>='} 200 ms [${c}]`, r.longestTaskWhere && `in it: ${r.longestTaskWhere}`);
  add(r.peakHeapMB < 500, `peak JS heap ${r.peakHeapMB.toFixed(0)} MB ${r.peakHeapMB < 500 ? '<' : '>='} 500 MB [${c}]`);
}

/**
 * Issue #11 item 6: a SEG over a slow link shows its first segment within 1 s of its first bytes. All times from
 * the first bytes; `firstImageMs`: the CT's first image (a segment cannot be seen before it).
 */
export function judgeProgressive(firstSegmentMs: number, allVisibleMs: number, firstImageMs: number, caseName: string): void {
  const ok = firstSegmentMs >= 0 && firstSegmentMs <= 1000;
  add(
    ok,
    `first segment within 1 s of first bytes: ${sec(firstSegmentMs)} (all visible ${sec(allVisibleMs)}) [${caseName}]`,
    `the CT's first image came ${sec(firstImageMs)} after the SEG's first bytes, the first segment ${sec(firstSegmentMs - firstImageMs)} after it`,
  );
}

export function printVerdicts(): void {
  if (!lines.length) return;
  console.log('\n## Verdicts (issue #11 targets: big SEG from Orthanc, and over a slow link; this machine)\n');
  for (const l of lines) console.log(l);
}
