// Which frames of a map give the values of each slice of the displayed series. Frames are placed through patient
// coordinates as SEG frames are (geometry/placeFrames: by source image reference when it agrees with the frame's
// plane, else by Frame of Reference and position; oblique frames refused with the reason). A slice that lies
// between two parallel frames of the map takes both, weighted by distance: with bilinear sampling in the plane
// (sampleFrame.ts) that is trilinear interpolation of the map onto the slices.
import { placeFrames, type PlacementOptions, type TargetSeries, type UnplacedReason } from '../geometry/placeFrames';
import { frameRanges } from '../geometry/frameRanges';
import { cornerDistances, gridMapping, planeNormal, type GridMapping, type GridPlane } from '../geometry/plane';
import { dot } from '../geometry/sortSlices';
import type { ParametricMap, ParametricMapProblem } from './model';

/** One frame's share in one slice. */
export interface SliceSource {
  frameIndex: number;
  weight: number;
  /** map frame pixels -> slice pixels */
  mapping: GridMapping;
}

export interface SlicePlan {
  /** per target slice: one source (the frame lies on it) or two (it lies between them), or null (no values) */
  slices: Array<SliceSource[] | null>;
  /** frames used by at least one slice */
  usedFrames: number;
  /** slices filled from two frames */
  interpolatedSlices: number;
  /** readable, naming the map: frames refused and why, gaps */
  problems: ParametricMapProblem[];
}

/** Two frames further apart than this many times the map's usual spacing are not interpolated between. */
const MAX_GAP_FACTOR = 1.5;
/** A slice this close (mm) to a frame takes that frame alone (positions are rounded decimal strings). */
const SAME_PLANE_MM = 0.01;

interface StackFrame {
  frameIndex: number;
  plane: GridPlane;
  /** position along the target normal (mm) */
  d: number;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Plan the slices of `target` from the frames of `map` (see the module comment). */
export function planSlices(map: ParametricMap, target: TargetSeries, options: PlacementOptions = {}): SlicePlan {
  const planes = target.planes;
  const placement = placeFrames(map, target, options);
  const slices: Array<SliceSource[] | null> = planes.map(() => null);
  // placeFrames' words for frames between slices ("not shown") do not hold here: such frames are interpolated.
  // Frames refused by placement ("...; not shown") are errors, its other notes warnings.
  const problems: ParametricMapProblem[] = placement.problems
    .filter((p) => !/on no image slice of the displayed series/.test(p))
    .map((message) => ({ severity: /; not shown/.test(message) ? 'error' : 'warning', message }));
  const warn = (message: string): void => void problems.push({ severity: 'warning', message: `${map.objectName}: ${message}` });
  if (!planes.length) return { slices, usedFrames: 0, interpolatedSlices: 0, problems };
  const refused = new Map<number, UnplacedReason>(placement.unplaced.map((u) => [u.frameIndex, u.reason]));
  const normal = planeNormal(planes[0]);
  const d0 = dot(planes[0].imagePositionPatient, normal);
  const sliceD = planes.map((p) => dot(p.imagePositionPatient, normal));

  // Parallel frames with a plane in this Frame of Reference, along the normal.
  const stack: StackFrame[] = [];
  for (const f of map.frames) {
    const reason = refused.get(f.frameIndex);
    if (reason && reason !== 'off-slice') continue;
    if (!f.imagePositionPatient || !f.imageOrientationPatient || !f.pixelSpacing) continue;
    if (map.frameOfReferenceUID && target.frameOfReferenceUID && map.frameOfReferenceUID !== target.frameOfReferenceUID) continue;
    const plane: GridPlane = {
      imagePositionPatient: f.imagePositionPatient,
      imageOrientationPatient: f.imageOrientationPatient,
      pixelSpacing: f.pixelSpacing,
      rows: map.rows,
      columns: map.columns,
    };
    const [lo, hi] = cornerDistances(plane, planes[0]);
    stack.push({ frameIndex: f.frameIndex, plane, d: d0 + (lo + hi) / 2 });
  }
  stack.sort((a, b) => a.d - b.d || a.frameIndex - b.frameIndex);
  const gaps: number[] = [];
  for (let i = 1; i < stack.length; i++) if (stack[i].d - stack[i - 1].d > SAME_PLANE_MM) gaps.push(stack[i].d - stack[i - 1].d);
  const maxGap = gaps.length ? MAX_GAP_FACTOR * median(gaps) : 0;
  const inStack = new Set(stack.map((s) => s.frameIndex));
  const tolerance = placement.tolerance;

  const used = new Set<number>();
  const duplicates: number[] = [];
  const gapSlices: number[] = [];
  let interpolatedSlices = 0;
  const one = (s: StackFrame, k: number): SliceSource[] => [{ frameIndex: s.frameIndex, weight: 1, mapping: gridMapping(s.plane, planes[k]) }];
  for (let k = 0; k < planes.length; k++) {
    const d = sliceD[k];
    // The last stack frame at or below d (binary search), and the one after it.
    let lo = 0;
    let hi = stack.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (stack[mid].d <= d + SAME_PLANE_MM) lo = mid + 1;
      else hi = mid;
    }
    const below = stack[lo - 1];
    const above = stack[lo];
    if (below && Math.abs(below.d - d) <= SAME_PLANE_MM) {
      slices[k] = one(below, k);
      if (lo >= 2 && Math.abs(stack[lo - 2].d - d) <= SAME_PLANE_MM) duplicates.push(below.frameIndex);
    } else if (below && above && above.d - below.d <= maxGap + SAME_PLANE_MM) {
      const t = (d - below.d) / (above.d - below.d);
      slices[k] = [
        { frameIndex: below.frameIndex, weight: 1 - t, mapping: gridMapping(below.plane, planes[k]) },
        { frameIndex: above.frameIndex, weight: t, mapping: gridMapping(above.plane, planes[k]) },
      ];
      interpolatedSlices++;
    } else {
      // Beyond the first or last frame, or across a gap: the nearest frame within the slice tolerance, as for SEG.
      const near = [below, above].filter((s): s is StackFrame => !!s && Math.abs(s.d - d) <= tolerance);
      near.sort((a, b) => Math.abs(a.d - d) - Math.abs(b.d - d));
      if (near.length) slices[k] = one(near[0], k);
      else if (below && above) gapSlices.push(k);
    }
  }
  // Frames placed only through their source image reference (no plane, or another Frame of Reference).
  for (const p of placement.placements) {
    if (inStack.has(p.frameIndex)) continue;
    if (slices[p.sliceIndex]) duplicates.push(p.frameIndex);
    else slices[p.sliceIndex] = [{ frameIndex: p.frameIndex, weight: 1, mapping: p.mapping }];
  }
  for (const sources of slices) for (const s of sources ?? []) used.add(s.frameIndex);

  const lowest = Math.min(...sliceD) - tolerance;
  const highest = Math.max(...sliceD) + tolerance;
  const outside = stack.filter((s) => !used.has(s.frameIndex) && (s.d < lowest || s.d > highest)).map((s) => s.frameIndex);
  if (outside.length) warn(`${frameRanges(outside)}: beyond the first or last slice of the displayed series`);
  if (duplicates.length) warn(`${frameRanges(duplicates)}: on a slice that another frame already gives; left out`);
  if (gapSlices.length) {
    warn(
      `${gapSlices.length} slice${gapSlices.length > 1 ? 's' : ''} of the displayed series lie in gaps of the map ` +
        `(frames more than ${maxGap.toFixed(2)} mm apart): no values there`,
    );
  }
  return { slices, usedFrames: used.size, interpolatedSlices, problems };
}
