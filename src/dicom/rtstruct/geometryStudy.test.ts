// RTSTRUCT contours on generated series with non-square pixels, rows != columns, reversed listing and four
// orientations (src/testing/geometryStudy.ts): each box outline lands on its listed slice, and its corners on the
// image pixels the box's known size gives (half-widths 9.35 mm = 8.5 columns of 1.1 mm, 7.35 mm = 10.5 rows of 0.7 mm).
import { describe, expect, it } from 'vitest';
import {
  BOX_MM,
  BOX_SLICES,
  CENTRE_COLUMN,
  CENTRE_ROW,
  GEOMETRY_CASES,
  GeometryStudy,
  PIXEL_SPACING,
  type V3,
} from '../../testing/geometryStudy';
import { FOR_UID } from '../seg/testFixtures';
import { imagePlanesOf } from '../geometry/imagePlanes';
import { sliceStack } from '../geometry/contourPlacement';
import { patientToPixel } from '../geometry/transform';
import { worldToVoxel } from '../geometry/voxel';
import { decodeStructureSet } from './decode';
import { placeStructureSet } from './placement';

const HALF_COLUMNS = BOX_MM[0] / PIXEL_SPACING[1]; // 8.5
const HALF_ROWS = BOX_MM[1] / PIXEL_SPACING[0]; // 10.5

describe.each(GEOMETRY_CASES)('RTSTRUCT on the $name series', (c) => {
  const study = new GeometryStudy(c);
  const planes = study.images().flatMap(imagePlanesOf);
  const stack = sliceStack(planes).stack!;
  const set = decodeStructureSet(study.rtstruct());

  it('places each box outline on the listed slice of its plane', () => {
    const placement = placeStructureSet(set, stack, { frameOfReferenceUID: FOR_UID });
    expect(placement.problems).toEqual([]);
    const roi = placement.rois[0];
    expect(roi.placements.map((p) => (p.kind === 'slice' ? p.sliceIndex : p.kind))).toEqual(BOX_SLICES.map((k) => study.listedIndex(k)));
    for (const p of roi.placements) if (p.kind === 'slice') expect(Math.abs(p.offset)).toBeLessThan(1e-4);
  });

  it('puts the box corners on the pixels its size gives, columns along the row direction', () => {
    const contours = set.rois[0].contours;
    BOX_SLICES.forEach((k, i) => {
      const plane = planes[study.listedIndex(k)];
      const pts = contours[i].points;
      const corners = [0, 1, 2, 3].map((n) => patientToPixel(plane, [pts[3 * n], pts[3 * n + 1], pts[3 * n + 2]]));
      const expected = [
        [CENTRE_ROW - HALF_ROWS, CENTRE_COLUMN - HALF_COLUMNS],
        [CENTRE_ROW - HALF_ROWS, CENTRE_COLUMN + HALF_COLUMNS],
        [CENTRE_ROW + HALF_ROWS, CENTRE_COLUMN + HALF_COLUMNS],
        [CENTRE_ROW + HALF_ROWS, CENTRE_COLUMN - HALF_COLUMNS],
      ];
      corners.forEach((q, n) => {
        expect(q.row).toBeCloseTo(expected[n][0], 4);
        expect(q.column).toBeCloseTo(expected[n][1], 4);
        expect(Math.abs(q.offset)).toBeLessThan(1e-4);
      });
      // the voxel under a corner, half a pixel in from it
      const p: V3 = [pts[0], pts[1], pts[2]];
      const inward = study.local(p); // negative along both directions: step back towards the centre
      expect(inward[0]).toBeLessThan(0);
      const x = c.rowDirection;
      const y = c.columnDirection;
      const q: V3 = [0, 1, 2].map((a) => p[a] + 0.55 * x[a] + 0.35 * y[a]) as V3;
      expect(worldToVoxel(planes, stack, q)).toEqual([study.listedIndex(k), CENTRE_ROW - 10, CENTRE_COLUMN - 8]);
    });
  });
});
