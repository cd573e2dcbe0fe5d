// Dice and volumes against plastimatch (`plastimatch dice --all`, `plastimatch stats`) on the real SEGs of
// ../shared/data and on "second readers" this test makes from them (shifted by one voxel, dilated by one voxel).
// Masks go to plastimatch as MHA files written here. Its boundary distances use another surface definition,
// so they are not compared. Without plastimatch these tests skip, except in CI (process.env.CI), where they fail.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { voxelVolume, type VolumeGrid } from '../dicom/geometry/volumeGrid';
import { loadAnnotation } from '../cli/loadDicom';
import { HAS_SHARED_DATA, NO_SHARED_DATA_REASON, shared } from '../testing/sharedData';
import { annotationRegions, regionMask, type Annotation } from './annotations';
import { compareMasks } from './compareMasks';
import { maskFromDense, type BoxMask } from './mask';

const HAS_PLASTIMATCH = spawnSync('plastimatch', ['--version']).status === 0;
const IN_CI = Boolean(process.env.CI);
if (!HAS_PLASTIMATCH) console.warn('plastimatch is not installed (apt-get install plastimatch): plastimatch comparisons skipped');
if (!HAS_SHARED_DATA) console.warn(NO_SHARED_DATA_REASON);

const dir = mkdtempSync(path.join(os.tmpdir(), 'quality-plastimatch-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function dense(grid: VolumeGrid, m: BoxMask): Uint8Array {
  const out = new Uint8Array(grid.columns * grid.rows * grid.slices);
  const b = m.box;
  if (!b) return out;
  for (let z = 0; z < b.nz; z++)
    for (let y = 0; y < b.ny; y++)
      for (let x = 0; x < b.nx; x++) out[((z + b.z0) * grid.rows + y + b.y0) * grid.columns + x + b.x0] = m.data[(z * b.ny + y) * b.nx + x];
  return out;
}

function writeMha(file: string, grid: VolumeGrid, voxels: Uint8Array): string {
  const header = [
    'ObjectType = Image',
    'NDims = 3',
    'BinaryData = True',
    'BinaryDataByteOrderMSB = False',
    'CompressedData = False',
    'TransformMatrix = 1 0 0 0 1 0 0 0 1',
    'Offset = 0 0 0',
    `ElementSpacing = ${grid.spacing.join(' ')}`,
    `DimSize = ${grid.columns} ${grid.rows} ${grid.slices}`,
    'ElementType = MET_UCHAR',
    'ElementDataFile = LOCAL',
    '',
  ].join('\n');
  const p = path.join(dir, file);
  writeFileSync(p, Buffer.concat([Buffer.from(header), Buffer.from(voxels)]));
  return p;
}

function plastimatch(grid: VolumeGrid, ref: Uint8Array, test: Uint8Array) {
  const a = writeMha('ref.mha', grid, ref);
  const b = writeMha('test.mha', grid, test);
  const out = execFileSync('plastimatch', ['dice', '--all', a, b], { encoding: 'utf8' });
  const count = (k: string): number => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(out)?.[1]);
  const nonzero = (f: string): number => Number(/NONZERO (\d+)/.exec(execFileSync('plastimatch', ['stats', f], { encoding: 'utf8' }))?.[1]);
  return { tp: count('TP'), fn: count('FN'), fp: count('FP'), dice: Number(/DICE:\s+([\d.]+)/.exec(out)?.[1]), refVoxels: nonzero(a), testVoxels: nonzero(b) };
}

/** Second readers: every voxel moved one column right (what leaves the grid is lost), or grown by one voxel (6-neighbourhood). */
function shifted(grid: VolumeGrid, d: Uint8Array): Uint8Array {
  const out = new Uint8Array(d.length);
  for (let i = 0; i < d.length; i++) if (d[i] && (i % grid.columns) + 1 < grid.columns) out[i + 1] = 1;
  return out;
}
function dilated(grid: VolumeGrid, d: Uint8Array): Uint8Array {
  const out = d.slice();
  const { columns: nx, rows: ny, slices: nz } = grid;
  for (let z = 0; z < nz; z++)
    for (let y = 0; y < ny; y++)
      for (let x = 0; x < nx; x++) {
        if (!d[(z * ny + y) * nx + x]) continue;
        for (const [dx, dy, dz] of [[1, 0, 0], [-1, 0, 0], [0, 1, 0], [0, -1, 0], [0, 0, 1], [0, 0, -1]]) {
          const [u, v, w] = [x + dx, y + dy, z + dz];
          if (u >= 0 && v >= 0 && w >= 0 && u < nx && v < ny && w < nz) out[(w * ny + v) * nx + u] = 1;
        }
      }
  return out;
}

function expectSame(grid: VolumeGrid, ref: Uint8Array, test: Uint8Array): void {
  const ours = compareMasks(grid, maskFromDense(ref, grid.columns, grid.rows, grid.slices), maskFromDense(test, grid.columns, grid.rows, grid.slices));
  const theirs = plastimatch(grid, ref, test);
  const mm3 = voxelVolume(grid);
  expect(ours.referenceVoxels).toBe(theirs.tp + theirs.fn);
  expect(ours.testVoxels).toBe(theirs.tp + theirs.fp);
  expect(ours.intersectionVoxels).toBe(theirs.tp);
  expect(ours.referenceVolumeMl).toBeCloseTo((theirs.refVoxels * mm3) / 1000, 9);
  expect(ours.testVolumeMl).toBeCloseTo((theirs.testVoxels * mm3) / 1000, 9);
  // plastimatch prints 6 decimals
  expect(ours.dice).toBeCloseTo(theirs.dice, 6);
}

const SEGS = [
  'dcmqi/segmentations/liver.dcm',
  'dcmqi/segmentations/partial_overlaps.dcm',
  'dcmqi/segmentations/24x38x3/seg/label.seg',
  'highdicom/seg_image_ct_binary_overlap.dcm',
  'QuantitativeReporting/DICOM.SEG/syngo.seg.dcm',
];

describe.skipIf((!HAS_PLASTIMATCH || !HAS_SHARED_DATA) && !IN_CI)('Dice and volumes equal to plastimatch', () => {
  it('plastimatch is installed (required in CI)', () => {
    expect(HAS_PLASTIMATCH).toBe(true);
  });

  for (const file of SEGS) {
    it(`${file}: each segment against itself shifted by one column and dilated by one voxel`, async () => {
      const a: Annotation = await loadAnnotation(shared(file));
      if (a.kind !== 'SEG') throw new Error('SEG expected');
      const grid = a.grid;
      let compared = 0;
      for (const r of annotationRegions(a)) {
        const ref = dense(grid, regionMask(a, r.number, grid).mask);
        if (!ref.some((v) => v)) continue;
        expectSame(grid, ref, shifted(grid, ref));
        expectSame(grid, ref, dilated(grid, ref));
        compared++;
      }
      expect(compared).toBeGreaterThan(0);
    });
  }

  it('partially overlapping segments of partial_overlaps.dcm against each other', async () => {
    const a = await loadAnnotation(shared('dcmqi/segmentations/partial_overlaps.dcm'));
    if (a.kind !== 'SEG') throw new Error('SEG expected');
    const masks = annotationRegions(a).map((r) => dense(a.grid, regionMask(a, r.number, a.grid).mask));
    for (let i = 0; i + 1 < masks.length; i++) expectSame(a.grid, masks[i], masks[i + 1]);
  });
});
