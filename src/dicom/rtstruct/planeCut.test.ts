import { describe, expect, it } from 'vitest';
import type { SliceStack } from '../geometry/contourPlacement';
import type { StructureSet } from './model';
import type { StructureSetPlacement } from './placement';
import { cutStructureSet, type Vec3 } from './planeCut';

// An axial stack of 6 slices 1.5 mm apart (listed top to bottom, so imageIds order is not position order), and an
// ROI: a 20 x 10 mm rectangle on slices at z = 3, 4.5, 6, with a 4 x 4 mm hole on z = 4.5.
const Z = [7.5, 6, 4.5, 3, 1.5, 0];
const stack = {
  planes: [],
  rowDirection: [1, 0, 0],
  columnDirection: [0, 1, 0],
  normal: [0, 0, 1],
  positions: Float64Array.from(Z),
  byPosition: Int32Array.from([5, 4, 3, 2, 1, 0]),
  spacing: 1.5,
  tolerance: 0.1,
  parallelTolerance: 0.1,
} as unknown as SliceStack;

const rect = (x0: number, x1: number, y0: number, y1: number, z: number) => ({
  contourGeometricType: 'CLOSED_PLANAR' as const,
  points: Float64Array.from([x0, y0, z, x1, y0, z, x1, y1, z, x0, y1, z]),
});
const contours = [rect(-10, 10, -5, 5, 3), rect(-10, 10, -5, 5, 4.5), rect(-2, 2, -2, 2, 4.5), rect(-10, 10, -5, 5, 6)];
const set = { rois: [{ contours }] } as unknown as StructureSet;
const slice = (z: number) => Z.indexOf(z);
const bySlice: StructureSetPlacement['contoursBySlice'] = Z.map(() => []);
contours.forEach((c, i) => bySlice[slice(c.points[2])].push({ roiIndex: 0, contourIndex: i }));
const placement = { rois: [], contoursBySlice: bySlice, problems: [] } as unknown as StructureSetPlacement;
const input = { set, placement, stack, hidden: new Set<number>() };

const key = (e: [Vec3, Vec3]) => e.map((p) => p.map((v) => Math.round(v * 1000) / 1000).join(',')).sort().join(' ');

describe('cutStructureSet', () => {
  it('a sagittal plane through the hole: strips per slab, the hole open on its slice, the outline of their union', () => {
    const [cut] = cutStructureSet(input, { point: [0, 0, 0], normal: [1, 0, 0] });
    // Slabs: z 3 -> [2.25, 3.75], 4.5 -> [3.75, 5.25], 6 -> [5.25, 6.75]; x = 0 for every point.
    const areas = cut.areas.map((a) => a.map(([x, y, z]) => [x, y, z]));
    expect(areas).toHaveLength(4);
    for (const a of areas) for (const p of a) expect(p[0]).toBeCloseTo(0, 9);
    const ys = (z: number) => areas.filter((a) => Math.min(...a.map((p) => p[2])) === z).map((a) => [Math.min(...a.map((p) => p[1])), Math.max(...a.map((p) => p[1]))]).sort((a, b) => a[0] - b[0]);
    expect(ys(2.25)).toEqual([[-5, 5]]);
    expect(ys(3.75)).toEqual([[-5, -2], [2, 5]]);
    expect(ys(5.25)).toEqual([[-5, 5]]);
    const edges = new Set(cut.edges.map(key));
    // The outer top and bottom, and the hole's top and bottom (its slab's neighbours are not cut there).
    for (const e of [
      [[0, -5, 2.25], [0, 5, 2.25]],
      [[0, -5, 6.75], [0, 5, 6.75]],
      [[0, -2, 3.75], [0, 2, 3.75]],
      [[0, -2, 5.25], [0, 2, 5.25]],
    ] as Array<[Vec3, Vec3]>)
      expect(edges.has(key(e)), key(e)).toBe(true);
    // No edge inside the union: between the full slabs and the holed one, outside the hole.
    expect(edges.has(key([[0, -5, 3.75], [0, -2, 3.75]]))).toBe(false);
  });

  it('a coronal plane missing the ROI cuts nothing; a plane parallel to the slices is not a cut', () => {
    expect(cutStructureSet(input, { point: [0, 7, 0], normal: [0, 1, 0] })).toEqual([]);
    expect(cutStructureSet(input, { point: [0, 0, 3], normal: [0, 0, 1] })).toEqual([]);
  });

  it('an oblique plane: each contour clipped to the band where the plane crosses its slab, every point on the plane', () => {
    const n: Vec3 = [0.6, 0, 0.8];
    const cuts = cutStructureSet({ ...input, hidden: new Set() }, { point: [0, 0, 4.5], normal: n });
    expect(cuts).toHaveLength(1);
    const slabs: Array<[number, number]> = [[2.25, 3.75], [3.75, 5.25], [5.25, 6.75]];
    for (const a of cuts[0].areas)
      for (const p of a) {
        expect(p[0] * n[0] + p[1] * n[1] + p[2] * n[2]).toBeCloseTo(0.8 * 4.5, 9);
        expect(slabs.some(([lo, hi]) => p[2] >= lo - 1e-9 && p[2] <= hi + 1e-9)).toBe(true);
      }
    // The plane crosses the z = 4.5 slab where 0.6 x = 0.8 (4.5 - z), |x| <= 1: inside the hole there, so its band
    // has the outer rectangle and the hole's, both clipped.
    expect(cuts[0].areas.length).toBeGreaterThanOrEqual(3);
  });
});
