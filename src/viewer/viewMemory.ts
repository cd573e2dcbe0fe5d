// What a series' view keeps when the layout changes (stack, 1x2, 2x2, MPR) or the graphics context is rebuilt:
// its window, the slice it shows (as a position in patient space along the slice normal, so a stack and the
// MPR view of the acquisition plane agree), its zoom and its pan. Captured from the old viewports just before they go,
// applied to the new viewports showing the same series.
import { Enums, type Types } from '@cornerstonejs/core';
import type { ImageStack } from './imageIds';
import { voiOf } from './viewportState';
import { jumpToSlice } from './viewNavigation';

type AnyViewport = Types.IStackViewport | Types.IVolumeViewport;

export interface ViewMemory {
  voi?: { lower: number; upper: number };
  /** slice index in the series' imageIds order */
  slice?: number;
  /** Cornerstone's zoom: 1 is the fit to the viewport */
  zoom?: number;
  /**
   * How far the image was moved from where fitting puts it, in patient mm (a vector in the view plane), and that
   * plane's normal: restored on views of a parallel plane only. In mm, not screen pixels, so a cell of another
   * size keeps the same point of the image at its centre.
   */
  pan?: { shift: V3; normal: V3 };
}

type V3 = [number, number, number];

const dot = (a: readonly number[], b: readonly number[]): number => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];

/** The image's displacement from its fitted place, in patient mm (Cornerstone's getPan is in canvas pixels). */
export function panShift(vp: AnyViewport): V3 | undefined {
  try {
    const pan = vp.getPan();
    const [a, b] = [vp.canvasToWorld([0, 0]), vp.canvasToWorld(pan)];
    const shift: V3 = [b[0] - a[0], b[1] - a[1], b[2] - a[2]];
    return shift.every(Number.isFinite) ? shift : undefined;
  } catch {
    return undefined;
  }
}

/** The slice of `stack` a viewport shows, or undefined when it shows another plane. */
export function sliceShown(vp: AnyViewport, stack: ImageStack): number | undefined {
  if (vp.type === Enums.ViewportType.STACK) return (vp as Types.IStackViewport).getCurrentImageIdIndex();
  const s = stack.slices;
  const { viewPlaneNormal: n, focalPoint: f } = vp.getCamera();
  if (!s || !n || !f || Math.abs(dot(n, s.normal)) < 0.999) return undefined;
  const pos = dot(f, s.normal);
  let best = 0;
  s.positions.forEach((p, i) => {
    if (Math.abs(p - pos) < Math.abs(s.positions[best] - pos)) best = i;
  });
  return best;
}

/**
 * The memory of each series shown, from its viewports (`views` with the active one first: when a series is shown
 * twice, the one the person worked in last counts). Viewports of another plane than the acquisition's give the
 * window and zoom only when no viewport of the acquisition plane does.
 */
export function captureViews(views: Array<{ vp: AnyViewport; stack: ImageStack }>): Map<ImageStack, ViewMemory> {
  const out = new Map<ImageStack, ViewMemory>();
  for (const { vp, stack } of views) {
    const slice = sliceShown(vp, stack);
    const had = out.get(stack);
    if (had && (had.slice !== undefined || slice === undefined)) continue;
    let zoom: number | undefined;
    try {
      zoom = vp.getZoom();
    } catch {
      zoom = undefined;
    }
    const shift = panShift(vp);
    const normal = vp.getCamera().viewPlaneNormal;
    const pan = shift && normal && Math.hypot(...shift) > 1e-3 ? { shift, normal: [...normal] as V3 } : undefined;
    out.set(stack, { voi: voiOf(vp), slice, zoom: zoom && Number.isFinite(zoom) ? zoom : undefined, pan });
  }
  return out;
}

/** Applies a series' memory to a viewport just made for it (its images or volume set). */
export function restoreView(vp: AnyViewport, stack: ImageStack, memory: ViewMemory | undefined): void {
  if (!memory) return;
  if (memory.voi) vp.setProperties({ voiRange: memory.voi });
  if (memory.zoom) vp.setZoom(memory.zoom);
  // The stack was given its slice when its images were set (startSlice); a volume view moves its plane there.
  if (memory.slice !== undefined && vp.type !== Enums.ViewportType.STACK) jumpToSlice([vp], stack, memory.slice);
  const camera = vp.getCamera();
  const { pan } = memory;
  if (pan && camera.focalPoint && camera.position && camera.viewPlaneNormal && Math.abs(dot(camera.viewPlaneNormal, pan.normal)) > 0.999) {
    // The camera moves against the image.
    const move = (p: Types.Point3): Types.Point3 => [p[0] - pan.shift[0], p[1] - pan.shift[1], p[2] - pan.shift[2]];
    vp.setCamera({ focalPoint: move(camera.focalPoint), position: move(camera.position) });
  }
  vp.render();
}
