// Overlapping BINARY segments in one layer whose labels stand for the sets of segments found
// at a voxel: a few hundred sets for 100+ nested segments, so memory is one volume whatever the overlap.
// Built in one go (combinedLayer) or segment batch by segment batch as a SEG's frames arrive (progressive.ts):
// labels are numbered in the order sets are met, so the two may number them differently, but the set of segments
// at every voxel is the same.
import type { PlacementResult } from '../geometry/placeFrames';
import type { Segmentation } from './model';
import type { SegmentationPixels } from './pixels';
import { rasterizeFrameIntoSlice, type LabelCombiner } from './rasterizeFrame';
import { emptyLayout, fillStats, type LabelmapLayer, type LayerStore, type SegmentLayout } from './layerStore';

/** 'combine' mode starts with 16-bit labels from this many segments on. */
export const WIDE_FROM_SEGMENTS = 64;

type Placement = PlacementResult['placements'][number];

export class CombinedLayerBuilder {
  readonly layer: LabelmapLayer;
  private readonly sets: number[][] = [[]];
  private readonly labelOf = new Map<string, number>([['', 0]]);
  private overflow = false;
  private readonly combiners = new Map<number, LabelCombiner>();
  /** per segment (SegmentSequence index): the placements of its frames */
  readonly placementsOf: Placement[][];
  private readonly perSlice: Array<Float64Array | null>;

  constructor(
    private readonly seg: Segmentation,
    placement: PlacementResult,
    private readonly store: LayerStore,
  ) {
    this.layer = store.newLayer();
    // With many segments the sets of overlapping ones often pass 255 (453 for the 104-segment benchmark), and
    // widening 8-bit slices half way costs more time (fresh memory) than starting at 16 bits costs memory.
    if (seg.segments.length >= WIDE_FROM_SEGMENTS) this.layer.wide = true;
    const frameOf = new Map(seg.frames.map((f) => [f.frameIndex, f]));
    const indexOf = new Map(seg.segments.map((s, i) => [s.segmentNumber, i]));
    this.placementsOf = seg.segments.map(() => []);
    for (const p of placement.placements) {
      const index = indexOf.get(frameOf.get(p.frameIndex)?.referencedSegmentNumber ?? -1);
      if (index !== undefined) this.placementsOf[index].push(p);
    }
    this.perSlice = seg.segments.map(() => null);
  }

  /** Per segment: label c -> label of (segments of c) + this segment, grown as sets appear. */
  private combinerFor(n: number): LabelCombiner {
    const { sets, labelOf, layer } = this;
    const combiner: LabelCombiner = {
      table: new Int32Array(Math.max(16, sets.length)).fill(-1),
      next: (current: number): number => {
        const members = sets[current];
        let label = current;
        if (!members.includes(n)) {
          const set = [...members, n].sort((a, b) => a - b);
          const key = set.join(',');
          label = labelOf.get(key) ?? -1;
          if (label < 0) {
            if (sets.length > (layer.wide ? 65535 : 255)) {
              // No room in this label width: the caller widens the layer and writes the frame again.
              this.overflow = true;
              return current;
            }
            label = sets.length;
            sets.push(set);
            labelOf.set(key, label);
          }
        }
        if (current >= combiner.table.length) {
          const grown = new Int32Array(Math.max(current + 1, combiner.table.length * 2)).fill(-1);
          grown.set(combiner.table);
          combiner.table = grown;
        }
        combiner.table[current] = label;
        return label;
      },
    };
    return combiner;
  }

  /**
   * Writes the frames of the segments `indices` (SegmentSequence indices, each once over the builder's life) from
   * `pixels`; returns the slices written to.
   */
  async add(indices: Iterable<number>, pixels: SegmentationPixels): Promise<Set<number>> {
    const { seg, store, layer } = this;
    const { slices } = store;
    // Slice by slice rather than segment by segment: all frames of a slice are written while its 0.5 MB of
    // labels stays in the CPU cache (segment order swept the whole volume once per segment).
    const bySlice: Array<Array<{ p: Placement; index: number }> | undefined> = new Array(slices);
    for (const index of indices) {
      for (const p of this.placementsOf[index]) (bySlice[p.sliceIndex] ??= []).push({ p, index });
    }
    const touched = new Set<number>();
    for (let k = 0; k < slices; k++) {
      const list = bySlice[k];
      if (!list) continue;
      list.sort((a, b) => a.index - b.index);
      const target = store.slice(layer, k);
      let total = 0;
      for (const { p, index } of list) {
        const n = seg.segments[index].segmentNumber;
        let combiner = this.combiners.get(n);
        if (!combiner) this.combiners.set(n, (combiner = this.combinerFor(n)));
        const frame = await pixels.frame(p.frameIndex);
        let written = 0;
        for (;;) {
          written += rasterizeFrameIntoSlice(frame, p.mapping, layer.slices[k] === target.labels ? target : store.slice(layer, k), { value: 0, onConflict: 'overwrite', combine: combiner }).written;
          if (!this.overflow) break;
          this.overflow = false;
          if (layer.wide) throw new Error(`${seg.objectName}: more than 65,535 different sets of overlapping segments`);
          store.widen(layer);
          // Writing the frame again is harmless: voxels that have this segment already keep their label.
        }
        if (written) (this.perSlice[index] ??= new Float64Array(slices))[k] += written;
        total += written;
      }
      store.count(layer, k, total);
      if (total) touched.add(k);
      else store.release(layer, k);
    }
    return touched;
  }

  /** The sets of segments the labels stand for so far: members[v - 1] for label v. */
  members(): number[][] {
    return this.sets.slice(1);
  }

  /** Where segment `index` is drawn and how much of it (complete once its frames were all added). */
  layout(index: number): SegmentLayout {
    const s = this.seg.segments[index];
    const layout = emptyLayout(s.segmentNumber);
    const counts = this.perSlice[index];
    if (counts) fillStats(layout, counts);
    if (layout.voxels) {
      layout.layer = 0;
      layout.labelValue = this.labelOf.get(String(s.segmentNumber)) ?? 0;
    }
    return layout;
  }

  /** Every segment's layout, once all were added; the layer is dropped when it holds none. */
  finish(): SegmentLayout[] {
    const segments = this.seg.segments.map((_, index) => this.layout(index));
    for (const l of segments) if (l.voxels) this.layer.segmentNumbers.push(l.segmentNumber);
    this.layer.members = this.members();
    if (!this.layer.segmentNumbers.length) this.store.layers.splice(this.store.layers.indexOf(this.layer), 1);
    return segments;
  }
}

export async function combinedLayer(seg: Segmentation, pixels: SegmentationPixels, placement: PlacementResult, store: LayerStore): Promise<SegmentLayout[]> {
  const builder = new CombinedLayerBuilder(seg, placement, store);
  await builder.add(seg.segments.map((_, i) => i), pixels);
  return builder.finish();
}
