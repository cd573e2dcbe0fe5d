// `npm run bench -- quality`: two 104-segment SEGs on a 512x512x300 CT (the benchmark SEG and its generated
// second reader, src/samples/bigSeg.ts) compared with all metrics, in one thread as the worker will run it;
// plastimatch's `dice --all` on a few of the same segment pairs (full-grid MHA masks) side by side.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readPart10 } from '../src/dicom/part10';
import { imagePlanesOf } from '../src/dicom/geometry/imagePlanes';
import type { VolumeGrid } from '../src/dicom/geometry/volumeGrid';
import { parseSegmentation } from '../src/dicom/seg/parse';
import { segmentationPixels } from '../src/dicom/seg/pixels';
import { generateBigSeg } from '../src/samples/bigSeg';
import { generatedCtGrid } from './generatedGrid';
import { segAnnotation, regionMask, type SegAnnotation } from '../src/analysis/annotations';
import { compareAnnotations } from '../src/analysis/compareAnnotations';
import { compareMasks } from '../src/analysis/compareMasks';
import type { BoxMask } from '../src/analysis/mask';

const TARGET_MS = 3000;
const SLICES = 300;
const SEGMENTS = 104;
/** segment numbers timed with plastimatch: one of each structure kind spread over the list */
const PLASTIMATCH_SEGMENTS = [1, 17, 33, 50, 66, 83];

function dense(grid: VolumeGrid, m: BoxMask): Uint8Array {
  const out = new Uint8Array(grid.columns * grid.rows * grid.slices);
  const b = m.box;
  if (!b) return out;
  for (let z = 0; z < b.nz; z++)
    for (let y = 0; y < b.ny; y++) {
      const from = (z * b.ny + y) * b.nx;
      out.set(m.data.subarray(from, from + b.nx), ((z + b.z0) * grid.rows + y + b.y0) * grid.columns + b.x0);
    }
  return out;
}

function writeMha(file: string, grid: VolumeGrid, voxels: Uint8Array): void {
  const header = `ObjectType = Image\nNDims = 3\nBinaryData = True\nBinaryDataByteOrderMSB = False\nCompressedData = False\nTransformMatrix = 1 0 0 0 1 0 0 0 1\nOffset = 0 0 0\nElementSpacing = ${grid.spacing.join(' ')}\nDimSize = ${grid.columns} ${grid.rows} ${grid.slices}\nElementType = MET_UCHAR\nElementDataFile = LOCAL\n`;
  writeFileSync(file, Buffer.concat([Buffer.from(header), Buffer.from(voxels)]));
}

async function decode(file: { name: string; bytes: Uint8Array }, planes: ReturnType<typeof imagePlanesOf>, frame: string | null): Promise<SegAnnotation> {
  const p10 = readPart10(file.bytes, file.name);
  const seg = parseSegmentation(p10, file.name);
  return segAnnotation(seg, segmentationPixels(p10, seg), planes, frame);
}

export async function runQualityBench(): Promise<void> {
  console.log(`\n## Segmentation quality: two ${SEGMENTS}-segment SEGs on a 512x512x${SLICES} CT, all metrics (Node, one thread)\n`);
  let t = performance.now();
  const files = generateBigSeg({ slices: SLICES, segments: SEGMENTS, secondReader: true });
  console.log(`generate CT + SEG + second reader:     ${((performance.now() - t) / 1000).toFixed(1)} s (setup, not timed below)`);
  const { planes, frame, grid } = generatedCtGrid(files);
  t = performance.now();
  const reference = await decode(files.find((f) => f.name === 'BIG_SEG.dcm')!, planes, frame);
  const test = await decode(files.find((f) => f.name === 'BIG_SEG_READER2.dcm')!, planes, frame);
  console.log(`decode both SEGs onto the CT grid:     ${(performance.now() - t).toFixed(0)} ms (the worker already holds these)`);

  // the first run is the one a user waits for: cold JIT, fresh scratch memory, the label index built
  const runs: number[] = [];
  let result = null as ReturnType<typeof compareAnnotations> | null;
  for (let run = 0; run < 3; run++) {
    t = performance.now();
    result = compareAnnotations(reference, test, grid);
    runs.push(performance.now() - t);
  }
  const pairs = result?.pairs ?? [];
  const compared = pairs.filter((p) => p.metrics && p.metrics.hausdorffMm !== null).length;
  const dice = pairs.flatMap((p) => (p.metrics && p.metrics.dice !== null ? [p.metrics.dice] : []));
  console.log(`pairs compared with all metrics:       ${compared} of ${pairs.length} (Dice ${Math.min(...dice).toFixed(3)}..${Math.max(...dice).toFixed(3)})`);
  console.log(`compare, all metrics, ${SEGMENTS} pairs:       ${runs.map((ms) => ms.toFixed(0)).join(' ms, ')} ms (first run cold, then warm)`);

  let plastimatchMs: number | null = null;
  let oursSameMs = 0;
  if (spawnSync('plastimatch', ['--version']).status === 0) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'quality-bench-'));
    try {
      let total = 0;
      for (const n of PLASTIMATCH_SEGMENTS) {
        const r = regionMask(reference, n, grid).mask;
        const s = regionMask(test, n, grid).mask;
        const t1 = performance.now();
        compareMasks(grid, r, s);
        oursSameMs += performance.now() - t1;
        writeMha(path.join(dir, 'ref.mha'), grid, dense(grid, r));
        writeMha(path.join(dir, 'test.mha'), grid, dense(grid, s));
        const t0 = performance.now();
        execFileSync('plastimatch', ['dice', '--all', path.join(dir, 'ref.mha'), path.join(dir, 'test.mha')], { encoding: 'utf8' });
        total += performance.now() - t0;
      }
      plastimatchMs = (total / PLASTIMATCH_SEGMENTS.length) * SEGMENTS;
      console.log(
        `plastimatch dice --all, ${PLASTIMATCH_SEGMENTS.length} pairs:      ${total.toFixed(0)} ms (ours on the same pairs: ${oursSameMs.toFixed(0)} ms, masks already built)`,
      );
      console.log(`plastimatch extrapolated to ${SEGMENTS} pairs:   ${(plastimatchMs / 1000).toFixed(1)} s (full-grid MHA per segment, file reading included)`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  } else console.log('plastimatch not installed: no side-by-side (apt-get install plastimatch)');
  const best = Math.min(...runs);
  const verdict = runs[0] <= TARGET_MS ? 'MEETS' : 'MISSES';
  console.log(
    `verdict: ${verdict} the ${TARGET_MS / 1000} s target: ${SEGMENTS} pairs, all metrics in ${(runs[0] / 1000).toFixed(2)} s (best ${(best / 1000).toFixed(2)} s)` +
      (plastimatchMs !== null ? `, plastimatch ~${(plastimatchMs / 1000).toFixed(0)} s for the same work` : ''),
  );
}
