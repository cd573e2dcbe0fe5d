// Moving the views to a slice or a segment: the stack goes to its index, a volume viewport moves its focal
// plane (focal point and camera together).
import { Enums, type Types } from '@cornerstonejs/core';
import type { ImageStack } from './imageIds';
import type { OverlayLayer } from './labelmapOverlay';
import { segmentCentreInPatient } from './segmentCentre';

type AnyViewport = Types.IStackViewport | Types.IVolumeViewport;

/** Moves a volume viewport's view (focal point and camera together) by `delta` mm along `direction`. */
function shiftView(vp: Types.IVolumeViewport, direction: readonly number[], delta: number): void {
  const cam = vp.getCamera();
  if (!cam.focalPoint || !cam.position) return;
  const shift = (p: Types.Point3): Types.Point3 => [p[0] + direction[0] * delta, p[1] + direction[1] * delta, p[2] + direction[2] * delta];
  vp.setCamera({ focalPoint: shift(cam.focalPoint), position: shift(cam.position) });
  vp.render();
}

/**
 * A volume viewport showing the acquisition plane moves its focal plane onto slice `index` exactly, by the
 * slice's position along the stack normal (Cornerstone's setViewReference landed one slice off on LUNG1).
 * Viewports of other planes keep their view.
 */
function moveToSlice(vp: Types.IVolumeViewport, stack: ImageStack, index: number, imageId: string): void {
  const s = stack.slices;
  const cam = vp.getCamera();
  const n = cam.viewPlaneNormal;
  if (!s || !n || !cam.focalPoint || !cam.position) {
    if (vp.id === 'mpr-axial') {
      vp.setViewReference({ referencedImageId: imageId });
      vp.render();
    }
    return;
  }
  const dot = n[0] * s.normal[0] + n[1] * s.normal[1] + n[2] * s.normal[2];
  if (Math.abs(dot) < 0.999) return;
  const f = cam.focalPoint;
  shiftView(vp, s.normal, s.positions[index] - (f[0] * s.normal[0] + f[1] * s.normal[1] + f[2] * s.normal[2]));
}

/** Shows slice `index` of the series (in imageIds order) in every viewport of its plane. */
export function jumpToSlice(viewports: AnyViewport[], stack: ImageStack | undefined, index: number): void {
  const imageId = stack?.imageIds[index];
  if (!stack || !imageId) return;
  for (const vp of viewports) {
    if (vp.type === Enums.ViewportType.STACK) void (vp as Types.IStackViewport).setImageIdIndex(index);
    else moveToSlice(vp as Types.IVolumeViewport, stack, index, imageId);
  }
}

/**
 * Shows a segment: the stack goes to `slice`; in MPR every view moves its plane through the centre of the
 * segment on that slice (in `layers`, those of its SEG), so the sagittal and coronal views cut through it too.
 */
export function jumpToSegment(viewports: AnyViewport[], stack: ImageStack | undefined, layers: OverlayLayer[], segmentNumber: number, slice: number): void {
  const plane = stack?.planes?.[slice];
  const world = plane ? segmentCentreInPatient(layers, segmentNumber, slice, plane) : null;
  if (!world || viewports.some((vp) => vp.type === Enums.ViewportType.STACK)) {
    jumpToSlice(viewports, stack, slice);
    return;
  }
  for (const vp of viewports as Types.IVolumeViewport[]) {
    const { viewPlaneNormal: n, focalPoint: f } = vp.getCamera();
    if (!n || !f) continue;
    shiftView(vp, n, n[0] * (world[0] - f[0]) + n[1] * (world[1] - f[1]) + n[2] * (world[2] - f[2]));
  }
}

/**
 * Moves a viewport `delta` slices (keys: arrows, Home, End). A stack goes straight to its target index instead of
 * through Cornerstone's `scroll`, whose 40 ms debounce for an image not yet loaded is cleared only by another
 * debounced scroll: a press onto an uncached slice followed within 40 ms by one onto a cached slice (or a
 * synchronised move) let the stale timer fire last and put the stack back where the first press went.
 */
export function stepSlices(vp: AnyViewport, delta: number): void {
  if (vp.type !== Enums.ViewportType.STACK) return vp.scroll(delta);
  const stack = vp as Types.IStackViewport;
  const last = stack.getImageIds().length - 1;
  const next = Math.max(0, Math.min(last, stack.getTargetImageIdIndex() + delta));
  if (last >= 0 && next !== stack.getTargetImageIdIndex()) void stack.setImageIdIndex(next);
}
