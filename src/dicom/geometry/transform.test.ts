// The pixel <-> patient transforms and their direct users (corner check, voxel lookup, voxel grid) on generated
// series with non-square pixels, rows != columns, reversed listing and four orientations. Expected values come
// from the generator's parameters (src/testing/geometryStudy.ts), never from transform.ts.
import { describe, expect, it } from 'vitest';
import {
  CENTRE,
  CENTRE_COLUMN,
  CENTRE_ROW,
  CENTRE_SLICE,
  COLUMNS,
  GEOMETRY_CASES,
  GeometryStudy,
  PIXEL_SPACING,
  ROWS,
  SLICE_SPACING,
  SLICES,
  type V3,
} from '../../testing/geometryStudy';
import { imagePlanesOf } from './imagePlanes';
import { cornerDistances, gridMapping, type GridPlane, type ImagePlane } from './plane';
import { patientToPixel, patientToScoord, pixelToPatient, pixelToPixel, scoordToPatient } from './transform';
import { sliceStack } from './contourPlacement';
import { worldToVoxel } from './voxel';
import { applyAffine, volumeGrid, voxelVolume } from './volumeGrid';
import { sortInstances } from './sortSlices';

const [ROW_MM, COLUMN_MM] = PIXEL_SPACING; // 0.7 mm between rows, 1.1 mm between columns
const near = (a: readonly number[], b: readonly number[], digits = 6): void => {
  expect(a.length).toBe(b.length);
  a.forEach((v, i) => expect(v).toBeCloseTo(b[i], digits));
};
const along = (p: V3, d: V3, s: number): V3 => [p[0] + d[0] * s, p[1] + d[1] * s, p[2] + d[2] * s];

describe.each(GEOMETRY_CASES)('transforms on the $name series', (c) => {
  const study = new GeometryStudy(c);
  const planes: ImagePlane[] = study.images().flatMap(imagePlanesOf);
  const centrePlane = planes[study.listedIndex(CENTRE_SLICE)];

  it('reads the planes as written: [row spacing, column spacing], row direction first', () => {
    expect(planes).toHaveLength(SLICES);
    expect(centrePlane.pixelSpacing).toEqual([0.7, 1.1]);
    near(centrePlane.imageOrientationPatient[0], c.rowDirection);
    near(centrePlane.imageOrientationPatient[1], c.columnDirection);
    expect([centrePlane.rows, centrePlane.columns]).toEqual([48, 64]);
  });

  it('pixelToPatient puts the centre pixel at the known centre, and one column 1.1 mm along the row direction', () => {
    near(pixelToPatient(centrePlane, CENTRE_ROW, CENTRE_COLUMN), CENTRE, 5);
    near(pixelToPatient(centrePlane, CENTRE_ROW, CENTRE_COLUMN + 1), along(CENTRE, c.rowDirection, 1.1), 5);
    near(pixelToPatient(centrePlane, CENTRE_ROW + 1, CENTRE_COLUMN), along(CENTRE, c.columnDirection, 0.7), 5);
    // the far corner, from the generator
    const k = CENTRE_SLICE;
    near(pixelToPatient(centrePlane, ROWS - 1, COLUMNS - 1), study.voxelCentre(k, ROWS - 1, COLUMNS - 1), 5);
  });

  it('patientToPixel inverts it and measures the distance off the plane along row x column', () => {
    const p = along(along(CENTRE, c.rowDirection, 3 * COLUMN_MM), c.columnDirection, -4 * ROW_MM);
    const off = along(p, study.normal, 0.3);
    const q = patientToPixel(centrePlane, off);
    expect(q.column).toBeCloseTo(CENTRE_COLUMN + 3, 5);
    expect(q.row).toBeCloseTo(CENTRE_ROW - 4, 5);
    expect(q.offset).toBeCloseTo(0.3, 5);
  });

  it('SCOORD (x, y) = (column + 0.5, row + 0.5), both ways', () => {
    near(scoordToPatient(centrePlane, CENTRE_COLUMN + 0.5, CENTRE_ROW + 0.5), CENTRE, 5);
    near(scoordToPatient(centrePlane, 0, 0), along(along(study.voxelCentre(CENTRE_SLICE, 0, 0), c.rowDirection, -0.55), c.columnDirection, -0.35), 5);
    near(patientToScoord(centrePlane, along(CENTRE, c.rowDirection, 2.2)), [CENTRE_COLUMN + 2.5, CENTRE_ROW + 0.5], 5);
  });

  it('maps a grid with 1.4 mm rows shifted by (5 rows, 3 columns) onto the image grid', () => {
    const coarse: GridPlane = {
      imagePositionPatient: study.voxelCentre(CENTRE_SLICE, 5, 3),
      imageOrientationPatient: [c.rowDirection, c.columnDirection],
      pixelSpacing: [1.4, 1.1],
      rows: 24,
      columns: 64,
    };
    // column' = (1.1 / 1.1) column + 3, row' = (1.4 / 0.7) row + 5
    near(pixelToPixel(coarse, centrePlane), [1, 0, 3, 0, 2, 5], 5);
    const m = gridMapping(coarse, centrePlane);
    expect(m.kind).toBe('affine');
    near(m.toSource, [1, 0, -3, 0, 0.5, -2.5], 5);
    // the same grid shifted by whole pixels is a shift
    const shifted = gridMapping({ ...centrePlane, imagePositionPatient: study.voxelCentre(CENTRE_SLICE, 5, 3) }, centrePlane);
    expect([shifted.kind, shifted.rowShift, shifted.columnShift]).toEqual(['shift', 5, 3]);
  });

  it('the corner check measures a frame tilted about its row direction by rows x row spacing', () => {
    // Turn the column direction towards the normal by 30°: the last row lies (ROWS - 1) * 0.7 * sin 30° off the plane.
    const s = Math.sin(Math.PI / 6);
    const co = Math.cos(Math.PI / 6);
    const y = c.columnDirection;
    const n = study.normal;
    const tilted: GridPlane = {
      imagePositionPatient: centrePlane.imagePositionPatient,
      imageOrientationPatient: [c.rowDirection, [y[0] * co + n[0] * s, y[1] * co + n[1] * s, y[2] * co + n[2] * s]],
      pixelSpacing: [0.7, 1.1],
      rows: ROWS,
      columns: COLUMNS,
    };
    const [lo, hi] = cornerDistances(tilted, centrePlane);
    expect(lo).toBeCloseTo(0, 5);
    expect(hi).toBeCloseTo((ROWS - 1) * ROW_MM * s, 5);
    // tilted about the column direction instead: (COLUMNS - 1) * 1.1 * sin 30°
    const x = c.rowDirection;
    const aboutColumn: GridPlane = { ...tilted, imageOrientationPatient: [[x[0] * co + n[0] * s, x[1] * co + n[1] * s, x[2] * co + n[2] * s], y] };
    const [lo2, hi2] = cornerDistances(aboutColumn, centrePlane);
    expect(lo2).toBeCloseTo(0, 5);
    expect(hi2).toBeCloseTo((COLUMNS - 1) * COLUMN_MM * s, 5);
  });

  it('worldToVoxel finds the listed slice, row and column of patient points', () => {
    const stack = sliceStack(planes).stack!;
    expect(worldToVoxel(planes, stack, CENTRE)).toEqual([study.listedIndex(CENTRE_SLICE), CENTRE_ROW, CENTRE_COLUMN]);
    const p = along(along(along(CENTRE, c.rowDirection, 3.3), c.columnDirection, -2.8), study.normal, 2 * SLICE_SPACING);
    // 3.3 mm = 3 columns of 1.1 mm, -2.8 mm = -4 rows of 0.7 mm
    expect(worldToVoxel(planes, stack, p)).toEqual([study.listedIndex(CENTRE_SLICE + 2), CENTRE_ROW - 4, CENTRE_COLUMN + 3]);
    // 40 rows down the column is inside (row 60 is not: 48 rows)
    expect(worldToVoxel(planes, stack, along(CENTRE, c.columnDirection, 40 * ROW_MM))).toBeNull();
    expect(worldToVoxel(planes, stack, along(CENTRE, c.rowDirection, 20 * COLUMN_MM))).toEqual([study.listedIndex(CENTRE_SLICE), CENTRE_ROW, CENTRE_COLUMN + 20]);
  });

  it('volumeGrid: spacing [column, row, slice], voxel (column, row, slice) -> patient in listed order', () => {
    const { grid } = volumeGrid(planes, null);
    expect(grid).not.toBeNull();
    near(grid!.spacing, [1.1, 0.7, 1.5], 6);
    expect(voxelVolume(grid!)).toBeCloseTo(1.1 * 0.7 * 1.5, 9);
    near(applyAffine(grid!.toPatient, CENTRE_COLUMN, CENTRE_ROW, study.listedIndex(CENTRE_SLICE)), CENTRE, 5);
    near(applyAffine(grid!.toPatient, 10, 30, study.listedIndex(2)), study.voxelCentre(2, 30, 10), 5);
    near(applyAffine(grid!.toVoxel, ...study.voxelCentre(12, 44, 60)), [60, 44, study.listedIndex(12)], 5);
  });

  it('volumeGrid of one slice steps along row x column by the given thickness', () => {
    const { grid } = volumeGrid([centrePlane], null, { singleSliceSpacing: 2 });
    near(applyAffine(grid!.toPatient, CENTRE_COLUMN, CENTRE_ROW, 1), along(CENTRE, study.normal, 2), 5);
    near(grid!.spacing, [1.1, 0.7, 2], 6);
  });

  it('sliceStack: row direction, column direction and their cross product as the stacking normal', () => {
    const stack = sliceStack(planes).stack!;
    near(stack.rowDirection, c.rowDirection);
    near(stack.columnDirection, c.columnDirection);
    near(stack.normal, study.normal);
    // positions along the normal grow with the physical slice index, whatever the listing
    expect(stack.positions[study.listedIndex(1)] - stack.positions[study.listedIndex(0)]).toBeCloseTo(SLICE_SPACING, 5);
  });

  it('sorts the images along row x column whatever order they come in', () => {
    const sorted = sortInstances(study.images()).instances.map((ds) => ds['00080018'].Value?.[0]);
    expect(sorted).toEqual(Array.from({ length: SLICES }, (_, k) => study.imageUID(k)));
  });
});
