// Pixel <-> patient transforms: the ONE place that knows how ImagePositionPatient, ImageOrientationPatient and
// PixelSpacing combine. Everything else (SEG placement and summary, SR regions, voxel grids, the viewer) calls it.
//
// Conventions (DICOM PS3.3 C.7.6.2.1.1), stated once:
// - Patient coordinates are LPS, in mm.
// - ImagePositionPatient (IPP) is the centre of the first pixel sent: row 0, column 0.
// - ImageOrientationPatient (IOP) is the row direction IOP[0..2] (the way the column index grows, along a row:
//   the image's x) then the column direction IOP[3..5] (the way the row index grows, down a column: the image's y).
//   Our planes hold it as imageOrientationPatient = [rowDirection, columnDirection].
// - PixelSpacing is [spacing between rows, spacing between columns] in mm:
//     PixelSpacing[0] = spacing between rows    = the step of one row index, along the column direction (IOP[3..5]);
//     PixelSpacing[1] = spacing between columns = the step of one column index, along the row direction (IOP[0..2]).
// - Pixel indices are of pixel centres (integers at the centres; fractions in between):
//     patient = IPP + column * PixelSpacing[1] * rowDirection + row * PixelSpacing[0] * columnDirection
//   and back, for the orthonormal directions DICOM requires:
//     column = (patient - IPP) · rowDirection / PixelSpacing[1]
//     row    = (patient - IPP) · columnDirection / PixelSpacing[0]
//     offset = (patient - IPP) · (rowDirection x columnDirection)   (signed distance from the plane)
// - SCOORD image coordinates (PS3.3 C.18.6.1.1) put (0, 0) at the top left corner of the top left pixel, x along
//   a row (columns), y down a column (rows): pixel centre (row r, column c) is SCOORD (c + 0.5, r + 0.5).
// - The plane normal (the way slices are stacked) is rowDirection x columnDirection.
import type { Vec3 } from './sortSlices';

/** What the transforms need of a plane (GridPlane and ImagePlane of plane.ts fit it). */
export interface PlaneGeometry {
  imagePositionPatient: Vec3;
  /** [row direction (IOP[0..2]), column direction (IOP[3..5])] */
  imageOrientationPatient: readonly [Vec3, Vec3];
  /** PixelSpacing: [spacing between rows, spacing between columns] (mm) */
  pixelSpacing: readonly [number, number];
}

const dot3 = (a: Vec3, b: Vec3): number => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];

/** PixelSpacing[0]: mm from one row to the next (along the column direction). */
export function spacingBetweenRows(plane: Pick<PlaneGeometry, 'pixelSpacing'>): number {
  return plane.pixelSpacing[0];
}

/** PixelSpacing[1]: mm from one column to the next (along the row direction). */
export function spacingBetweenColumns(plane: Pick<PlaneGeometry, 'pixelSpacing'>): number {
  return plane.pixelSpacing[1];
}

/** IOP[0..2]: the direction of increasing column index. */
export function rowDirection(plane: Pick<PlaneGeometry, 'imageOrientationPatient'>): Vec3 {
  return plane.imageOrientationPatient[0];
}

/** IOP[3..5]: the direction of increasing row index. */
export function columnDirection(plane: Pick<PlaneGeometry, 'imageOrientationPatient'>): Vec3 {
  return plane.imageOrientationPatient[1];
}

/** rowDirection x columnDirection, not normalised (the orientation of a stack of slices). */
export function orientationNormal(orientation: readonly [Vec3, Vec3]): Vec3 {
  const [x, y] = orientation;
  return [x[1] * y[2] - x[2] * y[1], x[2] * y[0] - x[0] * y[2], x[0] * y[1] - x[1] * y[0]];
}

/** The pixel grid as an affine map: patient = origin + column * perColumn + row * perRow. */
export interface PixelAxes {
  /** patient position of the centre of pixel (0, 0): IPP */
  origin: Vec3;
  /** patient step of one column index: PixelSpacing[1] * rowDirection */
  perColumn: Vec3;
  /** patient step of one row index: PixelSpacing[0] * columnDirection */
  perRow: Vec3;
}

export function pixelAxes(plane: PlaneGeometry): PixelAxes {
  const x = rowDirection(plane);
  const y = columnDirection(plane);
  const cs = spacingBetweenColumns(plane);
  const rs = spacingBetweenRows(plane);
  return {
    origin: [...plane.imagePositionPatient] as Vec3,
    perColumn: [cs * x[0], cs * x[1], cs * x[2]],
    perRow: [rs * y[0], rs * y[1], rs * y[2]],
  };
}

/** Patient position of pixel (row, column): integers are pixel centres, fractions lie between them. */
export function pixelToPatient(plane: PlaneGeometry, row: number, column: number): Vec3 {
  const { origin: p, perColumn: u, perRow: v } = pixelAxes(plane);
  return [p[0] + column * u[0] + row * v[0], p[1] + column * u[1] + row * v[1], p[2] + column * u[2] + row * v[2]];
}

/** Fractional pixel of a patient position projected onto the plane, and its signed distance from the plane (mm). */
export interface PixelPosition {
  row: number;
  column: number;
  /** along rowDirection x columnDirection (unit) */
  offset: number;
}

/** The inverse of pixelToPatient (projecting onto the plane). */
export function patientToPixel(plane: PlaneGeometry, point: Vec3): PixelPosition {
  const o = plane.imagePositionPatient;
  const d: Vec3 = [point[0] - o[0], point[1] - o[1], point[2] - o[2]];
  const n = orientationNormal(plane.imageOrientationPatient);
  const nl = Math.hypot(n[0], n[1], n[2]) || 1;
  return {
    column: dot3(d, rowDirection(plane)) / spacingBetweenColumns(plane),
    row: dot3(d, columnDirection(plane)) / spacingBetweenRows(plane),
    offset: dot3(d, n) / nl,
  };
}

/** SCOORD (x, y) on an image ((0, 0) = top left corner of the top left pixel) -> patient position on its plane. */
export function scoordToPatient(plane: PlaneGeometry, x: number, y: number): Vec3 {
  return pixelToPatient(plane, y - 0.5, x - 0.5);
}

/** Patient position -> SCOORD (x, y) on the image (projected onto its plane). */
export function patientToScoord(plane: PlaneGeometry, point: Vec3): [number, number] {
  const p = patientToPixel(plane, point);
  return [p.column + 0.5, p.row + 0.5];
}

/**
 * Affine map between two pixel grids: column' = m[0]*column + m[1]*row + m[2], row' = m[3]*column + m[4]*row + m[5].
 * Coordinates are pixel centres (integers at pixel centres), so nearest neighbour is Math.round.
 */
export type Affine2D = [number, number, number, number, number, number];

/** Pixels of `source` -> pixels of `target`, projecting through patient space onto the target plane. */
export function pixelToPixel(source: PlaneGeometry, target: PlaneGeometry): Affine2D {
  const s = pixelAxes(source);
  const o = patientToPixel(target, s.origin);
  // The linear part: where one column and one row step of the source land, in target pixels.
  const tx = rowDirection(target);
  const ty = columnDirection(target);
  const tcs = spacingBetweenColumns(target);
  const trs = spacingBetweenRows(target);
  return [
    dot3(s.perColumn, tx) / tcs,
    dot3(s.perRow, tx) / tcs,
    o.column,
    dot3(s.perColumn, ty) / trs,
    dot3(s.perRow, ty) / trs,
    o.row,
  ];
}
