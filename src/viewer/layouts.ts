// The viewer's layouts and the viewports each is made of: one to four stack viewports (each showing a series of
// its own), or the three MPR planes of one series (with the shown segments' surfaces in a fourth cell: '3d'). The viewport ids are the page's too (data-viewport-id). Each
// series shown comes back with what it kept (viewMemory.ts).
import { Enums, setVolumesForViewports, volumeLoader, type RenderingEngine, type Types } from '@cornerstonejs/core';
import type { ImageStack } from './imageIds';
import { enablePrefetch } from './prefetch';
import { restoreView, type ViewMemory } from './viewMemory';
import type { ViewportSet } from './viewportSet';
import { addToolViewport, setUpTools } from './viewportTools';
import { SURFACE_VIEWPORT_ID } from './surfaceView';

export type Layout = 'stack' | '1x2' | '2x2' | 'mpr' | '3d';

export const LAYOUTS: readonly Layout[] = ['stack', '1x2', '2x2', 'mpr', '3d'];

/** Layouts that show the primary series in the three MPR planes ('3d' adds the surfaces' cell). */
export function isMprLayout(layout: Layout): boolean {
  return layout === 'mpr' || layout === '3d';
}

/** Grid viewports in reading order; the first shows the series the panels are about (the primary series). */
const GRID_IDS = ['stack', 'stack-2', 'stack-3', 'stack-4'];

export const MPR_VIEWS: Array<{ id: string; label: string; orientation: Enums.OrientationAxis }> = [
  { id: 'mpr-axial', label: 'Axial', orientation: Enums.OrientationAxis.AXIAL },
  { id: 'mpr-sagittal', label: 'Sagittal', orientation: Enums.OrientationAxis.SAGITTAL },
  { id: 'mpr-coronal', label: 'Coronal', orientation: Enums.OrientationAxis.CORONAL },
];

/** The viewport ids of a layout, in the order of its cells. */
export function viewportIdsOf(layout: Layout): string[] {
  if (layout === 'mpr') return MPR_VIEWS.map((m) => m.id);
  if (layout === '3d') return [...MPR_VIEWS.map((m) => m.id), SURFACE_VIEWPORT_ID];
  return GRID_IDS.slice(0, layout === 'stack' ? 1 : layout === '1x2' ? 2 : 4);
}

/** Enables a stack viewport on an element (its series is set by the caller). */
export function enableStackViewport(engine: RenderingEngine, viewportId: string, element: HTMLDivElement): Types.IStackViewport {
  engine.enableElement({ viewportId, element, type: Enums.ViewportType.STACK, defaultOptions: { background: [0, 0, 0] } });
  return engine.getViewport(viewportId) as Types.IStackViewport;
}

/** Enables the three MPR viewports on three elements (their volume is set by the caller). */
export function enableMprViewports(engine: RenderingEngine, elements: HTMLDivElement[]): void {
  engine.setViewports(
    MPR_VIEWS.map((m, i) => ({
      viewportId: m.id,
      element: elements[i],
      type: Enums.ViewportType.ORTHOGRAPHIC,
      defaultOptions: { orientation: m.orientation, background: [0, 0, 0] as Types.Point3 },
    })),
  );
}

/**
 * Shows a series in a grid cell: a stack viewport, at the remembered slice (else `initialIndex`, else the middle)
 * with the remembered window and zoom, its other images loading in the background.
 */
export async function showInCell(
  engine: RenderingEngine,
  vps: ViewportSet,
  layout: Layout,
  cell: { id: string; element?: HTMLDivElement; stack?: ImageStack; initialIndex?: number },
  memory: Map<ImageStack, ViewMemory>,
): Promise<void> {
  const { id, element, stack } = cell;
  if (!element || !stack?.imageIds.length) return;
  const vp = enableStackViewport(engine, id, element);
  vps.add(element, id, stack, '');
  vps.order(viewportIdsOf(layout));
  addToolViewport(engine.id, id);
  const remembered = memory.get(stack);
  const index = remembered?.slice ?? cell.initialIndex ?? Math.floor(stack.imageIds.length / 2);
  await vp.setStack(stack.imageIds, Math.min(Math.max(0, index), stack.imageIds.length - 1));
  restoreView(vp, stack, remembered);
  vp.render();
  // Load the rest of the series in the background, nearest slices first, so scrolling never waits.
  vps.onRemove(id, enablePrefetch(element));
}

let volumeCounter = 0;

/** Shows a series in the three MPR planes (a streaming volume, loading); returns the volume's id. */
export async function showMpr(engine: RenderingEngine, vps: ViewportSet, elements: HTMLDivElement[], stack: ImageStack, memory: Map<ImageStack, ViewMemory>): Promise<string> {
  enableMprViewports(engine, elements);
  MPR_VIEWS.forEach((m, i) => vps.add(elements[i], m.id, stack, m.label));
  vps.order(viewportIdsOf('mpr'));
  setUpTools(engine.id, vps.ids);
  const volumeId = `cornerstoneStreamingImageVolume:vol-${++volumeCounter}`;
  const volume = await volumeLoader.createAndCacheVolume(volumeId, { imageIds: stack.imageIds });
  (volume as unknown as { load: () => void }).load();
  await setVolumesForViewports(engine, [{ volumeId }], vps.ids);
  for (const vp of vps.viewports()) restoreView(vp, stack, memory.get(stack));
  engine.renderViewports(vps.ids);
  return volumeId;
}
