// Surfaces of generated shapes on grids with non-square pixels, rows != columns, oblique and left-handed
// orientations. Expected values come from the shapes' formulas and from the grid written out here (origin +
// column x column spacing x row direction + ...), not from the grid code: the enclosed volume (divergence
// theorem over the triangles), the extent in patient space, and a closed, consistently wound surface.
import { beforeEach, describe, expect, it } from 'vitest';
import { maskFromDense, type BoxMask } from './mask';
import { surfaceMesh, type SurfaceMesh } from './surfaceMesh';

type V3 = [number, number, number];

interface TestGrid {
  columns: number;
  rows: number;
  slices: number;
  origin: V3;
  /** direction of increasing column index, of increasing row index, of increasing slice index (unit) */
  rowDir: V3;
  colDir: V3;
  sliceDir: V3;
  /** mm between columns, between rows, between slices */
  dc: number;
  dr: number;
  ds: number;
}

const cross = (a: V3, b: V3): V3 => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
const unit = (a: V3): V3 => {
  const l = Math.hypot(...a);
  return [a[0] / l, a[1] / l, a[2] / l];
};

/** Patient position of voxel (c, r, s), fractional indices allowed: the DICOM formula, written out. */
const patient = (g: TestGrid, c: number, r: number, s: number): V3 =>
  [0, 1, 2].map((a) => g.origin[a] + c * g.dc * g.rowDir[a] + r * g.dr * g.colDir[a] + s * g.ds * g.sliceDir[a]) as V3;

/** The same map as the 3x4 affine surfaceMesh takes. */
const affine = (g: TestGrid): Float64Array =>
  new Float64Array([0, 1, 2].flatMap((a) => [g.dc * g.rowDir[a], g.dr * g.colDir[a], g.ds * g.sliceDir[a], g.origin[a]]));

function maskOf(g: TestGrid, inside: (p: V3, c: number, r: number, s: number) => boolean): BoxMask {
  const d = new Uint8Array(g.columns * g.rows * g.slices);
  for (let s = 0, i = 0; s < g.slices; s++) for (let r = 0; r < g.rows; r++) for (let c = 0; c < g.columns; c++, i++) d[i] = inside(patient(g, c, r, s), c, r, s) ? 1 : 0;
  return maskFromDense(d, g.columns, g.rows, g.slices);
}

let smooth = false;
const mesh = (g: TestGrid, m: BoxMask, maxCells?: number): SurfaceMesh => surfaceMesh(m, affine(g), [g.dc, g.dr, g.ds], { maxCells, smooth });

/** Divergence theorem: the volume enclosed by a closed, outward-wound triangle mesh. */
function enclosedVolume(m: SurfaceMesh): number {
  const p = m.positions;
  let six = 0;
  for (let t = 0; t < m.triangles.length; t += 3) {
    const [a, b, c] = [0, 1, 2].map((k) => 3 * m.triangles[t + k]);
    const bc = cross([p[b], p[b + 1], p[b + 2]], [p[c], p[c + 1], p[c + 2]]);
    six += p[a] * bc[0] + p[a + 1] * bc[1] + p[a + 2] * bc[2];
  }
  return six / 6;
}

function bounds(m: SurfaceMesh): { min: V3; max: V3 } {
  const min: V3 = [Infinity, Infinity, Infinity];
  const max: V3 = [-Infinity, -Infinity, -Infinity];
  for (let v = 0; v < m.positions.length; v += 3)
    for (let a = 0; a < 3; a++) {
      min[a] = Math.min(min[a], m.positions[v + a]);
      max[a] = Math.max(max[a], m.positions[v + a]);
    }
  return { min, max };
}

/** Edges used by other than two triangles, directed edges used twice (inconsistent winding), and V - E + F. */
function topology(m: SurfaceMesh): { badEdges: number; badDirected: number; euler: number } {
  const undirected = new Map<string, number>();
  const directed = new Set<string>();
  let badDirected = 0;
  for (let t = 0; t < m.triangles.length; t += 3) {
    for (let k = 0; k < 3; k++) {
      const a = m.triangles[t + k];
      const b = m.triangles[t + ((k + 1) % 3)];
      const key = a < b ? `${a},${b}` : `${b},${a}`;
      undirected.set(key, (undirected.get(key) ?? 0) + 1);
      if (directed.has(`${a},${b}`)) badDirected++;
      directed.add(`${a},${b}`);
    }
  }
  const badEdges = [...undirected.values()].filter((n) => n !== 2).length;
  return { badEdges, badDirected, euler: m.positions.length / 3 - undirected.size + m.triangles.length / 3 };
}

// An oblique grid: rows and columns tilted 30° about the patient's S axis and 20° about L; pixels 0.7 x 1.1 mm,
// 2.5 mm slices; 70 columns, 44 rows.
const tilt = (): { rowDir: V3; colDir: V3 } => {
  const a = (30 * Math.PI) / 180;
  const b = (20 * Math.PI) / 180;
  const rowDir = unit([Math.cos(a), Math.sin(a), 0]);
  const colDir = unit([-Math.sin(a) * Math.cos(b), Math.cos(a) * Math.cos(b), Math.sin(b)]);
  return { rowDir, colDir };
};
const oblique = (): TestGrid => {
  const { rowDir, colDir } = tilt();
  return { columns: 70, rows: 44, slices: 30, origin: [-31.5, 12.25, -80], rowDir, colDir, sliceDir: unit(cross(rowDir, colDir)), dc: 0.7, dr: 1.1, ds: 2.5 };
};

for (const smoothing of [false, true])
describe(`surfaceMesh${smoothing ? ', smoothed' : ''}`, () => {
  beforeEach(() => {
    smooth = smoothing;
  });

  it('encloses a sphere with its volume, around its centre, closed and wound outwards (oblique grid, non-square pixels)', () => {
    const g = oblique();
    const centre = patient(g, 34.3, 21.6, 14.2);
    const R = 16;
    const m = mesh(g, maskOf(g, (p) => Math.hypot(p[0] - centre[0], p[1] - centre[1], p[2] - centre[2]) <= R));
    const volume = (4 / 3) * Math.PI * R ** 3;
    expect(Math.abs(enclosedVolume(m) - volume) / volume).toBeLessThan(0.03);
    const { min, max } = bounds(m);
    // Every patient axis: centre ± R, within half a voxel's extent along that axis (the voxels' staircase).
    for (let a = 0; a < 3; a++) {
      const half = (Math.abs(g.dc * g.rowDir[a]) + Math.abs(g.dr * g.colDir[a]) + Math.abs(g.ds * g.sliceDir[a])) / 2;
      expect(Math.abs(min[a] - (centre[a] - R))).toBeLessThan(half);
      expect(Math.abs(max[a] - (centre[a] + R))).toBeLessThan(half);
    }
    expect(topology(m)).toEqual({ badEdges: 0, badDirected: 0, euler: 2 });
    expect(m.block).toEqual([1, 1, 1]);
  });

  it('puts a box of voxels at its known extent and volume (axis-aligned, rows != columns, non-square pixels)', () => {
    const g: TestGrid = { columns: 40, rows: 25, slices: 12, origin: [-100, 50.5, 20], rowDir: [1, 0, 0], colDir: [0, 1, 0], sliceDir: [0, 0, 1], dc: 0.6, dr: 1.3, ds: 3 };
    // columns 5..34, rows 3..19, slices 2..8 (inclusive)
    const m = mesh(g, maskOf(g, (_p, c, r, s) => c >= 5 && c <= 34 && r >= 3 && r <= 19 && s >= 2 && s <= 8));
    const { min, max } = bounds(m);
    // The box's outer faces: half a voxel beyond the first and last voxel centres.
    const lo = patient(g, 4.5, 2.5, 1.5);
    const hi = patient(g, 34.5, 19.5, 8.5);
    // Exact without smoothing; within half a voxel with it.
    const half = smooth ? [0.3, 0.65, 1.5] : [1e-4, 1e-4, 1e-4];
    for (let a = 0; a < 3; a++) {
      expect(Math.abs(min[a] - lo[a])).toBeLessThan(half[a]);
      expect(Math.abs(max[a] - hi[a])).toBeLessThan(half[a]);
    }
    const volume = 30 * 0.6 * 17 * 1.3 * 7 * 3;
    expect(Math.abs(enclosedVolume(m) - volume) / volume).toBeLessThan(0.05);
    expect(topology(m)).toEqual({ badEdges: 0, badDirected: 0, euler: 2 });
  });

  it('keeps an oblique box within half a voxel of its corners, and outward on a left-handed grid', () => {
    const g = oblique();
    // slices stacked against the plane normal: a left-handed voxel grid
    const left: TestGrid = { ...g, sliceDir: [-g.sliceDir[0], -g.sliceDir[1], -g.sliceDir[2]] };
    const m = mesh(left, maskOf(left, (_p, c, r, s) => c >= 10 && c <= 49 && r >= 6 && r <= 35 && s >= 4 && s <= 17));
    const corners: V3[] = [];
    for (const c of [9.5, 49.5]) for (const r of [5.5, 35.5]) for (const s of [3.5, 17.5]) corners.push(patient(left, c, r, s));
    const { min, max } = bounds(m);
    const halfVoxel = Math.hypot(0.7, 1.1, 2.5) / 2;
    for (let a = 0; a < 3; a++) {
      expect(Math.abs(min[a] - Math.min(...corners.map((p) => p[a])))).toBeLessThan(halfVoxel);
      expect(Math.abs(max[a] - Math.max(...corners.map((p) => p[a])))).toBeLessThan(halfVoxel);
    }
    const volume = 40 * 0.7 * 30 * 1.1 * 14 * 2.5;
    expect(Math.abs(enclosedVolume(m) - volume) / volume).toBeLessThan(0.05);
    expect(topology(m)).toEqual({ badEdges: 0, badDirected: 0, euler: 2 });
  });

  it('closes a torus (a hole through it: V - E + F = 0) and a mask touching the grid border', () => {
    const g: TestGrid = { columns: 100, rows: 80, slices: 30, origin: [0, 0, 0], rowDir: [0, 1, 0], colDir: [0, 0, -1], sliceDir: [1, 0, 0], dc: 0.7, dr: 0.9, ds: 1.2 };
    const centre = patient(g, 50, 40, 15);
    const [Rm, rm] = [18, 10];
    // sagittal slices: the torus ring lies in the plane of rows and columns (patient y, z)
    const m = mesh(g, maskOf(g, (p) => Math.hypot(Math.hypot(p[1] - centre[1], p[2] - centre[2]) - Rm, p[0] - centre[0]) <= rm));
    const volume = 2 * Math.PI ** 2 * Rm * rm ** 2;
    expect(Math.abs(enclosedVolume(m) - volume) / volume).toBeLessThan(0.04);
    expect(topology(m)).toEqual({ badEdges: 0, badDirected: 0, euler: 0 });
    const edge = mesh(g, maskOf(g, (_p, c) => c < 6));
    expect(topology(edge)).toEqual({ badEdges: 0, badDirected: 0, euler: 2 });
    const slab = 6 * 0.7 * 80 * 0.9 * 30 * 1.2;
    expect(Math.abs(enclosedVolume(edge) - slab) / slab).toBeLessThan(0.03);
  });

  it('takes a big mask in blocks, the finest axes first, and keeps its volume and closure', () => {
    const g = oblique();
    const centre = patient(g, 34.3, 21.6, 14.2);
    const R = 16;
    const m = mesh(g, maskOf(g, (p) => Math.hypot(p[0] - centre[0], p[1] - centre[1], p[2] - centre[2]) <= R), 4000);
    // 0.7 mm columns double first (1.4), then 1.1 mm rows (2.2), ... until the box fits 4000 lattice points.
    expect(m.block[0]).toBeGreaterThan(1);
    expect(m.block[0] * 0.7).toBeLessThanOrEqual(m.block[2] * 2.5 + 0.7);
    const volume = (4 / 3) * Math.PI * R ** 3;
    expect(Math.abs(enclosedVolume(m) - volume) / volume).toBeLessThan(0.06);
    expect(topology(m)).toEqual({ badEdges: 0, badDirected: 0, euler: 2 });
  });

  it('gives an empty mesh for an empty mask', () => {
    const g = oblique();
    const m = mesh(g, maskOf(g, () => false));
    expect(m.triangles.length).toBe(0);
    expect(m.positions.length).toBe(0);
  });
});

describe('triangle budget', () => {
  it('takes voxels in blocks until the surface is about the triangles asked for, keeping the volume', () => {
    const g = oblique();
    const centre = patient(g, 34.3, 21.6, 14.2);
    const sphere = maskOf(g, (p) => Math.hypot(p[0] - centre[0], p[1] - centre[1], p[2] - centre[2]) <= 16);
    const full = mesh(g, sphere).triangles.length / 3;
    const volume = (4 / 3) * Math.PI * 16 ** 3;
    for (const budget of [full / 3, full / 10]) {
      const m = surfaceMesh(sphere, affine(g), [g.dc, g.dr, g.ds], { maxTriangles: budget, smooth: true });
      expect(m.triangles.length / 3).toBeLessThan(1.3 * budget);
      expect(m.block[0] * m.block[1] * m.block[2]).toBeGreaterThan(1);
      expect(Math.abs(enclosedVolume(m) - volume) / volume).toBeLessThan(0.05);
      expect(topology(m)).toEqual({ badEdges: 0, badDirected: 0, euler: 2 });
    }
  });
});

describe('smoothing', () => {
  it('turns the voxel terraces of a sphere towards its own normals', () => {
    const g = oblique();
    const centre = patient(g, 34.3, 21.6, 14.2);
    const sphere = maskOf(g, (p) => Math.hypot(p[0] - centre[0], p[1] - centre[1], p[2] - centre[2]) <= 16);
    // Mean angle between the surface normals and the sphere's radial direction.
    const turn = (x: SurfaceMesh): number => {
      let sum = 0;
      for (let v = 0; v < x.positions.length; v += 3) {
        const r = [0, 1, 2].map((k) => x.positions[v + k] - centre[k]);
        const c = (r[0] * x.normals[v] + r[1] * x.normals[v + 1] + r[2] * x.normals[v + 2]) / Math.hypot(r[0], r[1], r[2]);
        sum += (Math.acos(Math.min(1, c)) * 180) / Math.PI;
      }
      return sum / (x.positions.length / 3);
    };
    const raw = surfaceMesh(sphere, affine(g), [g.dc, g.dr, g.ds]);
    const smoothed = surfaceMesh(sphere, affine(g), [g.dc, g.dr, g.ds], { smooth: true });
    expect(turn(smoothed)).toBeLessThan(turn(raw) / 2);
  });
});
