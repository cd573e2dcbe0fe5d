import { describe, expect, it } from 'vitest';
import {
  placeContour,
  seriesInFrameOfReference,
  sliceStack,
  type SlicePlane,
  type SliceStack,
} from '../geometry/contourPlacement';
import type { Vec3 } from '../geometry/sortSlices';
import { decodeStructureSet } from './decode';
import { placeStructureSet } from './placement';
import { FIXTURE_FRAME_OF_REFERENCE, circle, structureSetJson } from './testFixtures';

const AXIAL: [Vec3, Vec3] = [
  [1, 0, 0],
  [0, 1, 0],
];
const axialPlanes = (zs: number[]): SlicePlane[] =>
  zs.map((z, i) => ({
    sopInstanceUID: `ct.${i}`,
    imagePositionPatient: [-100, -100, z],
    imageOrientationPatient: AXIAL,
  }));
const stackOf = (planes: SlicePlane[]): SliceStack => {
  const r = sliceStack(planes);
  if (!r.stack) throw new Error(r.problem);
  return r.stack;
};
/** 10 slices, 2.5 mm apart, z = 0 ... 22.5 */
const ZS = Array.from({ length: 10 }, (_, i) => i * 2.5);
const ascending = stackOf(axialPlanes(ZS));

describe('sliceStack', () => {
  it('derives spacing, tolerance (half the spacing) and the slice normal', () => {
    expect(ascending.spacing).toBe(2.5);
    expect(ascending.tolerance).toBe(1.25);
    expect(ascending.normal).toEqual([0, 0, 1]);
    expect(ascending.parallelTolerance).toBeCloseTo(0.125, 10);
  });

  it('refuses planes that are not parallel, or none at all', () => {
    const tilted = axialPlanes([0, 2.5]);
    tilted[1] = {
      ...tilted[1],
      imageOrientationPatient: [
        [1, 0, 0],
        [0, 0.8, 0.6],
      ],
    };
    expect(sliceStack(tilted).problem).toBe('image 2 (ct.1) is not parallel to the first image: not a stack of slices');
    expect(sliceStack([]).problem).toBe('the series has no image with position and orientation');
  });
});

describe('placeContour: by plane distance', () => {
  const at = (z: number) => placeContour(circle(0, 0, z, 10), ascending);

  it('puts a contour on the slice with its z, and one between slices on the nearest within tolerance', () => {
    expect(at(5)).toEqual({ kind: 'slice', sliceIndex: 2, offset: 0 });
    expect(at(5.9)).toMatchObject({ kind: 'slice', sliceIndex: 2 });
    expect((at(5.9) as { offset: number }).offset).toBeCloseTo(0.9, 10);
    expect(at(6.3)).toMatchObject({ kind: 'slice', sliceIndex: 3 });
    // Exactly half way: the lower position wins, deterministically.
    expect(at(6.25)).toMatchObject({ kind: 'slice', sliceIndex: 2 });
    expect(at(-1.25)).toMatchObject({ kind: 'slice', sliceIndex: 0 });
  });

  it('reports contours outside the extent, with how far', () => {
    expect(at(-1.3)).toMatchObject({ kind: 'outside', position: -1.3 });
    expect((at(-1.3) as { beyond: number }).beyond).toBeCloseTo(1.3, 10);
    expect(at(24)).toMatchObject({ kind: 'outside', position: 24, beyond: 1.5 });
  });

  it('reports contours in a gap of the series', () => {
    const gappy = stackOf(axialPlanes([0, 2.5, 5, 10, 12.5]));
    expect(gappy.spacing).toBe(2.5);
    expect(placeContour(circle(0, 0, 7.5, 10), gappy)).toEqual({ kind: 'between', nearestSliceIndex: 2, offset: 2.5 });
    expect(placeContour(circle(0, 0, 8.9, 10), gappy)).toMatchObject({ kind: 'slice', sliceIndex: 3 });
  });

  it('gives indices in the caller order, whatever the direction of the stack', () => {
    const descending = stackOf(axialPlanes([...ZS].reverse()));
    expect(placeContour(circle(0, 0, 5, 10), descending)).toEqual({ kind: 'slice', sliceIndex: 7, offset: 0 });
    expect(placeContour([3, 4, 22.5], descending)).toEqual({ kind: 'slice', sliceIndex: 0, offset: 0 });
  });

  it('reports oblique contours with their tilt and the slices they cross', () => {
    // A circle of radius 10 tilted 30 degrees about the x axis, centred at z = 10.
    const tilted: number[] = [];
    for (let i = 0; i < 24; i++) {
      const a = (2 * Math.PI * i) / 24;
      const y = 10 * Math.sin(a);
      tilted.push(10 * Math.cos(a), y * Math.cos(Math.PI / 6), 10 + y * Math.sin(Math.PI / 6));
    }
    const p = placeContour(tilted, ascending);
    expect(p.kind).toBe('oblique');
    if (p.kind !== 'oblique') return;
    expect(p.angleDegrees).toBeCloseTo(30, 6);
    // z spans 5 .. 15, so slices at 5, 7.5, 10, 12.5, 15 (indices 2..6) are crossed.
    expect(p.sliceIndices).toEqual([2, 3, 4, 5, 6]);
  });

  it('treats a contour within the parallel tolerance as lying on one slice', () => {
    const almost = circle(0, 0, 5, 10);
    almost[2] += 0.1;
    expect(placeContour(almost, ascending)).toMatchObject({ kind: 'slice', sliceIndex: 2 });
  });

  it('places OPEN_NONPLANAR polylines across the slices they span, and points by their position', () => {
    expect(placeContour([0, 0, 0, 5, 5, 4, 9, 9, 7.4], ascending, { nonplanar: true })).toEqual({
      kind: 'nonplanar',
      sliceIndices: [0, 1, 2, 3],
    });
    expect(placeContour([1, 2, 17.4], ascending)).toMatchObject({ kind: 'slice', sliceIndex: 7 });
    expect(placeContour([], ascending)).toEqual({ kind: 'empty' });
  });

  it('works along any slice normal (sagittal series)', () => {
    const sagittal = stackOf(
      [-5, 0, 5].map((x, i) => ({
        sopInstanceUID: `s.${i}`,
        imagePositionPatient: [x, -100, 100] as Vec3,
        imageOrientationPatient: [
          [0, 1, 0],
          [0, 0, -1],
        ] as [Vec3, Vec3],
      })),
    );
    expect(sagittal.normal).toEqual([-1, 0, 0]);
    const inSagittalPlane = [5, 0, 0, 5, 10, 0, 5, 10, 10];
    expect(placeContour(inSagittalPlane, sagittal)).toMatchObject({ kind: 'slice', sliceIndex: 2 });
    // Slices show what lies within half a spacing (2.5 mm) of their plane: x = -4..4 reaches all three
    // slabs, listed in position order along the normal (-x).
    const axial = placeContour(circle(0, 0, 0, 4), sagittal);
    expect(axial).toMatchObject({ kind: 'oblique', sliceIndices: [2, 1, 0] });
    expect(placeContour(circle(0, 0, 0, 2), sagittal)).toMatchObject({ kind: 'oblique', sliceIndices: [1] });
    expect((axial as { angleDegrees: number }).angleDegrees).toBeCloseTo(90, 6);
  });
});

describe('frame of reference', () => {
  it('finds the series that share the frame, or says why none fits', () => {
    const series = [
      { seriesInstanceUID: '1.1', frameOfReferenceUID: 'FOR-A', description: 'CT thorax' },
      { seriesInstanceUID: '1.2', frameOfReferenceUID: 'FOR-B', description: 'PET' },
    ];
    expect(
      seriesInFrameOfReference(['FOR-B'], series, 'Structure set "RS1"').series.map((s) => s.seriesInstanceUID),
    ).toEqual(['1.2']);
    expect(seriesInFrameOfReference(['FOR-C'], series, 'Structure set "RS1"')).toEqual({
      series: [],
      problem:
        'Structure set "RS1" is in frame of reference FOR-C; none of the 2 series (CT thorax, PET) shares it, so its contours cannot be drawn on these images',
    });
    expect(seriesInFrameOfReference([], series, 'X').problem).toBe(
      'X names no frame of reference: it is placed on images by position alone, which may be wrong',
    );
  });
});

describe('placeStructureSet', () => {
  const set = decodeStructureSet(
    structureSetJson([
      {
        number: 1,
        name: 'Tumour',
        contours: [2.5, 5, 7.5, 10].map((z) => ({ points: circle(0, 0, z, 5), image: 'ct.9' })),
      },
      {
        number: 2,
        name: 'Long',
        contours: [-5, 0, 2.5, 5, 30].map((z) => ({ points: circle(0, 0, z, 5), image: 'unresolvable' })),
      },
      { number: 3, name: 'Elsewhere', frameOfReferenceUID: 'OTHER', contours: [{ points: circle(0, 0, 0, 5) }] },
      { number: 4, name: 'Point', contours: [{ type: 'POINT', points: [0, 0, 12.4] }] },
    ]),
  );
  const placed = placeStructureSet(set, ascending, {
    frameOfReferenceUID: FIXTURE_FRAME_OF_REFERENCE,
    seriesName: 'CT',
  });

  it('lists the slices each ROI covers and its middle slice', () => {
    expect(placed.rois.map((r) => r.sliceIndices)).toEqual([[1, 2, 3, 4], [0, 1, 2], [], [5]]);
    expect(placed.rois.map((r) => r.middleSliceIndex)).toEqual([2, 1, null, 5]);
    expect(placed.contoursBySlice[2]).toEqual([
      { roiIndex: 0, contourIndex: 1 },
      { roiIndex: 1, contourIndex: 3 },
    ]);
  });

  it('says which contours lie outside, which ROI is in another frame, and where image references disagree', () => {
    expect(placed.rois[1].problems).toEqual([
      'ROI 2 "Long": 2 of 5 contours (at z -5 to 30 mm) lie outside the 10 slices of series "CT" (z 0 to 22.5 mm); not shown',
    ]);
    expect(placed.rois[2].placements).toEqual([{ kind: 'otherFrameOfReference' }]);
    expect(placed.rois[2].problems).toEqual([
      'ROI 3 "Elsewhere" is in frame of reference OTHER, not that of series "CT"; not shown',
    ]);
    expect(placed.rois[0].problems).toEqual([
      'ROI 1 "Tumour": all 4 contours reference an image other than the slice they lie on; placed by position',
    ]);
    expect(placed.problems).toEqual([]);
  });

  it('places nothing when the whole set is in another frame of reference', () => {
    const other = placeStructureSet(set, ascending, { frameOfReferenceUID: 'FOR-CT', seriesName: 'CT' });
    expect(other.problems).toEqual([
      `Structure set "FIXTURE" is in frame of reference ${FIXTURE_FRAME_OF_REFERENCE}, OTHER, series "CT" in FOR-CT: its contours cannot be drawn on these images`,
    ]);
    expect(other.contoursBySlice.every((s) => s.length === 0)).toBe(true);
    expect(other.rois.every((r) => r.middleSliceIndex === null)).toBe(true);
  });
});
