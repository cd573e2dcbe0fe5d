// Image planes in patient space (LPS, mm) and the 2D affine maps between two pixel grids on parallel planes.
// The pixel <-> patient maths and its conventions (PixelSpacing order, IOP order) live in transform.ts.
import { dot, type Vec3 } from './sortSlices';
import { orientationNormal, pixelToPatient, pixelToPixel, type Affine2D } from './transform';

export type { Vec3, Affine2D };

/** One displayed image (a single-frame instance or one frame of a multi-frame instance). */
export interface ImagePlane {
  sopInstanceUID: string;
  /** 1-based frame number within a multi-frame instance; null for single-frame instances. */
  frameNumber: number | null;
  imagePositionPatient: Vec3;
  /** Row direction (x of the image) then column direction (y of the image). */
  imageOrientationPatient: [Vec3, Vec3];
  /** [row spacing, column spacing] in mm */
  pixelSpacing: [number, number];
  rows: number;
  columns: number;
}

/** The plane of any pixel grid, e.g. one SEG frame. */
export type GridPlane = Omit<ImagePlane, 'sopInstanceUID' | 'frameNumber'>;

export function sub(a: Vec3, b: Vec3): Vec3 {
  return [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
}

export function norm(a: Vec3): number {
  return Math.sqrt(dot(a, a));
}

function normalize(a: Vec3): Vec3 {
  const n = norm(a) || 1;
  return [a[0] / n, a[1] / n, a[2] / n];
}

export function planeNormal(plane: Pick<GridPlane, 'imageOrientationPatient'>): Vec3 {
  return normalize(orientationNormal(plane.imageOrientationPatient));
}

/** Six ImageOrientationPatient numbers as two unit vectors (writers round, so renormalise). */
export function orientationFromNumbers(iop: readonly number[]): [Vec3, Vec3] | null {
  if (iop.length !== 6 || iop.some((v) => !Number.isFinite(v))) return null;
  const x: Vec3 = [iop[0], iop[1], iop[2]];
  const y: Vec3 = [iop[3], iop[4], iop[5]];
  if (norm(x) < 1e-6 || norm(y) < 1e-6 || norm(orientationNormal([x, y])) < 1e-6) return null;
  return [normalize(x), normalize(y)];
}

/** Signed distance of the four corner pixel centres of `plane` from the plane of `reference`, min and max. */
export function cornerDistances(plane: GridPlane, reference: GridPlane): [number, number] {
  const n = planeNormal(reference);
  const d0 = dot(reference.imagePositionPatient, n);
  let min = Infinity;
  let max = -Infinity;
  for (const r of [0, plane.rows - 1]) {
    for (const c of [0, plane.columns - 1]) {
      const d = dot(pixelToPatient(plane, r, c), n) - d0;
      if (d < min) min = d;
      if (d > max) max = d;
    }
  }
  return [min, max];
}

/** Angle in degrees between the normals of two planes, ignoring their sense (0..90). */
export function tiltDegrees(a: GridPlane, b: GridPlane): number {
  const c = Math.min(1, Math.abs(dot(planeNormal(a), planeNormal(b))));
  return (Math.acos(c) * 180) / Math.PI;
}

/** How to go from a source grid to a target grid on the same plane. */
export interface GridMapping {
  /**
   * 'shift': same spacing and axes, whole-pixel offset (source (r, c) -> target (r + rowShift, c + columnShift)),
   * which includes the identical grid (both shifts 0); 'affine': anything else (resample nearest neighbour).
   */
  kind: 'shift' | 'affine';
  rowShift: number;
  columnShift: number;
  /** source pixel -> target pixel */
  toTarget: Affine2D;
  /** target pixel -> source pixel */
  toSource: Affine2D;
}

function invertAffine(m: Affine2D): Affine2D {
  const det = m[0] * m[4] - m[1] * m[3];
  if (Math.abs(det) < 1e-12) throw new Error('degenerate pixel grid (zero spacing or parallel axes)');
  const a = m[4] / det;
  const b = -m[1] / det;
  const d = -m[3] / det;
  const e = m[0] / det;
  return [a, b, -(a * m[2] + b * m[5]), d, e, -(d * m[2] + e * m[5])];
}

/** A grid whose pixels land within this fraction of a pixel of whole-pixel positions counts as shifted only
 * (DS values are rounded by writers, so exact equality never holds). */
const MAX_PIXEL_DRIFT = 0.05;

/**
 * The in-plane mapping from `source` pixels to `target` pixels, projecting the source onto the target plane
 * (callers check first that the planes coincide within their tolerance).
 */
export function gridMapping(source: GridPlane, target: GridPlane): GridMapping {
  const toTarget = pixelToPixel(source, target);
  // A scale error matters most at the far edge of the grid, so it is weighed by the grid size.
  const extent = Math.max(source.rows, source.columns, 1);
  const near = (v: number, w: number): boolean => Math.abs(v - w) * extent < MAX_PIXEL_DRIFT;
  const columnShift = Math.round(toTarget[2]);
  const rowShift = Math.round(toTarget[5]);
  const isShift =
    near(toTarget[0], 1) &&
    near(toTarget[1], 0) &&
    near(toTarget[3], 0) &&
    near(toTarget[4], 1) &&
    Math.abs(toTarget[2] - columnShift) < MAX_PIXEL_DRIFT &&
    Math.abs(toTarget[5] - rowShift) < MAX_PIXEL_DRIFT;
  return {
    kind: isShift ? 'shift' : 'affine',
    rowShift: isShift ? rowShift : 0,
    columnShift: isShift ? columnShift : 0,
    toTarget,
    toSource: invertAffine(toTarget),
  };
}
