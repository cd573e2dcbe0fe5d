// What a viewport shows, as the page's overlay text reads it: slice n of N, window width and centre.
import type { Types } from '@cornerstonejs/core';

export interface ViewportState {
  viewportId: string;
  label: string;
  slice: number;
  total: number;
  windowWidth?: number;
  windowCenter?: number;
  /** the viewport keys act on, when there are several */
  active?: boolean;
  /** frames per second of the cine playing here, or null */
  cine?: number | null;
  /** how the picture is turned on screen (ViewerController adds these) */
  rotation?: number;
  flipHorizontal?: boolean;
  flipVertical?: boolean;
  invert?: boolean;
  /** patient directions at the edges, and zoom (1 = fitted) (orientationMarkers.ts; ViewerController adds these) */
  markers?: { top: string; right: string; bottom: string; left: string };
  zoom?: number;
  /** how far the image was moved from its fitted place: mm to the right and mm down on screen */
  pan?: [number, number];
}

type AnyViewport = Types.IStackViewport | Types.IVolumeViewport;

/** The viewport's window as a VOI range; undefined before a volume viewport has its volume actor. */
export function voiOf(vp: AnyViewport | undefined): { lower: number; upper: number } | undefined {
  try {
    return (vp?.getProperties() as { voiRange?: { lower: number; upper: number } } | undefined)?.voiRange;
  } catch {
    return undefined;
  }
}

/** The state of a viewport, or null while it cannot tell (a volume viewport without its volume yet). */
export function viewportState(vp: AnyViewport, label: string): ViewportState | null {
  let voi: { lower: number; upper: number } | undefined;
  let slice: number;
  let total: number;
  try {
    // Volume viewports have no properties until their volume actor exists.
    voi = (vp.getProperties() as { voiRange?: { lower: number; upper: number } } | undefined)?.voiRange;
    slice = vp.getSliceIndex();
    total = vp.getNumberOfSlices();
  } catch {
    return null;
  }
  return {
    viewportId: vp.id,
    label,
    slice: slice + 1,
    total,
    windowWidth: voi ? voi.upper - voi.lower : undefined,
    windowCenter: voi ? (voi.upper + voi.lower) / 2 : undefined,
  };
}
