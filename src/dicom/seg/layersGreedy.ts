// Overlapping segments on separate layers, one label per segment: a segment that overlaps one already in a layer
// goes to the next layer (greedy), up to a number of layers; FRACTIONAL values ride along as opacity.
import type { PlacementResult } from '../geometry/placeFrames';
import { segmentDisplayName, type Segmentation } from './model';
import type { FramePixels, SegmentationPixels } from './pixels';
import { clearLabelInSlice, rasterizeFrameIntoSlice } from './rasterizeFrame';
import { emptyLayout, fillStats, type LayerStore, type SegmentLayout } from './layerStore';

/** Decoded frames of one segment, kept while it is tried on several layers, when decoding costs something. */
const CACHE_BYTES = 64 * 1024 * 1024;

/** Lays out the segments; what could not be drawn whole is added to `problems`. */
export async function greedyLayers(
  seg: Segmentation,
  pixels: SegmentationPixels,
  placement: PlacementResult,
  store: LayerStore,
  maxLayers: number,
  problems: string[],
): Promise<SegmentLayout[]> {
  const { layers, slices } = store;
  const maximumFractionalValue = seg.maximumFractionalValue ?? 255;
  const frameOf = new Map(seg.frames.map((f) => [f.frameIndex, f]));
  const bySegment = new Map<number, typeof placement.placements>();
  for (const p of placement.placements) {
    const n = frameOf.get(p.frameIndex)?.referencedSegmentNumber ?? -1;
    const list = bySegment.get(n);
    if (list) list.push(p);
    else bySegment.set(n, [p]);
  }
  const perSlice = new Float64Array(slices);
  for (const list of bySegment.values()) list.sort((a, b) => a.sliceIndex - b.sliceIndex);
  const segments = seg.segments.map((s) => emptyLayout(s.segmentNumber));
  // Greedy colouring in order of first slice: for segments that overlap as slice intervals this needs no more
  // layers than the most segments overlapping at one place; SegmentSequence order can need many more.
  const firstSlice = (n: number): number => bySegment.get(n)?.[0]?.sliceIndex ?? Infinity;
  const order = seg.segments.map((_, i) => i);
  order.sort((a, b) => firstSlice(seg.segments[a].segmentNumber) - firstSlice(seg.segments[b].segmentNumber) || a - b);
  for (const index of order) {
    const s = seg.segments[index];
    const layout = segments[index];
    const list = bySegment.get(s.segmentNumber) ?? [];
    if (!list.length) continue;
    const cache = new Map<number, FramePixels>();
    let cached = 0;
    const frame = async (i: number): Promise<FramePixels> => {
      const hit = cache.get(i);
      if (hit) return hit;
      const f = await pixels.frame(i);
      if (pixels.decodes && cached + f.data.byteLength <= CACHE_BYTES) {
        cache.set(i, f);
        cached += f.data.byteLength;
      }
      return f;
    };
    for (let l = 0; l < maxLayers && layout.layer < 0; l++) {
      const layer = layers[l] ?? store.newLayer();
      const label = layer.segmentNumbers.length + 1;
      if (label > 65535) continue;
      if (label > 255 && !layer.wide) store.widen(layer);
      // The last layer allowed takes what still fits rather than dropping the segment.
      const onConflict = l === maxLayers - 1 ? 'keep' : 'abort';
      perSlice.fill(0);
      const touched: number[] = [];
      let conflict = false;
      for (const p of list) {
        const result = rasterizeFrameIntoSlice(await frame(p.frameIndex), p.mapping, store.slice(layer, p.sliceIndex), {
          value: label,
          maximumFractionalValue,
          onConflict,
        });
        perSlice[p.sliceIndex] += result.written;
        store.count(layer, p.sliceIndex, result.written);
        if (result.written) touched.push(p.sliceIndex);
        else store.release(layer, p.sliceIndex);
        conflict ||= result.conflict;
        if (result.conflict && onConflict === 'abort') break;
      }
      if (conflict && onConflict === 'abort') {
        for (const k of new Set(touched)) {
          clearLabelInSlice(store.slice(layer, k), label);
          store.count(layer, k, -perSlice[k]);
          store.release(layer, k);
        }
        continue;
      }
      fillStats(layout, perSlice);
      if (conflict) {
        const what = `segment ${s.segmentNumber} "${segmentDisplayName(s)}" overlaps segments in all ${maxLayers} layers`;
        const outcome = layout.voxels ? 'drawn only where it does not overlap' : 'not drawn';
        problems.push(`${seg.objectName}: ${what}; ${outcome}`);
      }
      if (layout.voxels === 0) break;
      layer.segmentNumbers.push(s.segmentNumber);
      layout.layer = l;
      layout.labelValue = label;
    }
  }
  // A layer opened for a segment that turned out empty holds nothing: drop it if it is the last.
  while (layers.length && !layers[layers.length - 1].segmentNumbers.length) layers.pop();
  for (const layer of layers) layer.members = layer.segmentNumbers.map((n) => [n]);
  return segments;
}
