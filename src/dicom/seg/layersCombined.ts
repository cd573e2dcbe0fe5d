// Overlapping BINARY segments in one layer whose labels stand for the sets of segments found
// at a voxel: a few hundred sets for 100+ nested segments, so memory is one volume whatever the overlap.
import type { PlacementResult } from '../geometry/placeFrames';
import type { Segmentation } from './model';
import type { SegmentationPixels } from './pixels';
import { rasterizeFrameIntoSlice, type LabelCombiner } from './rasterizeFrame';
import { emptyLayout, fillStats, type LayerStore, type SegmentLayout } from './layerStore';

/** 'combine' mode starts with 16-bit labels from this many segments on. */
export const WIDE_FROM_SEGMENTS = 64;

export async function combinedLayer(seg: Segmentation, pixels: SegmentationPixels, placement: PlacementResult, store: LayerStore): Promise<SegmentLayout[]> {
  const { slices } = store;
  const frameOf = new Map(seg.frames.map((f) => [f.frameIndex, f]));
  const layer = store.newLayer();
  // With many segments the sets of overlapping ones often pass 255 (453 for the 104-segment benchmark), and
  // widening 8-bit slices half way costs more time (fresh memory) than starting at 16 bits costs memory.
  if (seg.segments.length >= WIDE_FROM_SEGMENTS) layer.wide = true;
  const sets: number[][] = [[]];
  const labelOf = new Map<string, number>([['', 0]]);
  let overflow = false;
  const indexOf = new Map(seg.segments.map((s, i) => [s.segmentNumber, i]));
  /** Per segment: label c -> label of (segments of c) + this segment, grown as sets appear. */
  const combinerFor = (n: number): LabelCombiner => {
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
              overflow = true;
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
  };
  const combiners = new Map<number, LabelCombiner>();
  // Slice by slice rather than segment by segment: all frames of a slice are written while its 0.5 MB of
  // labels stays in the CPU cache (segment order swept the whole volume once per segment), and the slices
  // can be done in any order.
  const bySlice: Array<Array<{ p: (typeof placement.placements)[number]; index: number }>> = Array.from({ length: slices }, () => []);
  for (const p of placement.placements) {
    const index = indexOf.get(frameOf.get(p.frameIndex)?.referencedSegmentNumber ?? -1);
    if (index !== undefined) bySlice[p.sliceIndex].push({ p, index });
  }
  const perSlice = seg.segments.map(() => null as Float64Array | null);
  for (let k = 0; k < slices; k++) {
    const list = bySlice[k];
    if (!list.length) continue;
    list.sort((a, b) => a.index - b.index);
    const target = store.slice(layer, k);
    let total = 0;
    for (const { p, index } of list) {
      const n = seg.segments[index].segmentNumber;
      let combiner = combiners.get(n);
      if (!combiner) combiners.set(n, (combiner = combinerFor(n)));
      const frame = await pixels.frame(p.frameIndex);
      let written = 0;
      for (;;) {
        written += rasterizeFrameIntoSlice(frame, p.mapping, layer.slices[k] === target.labels ? target : store.slice(layer, k), { value: 0, onConflict: 'overwrite', combine: combiner }).written;
        if (!overflow) break;
        overflow = false;
        if (layer.wide) throw new Error(`${seg.objectName}: more than 65,535 different sets of overlapping segments`);
        store.widen(layer);
        // Writing the frame again is harmless: voxels that have this segment already keep their label.
      }
      if (written) (perSlice[index] ??= new Float64Array(slices))[k] += written;
      total += written;
    }
    store.count(layer, k, total);
    if (!total) store.release(layer, k);
  }
  const segments = seg.segments.map((s, index) => {
    const layout = emptyLayout(s.segmentNumber);
    const counts = perSlice[index];
    if (counts) fillStats(layout, counts);
    if (layout.voxels) {
      layer.segmentNumbers.push(s.segmentNumber);
      layout.layer = 0;
      layout.labelValue = labelOf.get(String(s.segmentNumber)) ?? 0;
    }
    return layout;
  });
  layer.members = sets.slice(1);
  if (!layer.segmentNumbers.length) store.layers.pop();
  return segments;
}
