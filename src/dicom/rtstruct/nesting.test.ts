import { describe, expect, it } from 'vitest';
import { sliceStack } from '../geometry/contourPlacement';
import { decodeStructureSet } from './decode';
import { nestPolygons, roiSliceNesting } from './nesting';
import { placeStructureSet } from './placement';
import { circle, structureSetJson } from './testFixtures';

/** x, y pairs of a circle (the 2D input of nestPolygons) */
const ring = (cx: number, cy: number, r: number, n = 24, phase = 0): number[] => {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const a = phase + (2 * Math.PI * i) / n;
    out.push(cx + r * Math.cos(a), cy + r * Math.sin(a));
  }
  return out;
};

describe('nestPolygons (even-odd)', () => {
  it('finds holes, islands in holes and separate outlines', () => {
    const nesting = nestPolygons([ring(0, 0, 20), ring(0, 0, 10), ring(1, 1, 4), ring(50, 0, 5), ring(-15, 0, 3)]);
    expect(nesting).toEqual([
      { depth: 0, parent: null, isHole: false, overlaps: [] },
      { depth: 1, parent: 0, isHole: true, overlaps: [] },
      { depth: 2, parent: 1, isHole: false, overlaps: [] },
      { depth: 0, parent: null, isHole: false, overlaps: [] },
      // Inside the outer ring, in the filled part between ring and hole: a hole of the outer ring.
      { depth: 1, parent: 0, isHole: true, overlaps: [] },
    ]);
  });

  it('does not depend on the order of the contours', () => {
    const nesting = nestPolygons([ring(1, 1, 4), ring(0, 0, 10), ring(0, 0, 20)]);
    expect(nesting.map((n) => [n.depth, n.parent])).toEqual([
      [2, 1],
      [1, 2],
      [0, null],
    ]);
  });

  it('reports crossing outlines (repeated tracings) instead of nesting them, and counts them once as container', () => {
    // Three tracings of the same outline with different start points and a small shift, plus a real hole.
    const nesting = nestPolygons([
      ring(0, 0, 20, 40),
      ring(0.3, 0, 20, 40, 0.05),
      ring(0, 0.3, 20, 41, 0.1),
      ring(5, 5, 3),
    ]);
    expect(nesting.map((n) => n.overlaps)).toEqual([[1, 2], [0, 2], [0, 1], []]);
    expect(nesting.map((n) => n.depth)).toEqual([0, 0, 0, 1]);
    expect(nesting[3].isHole).toBe(true);
  });

  it('lets contained polygons touch their container', () => {
    // A square hole sharing part of its left edge with the outer square.
    const outer = [0, 0, 10, 0, 10, 10, 0, 10];
    const hole = [0, 2, 4, 2, 4, 6, 0, 6];
    expect(nestPolygons([outer, hole]).map((n) => [n.depth, n.overlaps.length])).toEqual([
      [0, 0],
      [1, 0],
    ]);
  });
});

describe('roiSliceNesting', () => {
  it('analyses the CLOSED_PLANAR contours one ROI has on one slice', () => {
    const set = decodeStructureSet(
      structureSetJson([
        {
          number: 1,
          name: 'Lung',
          contours: [
            { points: circle(0, 0, 0, 30) },
            { points: circle(0, 0, 2.5, 30) },
            { points: circle(5, 0, 2.5, 8) },
            { type: 'OPEN_PLANAR', points: [0, 0, 2.5, 1, 1, 2.5] },
            { points: circle(60, 0, 2.5, 8) },
          ],
        },
      ]),
    );
    const r = sliceStack(
      [0, 2.5, 5].map((z, i) => ({
        sopInstanceUID: `ct${i}`,
        imagePositionPatient: [0, 0, z],
        imageOrientationPatient: [
          [1, 0, 0],
          [0, 1, 0],
        ],
      })),
    );
    if (!r.stack) throw new Error(r.problem);
    const placed = placeStructureSet(set, r.stack);
    expect(roiSliceNesting(set.rois[0], placed.rois[0], r.stack, 1)).toEqual([
      { contourIndex: 1, depth: 0, isHole: false, parentContourIndex: null, overlapsContourIndices: [] },
      { contourIndex: 2, depth: 1, isHole: true, parentContourIndex: 1, overlapsContourIndices: [] },
      { contourIndex: 4, depth: 0, isHole: false, parentContourIndex: null, overlapsContourIndices: [] },
    ]);
    expect(roiSliceNesting(set.rois[0], placed.rois[0], r.stack, 2)).toEqual([]);
  });
});
