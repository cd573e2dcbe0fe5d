// Holes: an RTSTRUCT stores a ring (a lung around an airway, a body outline with a cavity) as separate
// CLOSED_PLANAR contours on one slice, and by convention (even-odd rule) a contour lying inside an odd number
// of others is a hole. Renderers that fill polygons one by one need that said explicitly.
import { inPlaneCoordinates, type SliceStack } from '../geometry/contourPlacement';
import type { StructureSetROI } from './model';
import type { RoiPlacement } from './placement';

export interface PolygonNesting {
  /** How many of the other polygons contain this one. */
  depth: number;
  /** The innermost polygon containing this one (index into the input), null at depth 0. */
  parent: number | null;
  /** Odd depth: drawn as a hole in its parent. */
  isHole: boolean;
  /**
   * Polygons whose outline crosses this one's (indexes). Contours of one ROI should never cross; when they
   * do (repeated tracings of one outline are common in clinical files) even-odd filling shows false holes,
   * so crossing pairs are left out of the nesting and listed here instead.
   */
  overlaps: number[];
}

interface Box {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

function boxOf(xy: ArrayLike<number>): Box {
  const b = { minX: Infinity, minY: Infinity, maxX: -Infinity, maxY: -Infinity };
  for (let i = 0; i < xy.length; i += 2) {
    b.minX = Math.min(b.minX, xy[i]);
    b.maxX = Math.max(b.maxX, xy[i]);
    b.minY = Math.min(b.minY, xy[i + 1]);
    b.maxY = Math.max(b.maxY, xy[i + 1]);
  }
  return b;
}

function area(xy: ArrayLike<number>): number {
  let s = 0;
  const n = xy.length / 2;
  for (let i = 0; i < n; i++) {
    const j = (i + 1) % n;
    s += xy[2 * i] * xy[2 * j + 1] - xy[2 * j] * xy[2 * i + 1];
  }
  return Math.abs(s) / 2;
}

/** Even-odd ray cast to +x. */
function inside(x: number, y: number, xy: ArrayLike<number>): boolean {
  let odd = false;
  const n = xy.length / 2;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const yi = xy[2 * i + 1];
    const yj = xy[2 * j + 1];
    if (yi > y !== yj > y) {
      const xCross = xy[2 * j] + ((y - yj) * (xy[2 * i] - xy[2 * j])) / (yi - yj);
      if (x < xCross) odd = !odd;
    }
  }
  return odd;
}

// Enough vertices to tell "inside" from "crossing" without an n x m test on big outlines.
const SAMPLES = 32;
// A contained polygon may touch its container; a few vertices on the outline can land either way.
const INSIDE = 0.9;
const OUTSIDE = 0.1;

/** Fraction of (sampled) vertices of `inner` inside `outer`. */
function insideFraction(outer: ArrayLike<number>, inner: ArrayLike<number>): number {
  const n = inner.length / 2;
  const step = Math.max(1, Math.floor(n / SAMPLES));
  let tested = 0;
  let hits = 0;
  for (let k = 0; k < n; k += step) {
    tested++;
    if (inside(inner[2 * k], inner[2 * k + 1], outer)) hits++;
  }
  return tested ? hits / tested : 0;
}

const overlapping = (a: Box, b: Box): boolean =>
  a.minX <= b.maxX && b.minX <= a.maxX && a.minY <= b.maxY && b.minY <= a.maxY;

/**
 * Nesting of closed polygons given as x, y pairs (all in one plane). Containers that cross each other (copies
 * of one outline) count once towards the depth, so a real hole inside repeated tracings is still a hole.
 */
export function nestPolygons(polygons: ReadonlyArray<ArrayLike<number>>): PolygonNesting[] {
  const boxes = polygons.map(boxOf);
  const areas = polygons.map(area);
  const out: PolygonNesting[] = polygons.map(() => ({ depth: 0, parent: null, isHole: false, overlaps: [] }));
  const containers: number[][] = polygons.map(() => []);
  // Union-find over the "crosses" relation: one cluster per group of tangled outlines.
  const cluster = polygons.map((_, i) => i);
  const root = (i: number): number => (cluster[i] === i ? i : (cluster[i] = root(cluster[i])));
  for (let i = 0; i < polygons.length; i++) {
    for (let j = i + 1; j < polygons.length; j++) {
      if (!overlapping(boxes[i], boxes[j])) continue;
      // Only the larger polygon can contain the other.
      const [outer, inner] = areas[i] >= areas[j] ? [i, j] : [j, i];
      const f = insideFraction(polygons[outer], polygons[inner]);
      if (f <= OUTSIDE) continue;
      if (f < INSIDE) {
        out[i].overlaps.push(j);
        out[j].overlaps.push(i);
        cluster[root(i)] = root(j);
      } else containers[inner].push(outer);
    }
  }
  out.forEach((n, i) => {
    n.depth = new Set(containers[i].map(root)).size;
    for (const c of containers[i]) if (n.parent === null || areas[c] < areas[n.parent]) n.parent = c;
    n.isHole = n.depth % 2 === 1;
  });
  return out;
}

export interface ContourNesting extends Omit<PolygonNesting, 'parent' | 'overlaps'> {
  /** Index into StructureSetROI.contours */
  contourIndex: number;
  parentContourIndex: number | null;
  /** Contours (indexes into StructureSetROI.contours) whose outline crosses this one. */
  overlapsContourIndices: number[];
}

/** Nesting of the CLOSED_PLANAR contours one ROI has on one slice (other contour types are not filled). */
export function roiSliceNesting(
  roi: StructureSetROI,
  placement: RoiPlacement,
  stack: SliceStack,
  sliceIndex: number,
): ContourNesting[] {
  const onSlice = placement.placements.flatMap((p, i) =>
    p.kind === 'slice' && p.sliceIndex === sliceIndex && roi.contours[i].contourGeometricType === 'CLOSED_PLANAR'
      ? [i]
      : [],
  );
  const nesting = nestPolygons(onSlice.map((i) => inPlaneCoordinates(roi.contours[i].points, stack)));
  return nesting.map((n, k) => ({
    contourIndex: onSlice[k],
    depth: n.depth,
    isHole: n.isHole,
    parentContourIndex: n.parent === null ? null : onSlice[n.parent],
    overlapsContourIndices: n.overlaps.map((k) => onSlice[k]),
  }));
}
