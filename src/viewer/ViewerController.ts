// Owns the Cornerstone rendering engine, the viewports of the current layout and their tools.
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
import type { MapDisplay, MapRange } from './mapLayer';
import type { DataWindowRule, WindowPreset } from './presets';
import { releaseStudy } from './release';
import { LabelmapLayerSet, type LayerDisplay } from './labelmapLayerSet';
import { SeriesLoading, type FramesFailed } from './seriesLoading';
import { enablePrefetch } from './prefetch';
import { jumpToSegment, jumpToSlice } from './viewNavigation';
import { setUpTools, tearDownTools } from './viewportTools';
import { withPetValue } from './imageValues';
import { dataWindow } from './dataWindow';
import { viewportState, voiOf, type ViewportState } from './viewportState';
import { fitView, flipView, invertView, playCine, presentationOf, rotateView, stopCine } from './viewTransforms';
import { MeasurementList, type Measurement, type MeasurementValue } from './measurementList';
import { PrimaryToolChoice, type PrimaryTool } from './measurementTools';
import { screenOrientation } from './orientationMarkers';

export type { FramesFailed, LayerDisplay, ViewportState, Measurement, MeasurementValue, PrimaryTool };

export type Layout = 'stack' | 'mpr';

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
const MPR: Array<{ id: string; label: string; orientation: Enums.OrientationAxis }> = [
  { id: 'mpr-axial', label: 'Axial', orientation: Enums.OrientationAxis.AXIAL },
  { id: 'mpr-sagittal', label: 'Sagittal', orientation: Enums.OrientationAxis.SAGITTAL },
  { id: 'mpr-coronal', label: 'Coronal', orientation: Enums.OrientationAxis.CORONAL },
];

let volumeCounter = 0;

type AnyViewport = Types.IStackViewport | Types.IVolumeViewport;

export class ViewerController {
  private engine = newEngine();
  private viewportIds: string[] = [];
  private labels = new Map<string, string>();
  private volumeId?: string;
  private listeners: Array<[EventTarget, string, EventListener]> = [];
  /** listeners on the current viewports' elements: removed with the viewports (the elements outlive them) */
  private viewportListeners: Array<[EventTarget, string, EventListener]> = [];
  private overlays: ContourOverlay[] = [];
  private contourLayers: ContourLayer[] = [];
  private stack?: ImageStack;
  private readonly loading: SeriesLoading;
  private readonly labelmaps: LabelmapLayerSet;
  private recovering = false;
  /** the viewport that keys and toolbar buttons act on (index in viewportIds) */
  private active = 0;
  private cineFps: number | null = null;
  /** what the left mouse button does (measurementTools.ts) */
  readonly tools = new PrimaryToolChoice();
  /** the measurements drawn, as plain data (measurementList.ts) */
  readonly measurements: MeasurementList;

  constructor(private readonly events: ControllerEvents) {
    this.measurements = new MeasurementList({
      viewports: () => this.viewports(),
      imageIds: () => this.stack?.imageIds,
      label: (id) => this.labels.get(id) ?? '',
    });
    this.loading = new SeriesLoading((t, type, fn) => this.listen(t, type, fn), () => this.stack?.imageIds, events.onFramesFailed);
    this.labelmaps = new LabelmapLayerSet({
      stack: () => this.stack,
      viewportIds: () => this.viewportIds,
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
   * layout, at the same slice and window, with every overlay. Cached images and registered segmentations do
   * not depend on the context and are kept.
   */
  private async recoverContext(): Promise<void> {
    const stack = this.stack;
    const ids = [...this.viewportIds];
    const elements = ids.map((id) => this.engine.getViewport(id)?.element as HTMLDivElement | undefined).filter((x): x is HTMLDivElement => !!x);
    const first = ids.length ? (this.engine.getViewport(ids[0]) as AnyViewport | undefined) : undefined;
    const index = ids[0] === 'stack' && first ? (first as Types.IStackViewport).getCurrentImageIdIndex() : undefined;
    const voi = voiOf(first);
    this.resetViewports();
    this.engine.destroy();
    this.engine = newEngine();
    if (!stack || !elements.length) return;
    if (ids[0] === 'stack') await this.showStack(elements[0], stack, index);
    else await this.showMpr(elements, stack);
    if (voi) {
      for (const vp of this.viewports()) {
        vp.setProperties({ voiRange: voi });
        vp.render();
        this.emitState(vp.id);
      }
    }
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

  /** Stops the stack's background prefetch and takes its listener off (see enablePrefetch). */
  private stopPrefetch = (): void => undefined;

  private resetViewports(): void {
    this.setCine(null);
    this.active = 0;
    for (const [t, type, fn] of this.viewportListeners) t.removeEventListener(type, fn);
    this.viewportListeners = [];
    this.stopPrefetch();
    this.stopPrefetch = () => undefined;
    this.labelmaps.viewportsReset();
    for (const o of this.overlays) o.destroy();
    this.overlays = [];
    tearDownTools();
    this.tools.attach(undefined, false);
    for (const id of this.viewportIds) this.engine.disableElement(id);
    this.viewportIds = [];
    this.labels.clear();
    if (this.volumeId) {
      cache.removeVolumeLoadObject(this.volumeId);
      this.volumeId = undefined;
    }
  }

  private addOverlay(element: HTMLDivElement, viewportId: string): void {
    const o = new ContourOverlay(
      element,
      () => this.engine.getViewport(viewportId) as AnyViewport | undefined,
      (x, y) => withPetValue(this.stack, this.engine.getViewport(viewportId), [x, y], this.segmentsAtCanvas(viewportId, [x, y])),
    );
    o.setLayers(this.contourLayers);
    this.overlays.push(o);
  }

  /** RTSTRUCT layers to draw (placed on the slices of the shown series). */
  setContourLayers(layers: ContourLayer[]): void {
    this.contourLayers = layers;
    for (const o of this.overlays) o.setLayers(layers);
  }

  /**
   * Labelmap layers for the shown series (slices in imageIds order), shown on every viewport: one group's (a SEG's
   * `seg:<SOPInstanceUID>`, 'maps', 'quality'), replacing what the group had; none removes it.
   */
  setLabelmapGroup(group: string, layers: OverlayLayer[]): void {
    this.labelmaps.setGroup(group, layers);
  }

  /** A labelmap layer grew (its new slices are in its `packed`): see LabelmapLayerSet.updateLayer. */
  updateLabelmapLayer(segmentationId: string, changed: readonly number[], mark?: string): void {
    this.labelmaps.updateLayer(segmentationId, changed, mark);
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

  /** Show slice `index` of the current series (in imageIds order) in every viewport of its plane. */
  jumpToSlice(index: number): void {
    jumpToSlice(this.viewports(), this.stack, index);
  }

  /** Shows a segment of the SEG drawn as these layers, at `slice` (in MPR through its centre there). */
  jumpToSegment(segmentationIds: string[], segmentNumber: number, slice: number): void {
    const layers = this.labelmaps.all.filter((l) => segmentationIds.includes(l.segmentationId));
    jumpToSegment(this.viewports(), this.stack, layers, segmentNumber, slice);
  }

  private watch(element: HTMLDivElement, viewportId: string): void {
    const emit = (): void => this.emitState(viewportId);
    const listen = (type: string, fn: EventListener): void => {
      element.addEventListener(type, fn);
      this.viewportListeners.push([element, type, fn]);
    };
    for (const ev of [Enums.Events.STACK_NEW_IMAGE, Enums.Events.VOI_MODIFIED, Enums.Events.VOLUME_NEW_IMAGE, Enums.Events.IMAGE_RENDERED]) listen(ev, emit);
    // A click in a viewport makes it the one keys act on (as in OHIF).
    listen('pointerdown', () => this.activate(this.viewportIds.indexOf(viewportId)));
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

  /** Rotates the active viewport by a multiple of 90 degrees (clockwise positive). */
  rotate(degrees: number): void {
    const vp = this.activeViewport();
    if (!vp) return;
    rotateView(vp, degrees);
    this.emitState(vp.id);
  }

  flip(direction: 'horizontal' | 'vertical'): void {
    const vp = this.activeViewport();
    if (!vp) return;
    flipView(vp, direction);
    this.emitState(vp.id);
  }

  invert(): void {
    const vp = this.activeViewport();
    if (!vp) return;
    invertView(vp);
    this.emitState(vp.id);
  }

  fit(): void {
    const vp = this.activeViewport();
    if (vp) fitView(vp);
  }

  /** Cine in the active viewport at `framesPerSecond`, or stopped (null). */
  setCine(framesPerSecond: number | null): void {
    const vp = this.activeViewport();
    if (this.cineFps && vp) stopCine(vp);
    this.cineFps = framesPerSecond;
    if (framesPerSecond && vp) playCine(vp, framesPerSecond);
    if (vp) this.emitState(vp.id);
  }

  emitState(viewportId: string): void {
    const vp = this.engine.getViewport(viewportId) as AnyViewport | undefined;
    const state = vp && viewportState(vp, this.labels.get(viewportId) ?? '');
    if (!state) return;
    const active = this.viewportIds[this.active] === viewportId;
    this.events.onState({ ...state, active: active && this.viewportIds.length > 1, cine: active ? this.cineFps : null, ...presentationOf(vp), ...screenOrientation(vp) });
  }

  async showStack(element: HTMLDivElement, stack: ImageStack, initialIndex?: number): Promise<void> {
    this.resetViewports();
    const viewportId = 'stack';
    this.engine.enableElement({ viewportId, element, type: Enums.ViewportType.STACK, defaultOptions: { background: [0, 0, 0] } });
    this.viewportIds = [viewportId];
    this.stack = stack;
    this.labels.set(viewportId, '');
    this.watch(element, viewportId);
    this.addOverlay(element, viewportId);
    this.tools.attach(setUpTools(this.engine.id, this.viewportIds), false);
    const vp = this.engine.getViewport(viewportId) as Types.IStackViewport;
    const index = initialIndex ?? Math.floor(stack.imageIds.length / 2);
    this.loading.track(stack.imageIds);
    await vp.setStack(stack.imageIds, Math.min(Math.max(0, index), stack.imageIds.length - 1));
    vp.render();
    performance.measure('viewer:first-image', { start: this.loading.started });
    this.labelmaps.apply();
    // Load the rest of the series in the background, nearest slices first, so scrolling never waits.
    this.stopPrefetch = enablePrefetch(element);
    this.emitState(viewportId);
  }

  async showMpr(elements: HTMLDivElement[], stack: ImageStack): Promise<void> {
    this.resetViewports();
    this.engine.setViewports(
      MPR.map((m, i) => ({
        viewportId: m.id,
        element: elements[i],
        type: Enums.ViewportType.ORTHOGRAPHIC,
        defaultOptions: { orientation: m.orientation, background: [0, 0, 0] as Types.Point3 },
      })),
    );
    this.viewportIds = MPR.map((m) => m.id);
    this.stack = stack;
    MPR.forEach((m, i) => {
      this.labels.set(m.id, m.label);
      this.watch(elements[i], m.id);
      this.addOverlay(elements[i], m.id);
    });
    this.tools.attach(setUpTools(this.engine.id, this.viewportIds), true);
    const volumeId = `cornerstoneStreamingImageVolume:vol-${++volumeCounter}`;
    this.volumeId = volumeId;
    this.loading.track(stack.imageIds);
    const volume = await volumeLoader.createAndCacheVolume(volumeId, { imageIds: stack.imageIds });
    (volume as unknown as { load: () => void }).load();
    await setVolumesForViewports(this.engine, [{ volumeId }], this.viewportIds);
    this.engine.renderViewports(this.viewportIds);
    this.labelmaps.apply();
    for (const id of this.viewportIds) this.emitState(id);
  }

  get activeViewportIds(): string[] {
    return this.viewportIds;
  }

  applyPreset(p: WindowPreset): void {
    for (const vp of this.viewports()) {
      vp.setProperties({ voiRange: { lower: p.center - p.width / 2, upper: p.center + p.width / 2 } });
      vp.render();
      this.emitState(vp.id);
    }
  }

  /** A window from the active viewport's image (MR, PET in stored units): presets.ts DataPreset. */
  applyDataWindow(rule: DataWindowRule): void {
    const vp = this.engine.getViewport(this.viewportIds[this.active] ?? this.viewportIds[0]) as AnyViewport | undefined;
    const imageId = vp?.getCurrentImageId?.() ?? this.stack?.imageIds[Math.floor(this.stack.imageIds.length / 2)];
    const w = imageId ? dataWindow(imageId, rule) : null;
    if (w) this.applyPreset({ id: rule, label: rule, key: '', ...w });
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
