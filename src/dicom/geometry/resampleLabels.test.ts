// The geometry generator's ellipsoid, labelled on its axial grid (0.7 x 1.1 mm pixels, 48 x 64, 1.5 mm slices),
// carried onto grids of other spacing, origin and orientation. The oracle is the ellipsoid itself: a target pixel
// whose centre lies well inside it (farther in than the source voxel's half diagonal) must be labelled, one well
// outside must not, and one beyond the source's slices must not, whatever the ellipsoid says there.
import { describe, expect, it } from 'vitest';
import { sliceStack } from './contourPlacement';
import type { ImagePlane } from './plane';
import { resampleSlice, type LabelGrid } from './resampleLabels';
import { CENTRE, ELLIPSOID_MM, GEOMETRY_CASES, GeometryStudy, PIXEL_SPACING, ROWS, COLUMNS, SLICES, SLICE_SPACING, type V3 } from '../../testing/geometryStudy';

const study = new GeometryStudy(GEOMETRY_CASES.find((c) => c.name === 'axial') ?? GEOMETRY_CASES[0]);
/** Half the diagonal of a source voxel: nearest neighbour can be off by at most this much. */
const SLACK = Math.hypot(PIXEL_SPACING[0], PIXEL_SPACING[1], SLICE_SPACING) / 2;

function grid(origin: (k: number) => V3, x: V3, y: V3, spacing: [number, number], rows: number, columns: number, slices: number): LabelGrid {
  const planes: ImagePlane[] = Array.from({ length: slices }, (_, k) => ({
    sopInstanceUID: `2.25.${k}`,
    frameNumber: null,
    imagePositionPatient: origin(k),
    imageOrientationPatient: [x, y],
    pixelSpacing: spacing,
    rows,
    columns,
  }));
  return { planes, slices: sliceStack(planes).stack! };
}

// Listed in reverse (as a stack sorted the other way would be), to show the slice lookup goes by position.
const sourceOrder = Array.from({ length: SLICES }, (_, i) => SLICES - 1 - i);
const source = grid((i) => study.voxelCentre(sourceOrder[i], 0, 0), [1, 0, 0], [0, 1, 0], PIXEL_SPACING, ROWS, COLUMNS, SLICES);
const labels = sourceOrder.map((k) => {
  const px = study.ellipsoidPixels(k);
  return px.some(Boolean) ? px : null;
});

/** How far inside the ellipsoid (negative) or outside (positive) a point is, roughly in mm along its axes. */
function depth(p: V3): number {
  const d = [p[0] - CENTRE[0], p[1] - CENTRE[1], p[2] - CENTRE[2]];
  const r = Math.hypot(d[0] / ELLIPSOID_MM[0], d[1] / ELLIPSOID_MM[1], d[2] / ELLIPSOID_MM[2]);
  return (r - 1) * Math.min(...ELLIPSOID_MM);
}

function check(target: LabelGrid, zRange: [number, number]): { inside: number; outside: number } {
  let inside = 0;
  let outside = 0;
  target.planes.forEach((tp, k) => {
    const out = resampleSlice(source, labels, target, k, false);
    for (let r = 0; r < tp.rows; r++)
      for (let c = 0; c < tp.columns; c++) {
        const [x, y] = tp.imageOrientationPatient;
        const o = tp.imagePositionPatient;
        const p: V3 = [0, 1, 2].map((i) => o[i] + c * tp.pixelSpacing[1] * x[i] + r * tp.pixelSpacing[0] * y[i]) as V3;
        const v = out ? out[r * tp.columns + c] : 0;
        const beyond = p[2] < zRange[0] || p[2] > zRange[1];
        if (beyond || depth(p) > SLACK) {
          expect(v, `target slice ${k} (${r}, ${c}) at ${p.map((q) => q.toFixed(2))}`).toBe(0);
          outside++;
        } else if (depth(p) < -SLACK) {
          expect(v, `target slice ${k} (${r}, ${c}) at ${p.map((q) => q.toFixed(2))}`).toBe(1);
          inside++;
        }
      }
  });
  return { inside, outside };
}

// The source's slab: its first and last slice centres, half a slice spacing beyond.
const z0 = study.voxelCentre(0, 0, 0)[2] - SLICE_SPACING / 2;
const z1 = study.voxelCentre(SLICES - 1, 0, 0)[2] + SLICE_SPACING / 2;

describe('resampleSlice', () => {
  it('carries labels onto an axial grid of other spacing, origin and slice positions', () => {
    // 0.9 x 1.3 mm pixels, 2.2 mm slices from another height, covering the ellipsoid.
    const target = grid((k) => [-8, -50, 36 + k * 2.2], [1, 0, 0], [0, 1, 0], [0.9, 1.3], 40, 30, 12);
    const n = check(target, [z0, z1]);
    expect(n.inside).toBeGreaterThan(300);
    expect(n.outside).toBeGreaterThan(1000);
  });

  it('carries labels onto sagittal slices (each target slice crossing many source slices), none beyond the source slab', () => {
    // Rows go down (-z) from above the source's top slice to below its bottom one.
    const target = grid((k) => [CENTRE[0] - 10 + k * 2, -50, z1 + 6], [0, 1, 0], [0, 0, -1], [0.8, 0.6], 50, 70, 11);
    const n = check(target, [z0, z1]);
    expect(n.inside).toBeGreaterThan(300);
    expect(n.outside).toBeGreaterThan(1000);
  });

  it('gives nothing for a slice outside the source slab, and 16-bit labels when asked', () => {
    // Every source voxel labelled: the slab's edges are where the labels stop.
    const full = labels.map(() => new Uint8Array(ROWS * COLUMNS).fill(1));
    const far = grid((k) => [-8, -50, z1 + 0.1 + k], [1, 0, 0], [0, 1, 0], [0.9, 1.3], 40, 30, 2);
    expect(resampleSlice(source, full, far, 0, false)).toBeNull();
    const sagittal = grid(() => [CENTRE[0], -30, z1 + 3], [0, 1, 0], [0, 0, -1], [0.5, 0.5], 60, 10, 1);
    const cut = resampleSlice(source, full, sagittal, 0, false);
    // Row r is at z1 + 3 - 0.5 r: labelled inside the slab [z0, z1], not beyond it (exact edges not asked).
    for (let r = 0; r < 60; r++) {
      const z = z1 + 3 - 0.5 * r;
      if (Math.abs(z - z0) < 1e-6 || Math.abs(z - z1) < 1e-6) continue;
      expect(cut?.[r * 10 + 5], `row ${r} at z ${z.toFixed(2)}`).toBe(z > z0 && z < z1 ? 1 : 0);
    }
    const near = grid(() => [CENTRE[0] - 5, CENTRE[1] - 5, CENTRE[2]], [1, 0, 0], [0, 1, 0], [1, 1], 10, 10, 1);
    const out = resampleSlice(source, labels, near, 0, true);
    expect(out).toBeInstanceOf(Uint16Array);
    expect(out?.[5 * 10 + 5]).toBe(1);
  });
});
