// A SEG that arrives in parts (its segments drawn in the worker as their frames download, dicom/seg/progressive.ts),
// put together on the page: one overlay layer whose slices and label sets grow part by part, the segments listed
// from the first part with those still coming, and the final answer's delta. The viewer is told which slices
// changed (ViewerController.updateLabelmapLayer), never given the whole layer again.
import type { OverlayLayer, RGBA } from '../viewer/labelmapOverlay';
import type { SegPart, SegResult } from '../workers/protocol';
import type { SegmentLayout } from '../dicom/seg/layerStore';
import { segmentDisplayName, type Segmentation } from '../dicom/seg/model';
import { applyChange } from '../dicom/seg/progressive';

/** The overlay layers of a SEG's result (one per packed layer), named after the SEG. */
export function overlaysOf(result: Pick<SegResult, 'segmentation' | 'layers' | 'packed'>, idBase: string, label: string): OverlayLayer[] {
  const { colors, names } = looksOf(result.segmentation);
  const voxels = new Map(result.layers.segments.map((s) => [s.segmentNumber, s.voxels]));
  return result.packed.map((packed, i) => ({
    segmentationId: `${idBase}:L${i}`,
    label: `${label}${result.packed.length > 1 ? ` (layer ${i + 1})` : ''}`,
    packed,
    colors,
    names,
    voxels,
  }));
}

function looksOf(segmentation: Omit<Segmentation, 'frames'>): Pick<OverlayLayer, 'colors' | 'names'> {
  return {
    colors: new Map<number, RGBA>(segmentation.segments.map((s) => [s.segmentNumber, [...s.displayColor, 255] as RGBA])),
    names: new Map(segmentation.segments.map((s) => [s.segmentNumber, segmentDisplayName(s)])),
  };
}

/** What the panel lists of a SEG still arriving: its segments, the layouts of those drawn, and those coming. */
export interface PartialSeg {
  segmentation: Omit<Segmentation, 'frames'>;
  drawn: SegmentLayout[];
  /** SegmentNumbers not drawn yet */
  coming: ReadonlySet<number>;
}

export class SegAssembly {
  /** the overlay layer, from the first part on (empty until a segment is drawn) */
  layer: OverlayLayer | null = null;
  private segmentation: Omit<Segmentation, 'frames'> | undefined;
  private drawn: SegmentLayout[] = [];

  constructor(
    private readonly segmentationId: string,
    private readonly label: string,
    private readonly slices: number,
  ) {}

  /**
   * The empty layer, made before any part when the page expects one (the decode was just asked for): the viewer
   * registers it (and compiles what it draws labelmaps with) while the worker reads the SEG's header and draws its
   * first segment, instead of after. `wide`: 16-bit labels, as the worker will draw them.
   */
  begin(sliceSize: number, wide: boolean): OverlayLayer {
    this.layer ??= this.emptyLayer(this.segmentationId, sliceSize, wide);
    return this.layer;
  }

  private emptyLayer(segmentationId: string, sliceSize: number, wide: boolean): OverlayLayer {
    return {
      segmentationId,
      label: this.label,
      packed: { segmentNumbers: [], members: [], levels: 1, slices: new Array(this.slices).fill(null), sliceSize },
      colors: new Map(),
      names: new Map(),
      voxels: new Map(),
      wide,
    };
  }

  /**
   * Takes in a part: returns the slices that changed, and whether the layer is new (to hand to the viewer) rather
   * than grown (to update).
   */
  add(part: SegPart): { changed: number[]; created: boolean } {
    if (part.segmentation) this.segmentation = part.segmentation;
    for (const l of part.complete) this.drawn.push(l);
    if (!this.segmentation) return { changed: [], created: false };
    let created = false;
    // Made at the first part (the segments, before any is drawn) unless begun before: the viewer registers it while
    // they are drawn. One begun with the wrong label width or slice size is replaced (its slices are all empty).
    if (!this.layer || (part.segmentation && (this.layer.wide !== part.wide || this.layer.packed.sliceSize !== part.sliceSize))) {
      this.layer = this.emptyLayer(this.layer ? `${this.segmentationId}:${part.wide ? 16 : 8}` : this.segmentationId, part.sliceSize, part.wide);
      created = true;
    }
    const layer = this.layer;
    if (part.segmentation) {
      // In place: the viewer holds this layer already.
      const looks = looksOf(this.segmentation);
      for (const [n, c] of looks.colors) layer.colors.set(n, c);
      for (const [n, name] of looks.names) layer.names.set(n, name);
    }
    // Each change is the band of its slice that has labels: written into the slice the page has (in place: the
    // viewer reads it again for the slices said changed), or into a new one.
    for (const c of part.changed) layer.packed.slices[c.slice] = applyChange(layer.packed.slices[c.slice], c, layer.packed.sliceSize, part.wide);
    layer.packed.members = part.members;
    for (const l of part.complete) {
      layer.voxels.set(l.segmentNumber, l.voxels);
      if (l.voxels) layer.packed.segmentNumbers.push(l.segmentNumber);
    }
    return { changed: part.changed.map((c) => c.slice), created };
  }

  /**
   * The final answer of a SEG sent in parts (`result.delta`): its slices written since the last part go into the
   * layer; returns them, or null when there is no layer to add them to (the answer's layers are then handed whole).
   */
  finish(result: SegResult): number[] | null {
    // No part drew anything (nothing of it on this series): the answer's layers, whole, replace the empty one.
    if (!this.drawn.some((l) => l.voxels)) return null;
    const packed = result.packed[0];
    const layer = this.layer;
    if (!result.delta || !layer || result.packed.length !== 1) return null;
    const changed: number[] = [];
    packed.slices.forEach((labels, k) => {
      if (!labels) return;
      layer.packed.slices[k] = labels;
      changed.push(k);
    });
    layer.packed.members = packed.members;
    layer.packed.segmentNumbers = packed.segmentNumbers;
    for (const s of result.layers.segments) layer.voxels.set(s.segmentNumber, s.voxels);
    return changed;
  }

  /** What the panel lists meanwhile (undefined before the first part). */
  partial(): PartialSeg | undefined {
    if (!this.segmentation) return undefined;
    const done = new Set(this.drawn.map((l) => l.segmentNumber));
    const coming = new Set(this.segmentation.segments.filter((s) => s.segmentNumber !== 0 && !done.has(s.segmentNumber)).map((s) => s.segmentNumber));
    return { segmentation: this.segmentation, drawn: [...this.drawn], coming };
  }
}
