// Labels (a SEG layer, a parametric map's bins) made on the slices of one series, carried onto the slices of
// another series of the same Frame of Reference: each target pixel takes the label of the source voxel that holds
// its centre (nearest neighbour: labels are categories, never blended). A target pixel whose centre is farther
// than the source's slice tolerance from every source slice, or outside the source image, gets nothing: a label
// is never drawn where the source says nothing about.
import type { SliceStack } from './contourPlacement';
import type { ImagePlane } from './plane';
import { dot } from './sortSlices';
import { pixelToPatient, pixelToPixel, type Affine2D } from './transform';

/** A series' slice geometry: one plane per slice, and the slices as a stack (same order). */
export interface LabelGrid {
  planes: readonly ImagePlane[];
  slices: SliceStack;
}

export type LabelSlice = Uint8Array | Uint16Array;

/** The source slice nearest a position along its normal, or -1 when none is within its tolerance. */
function nearestSlice(s: SliceStack, pos: number): number {
  const { byPosition: order, positions } = s;
  let lo = 0;
  let hi = order.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (positions[order[mid]] < pos) lo = mid + 1;
    else hi = mid;
  }
  let best = order[lo];
  if (lo > 0 && Math.abs(positions[order[lo - 1]] - pos) < Math.abs(positions[best] - pos)) best = order[lo - 1];
  return Math.abs(positions[best] - pos) <= s.tolerance ? best : -1;
}

/**
 * Target slice `k` of labels given on the source's slices (null: an empty slice), or null when nothing lands on it.
 * Pixel coordinates are pixel centres, so a target pixel centre maps to the source pixel whose area holds it.
 */
export function resampleSlice(source: LabelGrid, labels: ReadonlyArray<LabelSlice | null>, target: LabelGrid, k: number, wide: boolean): LabelSlice | null {
  const tp = target.planes[k];
  const { rows, columns } = tp;
  const n = source.slices.normal;
  const origin = pixelToPatient(tp, 0, 0);
  const p0 = dot(origin, n);
  const pc = dot(pixelToPatient(tp, 0, 1), n) - p0;
  const pr = dot(pixelToPatient(tp, 1, 0), n) - p0;
  // Parallel planes (the usual case): one source slice for the whole target slice.
  const parallel = Math.abs(pc) * columns + Math.abs(pr) * rows < 1e-6;
  const affines = new Map<number, Affine2D>();
  let out: LabelSlice | null = null;
  const only = parallel ? nearestSlice(source.slices, p0) : -1;
  if (parallel && (only < 0 || !labels[only])) return null;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < columns; c++) {
      const j = parallel ? only : nearestSlice(source.slices, p0 + r * pr + c * pc);
      if (j < 0) continue;
      const src = labels[j];
      if (!src) continue;
      let m = affines.get(j);
      if (!m) {
        m = pixelToPixel(tp, source.planes[j]);
        affines.set(j, m);
      }
      const sp = source.planes[j];
      const sc = Math.round(m[0] * c + m[1] * r + m[2]);
      const sr = Math.round(m[3] * c + m[4] * r + m[5]);
      if (sr < 0 || sr >= sp.rows || sc < 0 || sc >= sp.columns) continue;
      const v = src[sr * sp.columns + sc];
      if (!v) continue;
      out ??= wide ? new Uint16Array(rows * columns) : new Uint8Array(rows * columns);
      out[r * columns + c] = v;
    }
  }
  return out;
}
