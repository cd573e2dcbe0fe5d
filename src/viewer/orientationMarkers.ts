// The patient directions at a viewport's edges (R/L, A/P, H/F; two or three letters for oblique planes, the
// strongest first), its zoom and its pan (mm of the image plane, along screen right and down), for the overlay. Read from how the viewport maps the canvas to patient space now,
// so rotations, flips and MPR planes are all covered by the same two vectors.
import type { Types } from '@cornerstonejs/core';
import { utilities as toolUtilities } from '@cornerstonejs/tools';
import { panShift } from './viewMemory';

type AnyViewport = Types.IStackViewport | Types.IVolumeViewport;
type V3 = [number, number, number];

export interface EdgeLetters {
  top: string;
  right: string;
  bottom: string;
  left: string;
}

const sub = (a: Types.Point3, b: Types.Point3): V3 => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
const neg = (a: V3): V3 => [-a[0], -a[1], -a[2]];
/** Unit length, and components under 1e-6 dropped (rounding would otherwise add a letter). */
function unit(a: V3): V3 {
  const n = Math.hypot(...a);
  return a.map((x) => (Math.abs(x / n) < 1e-6 ? 0 : x / n)) as V3;
}

/**
 * Letters for the patient direction that screen-right and screen-down point to (LPS vectors); the opposite edges
 * get the opposite letters.
 */
export function edgeLetters(right: V3, down: V3): EdgeLetters {
  const name = toolUtilities.orientation.getOrientationStringLPS;
  const [r, d] = [unit(right), unit(down)];
  return { top: name(neg(d)), right: name(r), bottom: name(d), left: name(neg(r)) };
}

const dot = (a: V3, b: V3): number => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];

/**
 * Edge letters, zoom (1 = fitted) and pan (how far the image was moved from its fitted place: mm to the right and
 * mm down on screen) of a viewport; null while it cannot tell (no image yet).
 */
export function screenOrientation(vp: AnyViewport): { markers: EdgeLetters; zoom: number; pan: [number, number] } | null {
  try {
    const { clientWidth: w, clientHeight: h } = vp.canvas;
    if (!w || !h) return null;
    const c = vp.canvasToWorld([w / 2, h / 2]);
    const right = sub(vp.canvasToWorld([w / 2 + 1, h / 2]), c);
    const down = sub(vp.canvasToWorld([w / 2, h / 2 + 1]), c);
    if (![...right, ...down].every(Number.isFinite)) return null;
    const shift = panShift(vp) ?? [0, 0, 0];
    return { markers: edgeLetters(right, down), zoom: vp.getZoom(), pan: [dot(shift, unit(right)), dot(shift, unit(down))] };
  } catch {
    return null;
  }
}
