// Owns the Cornerstone rendering engine, the viewports of the current layout and their tools.
import {
  RenderingEngine,
  Enums,
  eventTarget,
  volumeLoader,
  setVolumesForViewports,
  cache,
  imageLoader,
  type Types,
} from '@cornerstonejs/core';
import {
  ToolGroupManager,
  Enums as ToolEnums,
  PanTool,
  ZoomTool,
  WindowLevelTool,
  StackScrollTool,
  utilities as toolUtilities,
} from '@cornerstonejs/tools';
import type { ImageStack } from './imageIds';
import { ContourOverlay, type ContourLayer } from './contourOverlay';
import { applyHidden, registerLayer, releaseLayer, segmentsAt, showLayer, setLayerStyle, setLayerVisible, yieldToMain, type LabelmapMode, type OverlayLayer } from './labelmapOverlay';
import type { WindowPreset } from './presets';
import { worldToVoxel } from '../dicom/geometry/voxel';
import { segmentCentreInPatient } from './segmentCentre';
import { imageValueAt } from './imageValues';
import { releaseStudy } from './release';
import { FrameLoadError } from './frameRetry';

export type Layout = 'stack' | 'mpr';

export interface ViewportState {
  viewportId: string;
  label: string;
  slice: number;
  total: number;
  windowWidth?: number;
  windowCenter?: number;
}

/** Images of the shown series that failed (after the loader's own retries): one message for all of them. */
export interface FramesFailed {
  /** "Image …1234abcd frame 3 could not be loaded or decoded (and 11 more): <why>" */
  message: string;
  count: number;
  /** asking again may help (the server failed, not the decoder) */
  network: boolean;
}

export interface ControllerEvents {
  onState: (s: ViewportState) => void;
  onError: (message: string) => void;
  /** the shown series' failed images changed (null: none failed, or all recovered) */
  onFramesFailed?: (f: FramesFailed | null) => void;
}

function frameName(imageId: string): string {
  return imageId.replace(/^.*\/instances\/([^/]+)\/frames\/(\d+)$/, (_m, sop: string, n: string) => `…${sop.slice(-12)} frame ${n}`);
}

/**
 * Each engine gets its own id: a context that the browser drops from an engine already replaced (it keeps at most
 * 16 and loses the oldest) must not be taken for the current one's.
 */
let engineCounter = 0;
const newEngine = (): RenderingEngine => new RenderingEngine(`engine-${++engineCounter}`);
const TOOLGROUP_ID = 'main-tools';
const MPR: Array<{ id: string; label: string; orientation: Enums.OrientationAxis }> = [
  { id: 'mpr-axial', label: 'Axial', orientation: Enums.OrientationAxis.AXIAL },
  { id: 'mpr-sagittal', label: 'Sagittal', orientation: Enums.OrientationAxis.SAGITTAL },
  { id: 'mpr-coronal', label: 'Coronal', orientation: Enums.OrientationAxis.CORONAL },
];

let volumeCounter = 0;

/**
 * Cornerstone's stackPrefetch, with its leak stopped: `disable` builds a new handler to remove instead of the one
 * `enable` added to the global event target, so every stack shown left a listener holding its viewport element,
 * and through it the page's whole detached DOM (found by a heap snapshot after twenty studies). The listener
 * `enable` adds is noted here and taken off when the prefetch is stopped.
 */
function enablePrefetch(element: HTMLDivElement): () => void {
  const type = Enums.Events.IMAGE_CACHE_IMAGE_REMOVED;
  const registry = (eventTarget as unknown as { listeners?: Record<string, EventListener[] | undefined> }).listeners ?? {};
  const before = new Set(registry[type] ?? []);
  toolUtilities.stackPrefetch.enable(element);
  const added = (registry[type] ?? []).filter((l) => !before.has(l));
  return () => {
    toolUtilities.stackPrefetch.disable(element);
    for (const l of added) eventTarget.removeEventListener(type, l);
  };
}

/** What a streaming volume offers to load one of its images again (not in its public types). */
interface VolumeLoading {
  callLoadImage?: (imageId: string, index: number, options: unknown) => unknown;
  getLoaderImageOptions: (imageId: string) => unknown;
}

/** Moves a volume viewport's view (focal point and camera together) by `delta` mm along `direction`. */
function shiftView(vp: Types.IVolumeViewport, direction: readonly number[], delta: number): void {
  const cam = vp.getCamera();
  if (!cam.focalPoint || !cam.position) return;
  const shift = (p: Types.Point3): Types.Point3 => [p[0] + direction[0] * delta, p[1] + direction[1] * delta, p[2] + direction[2] * delta];
  vp.setCamera({ focalPoint: shift(cam.focalPoint), position: shift(cam.position) });
  vp.render();
}

export class ViewerController {
  private engine = newEngine();
  private viewportIds: string[] = [];
  private labels = new Map<string, string>();
  private volumeId?: string;
  private listeners: Array<[EventTarget, string, EventListener]> = [];
  /** imageIds of the shown series not yet loaded; marks 'viewer:series-loaded' when it empties */
  private pending = new Set<string>();
  private loadStart = 0;
  private overlays: ContourOverlay[] = [];
  private contourLayers: ContourLayer[] = [];
  private stack?: ImageStack;
  private labelLayers: OverlayLayer[] = [];
  /** segmentationIds registered with Cornerstone, per stack (labelmap images derive from its imageIds) */
  private registered = new Set<string>();
  private shownOn = new Set<string>();

  constructor(private readonly events: ControllerEvents) {
    const onLoadError = ((e: CustomEvent<{ imageId?: unknown; error?: unknown }>) => {
      const imageId = e.detail?.imageId;
      // The streaming volume reports its index here (it binds its arguments in the wrong order); the loader's own
      // IMAGE_LOAD_FAILED names the image.
      if (typeof imageId !== 'string' || !this.stack?.imageIds.includes(imageId)) return;
      const err = e.detail.error;
      const why = err instanceof Error ? err.message : typeof err === 'string' ? err : ((err as { message?: string })?.message ?? 'unknown error');
      this.failed.set(imageId, { why, network: err instanceof FrameLoadError && err.network });
      this.reportFailed();
    }) as EventListener;
    // The image loader reports failed loads as IMAGE_LOAD_FAILED; viewports as IMAGE_LOAD_ERROR.
    this.listen(eventTarget, Enums.Events.IMAGE_LOAD_ERROR, onLoadError);
    this.listen(eventTarget, Enums.Events.IMAGE_LOAD_FAILED, onLoadError);
    const onLoaded = ((e: CustomEvent<{ image: { imageId: string } }>) => {
      if (this.failed.delete(e.detail.image.imageId)) this.reportFailed();
      if (!this.pending.delete(e.detail.image.imageId) || this.pending.size) return;
      // Performance marks are what `npm run bench` reads: first image and whole series.
      performance.measure('viewer:series-loaded', { start: this.loadStart });
    }) as EventListener;
    this.listen(eventTarget, Enums.Events.IMAGE_LOADED, onLoaded);
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

  private recovering = false;

  /**
   * A new rendering engine (a new WebGL context) showing what the lost one showed: the same series in the same
   * layout, at the same slice and window, with every overlay. Cached images and registered segmentations do
   * not depend on the context and are kept.
   */
  private async recoverContext(): Promise<void> {
    const stack = this.stack;
    const ids = [...this.viewportIds];
    const elements = ids.map((id) => this.engine.getViewport(id)?.element as HTMLDivElement | undefined).filter((x): x is HTMLDivElement => !!x);
    const first = ids.length ? (this.engine.getViewport(ids[0]) as Types.IStackViewport | Types.IVolumeViewport | undefined) : undefined;
    const index = ids[0] === 'stack' && first ? (first as Types.IStackViewport).getCurrentImageIdIndex() : undefined;
    let voi: { lower: number; upper: number } | undefined;
    try {
      voi = (first?.getProperties() as { voiRange?: { lower: number; upper: number } } | undefined)?.voiRange;
    } catch {
      voi = undefined;
    }
    this.resetViewports();
    this.engine.destroy();
    this.engine = newEngine();
    if (!stack || !elements.length) return;
    if (ids[0] === 'stack') await this.showStack(elements[0], stack, index);
    else await this.showMpr(elements, stack);
    if (voi) {
      for (const id of this.viewportIds) {
        const vp = this.engine.getViewport(id) as Types.IStackViewport | Types.IVolumeViewport;
        vp.setProperties({ voiRange: voi });
        vp.render();
        this.emitState(id);
      }
    }
    performance.mark('viewer:context-restored');
  }

  /** failed images of the shown series, by imageId, in the order they failed */
  private failed = new Map<string, { why: string; network: boolean }>();
  private reportTimer: ReturnType<typeof setTimeout> | undefined;

  /** One message for the failed images, a moment after the last change (hundreds may fail at once). */
  private reportFailed(): void {
    clearTimeout(this.reportTimer);
    this.reportTimer = setTimeout(() => {
      const all = [...this.failed];
      if (!all.length) return this.events.onFramesFailed?.(null);
      const [id, first] = all[0];
      const more = all.length > 1 ? ` (and ${all.length - 1} more)` : '';
      this.events.onFramesFailed?.({
        message: `Image ${frameName(id)} could not be loaded or decoded${more}: ${first.why}`,
        count: all.length,
        network: all.some(([, f]) => f.network),
      });
    }, 150);
  }

  /**
   * Asks again for the images that failed, and only those: what is shown stays. The image on screen (if it is one
   * of them) is shown when it arrives; in MPR each arriving image goes into the volume.
   */
  retryFailedImages(): void {
    const ids = [...this.failed.keys()];
    this.failed.clear();
    this.reportFailed();
    for (const vpId of this.viewportIds) {
      const vp = this.engine.getViewport(vpId) as Types.IStackViewport | Types.IVolumeViewport | undefined;
      if (vp?.type === Enums.ViewportType.STACK) {
        const stackVp = vp as Types.IStackViewport;
        const current = stackVp.getCurrentImageIdIndex();
        // setImageIdIndex does nothing for the index it is at; its inner call loads and shows it.
        const show = (stackVp as unknown as { _setImageIdIndex?: (i: number) => Promise<string> })._setImageIdIndex?.bind(stackVp);
        if (ids.includes(stackVp.getImageIds()[current]) && show) void show(current).catch(() => undefined);
      }
    }
    const volume = this.volumeId ? (cache.getVolume(this.volumeId) as unknown as VolumeLoading | undefined) : undefined;
    for (const id of ids) {
      if (volume && typeof volume.callLoadImage === 'function') {
        const index = this.stack?.imageIds.indexOf(id) ?? -1;
        if (index >= 0) void Promise.resolve(volume.callLoadImage(id, index, volume.getLoaderImageOptions(id))).catch(() => undefined);
      } else {
        void imageLoader.loadAndCacheImage(id, { priority: 0, requestType: Enums.RequestType.Interaction }).catch(() => undefined);
      }
    }
  }

  private trackSeries(imageIds: string[]): void {
    this.failed.clear();
    this.reportFailed();
    this.pending = new Set(imageIds.filter((id) => !cache.isLoaded(id)));
    this.loadStart = performance.now();
  }

  private listen(target: EventTarget, type: string, fn: EventListener): void {
    target.addEventListener(type, fn);
    this.listeners.push([target, type, fn]);
  }

  /** Stops the stack's background prefetch and takes its listener off (see enablePrefetch). */
  private stopPrefetch = (): void => undefined;

  private resetViewports(): void {
    this.stopPrefetch();
    this.stopPrefetch = () => undefined;
    this.shownOn.clear();
    for (const o of this.overlays) o.destroy();
    this.overlays = [];
    ToolGroupManager.destroyToolGroup(TOOLGROUP_ID);
    for (const id of this.viewportIds) this.engine.disableElement(id);
    this.viewportIds = [];
    this.labels.clear();
    if (this.volumeId) {
      cache.removeVolumeLoadObject(this.volumeId);
      this.volumeId = undefined;
    }
  }

  private setUpTools(): void {
    const tg = ToolGroupManager.createToolGroup(TOOLGROUP_ID);
    if (!tg) return;
    tg.addTool(WindowLevelTool.toolName);
    tg.addTool(PanTool.toolName);
    tg.addTool(ZoomTool.toolName);
    tg.addTool(StackScrollTool.toolName);
    tg.setToolActive(WindowLevelTool.toolName, { bindings: [{ mouseButton: ToolEnums.MouseBindings.Primary }] });
    tg.setToolActive(PanTool.toolName, { bindings: [{ mouseButton: ToolEnums.MouseBindings.Auxiliary }] });
    tg.setToolActive(ZoomTool.toolName, { bindings: [{ mouseButton: ToolEnums.MouseBindings.Secondary }] });
    tg.setToolActive(StackScrollTool.toolName, { bindings: [{ mouseButton: ToolEnums.MouseBindings.Wheel }] });
    for (const id of this.viewportIds) tg.addViewport(id, this.engine.id);
  }

  private addOverlay(element: HTMLDivElement, viewportId: string): void {
    const o = new ContourOverlay(
      element,
      () => this.engine.getViewport(viewportId) as Types.IStackViewport | Types.IVolumeViewport | undefined,
      (x, y) => this.segmentsAtCanvas(viewportId, [x, y]),
    );
    o.setLayers(this.contourLayers);
    this.overlays.push(o);
  }

  /** RTSTRUCT layers to draw (placed on the slices of the shown series). */
  setContourLayers(layers: ContourLayer[]): void {
    this.contourLayers = layers;
    for (const o of this.overlays) o.setLayers(layers);
  }

  /** SEG labelmap layers for the shown series (slices in imageIds order); shown on every viewport. */
  setLabelmapLayers(layers: OverlayLayer[]): void {
    this.labelLayers = layers;
    this.applyLabelmaps();
  }

  /** Layers are registered one after another, a few slices per task (see registerLayer). */
  private labelWork: Promise<void> = Promise.resolve();

  private applyLabelmaps(): void {
    this.labelWork = this.labelWork.then(() => this.applyLabelmapsNow()).catch((e: unknown) => {
      this.events.onError(`Segmentation overlay could not be drawn: ${e instanceof Error ? e.message : String(e)}`);
    });
  }

  private async applyLabelmapsNow(): Promise<void> {
    const stack = this.stack;
    // Layers no longer asked for (another series shown, a comparison closed) give their memory back.
    for (const id of [...this.registered]) {
      if (this.labelLayers.some((l) => l.segmentationId === id)) continue;
      releaseLayer(id);
      this.registered.delete(id);
      for (const key of [...this.shownOn]) if (key.endsWith(`|${id}`)) this.shownOn.delete(key);
    }
    if (!stack || !this.viewportIds.length) return;
    for (const layer of this.labelLayers) {
      if (!this.registered.has(layer.segmentationId)) {
        if (!stack.planes) throw new Error(`${layer.label}: the series has no plane geometry to draw it on`);
        const done = await registerLayer({ imageIds: stack.imageIds, planes: stack.planes, frameOfReferenceUID: stack.frameOfReferenceUID }, layer, () => this.stack === stack);
        if (!done) return;
        this.registered.add(layer.segmentationId);
        const style = this.styles.get(layer.segmentationId) ?? { mode: 'both' as const, opacity: 0.5 };
        setLayerStyle(layer.segmentationId, style.mode, style.opacity);
      }
      for (const v of this.viewportIds.filter((id) => !this.shownOn.has(`${id}|${layer.segmentationId}`))) {
        // One viewport per task (Cornerstone needs tens of ms for a layer of hundreds of labels); the hidden
        // segments and layers are read afresh, since the user may change them meanwhile.
        await yieldToMain();
        if (this.stack !== stack || !this.labelLayers.includes(layer) || !this.viewportIds.includes(v)) return;
        showLayer(v, layer, this.hiddenSegments.get(layer.segmentationId));
        if (this.hiddenLayers.has(layer.segmentationId)) setLayerVisible([v], layer.segmentationId, false);
        this.shownOn.add(`${v}|${layer.segmentationId}`);
      }
      // Each layer's own mark, once: `npm run bench` waits for every overlay of a study, not only the first.
      if (!this.markedLayers.has(layer.segmentationId)) {
        this.markedLayers.add(layer.segmentationId);
        const detail = { segmentationId: layer.segmentationId };
        requestAnimationFrame(() => requestAnimationFrame(() => performance.mark('seg:layer-visible', { detail })));
      }
    }
    // After the next frame the labelmaps are on screen; `npm run bench` reads these marks (a map's layer has a probe).
    for (const [mark, has] of [
      ['seg:visible', this.labelLayers.some((l) => !l.probe)],
      ['pm:visible', this.labelLayers.some((l) => l.probe)],
    ] as const) {
      if (has && !performance.getEntriesByName(mark).length) requestAnimationFrame(() => requestAnimationFrame(() => performance.mark(mark)));
    }
  }

  private markedLayers = new Set<string>();

  /** Segments hidden per layer (by SegmentNumber), applied when a layer is shown and on every change. */
  private hiddenSegments = new Map<string, ReadonlySet<number>>();

  /** Shows or hides a whole layer. */
  setLayerVisibility(segmentationId: string, visible: boolean): void {
    const ids = this.viewportIds.filter((v) => this.shownOn.has(`${v}|${segmentationId}`));
    setLayerVisible(ids, segmentationId, visible);
    if (visible) this.hiddenLayers.delete(segmentationId);
    else this.hiddenLayers.add(segmentationId);
  }

  private styles = new Map<string, { mode: LabelmapMode; opacity: number }>();

  /** Fill, outline or both, and fill opacity (0..1), for a layer; kept for when it is shown again. */
  setLayerStyle(segmentationId: string, mode: LabelmapMode, opacity: number): void {
    this.styles.set(segmentationId, { mode, opacity });
    if (this.registered.has(segmentationId)) setLayerStyle(segmentationId, mode, opacity);
  }

  /** Hides these segments of a layer (by SegmentNumber) and shows its others. */
  setHiddenSegments(segmentationId: string, hidden: ReadonlySet<number>): void {
    this.hiddenSegments.set(segmentationId, hidden);
    const layer = this.labelLayers.find((l) => l.segmentationId === segmentationId);
    const ids = this.viewportIds.filter((v) => this.shownOn.has(`${v}|${segmentationId}`));
    if (layer && ids.length) applyHidden(ids, layer, hidden);
  }

  /** Names of the segments drawn at a canvas point of a viewport (CSS pixels), for the hover label. */
  segmentsAtCanvas(viewportId: string, point: [number, number]): string[] {
    const stack = this.stack;
    const vp = this.engine.getViewport(viewportId);
    if (!stack?.planes || !stack.slices || !vp || !this.labelLayers.length) return [];
    const world = vp.canvasToWorld(point as Types.Point2);
    const voxel = worldToVoxel(stack.planes, stack.slices, world as [number, number, number]);
    if (!voxel) return [];
    const [k, row, column] = voxel;
    const shown = this.labelLayers.filter((l) => this.viewportIds.some((v) => this.shownOn.has(`${v}|${l.segmentationId}`)) && this.layerVisible(l.segmentationId));
    const said = segmentsAt(shown, (l) => this.hiddenSegments.get(l.segmentationId) ?? new Set(), k, row, column, stack.planes[k].columns);
    // A map's value reads best next to the image's own at the same voxel.
    if (shown.some((l) => l.probe)) {
      const image = imageValueAt(stack.imageIds[k], row * stack.planes[k].columns + column);
      if (image) said.unshift(image);
    }
    return said;
  }

  private hiddenLayers = new Set<string>();
  private layerVisible(segmentationId: string): boolean {
    return !this.hiddenLayers.has(segmentationId);
  }

  /** Show slice `index` of the current series (in imageIds order) in every viewport of its plane. */
  jumpToSlice(index: number): void {
    const imageId = this.stack?.imageIds[index];
    if (!imageId) return;
    for (const id of this.viewportIds) {
      const vp = this.engine.getViewport(id) as Types.IStackViewport | Types.IVolumeViewport;
      if (vp.type === Enums.ViewportType.STACK) void (vp as Types.IStackViewport).setImageIdIndex(index);
      else this.moveToSlice(vp as Types.IVolumeViewport, index, imageId);
    }
  }

  /**
   * Shows a segment: the stack goes to `slice`; in MPR every view moves its plane through the centre of the
   * segment on that slice, so the sagittal and coronal views cut through it too.
   */
  jumpToSegment(segmentationIds: string[], segmentNumber: number, slice: number): void {
    const plane = this.stack?.planes?.[slice];
    const layers = this.labelLayers.filter((l) => segmentationIds.includes(l.segmentationId));
    const world = plane ? segmentCentreInPatient(layers, segmentNumber, slice, plane) : null;
    if (!world || this.viewportIds.includes('stack')) {
      this.jumpToSlice(slice);
      return;
    }
    for (const id of this.viewportIds) {
      const vp = this.engine.getViewport(id) as Types.IVolumeViewport;
      const { viewPlaneNormal: n, focalPoint: f } = vp.getCamera();
      if (!n || !f) continue;
      shiftView(vp, n, n[0] * (world[0] - f[0]) + n[1] * (world[1] - f[1]) + n[2] * (world[2] - f[2]));
    }
  }

  /**
   * A volume viewport showing the acquisition plane moves its focal plane onto slice `index` exactly, by the
   * slice's position along the stack normal (Cornerstone's setViewReference landed one slice off on LUNG1).
   * Viewports of other planes keep their view.
   */
  private moveToSlice(vp: Types.IVolumeViewport, index: number, imageId: string): void {
    const s = this.stack?.slices;
    const cam = vp.getCamera();
    const n = cam.viewPlaneNormal;
    if (!s || !n || !cam.focalPoint || !cam.position) {
      if (vp.id === 'mpr-axial') {
        vp.setViewReference({ referencedImageId: imageId });
        vp.render();
      }
      return;
    }
    const dot = n[0] * s.normal[0] + n[1] * s.normal[1] + n[2] * s.normal[2];
    if (Math.abs(dot) < 0.999) return;
    const f = cam.focalPoint;
    shiftView(vp, s.normal, s.positions[index] - (f[0] * s.normal[0] + f[1] * s.normal[1] + f[2] * s.normal[2]));
  }

  private watch(element: HTMLDivElement, viewportId: string): void {
    const emit = (): void => this.emitState(viewportId);
    for (const ev of [Enums.Events.STACK_NEW_IMAGE, Enums.Events.VOI_MODIFIED, Enums.Events.VOLUME_NEW_IMAGE, Enums.Events.IMAGE_RENDERED]) {
      this.listen(element, ev, emit);
    }
  }

  emitState(viewportId: string): void {
    const vp = this.engine.getViewport(viewportId) as Types.IStackViewport | Types.IVolumeViewport | undefined;
    if (!vp) return;
    let voi: { lower: number; upper: number } | undefined;
    let slice: number;
    let total: number;
    try {
      // Volume viewports have no properties until their volume actor exists.
      voi = (vp.getProperties() as { voiRange?: { lower: number; upper: number } } | undefined)?.voiRange;
      slice = vp.getSliceIndex();
      total = vp.getNumberOfSlices();
    } catch {
      return;
    }
    this.events.onState({
      viewportId,
      label: this.labels.get(viewportId) ?? '',
      slice: slice + 1,
      total,
      windowWidth: voi ? voi.upper - voi.lower : undefined,
      windowCenter: voi ? (voi.upper + voi.lower) / 2 : undefined,
    });
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
    this.setUpTools();
    const vp = this.engine.getViewport(viewportId) as Types.IStackViewport;
    const index = initialIndex ?? Math.floor(stack.imageIds.length / 2);
    this.trackSeries(stack.imageIds);
    await vp.setStack(stack.imageIds, Math.min(Math.max(0, index), stack.imageIds.length - 1));
    vp.render();
    performance.measure('viewer:first-image', { start: this.loadStart });
    this.applyLabelmaps();
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
    this.setUpTools();
    const volumeId = `cornerstoneStreamingImageVolume:vol-${++volumeCounter}`;
    this.volumeId = volumeId;
    this.trackSeries(stack.imageIds);
    const volume = await volumeLoader.createAndCacheVolume(volumeId, { imageIds: stack.imageIds });
    (volume as unknown as { load: () => void }).load();
    await setVolumesForViewports(this.engine, [{ volumeId }], this.viewportIds);
    this.engine.renderViewports(this.viewportIds);
    this.applyLabelmaps();
    for (const id of this.viewportIds) this.emitState(id);
  }

  get activeViewportIds(): string[] {
    return this.viewportIds;
  }

  applyPreset(p: WindowPreset): void {
    for (const id of this.viewportIds) {
      const vp = this.engine.getViewport(id) as Types.IStackViewport | Types.IVolumeViewport;
      vp.setProperties({ voiRange: { lower: p.center - p.width / 2, upper: p.center + p.width / 2 } });
      vp.render();
      this.emitState(id);
    }
  }

  reset(): void {
    for (const id of this.viewportIds) {
      const vp = this.engine.getViewport(id) as Types.IStackViewport | Types.IVolumeViewport;
      vp.resetCamera();
      vp.resetProperties();
      vp.render();
      this.emitState(id);
    }
  }

  scroll(delta: number, viewportId = this.viewportIds[0]): void {
    const vp = this.engine.getViewport(viewportId) as Types.IStackViewport | Types.IVolumeViewport | undefined;
    if (!vp) return;
    vp.scroll(delta);
  }

  zoom(factor: number): void {
    for (const id of this.viewportIds) {
      const vp = this.engine.getViewport(id);
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
    clearTimeout(this.reportTimer);
    this.resetViewports();
    for (const [t, type, fn] of this.listeners) t.removeEventListener(type, fn);
    this.listeners = [];
    this.engine.destroy();
    this.registered.clear();
    this.labelLayers = [];
    this.contourLayers = [];
    this.stack = undefined;
    releaseStudy();
  }
}
