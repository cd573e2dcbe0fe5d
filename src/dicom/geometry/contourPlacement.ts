// Which slice of an image series a planar contour (RTSTRUCT, SR SCOORD3D) belongs to, by geometry alone:
// the Frame of Reference must match and the contour's plane must lie within a tolerance of a slice plane.
// Per-contour image references are not used: after de-identification they often name UIDs that no longer
// exist, while the patient coordinates stay valid.
import type { DicomJsonDataset } from '../json';
import { str } from '../json';
import { dot, planeOf, type Vec3 } from './sortSlices';
import { orientationNormal } from './transform';
import { Tag } from '../tags';

/**
 * What placement needs of an image plane. The ImagePlane of geometry/plane.ts (with pixel spacing, rows,
 * columns) fits it as is.
 */
export interface SlicePlane {
  sopInstanceUID: string;
  /** 1-based frame of a multi-frame instance; null or absent for single-frame instances. */
  frameNumber?: number | null;
  imagePositionPatient: Vec3;
  /** Row direction, then column direction (the two halves of ImageOrientationPatient). */
  imageOrientationPatient: readonly [Vec3, Vec3];
}

export interface SliceStack {
  /** As given by the caller; slice indices below are indices into this array. */
  planes: readonly SlicePlane[];
  rowDirection: Vec3;
  columnDirection: Vec3;
  /** Row x column: the direction along which slices are stacked. */
  normal: Vec3;
  /** Position of each plane along the normal (mm), in the caller's order. */
  positions: Float64Array;
  /** Slice indices ordered by position, for binary search. */
  byPosition: Int32Array;
  /** Median distance between neighbouring slices (mm); null for a single slice. */
  spacing: number | null;
  /** A contour this close to a slice plane (mm) belongs to that slice. */
  tolerance: number;
  /** Largest spread of a contour along the normal (mm) that still counts as parallel to the slices. */
  parallelTolerance: number;
}

export interface SliceStackOptions {
  /** Default: half the slice spacing, so every position between the first and last slice has a slice. */
  tolerance?: number;
  /** Used for the tolerance of a single-slice series (default 1 mm): half of it. */
  sliceThickness?: number;
  /** Default: 5% of the spacing, at least 0.01 mm and at most the tolerance. */
  parallelTolerance?: number;
}

export type SliceStackResult = { stack: SliceStack; problem: null } | { stack: null; problem: string };

function unit(v: Vec3): Vec3 {
  const n = Math.hypot(v[0], v[1], v[2]);
  return n > 0 ? [v[0] / n, v[1] / n, v[2] / n] : v;
}

/**
 * One plane per instance (the first frame of an enhanced one), in the order given; instances without geometry
 * are dropped. For one plane per frame, geometry/imagePlanes.ts gives planes that fit SlicePlane too.
 */
export function slicePlanesOf(instances: readonly DicomJsonDataset[]): SlicePlane[] {
  return instances.flatMap((ds) => {
    const { position, orientation } = planeOf(ds);
    const sopInstanceUID = str(ds, Tag.SOPInstanceUID);
    return position && orientation && sopInstanceUID
      ? [{ sopInstanceUID, imagePositionPatient: position, imageOrientationPatient: orientation }]
      : [];
  });
}

/** The geometry contours are placed against; a problem in words when the planes do not form a stack. */
export function sliceStack(planes: readonly SlicePlane[], opts: SliceStackOptions = {}): SliceStackResult {
  if (planes.length === 0) return { stack: null, problem: 'the series has no image with position and orientation' };
  const [row, col] = planes[0].imageOrientationPatient;
  const normal = unit(orientationNormal([row, col]));
  if (Math.hypot(...normal) < 0.5)
    return { stack: null, problem: 'ImageOrientationPatient of the first image is degenerate' };
  const tilted = planes.findIndex(
    (p) => Math.abs(dot(unit(orientationNormal(p.imageOrientationPatient)), normal)) < 0.9999,
  );
  if (tilted >= 0) {
    return {
      stack: null,
      problem: `image ${tilted + 1} (${planes[tilted].sopInstanceUID}) is not parallel to the first image: not a stack of slices`,
    };
  }
  const positions = Float64Array.from(planes, (p) => dot(p.imagePositionPatient, normal));
  const byPosition = Int32Array.from(planes.keys()).sort((a, b) => positions[a] - positions[b]);
  const gaps: number[] = [];
  for (let k = 1; k < byPosition.length; k++) {
    const gap = positions[byPosition[k]] - positions[byPosition[k - 1]];
    if (gap > 1e-6) gaps.push(gap);
  }
  gaps.sort((a, b) => a - b);
  const spacing = gaps.length ? gaps[Math.floor(gaps.length / 2)] : null;
  const tolerance = opts.tolerance ?? (spacing !== null ? spacing / 2 : (opts.sliceThickness ?? 1) / 2);
  const parallelTolerance =
    opts.parallelTolerance ?? Math.min(tolerance, Math.max(0.01, 0.05 * (spacing ?? 2 * tolerance)));
  return {
    stack: {
      planes,
      rowDirection: unit(row),
      columnDirection: unit(col),
      normal,
      positions,
      byPosition,
      spacing,
      tolerance,
      parallelTolerance,
    },
    problem: null,
  };
}

export type ContourPlacement =
  /** On slice `sliceIndex`; `offset` is the signed distance from its plane along the normal (mm). */
  | { kind: 'slice'; sliceIndex: number; offset: number }
  /** Inside the stack's extent, but farther than the tolerance from every slice (a gap in the series). */
  | { kind: 'between'; nearestSliceIndex: number; offset: number }
  /** Beyond the first or last slice by more than the tolerance; `beyond` is how far (mm). */
  | { kind: 'outside'; position: number; beyond: number }
  /** Planar, but its plane is not parallel to the slices: it crosses `sliceIndices`. */
  | { kind: 'oblique'; angleDegrees: number | null; sliceIndices: number[] }
  /** OPEN_NONPLANAR: a 3D polyline crossing `sliceIndices`. */
  | { kind: 'nonplanar'; sliceIndices: number[] }
  /** The contour's frame of reference is not the series': it has no place on these images. */
  | { kind: 'otherFrameOfReference' }
  | { kind: 'empty' };

/** Index into byPosition of the first slice at or above `position`. */
function lowerBound(stack: SliceStack, position: number): number {
  let lo = 0;
  let hi = stack.byPosition.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (stack.positions[stack.byPosition[mid]] < position) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Slices whose plane lies within [from - tolerance, to + tolerance], in position order. */
function slicesBetween(stack: SliceStack, from: number, to: number): number[] {
  const out: number[] = [];
  for (let k = lowerBound(stack, from - stack.tolerance); k < stack.byPosition.length; k++) {
    const index = stack.byPosition[k];
    if (stack.positions[index] > to + stack.tolerance) break;
    out.push(index);
  }
  return out;
}

/** Place a position along the normal: nearest slice (ties go to the lower position), a gap, or outside. */
function placePosition(stack: SliceStack, position: number): ContourPlacement {
  const { positions, byPosition, tolerance } = stack;
  const first = positions[byPosition[0]];
  const last = positions[byPosition[byPosition.length - 1]];
  if (position < first - tolerance) return { kind: 'outside', position, beyond: first - position };
  if (position > last + tolerance) return { kind: 'outside', position, beyond: position - last };
  const k = lowerBound(stack, position);
  let nearest = byPosition[Math.min(k, byPosition.length - 1)];
  if (k > 0) {
    const below = byPosition[k - 1];
    if (position - positions[below] <= Math.abs(positions[nearest] - position)) nearest = below;
  }
  const offset = position - positions[nearest];
  if (Math.abs(offset) <= tolerance) return { kind: 'slice', sliceIndex: nearest, offset };
  return { kind: 'between', nearestSliceIndex: nearest, offset };
}

/** Angle (degrees) between a polygon's plane (Newell normal) and the slices; null when it has no area. */
function tiltDegrees(points: ArrayLike<number>, normal: Vec3): number | null {
  let nx = 0;
  let ny = 0;
  let nz = 0;
  const n = points.length / 3;
  for (let i = 0; i < n; i++) {
    const j = ((i + 1) % n) * 3;
    const [x0, y0, z0] = [points[3 * i], points[3 * i + 1], points[3 * i + 2]];
    const [x1, y1, z1] = [points[j], points[j + 1], points[j + 2]];
    nx += (y0 - y1) * (z0 + z1);
    ny += (z0 - z1) * (x0 + x1);
    nz += (x0 - x1) * (y0 + y1);
  }
  const len = Math.hypot(nx, ny, nz);
  if (len < 1e-9) return null;
  const cos = Math.min(1, Math.abs(dot([nx / len, ny / len, nz / len], normal)));
  return (Math.acos(cos) * 180) / Math.PI;
}

/**
 * Place one contour (x, y, z triplets in patient mm). Planar contours go to one slice; `nonplanar` is for
 * OPEN_NONPLANAR, which legitimately crosses slices.
 */
export function placeContour(
  points: ArrayLike<number>,
  stack: SliceStack,
  opts: { nonplanar?: boolean } = {},
): ContourPlacement {
  const n = Math.floor(points.length / 3);
  if (n === 0) return { kind: 'empty' };
  const [ax, ay, az] = stack.normal;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n * 3; i += 3) {
    const d = points[i] * ax + points[i + 1] * ay + points[i + 2] * az;
    if (d < min) min = d;
    if (d > max) max = d;
  }
  if (opts.nonplanar) return { kind: 'nonplanar', sliceIndices: slicesBetween(stack, min, max) };
  if (max - min > stack.parallelTolerance) {
    return {
      kind: 'oblique',
      angleDegrees: tiltDegrees(points, stack.normal),
      sliceIndices: slicesBetween(stack, min, max),
    };
  }
  return placePosition(stack, (min + max) / 2);
}

/** In-plane coordinates (mm along the row and column directions) of contour points: x, y pairs. */
export function inPlaneCoordinates(points: ArrayLike<number>, stack: SliceStack): Float64Array {
  const n = Math.floor(points.length / 3);
  const out = new Float64Array(2 * n);
  const [r, c] = [stack.rowDirection, stack.columnDirection];
  for (let i = 0; i < n; i++) {
    const x = points[3 * i];
    const y = points[3 * i + 1];
    const z = points[3 * i + 2];
    out[2 * i] = x * r[0] + y * r[1] + z * r[2];
    out[2 * i + 1] = x * c[0] + y * c[1] + z * c[2];
  }
  return out;
}

export interface SeriesFrame {
  seriesInstanceUID: string;
  frameOfReferenceUID: string | null;
  /** SeriesDescription or similar, for the message. */
  description?: string;
}

/**
 * The series an object in `frameOfReferenceUIDs` can be drawn on. `what` names the object in the message, e.g.
 * 'Structure set "PLAN1" (1.2.3...)'.
 */
export function seriesInFrameOfReference(
  frameOfReferenceUIDs: readonly string[],
  series: readonly SeriesFrame[],
  what: string,
): { series: SeriesFrame[]; problem: string | null } {
  if (frameOfReferenceUIDs.length === 0) {
    return {
      series: [...series],
      problem: `${what} names no frame of reference: it is placed on images by position alone, which may be wrong`,
    };
  }
  const wanted = new Set(frameOfReferenceUIDs);
  const matching = series.filter((s) => s.frameOfReferenceUID !== null && wanted.has(s.frameOfReferenceUID));
  if (matching.length > 0) return { series: matching, problem: null };
  const names = series.map((s) => s.description ?? s.seriesInstanceUID);
  const loaded = series.length
    ? `none of the ${series.length} series (${names.join(', ')}) shares it`
    : 'no image series is loaded';
  return {
    series: [],
    problem: `${what} is in frame of reference ${frameOfReferenceUIDs.join(', ')}; ${loaded}, so its contours cannot be drawn on these images`,
  };
}
