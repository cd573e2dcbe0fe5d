// Owns the Cornerstone rendering engine, the viewports of the current layout (layouts.ts) and their tools. The
// first viewport shows the primary series, the one the panels and overlays are about; grid cells may show others.
import { RenderingEngine, StackViewport, Enums, eventTarget, cache, type Types } from '@cornerstonejs/core';
import type { ImageStack } from './imageIds';
import type { ContourLayer } from './contourOverlay';
import type { LabelmapMode, OverlayLayer } from './labelmapOverlay';
import type { MapDisplay, MapRange } from './mapLayer';
import type { DataWindowRule, WindowPreset } from './presets';
import { releaseStudy } from './release';
import { warmUpTextureTest } from './gpuWarmUp';
import { LabelmapLayerSet, type LayerDisplay } from './labelmapLayerSet';
import { SeriesLoading, type FramesFailed } from './seriesLoading';
import { jumpToSegment, jumpToSlice, stepSlices } from './viewNavigation';
import { setUpTools, tearDownTools, toolGroup } from './viewportTools';
import { withPetValue } from './imageValues';
import { dataWindow } from './dataWindow';
import { viewportState, type ViewportState } from './viewportState';
import { isMprLayout, showInCell, showMpr, viewportIdsOf, type Layout } from './layouts';
import { SurfaceView, type SurfaceItem } from './surfaceView';
import { captureViews, type ViewMemory } from './viewMemory';
import { ViewSync } from './sync';
import { ViewportSet, type AnyViewport } from './viewportSet';
import { fitView, flipView, invertView, playCine, presentationOf, rotateView, stopCine } from './viewTransforms';
import { MeasurementList, type Measurement, type MeasurementValue } from './measurementList';
import { PrimaryToolChoice, type PrimaryTool } from './measurementTools';
import { screenOrientation } from './orientationMarkers';

export type { FramesFailed, LayerDisplay, Layout, ViewportState, Measurement, MeasurementValue, PrimaryTool, SurfaceItem };

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

export class ViewerController {
  private engine = newEngine();
  private layout: Layout = 'stack';
  private volumeId?: string;
  private listeners: Array<[EventTarget, string, EventListener]> = [];
  private contourLayers: ContourLayer[] = [];
  /** the primary series */
  private stack?: ImageStack;
  private readonly loading: SeriesLoading;
  private readonly labelmaps: LabelmapLayerSet;
  private readonly vps: ViewportSet;
  private readonly sync: ViewSync;
  private recovering = false;
  private cineFps: number | null = null;
  /** the 3D cell of the '3d' layout, and what it shows (kept for the next time it is built) */
  private surfaces?: SurfaceView;
  private surfaceItems: readonly SurfaceItem[] = [];
  /** what the left mouse button does (measurementTools.ts) */
  readonly tools = new PrimaryToolChoice();
  /** the measurements drawn, as plain data (measurementList.ts) */
  readonly measurements: MeasurementList;

  constructor(private readonly events: ControllerEvents) {
    this.measurements = new MeasurementList({
      viewports: () => this.vps.viewports(),
      imageIds: () => this.stack?.imageIds,
      label: (id) => this.vps.labelOf(id),
    });
    this.loading = new SeriesLoading((t, type, fn) => this.listen(t, type, fn), () => this.stack?.imageIds, events.onFramesFailed);
    this.vps = new ViewportSet({
      engine: () => this.engine,
      primary: () => this.stack,
      contourLayers: () => this.contourLayers,
      segmentsAt: (id, x, y) => withPetValue(this.vps.stackOf(id), this.engine.getViewport(id), [x, y], this.segmentsAtCanvas(id, [x, y])),
      changed: (id) => this.emitState(id),
      newImage: (id, index) => this.sync.newImage(id, index),
      windowChanged: (id, range) => this.sync.windowChanged(id, range),
      clicked: (id) => this.activate(this.vps.ids.indexOf(id)),
      removed: (id) => this.labelmaps.viewportRemoved(id),
    });
    this.sync = new ViewSync({ viewports: () => this.vps.viewports(), stackOf: (id) => this.vps.stackOf(id) });
    this.labelmaps = new LabelmapLayerSet({
      stack: () => this.stack,
      // Labelmaps are made over the primary series' images; cells showing another series get copies.
      viewportIds: () => this.vps.showing(this.stack).map((vp) => vp.id),
      others: () => this.vps.ids.flatMap((id) => {
        const s = this.vps.stackOf(id);
        return s && s !== this.stack ? [{ viewportId: id, stack: s }] : [];
      }),
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
    const elements = cells.map((id) => this.engine.getViewport(id)?.element as HTMLDivElement | undefined);
    const stacks = isMprLayout(this.layout) ? [this.stack] : cells.map((id) => this.vps.stackOf(id));
    const memory = this.capture();
    this.resetViewports();
    this.engine.destroy();
    this.engine = newEngine();
    // Grid cells left empty have no viewport to find their element by; the page's cells are in layout order.
    const all = elements.map((e, i) => e ?? document.querySelector<HTMLDivElement>(`[data-viewport-id="${cells[i]}"] .viewport-element`) ?? undefined);
    if (!all.every((e): e is HTMLDivElement => !!e)) return;
    await this.showLayout(this.layout, all, stacks, undefined, memory);
    performance.mark('viewer:context-restored');
  }

  /** Asks again for the shown series' images that failed, and only those (seriesLoading.ts). */
  retryFailedImages(): void {
    this.loading.retryFailed(this.vps.viewports(), this.volumeId);
  }

  private listen(target: EventTarget, type: string, fn: EventListener): void {
    target.addEventListener(type, fn);
    this.listeners.push([target, type, fn]);
  }

  /** The memory of every series shown (viewMemory.ts), the active viewport first. */
  private capture(): Map<ImageStack, ViewMemory> {
    const all = this.vps.viewports();
    const first = this.vps.activeViewport();
    const ordered = first ? [first, ...all.filter((v) => v !== first)] : all;
    return captureViews(ordered.flatMap((vp) => (this.vps.has(vp.id) ? [{ vp, stack: this.vps.stackOf(vp.id) as ImageStack }] : [])));
  }

  private resetViewports(): void {
    this.setCine(null);
    this.sync.reset();
    this.vps.clear();
    this.surfaces?.destroy();
    this.surfaces = undefined;
    tearDownTools();
    this.tools.attach(undefined, false);
    if (this.volumeId) {
      cache.removeVolumeLoadObject(this.volumeId);
      this.volumeId = undefined;
    }
  }

  /** RTSTRUCT layers to draw (placed on the slices of the primary series; other series by their planes). */
  setContourLayers(layers: ContourLayer[]): void {
    this.contourLayers = layers;
    this.vps.setContourLayers(layers);
  }

  /**
   * Labelmap layers for the primary series (slices in imageIds order), shown on its viewports: one group's (a SEG's
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

  /** A labelmap layer grew (its new slices are in its `packed`): see LabelmapLayerSet.updateLayer. */
  updateLabelmapLayer(segmentationId: string, changed: readonly number[], mark?: string, onDrawn?: () => void): void {
    this.labelmaps.updateLayer(segmentationId, changed, mark, onDrawn);
  }

  /** A parametric map's colours, window, threshold and opacity (kept as its layer's display). */
  setMapDisplay(segmentationId: string, range: MapRange, map: MapDisplay): void {
    this.labelmaps.setMapDisplay(segmentationId, range, map);
  }

  /** Hides these segments of a layer (by SegmentNumber) and shows its others. */
  setHiddenSegments(segmentationId: string, hidden: ReadonlySet<number>): void {
    this.labelmaps.setHiddenSegments(segmentationId, hidden);
  }

  /** Names of the segments drawn at a canvas point of a viewport (CSS pixels), for the hover label. */
  segmentsAtCanvas(viewportId: string, point: [number, number]): string[] {
    return this.labelmaps.segmentsAtCanvas(viewportId, point);
  }

  /** Show slice `index` of the primary series in every viewport of its plane. */
  jumpToSlice(index: number): void {
    jumpToSlice(this.vps.showing(this.stack), this.stack, index);
  }

  /** Shows a segment of the SEG drawn as these layers, at `slice` (in MPR through its centre there). */
  jumpToSegment(segmentationIds: string[], segmentNumber: number, slice: number): void {
    const layers = this.labelmaps.all.filter((l) => segmentationIds.includes(l.segmentationId));
    jumpToSegment(this.vps.showing(this.stack), this.stack, layers, segmentNumber, slice);
  }

  private activate(index: number): void {
    const { ids, active } = this.vps;
    if (index < 0 || index >= ids.length || index === active) return;
    const cine = this.cineFps;
    if (cine) this.setCine(null);
    this.vps.active = index;
    if (cine) this.setCine(cine);
    if (ids[active]) this.emitState(ids[active]);
    this.emitState(ids[index]);
  }

  /** The next (+1) or previous (-1) viewport becomes the active one (wrapping round). */
  stepActiveViewport(step: number): void {
    const n = this.vps.ids.length;
    if (n > 1) this.activate((((this.vps.active + step) % n) + n) % n);
  }

  /** Runs a view command on the active viewport and tells the page how it looks now. */
  private onActive(fn: (vp: AnyViewport) => void): void {
    const vp = this.vps.activeViewport();
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

  /** Esc: the measurement being drawn in the active viewport is dropped (measurementList.ts). */
  cancelMeasurement(): void {
    this.measurements.cancel(this.vps.activeViewport()?.element);
  }

  /** Backspace / Delete: the selected measurements are removed. */
  deleteSelectedMeasurements(): void {
    this.measurements.removeSelected();
  }

  fit(): void {
    this.onActive(fitView);
  }

  /** Cine in the active viewport at `framesPerSecond`, or stopped (null). */
  setCine(framesPerSecond: number | null): void {
    const vp = this.vps.activeViewport();
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
    const state = vp && viewportState(vp, this.vps.labelOf(viewportId));
    if (!state) return;
    const active = this.vps.ids[this.vps.active] === viewportId;
    this.events.onState({ ...state, active: active && this.vps.ids.length > 1, cine: active ? this.cineFps : null, ...presentationOf(vp), ...screenOrientation(vp) });
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
    if (isMprLayout(layout)) {
      this.volumeId = await showMpr(this.engine, this.vps, elements, primary, memory);
      // After the MPR planes: setting those up replaces every viewport of the engine.
      if (layout === '3d' && elements[3]) {
        this.surfaces = new SurfaceView(this.engine, elements[3]);
        this.surfaces.setSurfaces(this.surfaceItems);
      }
    } else {
      setUpTools(this.engine.id, []);
      await Promise.all(viewportIdsOf(layout).map((id, i) => showInCell(this.engine, this.vps, layout, { id, element: elements[i], stack: stacks[i], initialIndex: i === 0 ? initialIndex : undefined }, memory)));
      performance.measure('viewer:first-image', { start: this.loading.started });
    }
    // Once the first image is on screen, before the first overlay (gpuWarmUp.ts).
    warmUpTextureTest();
    // Measurement tools on the group the layout set up (crosshairs only across MPR's planes).
    this.tools.attach(toolGroup(), isMprLayout(layout));
    this.labelmaps.apply();
    for (const id of this.vps.ids) this.emitState(id);
  }

  /** Shows a series in a cell of the grid (replacing what it showed): dragged there, or chosen in its menu. */
  async setCellSeries(cell: number, element: HTMLDivElement, stack: ImageStack): Promise<void> {
    const id = viewportIdsOf(this.layout)[cell];
    if (!id || isMprLayout(this.layout)) return;
    if (this.vps.has(id)) this.vps.remove(id);
    await showInCell(this.engine, this.vps, this.layout, { id, element, stack }, new Map());
    this.labelmaps.apply();
    // Every viewport: which one is outlined as active depends on how many there are.
    for (const v of this.vps.ids) this.emitState(v);
  }

  /** A window preset, in the active viewport and every other showing its series (others follow when in sync). */
  applyPreset(p: WindowPreset): void {
    for (const vp of this.vps.showing(this.vps.stackOf(this.vps.ids[this.vps.active]))) {
      vp.setProperties({ voiRange: { lower: p.center - p.width / 2, upper: p.center + p.width / 2 } });
      vp.render();
      this.emitState(vp.id);
    }
  }

  /** A window from the active viewport's image (MR, PET in stored units): presets.ts DataPreset. */
  applyDataWindow(rule: DataWindowRule): void {
    const vp = this.engine.getViewport(this.vps.ids[this.vps.active] ?? this.vps.ids[0]) as AnyViewport | undefined;
    const imageId = vp?.getCurrentImageId?.() ?? this.stack?.imageIds[Math.floor(this.stack.imageIds.length / 2)];
    const w = imageId ? dataWindow(imageId, rule) : null;
    if (w) this.applyPreset({ id: rule, label: rule, key: '', ...w });
  }

  /** The surfaces the 3D cell shows (kept while the layout has no such cell). */
  setSurfaces(items: readonly SurfaceItem[]): void {
    this.surfaceItems = items;
    this.surfaces?.setSurfaces(items);
  }

  reset(): void {
    this.surfaces?.reset();
    for (const vp of this.vps.viewports()) {
      vp.resetCamera();
      vp.resetProperties();
      vp.render();
      this.emitState(vp.id);
    }
  }

  scroll(delta: number, viewportId = this.vps.ids[this.vps.active] ?? this.vps.ids[0]): void {
    const vp = this.engine.getViewport(viewportId) as AnyViewport | undefined;
    if (vp) stepSlices(vp, delta);
  }

  zoom(factor: number): void {
    for (const vp of this.vps.viewports()) {
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

  /**
   * Whether a viewport shows the image of the slice it is at (a stack still loading the slice it was moved to shows
   * the previous one until then). Volume viewports: always, once drawn. For automation.
   */
  showsCurrentImage(viewportId: string): boolean {
    const vp = this.engine.getViewport(viewportId);
    if (!vp) return false;
    if (!(vp instanceof StackViewport)) return vp.viewportStatus === Enums.ViewportStatus.RENDERED;
    return vp.viewportStatus === Enums.ViewportStatus.RENDERED && vp.getCornerstoneImage()?.imageId === vp.getCurrentImageId();
  }

  /** Closes the study: its viewports, listeners and everything it left in Cornerstone (release.ts). */
  destroy(): void {
    this.measurements.destroy();
    this.loading.stop();
    this.resetViewports();
    for (const [t, type, fn] of this.listeners) t.removeEventListener(type, fn);
    this.listeners = [];
    this.engine.destroy();
    this.labelmaps.clear();
    this.contourLayers = [];
    this.stack = undefined;
    releaseStudy();
  }
}
