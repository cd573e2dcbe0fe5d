// Statistics and distances that depend on the voxel grid, on generated series with non-square pixels, rows !=
// columns, reversed listing and four orientations (src/testing/geometryStudy.ts): the RTSTRUCT box (17 columns x
// 21 rows x 5 slices of 1.1 x 0.7 x 1.5 mm) rasterised, its volume and centroid, and distances to shifted copies.
import { describe, expect, it } from 'vitest';
import { BOX_SLICES, CENTRE, CENTRE_COLUMN, CENTRE_ROW, GEOMETRY_CASES, GeometryStudy } from '../testing/geometryStudy';
import { FOR_UID } from '../dicom/seg/testFixtures';
import { imagePlanesOf } from '../dicom/geometry/imagePlanes';
import { volumeGrid } from '../dicom/geometry/volumeGrid';
import { decodeStructureSet } from '../dicom/rtstruct/decode';
import { rasterizeRoi } from './rasterizeContours';
import { regionStatistics } from './statistics';
import { compareMasks } from './compareMasks';
import type { BoxMask } from './mask';

// |i| * 1.1 < 9.35 for |i| <= 8 (17 columns); |j| * 0.7 < 7.35 for |j| <= 10 (21 rows)
const BOX_COLUMNS = 17;
const BOX_ROWS = 21;
const VOXEL_MM3 = 1.1 * 0.7 * 1.5;

describe.each(GEOMETRY_CASES)('analysis on the $name series', (c) => {
  const study = new GeometryStudy(c);
  const grid = volumeGrid(study.images().flatMap(imagePlanesOf), FOR_UID).grid!;
  const set = decodeStructureSet(study.rtstruct());
  const { mask, problems } = rasterizeRoi(set, set.rois[0], grid);

  it('rasterises the box onto the pixels its size in mm gives', () => {
    expect(problems).toEqual([]);
    const listed = BOX_SLICES.map((k) => study.listedIndex(k));
    expect(mask.box).toEqual({
      x0: CENTRE_COLUMN - 8,
      y0: CENTRE_ROW - 10,
      z0: Math.min(...listed),
      nx: BOX_COLUMNS,
      ny: BOX_ROWS,
      nz: BOX_SLICES.length,
    });
    expect(mask.voxels).toBe(BOX_COLUMNS * BOX_ROWS * BOX_SLICES.length);
  });

  it('volume = voxels x 1.1 x 0.7 x 1.5 mm³, centroid at the known centre', () => {
    const s = regionStatistics(grid, mask);
    expect(s.volumeMl).toBeCloseTo((BOX_COLUMNS * BOX_ROWS * BOX_SLICES.length * VOXEL_MM3) / 1000, 9);
    s.centroidMm!.forEach((v, i) => expect(v).toBeCloseTo(CENTRE[i], 4));
  });

  it('distances to the box moved 4 columns, 4 rows, 2 slices: 4.4, 2.8 and 3.0 mm', () => {
    const moved = (dx: number, dy: number, dz: number): BoxMask => ({ ...mask, box: { ...mask.box!, x0: mask.box!.x0 + dx, y0: mask.box!.y0 + dy, z0: mask.box!.z0 + dz } });
    for (const method of ['search', 'transform'] as const) {
      expect(compareMasks(grid, mask, moved(4, 0, 0), { distanceMethod: method }).hausdorffMm).toBeCloseTo(4 * 1.1, 6);
      expect(compareMasks(grid, mask, moved(0, 4, 0), { distanceMethod: method }).hausdorffMm).toBeCloseTo(4 * 0.7, 6);
      expect(compareMasks(grid, mask, moved(0, 0, 2), { distanceMethod: method }).hausdorffMm).toBeCloseTo(2 * 1.5, 6);
    }
  });
});
