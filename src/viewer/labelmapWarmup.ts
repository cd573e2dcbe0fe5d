// The first labelmap a page draws costs vtk.js its labelmap shaders and the translucent pass's framebuffer and
// copy shader (one WebGL context serves every viewport, so once per page). Drawn in the same frame as a SEG's
// first layer, with its textures and the segment panel's first layout, that frame took 190-360 ms on a 2-core
// machine. An empty labelmap drawn once on the first image shown, while the SEG still downloads, pays those in a
// frame of their own; the SEG's first frame then finds them ready.
import { Enums, eventTarget, getEnabledElementByViewportId } from '@cornerstonejs/core';
import { segmentation, Enums as ToolEnums } from '@cornerstonejs/tools';
import type { ImagePlane } from '../dicom/geometry/plane';
import { registerLayer, releaseLayer, setLayerStyle, showLayer, type OverlayLayer } from './labelmapOverlay';

let warmed = false;

const nextFrame = (): Promise<void> => new Promise((resolve) => requestAnimationFrame(() => resolve()));

/** Resolves when Cornerstone has drawn a segmentation (or after `ms`, should it never say so). */
function drawn(segmentationId: string, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      eventTarget.removeEventListener(ToolEnums.Events.SEGMENTATION_RENDERED, on);
      clearTimeout(timer);
      resolve();
    };
    const on = (e: Event): void => {
      if ((e as CustomEvent<{ segmentationId?: string }>).detail?.segmentationId === segmentationId) done();
    };
    const timer = setTimeout(done, ms);
    eventTarget.addEventListener(ToolEnums.Events.SEGMENTATION_RENDERED, on);
  });
}

/** An empty one-segment layer over a series: every slice the shared empty slice (no memory of its own). */
function emptyLayer(slices: number, sliceSize: number): OverlayLayer {
  return {
    segmentationId: 'warmup:labelmap',
    label: 'warm-up',
    packed: { segmentNumbers: [1], members: [[1]], levels: 1, slices: new Array<null>(slices).fill(null), sliceSize },
    colors: new Map([[1, [255, 0, 0, 255]]]),
    names: new Map([[1, 'warm-up']]),
    voxels: new Map([[1, 0]]),
  };
}

/**
 * Draws an empty labelmap on a viewport for two frames, then removes it; once per page. Drawn as the SEG layers
 * are (same image type, style and representation), so vtk.js's shader cache has theirs. Resolves when the
 * warm-up is gone again (or at once if it was done, or if the series changed meanwhile).
 */
export async function warmLabelmaps(
  viewportId: string,
  series: { imageIds: string[]; planes: ImagePlane[]; frameOfReferenceUID?: string },
  isCurrent: () => boolean,
): Promise<void> {
  // Stack viewports only: on MPR's volume viewports the labelmap would be a volume of its own (memory, time).
  if (warmed || !series.planes.length || getEnabledElementByViewportId(viewportId)?.viewport.type !== Enums.ViewportType.STACK) return;
  warmed = true;
  const { rows, columns } = series.planes[0];
  const layer = emptyLayer(series.imageIds.length, rows * columns);
  let shown = false;
  try {
    if (!(await registerLayer(series, layer, isCurrent))) return;
    setLayerStyle(layer.segmentationId, 'both', 0.5);
    if (!isCurrent()) return;
    const rendered = drawn(layer.segmentationId, 3000);
    showLayer(viewportId, layer);
    shown = true;
    // Cornerstone draws it asynchronously, then once more (its first-render hook marks the data modified): the
    // representation leaves only after both, else its late redraw looks for images no longer there.
    await rendered;
    await nextFrame();
    await nextFrame();
  } finally {
    if (shown && getEnabledElementByViewportId(viewportId)) segmentation.removeSegmentationRepresentations(viewportId, { segmentationId: layer.segmentationId });
    await nextFrame();
    await nextFrame();
    releaseLayer(layer.segmentationId);
    // Read by the end-to-end tests (nothing of it stays on screen) and `npm run bench`.
    performance.mark('viewer:labelmaps-warmed');
  }
}
