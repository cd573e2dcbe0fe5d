// The rasterisation rule on known shapes: a voxel is inside when its centre is inside (even-odd, holes).
import { describe, expect, it } from 'vitest';
import type { ImagePlane, Vec3 } from '../dicom/geometry/plane';
import { volumeGrid } from '../dicom/geometry/volumeGrid';
import type { StructureSet, StructureSetROI } from '../dicom/rtstruct/model';
import { rasterizeRoi } from './rasterizeContours';
import { regionStatistics } from './statistics';

const FOR = '1.2.3';
// 40 columns x 30 rows, 5 slices; column spacing 0.5 mm, row spacing 0.8 mm, slices 2 mm apart, origin (10, 20, -4)
const planes: ImagePlane[] = Array.from({ length: 5 }, (_, k) => ({
  sopInstanceUID: `img.${k}`,
  frameNumber: null,
  imagePositionPatient: [10, 20, -4 + 2 * k] as Vec3,
  imageOrientationPatient: [[1, 0, 0], [0, 1, 0]],
  pixelSpacing: [0.8, 0.5],
  rows: 30,
  columns: 40,
}));
const grid = volumeGrid(planes, FOR).grid!;

/** A rectangle in patient mm on slice k: x from x0 to x1, y from y0 to y1. */
const rect = (k: number, x0: number, x1: number, y0: number, y1: number): number[] => {
  const z = -4 + 2 * k;
  return [x0, y0, z, x1, y0, z, x1, y1, z, x0, y1, z];
};

function roi(contours: number[][], type: 'CLOSED_PLANAR' | 'POINT' = 'CLOSED_PLANAR', frame = FOR): { set: StructureSet; roi: StructureSetROI } {
  const r: StructureSetROI = {
    roiNumber: 1, roiName: 'R', roiDescription: null, roiGenerationAlgorithm: null, referencedFrameOfReferenceUID: frame,
    color: null, displayColor: [255, 0, 0], rtRoiInterpretedType: null, roiObservationLabel: null, problems: [],
    contours: contours.map((p) => ({ contourNumber: null, contourGeometricType: type, points: Float64Array.from(p), numberOfContourPoints: p.length / 3, contourImages: [] })),
  };
  const set: StructureSet = {
    sopInstanceUID: '9', seriesInstanceUID: '8', seriesDescription: null, structureSetLabel: 'S', structureSetName: null, structureSetDescription: null,
    structureSetDate: null, structureSetTime: null, frameOfReferenceUIDs: [frame], referencedSeriesInstanceUIDs: [], rois: [r], problems: [],
  };
  return { set, roi: r };
}

/** Voxel centres x = 10 + 0.5 i strictly-or-left-inclusive inside [a, b): the count along one axis. */
const centres = (origin: number, step: number, a: number, b: number): number => {
  let n = 0;
  for (let i = 0; i < 100; i++) if (origin + step * i >= a && origin + step * i < b) n++;
  return n;
};

describe('rasterizeRoi', () => {
  it('a rectangle: the voxel centres inside it, on its slice only; volume and centroid follow', () => {
    const { set, roi: r } = roi([rect(2, 11.2, 17.3, 21.1, 30.5)]);
    const { mask, problems } = rasterizeRoi(set, r, grid);
    const nx = centres(10, 0.5, 11.2, 17.3);
    const ny = centres(20, 0.8, 21.1, 30.5);
    expect(problems).toEqual([]);
    expect(mask.voxels).toBe(nx * ny);
    expect(mask.box).toMatchObject({ z0: 2, nz: 1, x0: 3, nx, y0: 2, ny });
    const stats = regionStatistics(grid, mask);
    expect(stats.volumeMl).toBeCloseTo((nx * ny * 0.5 * 0.8 * 2) / 1000, 12);
    expect(stats.centroidMm?.[2]).toBeCloseTo(0, 9);
  });

  it('a hole (even-odd) and a second island on one slice', () => {
    const outer = rect(1, 10.9, 25.1, 20.3, 40.1);
    const hole = rect(1, 13.1, 17.1, 24.1, 30.1);
    const island = rect(1, 27.1, 29.1, 20.3, 22.1);
    const { set, roi: r } = roi([outer, hole, island]);
    const count = (a: number, b: number, c: number, d: number): number => centres(10, 0.5, a, b) * centres(20, 0.8, c, d);
    expect(rasterizeRoi(set, r, grid).mask.voxels).toBe(count(10.9, 25.1, 20.3, 40.1) - count(13.1, 17.1, 24.1, 30.1) + count(27.1, 29.1, 20.3, 22.1));
  });

  it('reports contours off the slices, tilted, points only, and another frame of reference', () => {
    const tilted = [11, 21, 0, 15, 21, 0.5, 15, 25, 0.5, 11, 25, 0];
    const { set, roi: r } = roi([rect(2, 11, 15, 21, 25), rect(9, 11, 15, 21, 25), tilted]);
    const res = rasterizeRoi(set, r, grid);
    expect(res.mask.voxels).toBeGreaterThan(0);
    expect(res.problems).toEqual([
      'ROI 1 "R": 1 of 3 contours lie outside the image slices; left out',
      'ROI 1 "R": 1 of 3 contours are not parallel to the image slices; left out',
    ]);
    const points = roi([[12, 22, 0]], 'POINT');
    expect(rasterizeRoi(points.set, points.roi, grid).problems).toEqual(['ROI 1 "R": no CLOSED_PLANAR contours (points or open contours): no volume']);
    const other = roi([rect(2, 11, 15, 21, 25)], 'CLOSED_PLANAR', '4.5.6');
    const o = rasterizeRoi(other.set, other.roi, grid);
    expect(o.mask.voxels).toBe(0);
    expect(o.problems[0]).toMatch(/frame of reference 4\.5\.6.*not comparable/);
  });
});
