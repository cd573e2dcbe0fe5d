// Parametric Map decode in Node, as the worker runs it (bytes -> real world volume on the CT grid): a float32 map
// of a 512x512x300 CT (300 MB). Timed in a child process of its own, so its peak memory is the decode's, not the
// generator's: `tsx bench/pmDecode.ts` (or `npm run bench -- pm`).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bigParametricMap } from '../src/samples/bigParametricMap';
import type { StudyContext } from '../src/samples/studyContext';
import type { TargetSeries } from '../src/dicom/geometry/placeFrames';
import { decodePm } from '../src/workers/decodePm';

const MB = 1024 * 1024;
const self = fileURLToPath(import.meta.url);

/** The CT's planes as the viewer hands them to the worker (positions as written in the CT files). */
function ctTarget(context: StudyContext): TargetSeries {
  const g = context.geometry;
  const ds = (v: number): number => Number(v.toFixed(6));
  return {
    frameOfReferenceUID: context.frameOfReferenceUID,
    planes: g.sliceZ.map((z, k) => ({
      sopInstanceUID: context.ctSopInstanceUIDs[k],
      frameNumber: null,
      imagePositionPatient: [ds(g.originX), ds(g.originY), ds(z)],
      imageOrientationPatient: [
        [1, 0, 0],
        [0, 1, 0],
      ],
      pixelSpacing: [ds(g.rowSpacing), ds(g.columnSpacing)],
      rows: g.rows,
      columns: g.columns,
    })),
  };
}

interface ChildReport {
  runs: Array<{ ms: number; read: number; parse: number; values: number }>;
  mapMB: number;
  rssBeforeMB: number;
  peakRssMB: number;
  volumeMB: number;
  filledSlices: number;
  mean: number | null;
}

/** In the child: read the file, decode it three times, report times and the peak resident memory. */
async function child(file: string, targetFile: string): Promise<void> {
  const read = readFileSync(file);
  const bytes = new Uint8Array(read.buffer, read.byteOffset, read.byteLength);
  const target = JSON.parse(readFileSync(targetFile, 'utf8')) as TargetSeries;
  const rssBeforeMB = process.memoryUsage().rss / MB;
  const runs: ChildReport['runs'] = [];
  let last: Awaited<ReturnType<typeof decodePm>> | null = null;
  let peakRssMB = 0;
  for (let i = 0; i < 3; i++) {
    // Drop the previous volume before the next decode allocates its own.
    if (last) last.volume.values = new Float32Array(0);
    const t0 = performance.now();
    const r = await decodePm(bytes, 'BIG_PM.dcm', target);
    runs.push({ ms: performance.now() - t0, ...r.timings });
    // The first run's peak is the decode's own: later runs may reuse freed memory or not.
    if (i === 0) peakRssMB = process.resourceUsage().maxRSS / 1024;
    last = r;
  }
  const report: ChildReport = {
    runs,
    mapMB: bytes.byteLength / MB,
    rssBeforeMB,
    peakRssMB,
    volumeMB: (last?.volume.values.byteLength ?? 0) / MB,
    filledSlices: last?.volume.filledSlices ?? 0,
    mean: last?.statistics.mean ?? null,
  };
  console.log(JSON.stringify(report));
}

/** Generate the map, decode it in a child process, print the numbers against the targets. */
export function runPmBench(): void {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pm-bench-'));
  try {
    console.log('Generating the big map (float32, 512x512x300)...');
    const { context, map } = bigParametricMap();
    const file = path.join(dir, map.name);
    writeFileSync(file, map.bytes);
    writeFileSync(path.join(dir, 'target.json'), JSON.stringify(ctTarget(context)));
    const run = spawnSync(process.execPath, [...process.execArgv, self, '--child', file, path.join(dir, 'target.json')], {
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    });
    if (run.status !== 0) throw new Error(`the decode child failed: ${run.stderr}`);
    const r = JSON.parse(run.stdout.trim().split('\n').pop() as string) as ChildReport;
    const col = (f: (x: ChildReport['runs'][number]) => number): string => r.runs.map((x) => f(x).toFixed(0).padStart(7)).join('');
    console.log(`map: ${r.mapMB.toFixed(0)} MB of Float Pixel Data; volume ${r.volumeMB.toFixed(0)} MB, ${r.filledSlices} slices filled`);
    console.log(`                                         run 1  run 2  run 3`);
    console.log(`bytes -> real world volume (worker):   ${col((x) => x.ms)} ms   target well under 3000 ms`);
    console.log(`  read (Part 10)                       ${col((x) => x.read)} ms`);
    console.log(`  parse (header model)                 ${col((x) => x.parse)} ms`);
    console.log(`  values (frames -> volume, stats)     ${col((x) => x.values)} ms`);
    const added = r.peakRssMB - r.rssBeforeMB;
    console.log(
      `peak memory of the decode:             ${added.toFixed(0)} MB above the ${r.rssBeforeMB.toFixed(0)} MB held with the bytes read ` +
        `(peak RSS ${r.peakRssMB.toFixed(0)} MB = ${(r.peakRssMB / r.mapMB).toFixed(2)} x the map, incl. Node itself)   ` +
        `target < ${(2 * r.mapMB).toFixed(0)} MB (2 x the map)`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === self) {
  const at = process.argv.indexOf('--child');
  if (at >= 0) void child(process.argv[at + 1], process.argv[at + 2]);
  else runPmBench();
}
