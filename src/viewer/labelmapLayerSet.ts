// The labelmap layers of the shown series (SEG layers, map layers, the agreement layer): which are registered
// with Cornerstone, on which viewports each is shown, and how each is drawn (visible, hidden segments, style).
// ViewerController owns one and tells it when the series or its viewports change. Layers come in groups (a SEG's,
// the maps', the agreement's), each handed over once when made; how a layer is drawn is kept here and nowhere
// else: the panels read it (displayOf) and are told when it changes. Grid cells showing another series of the same
// Frame of Reference get copies of the layers carried onto that series' slices (layerCopies.ts), drawn alike.
import type { Types } from '@cornerstonejs/core';
import type { ImageStack } from './imageIds';
import { applyHidden, refreshSlices, registerLayer, releaseLayer, segmentsAt, showLayer, setLayerStyle, setLayerVisible, yieldToMain, type LabelmapMode, type OverlayLayer } from './labelmapOverlay';
import { worldToVoxel } from '../dicom/geometry/voxel';
import { imageValueAt } from './imageValues';
import { hiddenBins, recolour, type MapDisplay, type MapRange } from './mapLayer';
import { canCarry, carryLayer, copyId, refreshCopy } from './layerCopies';

/** What the layer set asks of the controller: the shown series and its viewports, as they are now. */
export interface LabelmapHost {
  stack(): ImageStack | undefined;
  viewportIds(): string[];
  /** the viewports showing another series than the shown one (grid cells), with theirs */
  others(): Array<{ viewportId: string; stack: ImageStack }>;
  viewport(viewportId: string): Types.IViewport | undefined;
  onError(message: string): void;
}

/** How a layer is drawn: the one record of it (the panels show it, the viewer applies it). */
export interface LayerDisplay {
  visible: boolean;
  /** SegmentNumbers not drawn */
  hidden: ReadonlySet<number>;
  mode: LabelmapMode;
  /** fill opacity 0..1 */
  opacity: number;
  /** a parametric map's colours, window and threshold (its opacity is `opacity`); none until first set */
  map?: MapDisplay;
}

const DEFAULT_DISPLAY: LayerDisplay = { visible: true, hidden: new Set(), mode: 'both', opacity: 0.5 };

/** Groups in drawing order: SEGs first, then parametric maps, then the agreement overlay. */
function rank(group: string): number {
  return group.startsWith('seg:') ? 0 : group === 'maps' ? 1 : 2;
}

export class LabelmapLayerSet {
  private groups = new Map<string, OverlayLayer[]>();
  private layers: OverlayLayer[] = [];
  /** segmentationIds registered with Cornerstone, per stack (labelmap images derive from its imageIds) */
  private registered = new Set<string>();
  /** `${viewportId}|${segmentationId}` of the layers shown on a viewport */
  private shownOn = new Set<string>();
  private display = new Map<string, LayerDisplay>();
  private listeners = new Set<() => void>();
  private markedLayers = new Set<string>();
  /** copies of layers on other series shown, by their segmentationId (layerCopies.ts) */
  private copies = new Map<string, { layer: OverlayLayer; stack: ImageStack; copy: OverlayLayer }>();
  /** Layers are registered one after another, a few slices per task (see registerLayer). */
  private work: Promise<void> = Promise.resolve();

  constructor(private readonly host: LabelmapHost) {}

  get all(): readonly OverlayLayer[] {
    return this.layers;
  }

  /**
   * The layers of one group (e.g. `seg:<SOPInstanceUID>`, 'maps', 'quality'), replacing what it had; none to
   * remove it. A layer that leaves forgets how it was drawn.
   */
  setGroup(group: string, layers: OverlayLayer[]): void {
    const before = this.groups.get(group) ?? [];
    if (before.length === layers.length && before.every((l, i) => l === layers[i])) return;
    if (layers.length) this.groups.set(group, layers);
    else this.groups.delete(group);
    this.layers = [...this.groups.entries()].sort(([a], [b]) => rank(a) - rank(b)).flatMap(([, ls]) => ls);
    for (const l of before) if (!this.layers.some((x) => x.segmentationId === l.segmentationId)) this.display.delete(l.segmentationId);
    this.apply();
  }

  /**
   * A layer grew (a SEG drawn as it downloads): the caller put the new slices into `layer.packed` (and its label
   * sets and voxel counts); these slices are redrawn and the colours of new label values set, after whatever
   * is being registered. `mark`: a performance mark once it is on screen (read by `npm run bench`); `onDrawn` is
   * called then too (or when it cannot be drawn).
   */
  updateLayer(segmentationId: string, changed: readonly number[], mark?: string, onDrawn?: () => void): void {
    let told = false;
    const drawn = (): void => {
      if (!told) onDrawn?.();
      told = true;
    };
    this.work = this.work
      .then(async () => {
        const layer = this.layers.find((l) => l.segmentationId === segmentationId);
        if (!layer) return drawn();
        const t0 = performance.now();
        // Not registered yet: registering reads the slices as they are then.
        if (this.registered.has(segmentationId)) refreshSlices(layer, changed);
        const shown = this.shownViewports(segmentationId);
        if (shown.length) applyHidden(shown, layer, this.displayOf(segmentationId).hidden);
        // Read by `npm run bench`: what a part costs the page.
        performance.measure('seg:part-drawn', { start: t0, detail: { slices: changed.length } });
        const marks = [mark, ...(changed.length && !performance.getEntriesByName('seg:visible').length ? ['seg:visible'] : [])];
        for (const m of marks) if (m) requestAnimationFrame(() => requestAnimationFrame(() => performance.mark(m, { detail: { segmentationId } })));
        if (onDrawn) requestAnimationFrame(() => requestAnimationFrame(drawn));
        await this.updateCopies(layer);
      })
      .catch((e: unknown) => {
        drawn();
        this.host.onError(`Segmentation overlay could not be drawn: ${e instanceof Error ? e.message : String(e)}`);
      });
  }

  /** The copies of a grown layer made again, and redrawn where they changed. */
  private async updateCopies(layer: OverlayLayer): Promise<void> {
    const stack = this.host.stack();
    for (const [id, c] of [...this.copies]) {
      if (c.layer !== layer || !stack) continue;
      const changed = await refreshCopy(c.copy, layer, stack, c.stack, () => this.copies.get(id) === c);
      if (!changed || this.copies.get(id) !== c) continue;
      if (this.registered.has(id)) refreshSlices(c.copy, changed);
      const shown = this.viewportsShowing(id);
      if (shown.length) applyHidden(shown, c.copy, this.displayOf(layer.segmentationId).hidden);
    }
  }

  /** The viewports a registered layer or copy is shown on. */
  private viewportsShowing(segmentationId: string): string[] {
    const end = `|${segmentationId}`;
    return [...this.shownOn].filter((k) => k.endsWith(end)).map((k) => k.slice(0, -end.length));
  }

  /** A layer's copies on other series, with the viewports each is shown on. */
  private copiesOf(segmentationId: string): Array<{ id: string; copy: OverlayLayer; viewports: string[] }> {
    return [...this.copies].filter(([, c]) => c.layer.segmentationId === segmentationId).map(([id, c]) => ({ id, copy: c.copy, viewports: this.viewportsShowing(id) }));
  }

  /** The other series shown that the layers can be carried onto, with the viewports showing each. */
  private otherTargets(stack: ImageStack): Array<{ stack: ImageStack; viewportIds: string[] }> {
    const by = new Map<ImageStack, string[]>();
    for (const { viewportId, stack: s } of this.host.others()) {
      if (s !== stack && canCarry(stack, s)) by.set(s, [...(by.get(s) ?? []), viewportId]);
    }
    return [...by].map(([s, viewportIds]) => ({ stack: s, viewportIds }));
  }

  /** How a layer is drawn (the defaults until someone changes it). */
  displayOf(segmentationId: string): LayerDisplay {
    return this.display.get(segmentationId) ?? DEFAULT_DISPLAY;
  }

  /** Calls `fn` whenever how a layer is drawn changes; returns how to stop. */
  onDisplayChange(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private change(segmentationId: string, p: Partial<LayerDisplay>): void {
    this.display.set(segmentationId, { ...this.displayOf(segmentationId), ...p });
    for (const fn of this.listeners) fn();
  }

  /** One viewport went (its cell shows another series): nothing is shown on it. */
  viewportRemoved(viewportId: string): void {
    for (const key of [...this.shownOn]) if (key.startsWith(`${viewportId}|`)) this.shownOn.delete(key);
  }

  /** The viewports were replaced: nothing is shown on the new ones yet. */
  viewportsReset(): void {
    this.shownOn.clear();
  }

  apply(): void {
    this.work = this.work.then(() => this.applyNow()).catch((e: unknown) => {
      this.host.onError(`Segmentation overlay could not be drawn: ${e instanceof Error ? e.message : String(e)}`);
    });
  }

  private async applyNow(): Promise<void> {
    const stack = this.host.stack();
    const targets = stack ? this.otherTargets(stack) : [];
    const wanted = new Set(this.layers.flatMap((l) => [l.segmentationId, ...targets.map((t) => copyId(l, t.stack))]));
    // Layers no longer asked for (another series shown, a comparison closed, a cell showing another series) give
    // their memory back.
    for (const id of [...this.registered]) {
      if (wanted.has(id)) continue;
      releaseLayer(id);
      this.registered.delete(id);
      for (const key of [...this.shownOn]) if (key.endsWith(`|${id}`)) this.shownOn.delete(key);
    }
    for (const id of [...this.copies.keys()]) if (!wanted.has(id)) this.copies.delete(id);
    if (!stack || !this.host.viewportIds().length) return;
    for (const layer of this.layers) {
      if (!this.registered.has(layer.segmentationId)) {
        if (!stack.planes) throw new Error(`${layer.label}: the series has no plane geometry to draw it on`);
        const done = await registerLayer({ imageIds: stack.imageIds, planes: stack.planes, frameOfReferenceUID: stack.frameOfReferenceUID }, layer, () => this.host.stack() === stack);
        if (!done) return;
        this.registered.add(layer.segmentationId);
        const { mode, opacity } = this.displayOf(layer.segmentationId);
        setLayerStyle(layer.segmentationId, mode, opacity);
      }
      for (const v of this.host.viewportIds().filter((id) => !this.shownOn.has(`${id}|${layer.segmentationId}`))) {
        // One viewport per task (Cornerstone needs tens of ms for a layer of hundreds of labels); the hidden
        // segments and layers are read afresh, since the user may change them meanwhile.
        await yieldToMain();
        if (this.host.stack() !== stack || !this.layers.includes(layer) || !this.host.viewportIds().includes(v)) return;
        const { hidden, visible } = this.displayOf(layer.segmentationId);
        showLayer(v, layer, hidden);
        if (!visible) setLayerVisible([v], layer.segmentationId, false);
        this.shownOn.add(`${v}|${layer.segmentationId}`);
      }
      for (const t of targets) if (!(await this.showCopy(layer, stack, t))) return;
      // Each layer's own mark, once: `npm run bench` waits for every overlay of a study, not only the first.
      if (!this.markedLayers.has(layer.segmentationId)) {
        this.markedLayers.add(layer.segmentationId);
        const detail = { segmentationId: layer.segmentationId };
        requestAnimationFrame(() => requestAnimationFrame(() => performance.mark('seg:layer-visible', { detail })));
      }
    }
    // After the next frame the labelmaps are on screen; `npm run bench` reads these marks (a map's layer has a probe).
    for (const [mark, has] of [
      // Something drawn: a SEG drawn as it downloads is first registered empty (see updateLayer).
      ['seg:visible', this.layers.some((l) => !l.probe && l.packed.slices.some(Boolean))],
      ['pm:visible', this.layers.some((l) => l.probe)],
    ] as const) {
      if (has && !performance.getEntriesByName(mark).length) requestAnimationFrame(() => requestAnimationFrame(() => performance.mark(mark)));
    }
  }

  /** A layer's copy on another series: made, registered and shown on that series' viewports; false if it went. */
  private async showCopy(layer: OverlayLayer, stack: ImageStack, t: { stack: ImageStack; viewportIds: string[] }): Promise<boolean> {
    const id = copyId(layer, t.stack);
    const current = (): boolean => this.host.stack() === stack && this.layers.includes(layer) && this.host.others().some((o) => o.stack === t.stack);
    let entry = this.copies.get(id);
    if (!entry) {
      const copy = await carryLayer(layer, stack, t.stack, current);
      if (!copy || !current()) return false;
      entry = { layer, stack: t.stack, copy };
      this.copies.set(id, entry);
    }
    if (!this.registered.has(id)) {
      const done = await registerLayer({ imageIds: t.stack.imageIds, planes: t.stack.planes ?? [], frameOfReferenceUID: t.stack.frameOfReferenceUID }, entry.copy, current);
      if (!done) return false;
      this.registered.add(id);
      const { mode, opacity } = this.displayOf(layer.segmentationId);
      setLayerStyle(id, mode, opacity);
    }
    for (const v of t.viewportIds.filter((v) => !this.shownOn.has(`${v}|${id}`))) {
      await yieldToMain();
      if (!current() || !this.host.others().some((o) => o.viewportId === v && o.stack === t.stack)) return false;
      const { hidden, visible } = this.displayOf(layer.segmentationId);
      showLayer(v, entry.copy, hidden);
      if (!visible) setLayerVisible([v], id, false);
      this.shownOn.add(`${v}|${id}`);
    }
    return true;
  }

  private shownViewports(segmentationId: string): string[] {
    return this.host.viewportIds().filter((v) => this.shownOn.has(`${v}|${segmentationId}`));
  }

  /** Shows or hides a whole layer. */
  setVisibility(segmentationId: string, visible: boolean): void {
    setLayerVisible(this.shownViewports(segmentationId), segmentationId, visible);
    for (const c of this.copiesOf(segmentationId)) setLayerVisible(c.viewports, c.id, visible);
    this.change(segmentationId, { visible });
  }

  /** Fill, outline or both, and fill opacity (0..1), for a layer; kept for when it is shown again. */
  setStyle(segmentationId: string, mode: LabelmapMode, opacity: number): void {
    this.change(segmentationId, { mode, opacity });
    if (this.registered.has(segmentationId)) setLayerStyle(segmentationId, mode, opacity);
    for (const c of this.copiesOf(segmentationId)) if (this.registered.has(c.id)) setLayerStyle(c.id, mode, opacity);
  }

  /** Hides these segments of a layer (by SegmentNumber) and shows its others. */
  setHiddenSegments(segmentationId: string, hidden: ReadonlySet<number>): void {
    this.change(segmentationId, { hidden });
    const layer = this.layers.find((l) => l.segmentationId === segmentationId);
    const ids = this.shownViewports(segmentationId);
    if (layer && ids.length) applyHidden(ids, layer, hidden);
    for (const c of this.copiesOf(segmentationId)) if (c.viewports.length) applyHidden(c.viewports, c.copy, hidden);
  }

  /**
   * A parametric map's layer drawn under a display: its bins recoloured, those under the threshold hidden, filled at
   * the display's opacity; the display kept as the layer's record (the map panel reads it back).
   */
  setMapDisplay(segmentationId: string, range: MapRange, map: MapDisplay): void {
    const layer = this.layers.find((l) => l.segmentationId === segmentationId);
    if (layer) recolour(layer, range, map);
    this.change(segmentationId, { map });
    this.setStyle(segmentationId, 'fill', map.opacity);
    this.setHiddenSegments(segmentationId, hiddenBins(range, map));
  }

  /** Names of the segments drawn at a canvas point of a viewport (CSS pixels), for the hover label. */
  segmentsAtCanvas(viewportId: string, point: [number, number]): string[] {
    const stack = this.host.stack();
    const vp = this.host.viewport(viewportId);
    if (!stack?.planes || !stack.slices || !vp || !this.layers.length) return [];
    const world = vp.canvasToWorld(point as Types.Point2);
    const voxel = worldToVoxel(stack.planes, stack.slices, world as [number, number, number]);
    if (!voxel) return [];
    const [k, row, column] = voxel;
    const shown = this.layers.filter((l) => this.shownViewports(l.segmentationId).length > 0 && this.displayOf(l.segmentationId).visible);
    const said = segmentsAt(shown, (l) => this.displayOf(l.segmentationId).hidden, k, row, column, stack.planes[k].columns);
    // A map's value reads best next to the image's own at the same voxel.
    if (shown.some((l) => l.probe)) {
      const image = imageValueAt(stack.imageIds[k], row * stack.planes[k].columns + column);
      if (image) said.unshift(image);
    }
    return said;
  }

  /** The study closed: forget every layer (release.ts frees what Cornerstone held). */
  clear(): void {
    this.registered.clear();
    this.copies.clear();
    this.markedLayers.clear();
    this.groups.clear();
    this.layers = [];
    this.display.clear();
    this.listeners.clear();
  }
}
