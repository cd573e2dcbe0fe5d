// The handle the end-to-end tests drive the viewer with (patient mm <-> canvas pixels). Only in the build made for
// them (`VITE_TEST_HOOKS`, see ensureBuilt in server/start.ts): the production bundle has no such global.
import type { RefObject } from 'react';
import type { ViewerController } from '../viewer/ViewerController';

/** Whether this build carries the test hooks; a constant, so the production build drops what it guards. */
export const TEST_HOOKS = !!import.meta.env.VITE_TEST_HOOKS;

/** Puts `window.idcViewer` up for the page's controller; returns how to take it down. */
export function exposeTestHooks(controller: RefObject<ViewerController | null>): () => void {
  const w = window as unknown as { idcViewer?: unknown };
  w.idcViewer = {
    worldToCanvas: (id: string, p: [number, number, number]) => controller.current?.worldToCanvas(id, p) ?? null,
    canvasToWorld: (id: string, p: [number, number]) => controller.current?.canvasToWorld(id, p) ?? null,
    showsCurrentImage: (id: string) => controller.current?.showsCurrentImage(id) ?? false,
  };
  return () => delete w.idcViewer;
}
