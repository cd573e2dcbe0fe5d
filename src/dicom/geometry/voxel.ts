// Patient point -> voxel of a displayed series: which slice (nearest plane along the stack normal, within the
// stack's tolerance) and which pixel of it (nearest pixel centre). For "what is under the cursor".
import type { SliceStack } from './contourPlacement';
import type { ImagePlane, Vec3 } from './plane';
import { patientToPixel } from './transform';

const dot = (a: Vec3, b: Vec3): number => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];

/** [slice index, row, column] of the voxel holding `point`, or null when it lies outside the series. */
export function worldToVoxel(planes: readonly ImagePlane[], stack: SliceStack, point: Vec3): [number, number, number] | null {
  const pos = dot(point, stack.normal);
  let k = -1;
  let best = Infinity;
  for (let i = 0; i < stack.positions.length; i++) {
    const d = Math.abs(stack.positions[i] - pos);
    if (d < best) {
      best = d;
      k = i;
    }
  }
  if (k < 0 || best > stack.tolerance) return null;
  const plane = planes[k];
  const p = patientToPixel(plane, point);
  const column = Math.round(p.column);
  const row = Math.round(p.row);
  if (row < 0 || row >= plane.rows || column < 0 || column >= plane.columns) return null;
  return [k, row, column];
}
