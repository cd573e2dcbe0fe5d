// Owns the Cornerstone rendering engine, the viewports of the current layout (layouts.ts) and their tools. The
// first viewport shows the primary series, the one the panels and overlays are about; grid cells may show others.
import {
  RenderingEngine,
  Enums,
  eventTarget,
  volumeLoader,
  setVolumesForViewports,
  cache,
  type Types,
} from '@cornerstonejs/core';
import type { ImageStack } from './imageIds';
import { ContourOverlay, type ContourLayer } from './contourOverlay';
import type { LabelmapMode, OverlayLayer } from './labelmapOverlay';
import type { WindowPreset } from './presets';
import { releaseStudy } from './release';
import { LabelmapLayerSet, type LayerDisplay } from './labelmapLayerSet';
import { SeriesLoading, type FramesFailed } from './seriesLoading';
import { enablePrefetch } from './prefetch';
import { jumpToSegment, jumpToSlice } from './viewNavigation';
import { addToolViewport, setUpTools, tearDownTools } from './viewportTools';
import { viewportState, type ViewportState } from './viewportState';
import { enableMprViewports, enableStackViewport, MPR_VIEWS, viewportIdsOf, type Layout } from './layouts';
import { captureViews, restoreView, type ViewMemory } from './viewMemory';
import { ViewSync } from './sync';
import { fitView, flipView, invertView, playCine, presentationOf, rotateView, stopCine } from './viewTransforms';

export type { FramesFailed, LayerDisplay, ViewportState };

export type { Layout };

export interface ControllerEvents {
  onState: (s: ViewportState) => void;
  onError: (message: string) => void;
  /** the shown series' failed images changed (null: none failed, or all recovered) */
  onFramesFailed?: (f: FramesFailed | null) => void;
}

/**
 * Each engine gets its own id: a context that the browser drops from an engine already replaced (it keeps at most
 * 16 and loses the oldest) must not be taken for the current one's.
 */
let engineCounter = 0;
const newEngine = (): RenderingEngine => new RenderingEngine(`engine-${++engineCounter}`);

let volumeCounter = 0;

type AnyViewport = Types.IStackViewport | Types.IVolumeViewport;

export class ViewerController {
  private engine = newEngine();
  private layout: Layout = 'stack';
  /** enabled viewports, in the order of the layout's cells */
  private viewportIds: string[] = [];
  private labels = new Map<string, string>();
  /** the series each viewport shows */
  private stacks = new Map<string, ImageStack>();
  private volumeId?: string;
  private listeners: Array<[EventTarget, string, EventListener]> = [];
  /** what each viewport added (listeners on its element, overlay, prefetch): undone when it goes */
  private teardowns = new Map<string, Array<() => void>>();
  private overlays = new Map<string, ContourOverlay>();
  private contourLayers: ContourLayer[] = [];
  /** the primary series */
  private stack?: ImageStack;
  private readonly loading: SeriesLoading;
  private readonly labelmaps: LabelmapLayerSet;
  private readonly sync = new ViewSync({ viewports: () => this.viewports(), stackOf: (id) => this.stacks.get(id) });
  private recovering = false;
  /** the viewport that keys and toolbar buttons act on (index in viewportIds) */
  private active = 0;
  private cineFps: number | null = null;

  constructor(private readonly events: ControllerEvents) {
    this.loading = new SeriesLoading((t, type, fn) => this.listen(t, type, fn), () => this.stack?.imageIds, events.onFramesFailed);
    this.labelmaps = new LabelmapLayerSet({
      stack: () => this.stack,
      // Labelmaps are made over the primary series' images: only its viewports can show them.
      viewportIds: () => this.viewportIds.filter((id) => this.stacks.get(id) === this.stack),
      viewport: (id) => this.engine.getViewport(id),
      onError: (m) => this.events.onError(m),
    });
    // The GPU may drop the page's WebGL context (driver reset, too many contexts, a sleeping laptop): without a
    // context nothing draws again. The engine is rebuilt with a new one, and the view with it.
    const onContextLost = ((e: CustomEvent<{ renderingEngineId?: string }>) => {
      if (e.detail?.renderingEngineId !== this.engine.id || this.recovering) return;
      this.recovering = true;
      setTimeout(() => {
        this.recoverContext()
          .catch((err: unknown) => this.events.onError(`The graphics context was lost and could not be restored: ${err instanceof Error ? err.message : String(err)}. Reload the page.`))
          .finally(() => (this.recovering = false));
      }, 0);
    }) as EventListener;
    this.listen(eventTarget, Enums.Events.WEBGL_CONTEXT_LOST, onContextLost);
  }

  /**
   * A new rendering engine (a new WebGL context) showing what the lost one showed: the same series in the same
   * layout, at the same slice, window and zoom, with every overlay. Cached images and registered segmentations
   * do not depend on the context and are kept.
   */
  private async recoverContext(): Promise<void> {
    const cells = viewportIdsOf(this.layout);
    const elements = cells.map((id) => document.querySelector<HTMLDivElement>(`[data-viewport-id="${id}"] .viewport-element`));
    const stacks = this.layout === 'mpr' ? [this.stack] : cells.map((id) => this.stacks.get(id));
    const memory = this.capture();
    this.resetViewports();
    this.engine.destroy();
    this.engine = newEngine();
    if (!elements.every((e): e is HTMLDivElement => !!e)) return;
    await this.showLayout(this.layout, elements, stacks, undefined, memory);
    performance.mark('viewer:context-restored');
  }

  private viewports(): AnyViewport[] {
    return this.viewportIds.map((id) => this.engine.getViewport(id) as AnyViewport | undefined).filter((vp): vp is AnyViewport => !!vp);
  }

  /** Asks again for the shown series' images that failed, and only those (seriesLoading.ts). */
  retryFailedImages(): void {
    this.loading.retryFailed(this.viewports(), this.volumeId);
  }

  private listen(target: EventTarget, type: string, fn: EventListener): void {
    target.addEventListener(type, fn);
    this.listeners.push([target, type, fn]);
  }

  /** The memory of every series shown (viewMemory.ts), the active viewport first. */
  private capture(): Map<ImageStack, ViewMemory> {
    const vps = this.viewports();
    const first = vps[this.active];
    const ordered = first ? [first, ...vps.filter((v) => v !== first)] : vps;
    return captureViews(ordered.flatMap((vp) => (this.stacks.has(vp.id) ? [{ vp, stack: this.stacks.get(vp.id) as ImageStack }] : [])));
  }

  private removeViewport(id: string): void {
    for (const undo of this.teardowns.get(id) ?? []) undo();
    this.teardowns.delete(id);
    this.overlays.get(id)?.destroy();
    this.overlays.delete(id);
    this.labelmaps.viewportRemoved(id);
    this.engine.disableElement(id);
    this.stacks.delete(id);
    this.labels.delete(id);
  }

  private resetViewports(): void {
    this.setCine(null);
    this.active = 0;
    this.sync.reset();
    for (const id of this.viewportIds) this.removeViewport(id);
    tearDownTools();
    this.viewportIds = [];
    if (this.volumeId) {
      cache.removeVolumeLoadObject(this.volumeId);
      this.volumeId = undefined;
    }
  }

  /** Wires a viewport just enabled: its events, contour overlay and tools. */
  private addViewport(element: HTMLDivElement, viewportId: string, stack: ImageStack, label: string): void {
    this.stacks.set(viewportId, stack);
    this.labels.set(viewportId, label);
    const undo: Array<() => void> = [];
    this.teardowns.set(viewportId, undo);
    const listen = (type: string, fn: EventListener): void => {
      element.addEventListener(type, fn);
      undo.push(() => element.removeEventListener(type, fn));
    };
    const emit = (): void => this.emitState(viewportId);
    for (const ev of [Enums.Events.STACK_NEW_IMAGE, Enums.Events.VOI_MODIFIED, Enums.Events.VOLUME_NEW_IMAGE, Enums.Events.IMAGE_RENDERED]) listen(ev, emit);
    listen(Enums.Events.STACK_NEW_IMAGE, ((e: CustomEvent<{ imageIdIndex: number }>) => this.sync.newImage(viewportId, e.detail.imageIdIndex)) as EventListener);
    listen(Enums.Events.VOI_MODIFIED, ((e: CustomEvent<{ range?: { lower: number; upper: number } }>) => this.sync.windowChanged(viewportId, e.detail?.range)) as EventListener);
    // A click in a viewport makes it the one keys act on (as in OHIF).
    listen('pointerdown', () => this.activate(this.viewportIds.indexOf(viewportId)));
    const o = new ContourOverlay(
      element,
      () => this.engine.getViewport(viewportId) as AnyViewport | undefined,
      (x, y) => (this.stacks.get(viewportId) === this.stack ? this.segmentsAtCanvas(viewportId, [x, y]) : []),
      () => this.stacks.get(viewportId) === this.stack,
    );
    o.setLayers(this.contourLayers);
    this.overlays.set(viewportId, o);
  }

  /** RTSTRUCT layers to draw (placed on the slices of the primary series; other series by their planes). */
  setContourLayers(layers: ContourLayer[]): void {
    this.contourLayers = layers;
    for (const o of this.overlays.values()) o.setLayers(layers);
  }

  /**
   * Labelmap layers for the shown series (slices in imageIds order), shown on every viewport: one group's (a SEG's
   * `seg:<SOPInstanceUID>`, 'maps', 'quality'), replacing what the group had; none removes it.
   */
  setLabelmapGroup(group: string, layers: OverlayLayer[]): void {
    this.labelmaps.setGroup(group, layers);
  }

  /** How a labelmap layer is drawn: kept here only (panels read it, and hear of changes by onLabelmapDisplay). */
  labelmapDisplay(segmentationId: string): LayerDisplay {
    return this.labelmaps.displayOf(segmentationId);
  }

  onLabelmapDisplay(fn: () => void): () => void {
    return this.labelmaps.onDisplayChange(fn);
  }

  /** Shows or hides a whole layer. */
  setLayerVisibility(segmentationId: string, visible: boolean): void {
    this.labelmaps.setVisibility(segmentationId, visible);
  }

  /** Fill, outline or both, and fill opacity (0..1), for a layer; kept for when it is shown again. */
  setLayerStyle(segmentationId: string, mode: LabelmapMode, opacity: number): void {
    this.labelmaps.setStyle(segmentationId, mode, opacity);
  }

  /** Hides these segments of a layer (by SegmentNumber) and shows its others. */
  setHiddenSegments(segmentationId: string, hidden: ReadonlySet<number>): void {
    this.labelmaps.setHiddenSegments(segmentationId, hidden);
  }

  /** Names of the segments drawn at a canvas point of a viewport (CSS pixels), for the hover label. */
  segmentsAtCanvas(viewportId: string, point: [number, number]): string[] {
    return this.labelmaps.segmentsAtCanvas(viewportId, point);
  }

  /** The viewports showing the primary series. */
  private primaryViewports(): AnyViewport[] {
    return this.viewports().filter((vp) => this.stacks.get(vp.id) === this.stack);
  }

  /** Show slice `index` of the primary series in every viewport of its plane. */
  jumpToSlice(index: number): void {
    jumpToSlice(this.primaryViewports(), this.stack, index);
  }

  /** Shows a segment of the SEG drawn as these layers, at `slice` (in MPR through its centre there). */
  jumpToSegment(segmentationIds: string[], segmentNumber: number, slice: number): void {
    const layers = this.labelmaps.all.filter((l) => segmentationIds.includes(l.segmentationId));
    jumpToSegment(this.primaryViewports(), this.stack, layers, segmentNumber, slice);
  }

  private activate(index: number): void {
    if (index < 0 || index >= this.viewportIds.length || index === this.active) return;
    const before = this.viewportIds[this.active];
    const cine = this.cineFps;
    if (cine) this.setCine(null);
    this.active = index;
    if (cine) this.setCine(cine);
    if (before) this.emitState(before);
    this.emitState(this.viewportIds[index]);
  }

  /** The next (+1) or previous (-1) viewport becomes the active one (wrapping round). */
  stepActiveViewport(step: number): void {
    const n = this.viewportIds.length;
    if (n > 1) this.activate((((this.active + step) % n) + n) % n);
  }

  private activeViewport(): AnyViewport | undefined {
    const id = this.viewportIds[this.active];
    return id ? (this.engine.getViewport(id) as AnyViewport | undefined) : undefined;
  }

  /** Runs a view command on the active viewport and tells the page how it looks now. */
  private onActive(fn: (vp: AnyViewport) => void): void {
    const vp = this.activeViewport();
    if (!vp) return;
    fn(vp);
    this.emitState(vp.id);
  }

  /** Rotates the active viewport by a multiple of 90 degrees (clockwise positive). */
  rotate(degrees: number): void {
    this.onActive((vp) => rotateView(vp, degrees));
  }

  flip(direction: 'horizontal' | 'vertical'): void {
    this.onActive((vp) => flipView(vp, direction));
  }

  invert(): void {
    this.onActive(invertView);
  }

  fit(): void {
    this.onActive(fitView);
  }

  /** Cine in the active viewport at `framesPerSecond`, or stopped (null). */
  setCine(framesPerSecond: number | null): void {
    const vp = this.activeViewport();
    if (this.cineFps && vp) stopCine(vp);
    this.cineFps = framesPerSecond;
    if (framesPerSecond && vp) playCine(vp, framesPerSecond);
    if (vp) this.emitState(vp.id);
  }

  /** Scroll and window follow between viewports of one Frame of Reference (sync.ts). */
  setSync(on: boolean): void {
    this.sync.enabled = on;
  }

  emitState(viewportId: string): void {
    const vp = this.engine.getViewport(viewportId) as AnyViewport | undefined;
    const state = vp && viewportState(vp, this.labels.get(viewportId) ?? '');
    if (!state) return;
    const active = this.viewportIds[this.active] === viewportId;
    this.events.onState({ ...state, active: active && this.viewportIds.length > 1, cine: active ? this.cineFps : null, ...presentationOf(vp) });
  }

  /**
   * Shows a layout. Grid layouts show `stacks[i]` in cell i (none leaves the cell empty), MPR the first series in
   * its three planes. Each series shown before keeps its window, slice and zoom (viewMemory.ts); else the primary
   * series starts at `initialIndex` or its middle slice.
   */
  async showLayout(layout: Layout, elements: HTMLDivElement[], stacks: Array<ImageStack | undefined>, initialIndex?: number, memory = this.capture()): Promise<void> {
    this.resetViewports();
    this.layout = layout;
    const primary = stacks[0];
    this.stack = primary;
    if (!primary) return;
    this.loading.track(primary.imageIds);
    if (layout === 'mpr') {
      await this.showMpr(elements, primary, memory);
    } else {
      setUpTools(this.engine.id, []);
      await Promise.all(viewportIdsOf(layout).map((id, i) => this.showInCell(id, elements[i], stacks[i], i === 0 ? initialIndex : undefined, memory)));
      performance.measure('viewer:first-image', { start: this.loading.started });
    }
    this.labelmaps.apply();
    for (const id of this.viewportIds) this.emitState(id);
  }

  /** Shows a series in a cell of the grid (replacing what it showed): dragged there, or chosen in its menu. */
  async setCellSeries(cell: number, element: HTMLDivElement, stack: ImageStack): Promise<void> {
    const id = viewportIdsOf(this.layout)[cell];
    if (!id || this.layout === 'mpr') return;
    if (this.stacks.has(id)) this.removeViewport(id);
    await this.showInCell(id, element, stack, undefined, new Map());
    this.labelmaps.apply();
    // Every viewport: which one is outlined as active depends on how many there are.
    for (const v of this.viewportIds) this.emitState(v);
  }

  private async showInCell(id: string, element: HTMLDivElement | undefined, stack: ImageStack | undefined, initialIndex: number | undefined, memory: Map<ImageStack, ViewMemory>): Promise<void> {
    if (!element || !stack?.imageIds.length) return;
    const vp = enableStackViewport(this.engine, id, element);
    this.addViewport(element, id, stack, '');
    this.viewportIds = viewportIdsOf(this.layout).filter((v) => this.stacks.has(v));
    addToolViewport(this.engine.id, id);
    const remembered = memory.get(stack);
    const index = remembered?.slice ?? initialIndex ?? Math.floor(stack.imageIds.length / 2);
    await vp.setStack(stack.imageIds, Math.min(Math.max(0, index), stack.imageIds.length - 1));
    restoreView(vp, stack, remembered);
    vp.render();
    // Load the rest of the series in the background, nearest slices first, so scrolling never waits.
    this.teardowns.get(id)?.push(enablePrefetch(element));
  }

  private async showMpr(elements: HTMLDivElement[], stack: ImageStack, memory: Map<ImageStack, ViewMemory>): Promise<void> {
    enableMprViewports(this.engine, elements);
    this.viewportIds = MPR_VIEWS.map((m) => m.id);
    MPR_VIEWS.forEach((m, i) => this.addViewport(elements[i], m.id, stack, m.label));
    setUpTools(this.engine.id, this.viewportIds);
    const volumeId = `cornerstoneStreamingImageVolume:vol-${++volumeCounter}`;
    this.volumeId = volumeId;
    const volume = await volumeLoader.createAndCacheVolume(volumeId, { imageIds: stack.imageIds });
    (volume as unknown as { load: () => void }).load();
    await setVolumesForViewports(this.engine, [{ volumeId }], this.viewportIds);
    for (const vp of this.viewports()) restoreView(vp, stack, memory.get(stack));
    this.engine.renderViewports(this.viewportIds);
  }

  get activeViewportIds(): string[] {
    return this.viewportIds;
  }

  /** A window preset, in the active viewport and every other showing its series (others follow when in sync). */
  applyPreset(p: WindowPreset): void {
    const series = this.stacks.get(this.viewportIds[this.active]);
    for (const vp of this.viewports().filter((v) => this.stacks.get(v.id) === series)) {
      vp.setProperties({ voiRange: { lower: p.center - p.width / 2, upper: p.center + p.width / 2 } });
      vp.render();
      this.emitState(vp.id);
    }
  }

  reset(): void {
    for (const vp of this.viewports()) {
      vp.resetCamera();
      vp.resetProperties();
      vp.render();
      this.emitState(vp.id);
    }
  }

  scroll(delta: number, viewportId = this.viewportIds[this.active] ?? this.viewportIds[0]): void {
    const vp = this.engine.getViewport(viewportId) as AnyViewport | undefined;
    if (!vp) return;
    vp.scroll(delta);
  }

  zoom(factor: number): void {
    for (const vp of this.viewports()) {
      const camera = vp.getCamera();
      if (camera.parallelScale) vp.setCamera({ parallelScale: camera.parallelScale / factor });
      vp.render();
    }
  }

  resize(): void {
    this.engine.resize(true, true);
  }

  /** Patient (world) mm -> canvas CSS pixels of a viewport, for automation and debugging. */
  worldToCanvas(viewportId: string, point: [number, number, number]): [number, number] | null {
    const vp = this.engine.getViewport(viewportId);
    return vp ? (vp.worldToCanvas(point as Types.Point3) as [number, number]) : null;
  }

  canvasToWorld(viewportId: string, point: [number, number]): [number, number, number] | null {
    const vp = this.engine.getViewport(viewportId);
    return vp ? (vp.canvasToWorld(point as Types.Point2) as [number, number, number]) : null;
  }

  /** Closes the study: its viewports, listeners and everything it left in Cornerstone (release.ts). */
  destroy(): void {
    this.loading.stop();
    this.resetViewports();
    for (const [t, type, fn] of this.listeners) t.removeEventListener(type, fn);
    this.listeners = [];
    this.engine.destroy();
    this.labelmaps.clear();
    this.contourLayers = [];
    this.stack = undefined;
    this.stacks.clear();
    releaseStudy();
  }
}
