// What the viewer does to one viewport's presentation: rotate, flip, invert, zoom to fit, cine. Rotation and
// flips turn the picture on the screen only; patient geometry, overlays' placement and measurements follow the
// camera, so every overlay turns with the image.
import { Enums, type Types } from '@cornerstonejs/core';
import { utilities as toolUtilities } from '@cornerstonejs/tools';

type AnyViewport = Types.IStackViewport | Types.IVolumeViewport;

/** Turns the view by `degrees` (a multiple of 90: clockwise positive, as on screen). */
export function rotateView(vp: AnyViewport, degrees: number): void {
  const now = vp.getViewPresentation({ rotation: true }).rotation ?? 0;
  vp.setViewPresentation({ rotation: (((now + degrees) % 360) + 360) % 360 });
  vp.render();
}

/** Mirrors the view left-right (`horizontal`) or up-down. */
export function flipView(vp: AnyViewport, direction: 'horizontal' | 'vertical'): void {
  const cam = vp.getCamera();
  if (direction === 'horizontal') vp.setCamera({ flipHorizontal: !cam.flipHorizontal });
  else vp.setCamera({ flipVertical: !cam.flipVertical });
  vp.render();
}

/** Inverts the grey scale (white bone on black becomes black on white), keeping the window. */
export function invertView(vp: AnyViewport): void {
  const inverted = (vp.getProperties() as { invert?: boolean }).invert ?? false;
  vp.setProperties({ invert: !inverted });
  vp.render();
}

/** The image fitted to the viewport again (zoom 1, no pan), rotation and flips kept. */
export function fitView(vp: AnyViewport): void {
  vp.setViewPresentation({ zoom: 1, pan: [0, 0] });
  vp.render();
}

/** Where the view is turned: rotation in degrees and flips, as the viewport overlay reports them. */
export function presentationOf(vp: AnyViewport): { rotation: number; flipHorizontal: boolean; flipVertical: boolean; invert: boolean } {
  const p = vp.getViewPresentation({ rotation: true, flipHorizontal: true, flipVertical: true });
  let invert = false;
  try {
    invert = (vp.getProperties() as { invert?: boolean }).invert ?? false;
  } catch {
    // a volume viewport before its volume actor exists
  }
  return { rotation: Math.round(p.rotation ?? 0), flipHorizontal: !!p.flipHorizontal, flipVertical: !!p.flipVertical, invert };
}

/** Plays the viewport's slices at `framesPerSecond`, looping; stopCine stops it. */
export function playCine(vp: AnyViewport, framesPerSecond: number): void {
  toolUtilities.cine.playClip(vp.element, { framesPerSecond, loop: true });
}

export function stopCine(vp: AnyViewport): void {
  toolUtilities.cine.stopClip(vp.element, { stopDynamicCine: true, viewportId: vp.id });
}

/** Whether the viewport shows a stack (images as stored) rather than a volume plane. */
export const isStack = (vp: AnyViewport): boolean => vp.type === Enums.ViewportType.STACK;
