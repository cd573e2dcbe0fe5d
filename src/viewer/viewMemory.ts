// What a series' view keeps when the layout changes (stack, 1x2, 2x2, MPR) or the graphics context is rebuilt:
// its window, the slice it shows (as a position in patient space along the slice normal, so a stack and the
// MPR view of the acquisition plane agree) and its zoom. Captured from the old viewports just before they go,
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
}

const dot = (a: readonly number[], b: readonly number[]): number => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];

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
    out.set(stack, { voi: voiOf(vp), slice, zoom: zoom && Number.isFinite(zoom) ? zoom : undefined });
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
  vp.render();
}
