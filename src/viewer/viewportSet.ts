// The viewports of the current layout and what each added: the series it shows, its label, the listeners on its
// element, its contour overlay and its background prefetch, all undone when it goes (its element outlives it).
// Which one is active (keys and toolbar buttons act on it) is kept here too.
import { Enums, type RenderingEngine, type Types } from '@cornerstonejs/core';
import type { ImageStack } from './imageIds';
import { ContourOverlay, type ContourLayer } from './contourOverlay';

export type AnyViewport = Types.IStackViewport | Types.IVolumeViewport;

/** What the set tells the controller, and asks of it. */
export interface ViewportHost {
  engine(): RenderingEngine;
  /** the primary series: overlays are placed on it */
  primary(): ImageStack | undefined;
  contourLayers(): ContourLayer[];
  /** names of the SEG segments at a canvas point of a viewport of the primary series */
  segmentsAt(viewportId: string, x: number, y: number): string[];
  /** the viewport's slice, window or picture changed */
  changed(viewportId: string): void;
  newImage(viewportId: string, index: number): void;
  windowChanged(viewportId: string, range: { lower: number; upper: number } | undefined): void;
  clicked(viewportId: string): void;
  removed(viewportId: string): void;
}

export class ViewportSet {
  /** enabled viewports, in the order of the layout's cells */
  ids: string[] = [];
  /** index in `ids` of the viewport keys act on */
  active = 0;
  private stacks = new Map<string, ImageStack>();
  private labels = new Map<string, string>();
  private teardowns = new Map<string, Array<() => void>>();
  private overlays = new Map<string, ContourOverlay>();

  constructor(private readonly host: ViewportHost) {}

  /** Wires a viewport just enabled on `element`: its events, its contour overlay. */
  add(element: HTMLDivElement, viewportId: string, stack: ImageStack, label: string): void {
    const h = this.host;
    this.stacks.set(viewportId, stack);
    this.labels.set(viewportId, label);
    const listen = (type: string, fn: EventListener): void => {
      element.addEventListener(type, fn);
      this.onRemove(viewportId, () => element.removeEventListener(type, fn));
    };
    for (const ev of [Enums.Events.STACK_NEW_IMAGE, Enums.Events.VOI_MODIFIED, Enums.Events.VOLUME_NEW_IMAGE, Enums.Events.IMAGE_RENDERED]) listen(ev, () => h.changed(viewportId));
    listen(Enums.Events.STACK_NEW_IMAGE, ((e: CustomEvent<{ imageIdIndex: number }>) => h.newImage(viewportId, e.detail.imageIdIndex)) as EventListener);
    listen(Enums.Events.VOI_MODIFIED, ((e: CustomEvent<{ range?: { lower: number; upper: number } }>) => h.windowChanged(viewportId, e.detail?.range)) as EventListener);
    // A click in a viewport makes it the one keys act on (as in OHIF).
    listen('pointerdown', () => h.clicked(viewportId));
    const primary = (): boolean => this.stacks.get(viewportId) === h.primary();
    const o = new ContourOverlay(
      element,
      () => h.engine().getViewport(viewportId) as AnyViewport | undefined,
      (x, y) => (primary() ? h.segmentsAt(viewportId, x, y) : []),
      primary,
    );
    o.setLayers(h.contourLayers());
    this.overlays.set(viewportId, o);
  }

  /** Something to undo when the viewport goes. */
  onRemove(viewportId: string, undo: () => void): void {
    const list = this.teardowns.get(viewportId) ?? [];
    list.push(undo);
    this.teardowns.set(viewportId, list);
  }

  remove(viewportId: string): void {
    for (const undo of this.teardowns.get(viewportId) ?? []) undo();
    this.teardowns.delete(viewportId);
    this.overlays.get(viewportId)?.destroy();
    this.overlays.delete(viewportId);
    this.host.removed(viewportId);
    this.host.engine().disableElement(viewportId);
    this.stacks.delete(viewportId);
    this.labels.delete(viewportId);
    this.ids = this.ids.filter((id) => id !== viewportId);
  }

  clear(): void {
    for (const id of [...this.ids]) this.remove(id);
    this.active = 0;
  }

  /** The enabled viewports among the layout's, in its order. */
  order(layoutIds: string[]): void {
    this.ids = layoutIds.filter((id) => this.stacks.has(id));
  }

  has(viewportId: string): boolean {
    return this.stacks.has(viewportId);
  }

  stackOf(viewportId: string): ImageStack | undefined {
    return this.stacks.get(viewportId);
  }

  labelOf(viewportId: string): string {
    return this.labels.get(viewportId) ?? '';
  }

  setContourLayers(layers: ContourLayer[]): void {
    for (const o of this.overlays.values()) o.setLayers(layers);
  }

  viewports(): AnyViewport[] {
    return this.ids.map((id) => this.host.engine().getViewport(id) as AnyViewport | undefined).filter((vp): vp is AnyViewport => !!vp);
  }

  /** The viewports showing a series. */
  showing(stack: ImageStack | undefined): AnyViewport[] {
    return this.viewports().filter((vp) => this.stacks.get(vp.id) === stack);
  }

  activeViewport(): AnyViewport | undefined {
    const id = this.ids[this.active];
    return id ? (this.host.engine().getViewport(id) as AnyViewport | undefined) : undefined;
  }
}
