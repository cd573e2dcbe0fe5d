// A stack of parallel image planes as one voxel grid: voxel (column, row, slice) <-> patient (LPS, mm) as 3x4
// affine maps, for code that works on whole volumes (resampling, distances, statistics). The in-plane axes
// come from pixelAxes (transform.ts owns the PixelSpacing convention); the slice axis is the step between
// consecutive planes in the order given (the order of the viewer's label slices), so it may point against
// the plane normal.
import { sub, norm, type GridPlane, type Vec3 } from './plane';
import { orientationNormal, pixelAxes, spacingBetweenColumns, spacingBetweenRows } from './transform';
import { dot } from './sortSlices';

/** Row-major 3x4 affine: out = M[0..2]·v + M[3], M[4..6]·v + M[7], M[8..10]·v + M[11]. */
export type Affine3D = Float64Array;

export interface VolumeGrid {
  frameOfReferenceUID: string | null;
  columns: number;
  rows: number;
  slices: number;
  /** Plane of slice k (the first plane's spacing, orientation and size apply to all). */
  planes: readonly GridPlane[];
  /** Voxel size along [column index, row index, slice index] in mm: [column spacing, row spacing, slice step]. */
  spacing: Vec3;
  /** (column, row, slice) -> patient */
  toPatient: Affine3D;
  /** patient -> (column, row, slice), fractional; round for the nearest voxel centre */
  toVoxel: Affine3D;
  /** Why distances or volumes on this grid are approximate (uneven slices, slices not square to the plane); null if none. */
  warning: string | null;
}

export function applyAffine(m: Affine3D, x: number, y: number, z: number): Vec3 {
  return [
    m[0] * x + m[1] * y + m[2] * z + m[3],
    m[4] * x + m[5] * y + m[6] * z + m[7],
    m[8] * x + m[9] * y + m[10] * z + m[11],
  ];
}

function invertAffine3D(m: Affine3D): Affine3D {
  const [a, b, c, , d, e, f, , g, h, i] = m;
  const det = a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g);
  if (Math.abs(det) < 1e-12) throw new Error('degenerate voxel grid (zero spacing or parallel axes)');
  const inv = [
    (e * i - f * h) / det,
    (c * h - b * i) / det,
    (b * f - c * e) / det,
    (f * g - d * i) / det,
    (a * i - c * g) / det,
    (c * d - a * f) / det,
    (d * h - e * g) / det,
    (b * g - a * h) / det,
    (a * e - b * d) / det,
  ];
  const t = [m[3], m[7], m[11]];
  const out = new Float64Array(12);
  for (let r = 0; r < 3; r++) {
    out[4 * r] = inv[3 * r];
    out[4 * r + 1] = inv[3 * r + 1];
    out[4 * r + 2] = inv[3 * r + 2];
    out[4 * r + 3] = -(inv[3 * r] * t[0] + inv[3 * r + 1] * t[1] + inv[3 * r + 2] * t[2]);
  }
  return out;
}

/** a∘b: first b, then a. */
export function composeAffine(a: Affine3D, b: Affine3D): Affine3D {
  const out = new Float64Array(12);
  for (let r = 0; r < 3; r++) {
    for (let c = 0; c < 4; c++) {
      let s = c === 3 ? a[4 * r + 3] : 0;
      for (let k = 0; k < 3; k++) s += a[4 * r + k] * b[4 * k + c];
      out[4 * r + c] = s;
    }
  }
  return out;
}

export interface VolumeGridOptions {
  /** Slice step (mm) for a single plane, e.g. SpacingBetweenSlices or SliceThickness; default 1 mm. */
  singleSliceSpacing?: number;
}

export type VolumeGridResult = { grid: VolumeGrid; problem: null } | { grid: null; problem: string };

/**
 * The grid of `planes` in the order given. Refuses planes of different size, spacing or orientation (no single
 * grid); accepts uneven slice steps with a warning (the mean step is used).
 */
export function volumeGrid(
  planes: readonly GridPlane[],
  frameOfReferenceUID: string | null,
  opts: VolumeGridOptions = {},
): VolumeGridResult {
  if (!planes.length) return { grid: null, problem: 'no image planes' };
  const p0 = planes[0];
  const same = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-4 * Math.max(1, Math.abs(a));
  for (let k = 1; k < planes.length; k++) {
    const p = planes[k];
    if (p.rows !== p0.rows || p.columns !== p0.columns) return { grid: null, problem: `slice ${k + 1} is ${p.rows}x${p.columns}, slice 1 ${p0.rows}x${p0.columns}: no single voxel grid` };
    if (!same(p.pixelSpacing[0], p0.pixelSpacing[0]) || !same(p.pixelSpacing[1], p0.pixelSpacing[1]))
      return { grid: null, problem: `slice ${k + 1} has another PixelSpacing than slice 1: no single voxel grid` };
    const o = p.imageOrientationPatient;
    if (Math.abs(dot(o[0], p0.imageOrientationPatient[0])) < 0.9999 || Math.abs(dot(o[1], p0.imageOrientationPatient[1])) < 0.9999)
      return { grid: null, problem: `slice ${k + 1} is not parallel to slice 1: no single voxel grid` };
  }
  const { origin, perColumn: alongColumns, perRow: alongRows } = pixelAxes(p0);
  const n = planes.length;
  const normal = (() => {
    const c = orientationNormal(p0.imageOrientationPatient);
    const l = norm(c) || 1;
    return [c[0] / l, c[1] / l, c[2] / l] as Vec3;
  })();
  let step: Vec3;
  let warning: string | null = null;
  if (n === 1) {
    const s = opts.singleSliceSpacing ?? 1;
    step = [normal[0] * s, normal[1] * s, normal[2] * s];
    if (opts.singleSliceSpacing === undefined) warning = 'a single slice: its thickness is taken as 1 mm';
  } else {
    const last = sub(planes[n - 1].imagePositionPatient, p0.imagePositionPatient);
    step = [last[0] / (n - 1), last[1] / (n - 1), last[2] / (n - 1)];
    const stepLength = norm(step);
    if (stepLength < 1e-6) return { grid: null, problem: 'the first and last slices lie on one plane: no voxel grid' };
    let worst = 0;
    for (let k = 1; k < n - 1; k++) {
      const d = sub(planes[k].imagePositionPatient, p0.imagePositionPatient);
      worst = Math.max(worst, norm(sub(d, [step[0] * k, step[1] * k, step[2] * k])));
    }
    if (worst > 0.05 * stepLength) warning = `slices are not evenly spaced (up to ${worst.toFixed(2)} mm off a ${stepLength.toFixed(3)} mm step): distances and volumes use the mean step`;
    const tilt = Math.abs(dot(step, normal)) / stepLength;
    if (tilt < 0.9999) warning = `slices are shifted sideways along the stack (gantry tilt, ${((Math.acos(tilt) * 180) / Math.PI).toFixed(1)}°): distances treat the voxels as boxes`;
  }
  const toPatient = new Float64Array([
    alongColumns[0], alongRows[0], step[0], origin[0],
    alongColumns[1], alongRows[1], step[1], origin[1],
    alongColumns[2], alongRows[2], step[2], origin[2],
  ]);
  return {
    grid: {
      frameOfReferenceUID,
      columns: p0.columns,
      rows: p0.rows,
      slices: n,
      planes,
      spacing: [spacingBetweenColumns(p0), spacingBetweenRows(p0), norm(step)],
      toPatient,
      toVoxel: invertAffine3D(toPatient),
      warning,
    },
    problem: null,
  };
}

/** Volume of one voxel (mm³): column spacing x row spacing x slice step. */
export function voxelVolume(grid: Pick<VolumeGrid, 'spacing'>): number {
  return grid.spacing[0] * grid.spacing[1] * grid.spacing[2];
}

/** True when two grids put their voxel centres at the same places (within `tolerance` of a voxel). */
export function sameGrid(a: VolumeGrid, b: VolumeGrid, tolerance = 0.05): boolean {
  if (a.columns !== b.columns || a.rows !== b.rows || a.slices !== b.slices) return false;
  const m = composeAffine(b.toVoxel, a.toPatient);
  const identity = [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0];
  const extent = Math.max(a.columns, a.rows, a.slices);
  return identity.every((v, i) => Math.abs(m[i] - v) * (i % 4 === 3 ? 1 : extent) <= tolerance);
}
