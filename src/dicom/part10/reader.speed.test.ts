// How much faster the fast Part 10 reader is than dcmjs on the three derived objects that made it necessary.
// Prints timings (never asserted: a shared 2-core machine is no stopwatch) and checks the outputs are equal.
// Heavy (dcmjs alone takes seconds per object, the big SEG is 170 MB), so it runs on request:
//   PART10_SPEED=1 npx vitest run src/dicom/part10/reader.speed.test.ts
// The big SEG comes from `npx tsx src/samples/cli.ts --out /tmp/bigseg --big-seg --segments 104 --slices 300`.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readPart10Fast } from './reader';
import { differences, readWithDcmjs } from './reader.testing';
import { HAS_SHARED_DATA, LUNG1_DIR, shared } from '../../testing/sharedData';
import { bigReportSpec, measurementReportJson } from '../sr/testing/reportBuilder';
import { writePart10 } from '../sr/testing/writePart10';

const RUN = process.env.PART10_SPEED === '1';
const BIG_SEG = process.env.PART10_BIG_SEG ?? '/tmp/bigseg/BIG_SEG.dcm';

function file(p: string): ArrayBuffer {
  const b = readFileSync(p);
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}

function time(buffer: ArrayBuffer, name: string, runs: number): void {
  const ours: number[] = [];
  let parsed = readPart10Fast(buffer, name);
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    parsed = readPart10Fast(buffer, name);
    ours.push(performance.now() - t0);
  }
  const t0 = performance.now();
  const theirs = readWithDcmjs(buffer);
  const dcmjsMs = performance.now() - t0;
  const mb = (buffer.byteLength / 1e6).toFixed(1);
  const o = median(ours);
  console.log(
    `${name} (${mb} MB): ours ${o.toFixed(1)} ms (median of ${runs}, min ${Math.min(...ours).toFixed(1)}), ` +
      `dcmjs ${dcmjsMs.toFixed(0)} ms: ${(dcmjsMs / o).toFixed(0)}x`,
  );
  expect(differences({ meta: parsed.meta, dict: parsed.dict }, theirs)).toEqual([]);
}

describe.skipIf(!RUN)('Part 10 parse time, ours vs dcmjs (PART10_SPEED=1)', () => {
  it.skipIf(!HAS_SHARED_DATA)(
    'LUNG1 RTSTRUCT',
    () => {
      time(file(shared(LUNG1_DIR, 'team_1_plan_1/structures/RTSTRUCT.dcm')), 'RTSTRUCT.dcm', 15);
    },
    120_000,
  );

  it('SR of 1,000 groups x 20 measurements', () => {
    time(writePart10(measurementReportJson(bigReportSpec(1000, 20))), 'big-report.dcm', 7);
  }, 300_000);

  it.skipIf(!existsSync(BIG_SEG))(
    `big SEG (${BIG_SEG})`,
    () => {
      time(file(BIG_SEG), 'BIG_SEG.dcm', 7);
    },
    600_000,
  );
});
// Timings only, no assertions of speed: the describe above is skipped unless PART10_SPEED=1 (see its name).
