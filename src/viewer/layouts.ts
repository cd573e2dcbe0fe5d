// The viewer's layouts and the viewports each is made of: one to four stack viewports (each showing a series of
// its own), or the three MPR planes of one series. The viewport ids are the page's too (data-viewport-id).
import { Enums, type RenderingEngine, type Types } from '@cornerstonejs/core';

export type Layout = 'stack' | '1x2' | '2x2' | 'mpr';

export const LAYOUTS: readonly Layout[] = ['stack', '1x2', '2x2', 'mpr'];

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
