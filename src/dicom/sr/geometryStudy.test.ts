// SR regions on generated series with non-square pixels, rows != columns, reversed listing and four orientations
// (src/testing/geometryStudy.ts): SCOORD image coordinates -> patient positions from the generator's grid, and
// SCOORD3D patient positions -> the listed slice and the image pixel they fall on.
import { describe, expect, it } from 'vitest';
import {
  CENTRE,
  CENTRE_COLUMN,
  CENTRE_ROW,
  CENTRE_SLICE,
  GEOMETRY_CASES,
  GeometryStudy,
  SLICE_SPACING,
  SR_POINT_SLICES,
  SR_POLYGON_SLICE,
  BOX_MM,
  PIXEL_SPACING,
  type V3,
} from '../../testing/geometryStudy';
import { FOR_UID } from '../seg/testFixtures';
import { imagePlanesOf } from '../geometry/imagePlanes';
import { sliceStack } from '../geometry/contourPlacement';
import { patientToScoord } from '../geometry/transform';
import { worldToVoxel } from '../geometry/voxel';
import { placeStructureSet } from '../rtstruct/placement';
import { decodeReport } from './document';
import { reportRegions } from './regionOutlines';

const near = (a: ArrayLike<number>, b: readonly number[], digits = 4): void => {
  expect(a.length).toBe(b.length);
  b.forEach((v, i) => expect(a[i]).toBeCloseTo(v, digits));
};
const along = (p: V3, d: V3, s: number): V3 => [p[0] + d[0] * s, p[1] + d[1] * s, p[2] + d[2] * s];

describe.each(GEOMETRY_CASES)('SR regions on the $name series', (c) => {
  const study = new GeometryStudy(c);
  const planes = study.images().flatMap(imagePlanesOf);
  const stack = sliceStack(planes).stack!;
  const planeOf = (sop: string) => planes.find((p) => p.sopInstanceUID === sop) ?? null;
  const groups = decodeReport(study.sr()).measurementReport!.measurementGroups;
  const regions = reportRegions(groups, planeOf, { seriesFrameOfReferenceUID: FOR_UID });
  const roi = (name: string) => regions.set.rois.find((r) => r.roiName === name)!;
  /** the centre of the shapes moved `k` slices along the normal */
  const centreOn = (k: number): V3 => along(CENTRE, study.normal, (k - CENTRE_SLICE) * SLICE_SPACING);

  it('draws every region', () => {
    expect(regions.problems).toEqual([]);
    expect(regions.set.rois.map((r) => r.roiName)).toEqual(['point', 'ellipse', 'polyline', 'point 3D', 'polygon 3D']);
  });

  it('SCOORD POINT on the centre pixel -> the known centre', () => {
    const p = roi('point').contours[0];
    expect(p.contourGeometricType).toBe('POINT');
    near(p.points, CENTRE);
  });

  it('SCOORD ELLIPSE: 10 columns (11 mm) along the row direction, 6 rows (4.2 mm) down the column direction', () => {
    const e = roi('ellipse').contours[0];
    expect(e.numberOfContourPoints).toBe(64);
    // its axes meet at SCOORD (column 37.5, row 20.5): the centre of pixel (20, 37)
    const mid = centreOn(CENTRE_SLICE + 1);
    near(e.points.slice(0, 3), along(mid, c.rowDirection, 10 * 1.1));
    near(e.points.slice(16 * 3, 16 * 3 + 3), along(mid, c.columnDirection, 6 * 0.7));
  });

  it('SCOORD POLYLINE vertices -> the centres of the pixels they name, on their slice', () => {
    const l = roi('polyline').contours[0];
    expect(l.contourGeometricType).toBe('OPEN_PLANAR');
    const k = CENTRE_SLICE - 1;
    near(l.points, [...study.voxelCentre(k, 5, 10), ...study.voxelCentre(k, 5, 50), ...study.voxelCentre(k, 40, 50)]);
  });

  it('places every region on the listed slice it lies on', () => {
    const placement = placeStructureSet(regions.set, stack, { frameOfReferenceUID: FOR_UID });
    const sliceOf = (name: string) => {
      const i = regions.set.rois.findIndex((r) => r.roiName === name);
      const p = placement.rois[i].placements[0];
      return p.kind === 'slice' ? p.sliceIndex : p.kind;
    };
    expect(sliceOf('point')).toBe(study.listedIndex(CENTRE_SLICE));
    expect(sliceOf('ellipse')).toBe(study.listedIndex(CENTRE_SLICE + 1));
    expect(sliceOf('polyline')).toBe(study.listedIndex(CENTRE_SLICE - 1));
    expect(sliceOf('point 3D')).toBe(study.listedIndex(CENTRE_SLICE + SR_POINT_SLICES));
    expect(sliceOf('polygon 3D')).toBe(study.listedIndex(SR_POLYGON_SLICE));
  });

  it('SCOORD3D POINT -> the centre pixel of its slice', () => {
    const p = roi('point 3D').contours[0].points;
    const point: V3 = [p[0], p[1], p[2]];
    const k = CENTRE_SLICE + SR_POINT_SLICES;
    expect(worldToVoxel(planes, stack, point)).toEqual([study.listedIndex(k), CENTRE_ROW, CENTRE_COLUMN]);
    near(patientToScoord(planes[study.listedIndex(k)], point), [CENTRE_COLUMN + 0.5, CENTRE_ROW + 0.5]);
  });

  it('SCOORD3D POLYGON -> image coordinates 8.5 columns and 10.5 rows from the centre', () => {
    const p = roi('polygon 3D').contours[0];
    expect(p.contourGeometricType).toBe('CLOSED_PLANAR');
    const plane = planes[study.listedIndex(SR_POLYGON_SLICE)];
    const dc = BOX_MM[0] / PIXEL_SPACING[1];
    const dr = BOX_MM[1] / PIXEL_SPACING[0];
    const x0 = CENTRE_COLUMN + 0.5;
    const y0 = CENTRE_ROW + 0.5;
    const expected = [
      [x0 - dc, y0 - dr],
      [x0 + dc, y0 - dr],
      [x0 + dc, y0 + dr],
      [x0 - dc, y0 + dr],
    ];
    expected.forEach((xy, n) => near(patientToScoord(plane, [p.points[3 * n], p.points[3 * n + 1], p.points[3 * n + 2]]), xy));
  });
});
