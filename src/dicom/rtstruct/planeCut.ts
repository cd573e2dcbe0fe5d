// A structure set seen in a plane that cuts across its slices (the sagittal and coronal views of an axial
// series): each closed planar contour stands for the slab of its slice (half-way to the neighbouring slices, as
// the image volume's voxels do), so an ROI's cut is, slice by slice, the plane's crossing of that slab.
//
// - A plane that holds the slice normal (the usual case) crosses a contour's slab in strips: the intervals where
//   the plane's line through the contour's plane is inside the ROI (even-odd over its contours, so holes stay
//   holes), each as tall as the slab. Their outline is that of their union: the sides of every strip, and the
//   parts of a strip's top (bottom) not continued by the next (previous) slice's strips.
// - Any other plane crosses a slab in the contour clipped to the band of the slice where the plane runs
//   through the slab, lifted onto the plane (exact for any orientation; outlined slab by slab).
import type { SliceStack } from '../geometry/contourPlacement';
import type { StructureSet } from './model';
import type { StructureSetPlacement } from './placement';

export type Vec3 = [number, number, number];

export interface CutPlane {
  point: Vec3;
  /** unit normal */
  normal: Vec3;
}

export interface RoiCut {
  roiIndex: number;
  /** closed polygons in patient mm, filled even-odd */
  areas: Vec3[][];
  /** the outline, as segments in patient mm */
  edges: Array<[Vec3, Vec3]>;
}

const dot = (a: readonly number[], b: readonly number[]): number => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const along = (p: Vec3, d: readonly number[], t: number): Vec3 => [p[0] + d[0] * t, p[1] + d[1] * t, p[2] + d[2] * t];
const cross = (a: readonly number[], b: readonly number[]): Vec3 => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];

/** Parts of the sorted disjoint intervals `a` not covered by those of `b`. */
function minus(a: Array<[number, number]>, b: Array<[number, number]>): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const [s, e] of a) {
    let start = s;
    for (const [bs, be] of b) {
      if (be <= start || bs >= e) continue;
      if (bs > start) out.push([start, bs]);
      start = Math.max(start, be);
    }
    if (start < e) out.push([start, e]);
  }
  return out;
}

/** Slab [lower, upper] of each slice along the normal: half-way to its neighbours (the outer ones mirror it). */
function slabs(stack: SliceStack): Array<[number, number]> {
  const out: Array<[number, number]> = new Array(stack.positions.length);
  const order = stack.byPosition;
  const half = (stack.spacing ?? 1) / 2;
  for (let j = 0; j < order.length; j++) {
    const z = stack.positions[order[j]];
    const lower = j > 0 ? (stack.positions[order[j - 1]] + z) / 2 : z - half;
    const upper = j < order.length - 1 ? (z + stack.positions[order[j + 1]]) / 2 : z + half;
    out[order[j]] = [lower, upper];
  }
  return out;
}

export interface CutInput {
  set: StructureSet;
  placement: StructureSetPlacement;
  stack: SliceStack;
  /** ROI indices not to draw */
  hidden: ReadonlySet<number>;
  /** contour indices of an ROI on a slice that repeat another (drawn once) */
  skipped?: (roiIndex: number, slice: number) => ReadonlySet<number>;
}

/** The cut of every visible ROI's closed planar contours by a plane; none when the plane is parallel to the slices. */
export function cutStructureSet(input: CutInput, plane: CutPlane): RoiCut[] {
  const { set, placement, stack, hidden } = input;
  const ns = stack.normal;
  const g = dot(plane.normal, ns);
  if (Math.abs(g) > 0.999) return [];
  const slab = slabs(stack);
  const c = dot(plane.normal, plane.point);
  // The contours of each ROI, slice by slice.
  const byRoi = new Map<number, Map<number, number[]>>();
  placement.contoursBySlice.forEach((onSlice, k) => {
    for (const { roiIndex, contourIndex } of onSlice) {
      if (hidden.has(roiIndex) || set.rois[roiIndex].contours[contourIndex].contourGeometricType !== 'CLOSED_PLANAR') continue;
      if (input.skipped?.(roiIndex, k).has(contourIndex)) continue;
      const slices = byRoi.get(roiIndex) ?? new Map<number, number[]>();
      slices.set(k, [...(slices.get(k) ?? []), contourIndex]);
      byRoi.set(roiIndex, slices);
    }
  });
  const out: RoiCut[] = [];
  for (const [roiIndex, slices] of byRoi) {
    const contoursOf = (k: number) => (slices.get(k) ?? []).map((ci) => set.rois[roiIndex].contours[ci].points);
    const cut = Math.abs(g) < 1e-6 ? stripCut(contoursOf, [...slices.keys()], slab, stack, plane, c) : bandCut(contoursOf, [...slices.keys()], slab, ns, plane, c, g);
    if (cut.areas.length) out.push({ roiIndex, ...cut });
  }
  return out;
}

type Points = ArrayLike<number>;

/** A plane holding the slice normal: strips, outlined as their union (see the top of this file). */
function stripCut(contoursOf: (k: number) => Points[], slices: number[], slab: Array<[number, number]>, stack: SliceStack, plane: CutPlane, c: number): Omit<RoiCut, 'roiIndex'> {
  const ns = stack.normal;
  // The line of the plane within a slice plane: its direction, and the point of it nearest the origin in-slice.
  const dir = cross(plane.normal, ns);
  const len = Math.hypot(...dir);
  const u: Vec3 = [dir[0] / len, dir[1] / len, dir[2] / len];
  const w = cross(ns, u); // in-slice, across the line (parallel to the plane's normal)
  const base = along([0, 0, 0], w, c / dot(plane.normal, w));
  const intervals = new Map<number, Array<[number, number]>>();
  for (const k of slices) {
    const ts: number[] = [];
    for (const pts of contoursOf(k)) {
      const n = Math.floor(pts.length / 3);
      for (let i = 0; i < n; i++) {
        const j = (i + 1) % n;
        const a: Vec3 = [pts[3 * i], pts[3 * i + 1], pts[3 * i + 2]];
        const b: Vec3 = [pts[3 * j], pts[3 * j + 1], pts[3 * j + 2]];
        const da = dot(plane.normal, a) - c;
        const db = dot(plane.normal, b) - c;
        // Half-open, so a vertex on the plane counts once.
        if (da >= 0 === db >= 0) continue;
        const t = da / (da - db);
        ts.push(dot(u, a) + (dot(u, b) - dot(u, a)) * t);
      }
    }
    ts.sort((x, y) => x - y);
    const list: Array<[number, number]> = [];
    for (let i = 0; i + 1 < ts.length; i += 2) if (ts[i + 1] > ts[i]) list.push([ts[i], ts[i + 1]]);
    if (list.length) intervals.set(k, list);
  }
  // In-plane coordinates (t along the line, h along the slice normal) -> patient mm.
  const at = (t: number, h: number): Vec3 => along(along(base, u, t), ns, h - dot(base, ns));
  const areas: Vec3[][] = [];
  const edges: Array<[Vec3, Vec3]> = [];
  const order = [...stack.byPosition];
  for (const [k, list] of intervals) {
    const [lo, hi] = slab[k];
    const j = order.indexOf(k);
    const below = j > 0 ? (intervals.get(order[j - 1]) ?? []) : [];
    const above = j < order.length - 1 ? (intervals.get(order[j + 1]) ?? []) : [];
    for (const [t0, t1] of list) {
      areas.push([at(t0, lo), at(t1, lo), at(t1, hi), at(t0, hi)]);
      edges.push([at(t0, lo), at(t0, hi)], [at(t1, lo), at(t1, hi)]);
    }
    for (const [t0, t1] of minus(list, below)) edges.push([at(t0, lo), at(t1, lo)]);
    for (const [t0, t1] of minus(list, above)) edges.push([at(t0, hi), at(t1, hi)]);
  }
  return { areas, edges };
}

/** Any other plane: each contour clipped to the band where the plane crosses its slab, lifted onto the plane. */
function bandCut(contoursOf: (k: number) => Points[], slices: number[], slab: Array<[number, number]>, ns: readonly number[], plane: CutPlane, c: number, g: number): Omit<RoiCut, 'roiIndex'> {
  const areas: Vec3[][] = [];
  const edges: Array<[Vec3, Vec3]> = [];
  for (const k of slices) {
    const [lo, hi] = slab[k];
    for (const pts of contoursOf(k)) {
      // Each point moved along the slice normal onto the plane; h is how far along the normal it lands.
      let ring: Array<{ p: Vec3; h: number }> = [];
      for (let i = 0; i + 2 < pts.length; i += 3) {
        const p: Vec3 = [pts[i], pts[i + 1], pts[i + 2]];
        const h0 = dot(p, ns);
        const q = along(p, ns, (c - dot(plane.normal, p)) / g);
        ring.push({ p: q, h: h0 + (c - dot(plane.normal, p)) / g });
      }
      for (const [limit, keepBelow] of [
        [hi, true],
        [lo, false],
      ] as const) {
        const inside = (x: { h: number }): boolean => (keepBelow ? x.h <= limit : x.h >= limit);
        const next: typeof ring = [];
        ring.forEach((a, i) => {
          const b = ring[(i + 1) % ring.length];
          if (inside(a)) next.push(a);
          if (inside(a) !== inside(b)) {
            const t = (limit - a.h) / (b.h - a.h);
            next.push({ p: [a.p[0] + (b.p[0] - a.p[0]) * t, a.p[1] + (b.p[1] - a.p[1]) * t, a.p[2] + (b.p[2] - a.p[2]) * t], h: limit });
          }
        });
        ring = next;
      }
      if (ring.length < 3) continue;
      areas.push(ring.map((x) => x.p));
      ring.forEach((a, i) => edges.push([a.p, ring[(i + 1) % ring.length].p]));
    }
  }
  return { areas, edges };
}
