// A LABELMAP SEG's layer: one layer whatever the segments (a voxel holds one segment by construction), its labels
// looked up from the stored values.
import type { PlacementResult } from '../geometry/placeFrames';
import type { Segmentation } from './model';
import type { SegmentationPixels } from './pixels';
import { rasterizeFrameIntoSlice } from './rasterizeFrame';
import { emptyLayout, fillStats, type LayerStore, type SegmentLayout } from './layerStore';

export async function labelmapLayer(seg: Segmentation, pixels: SegmentationPixels, placement: PlacementResult, store: LayerStore): Promise<SegmentLayout[]> {
  const { slices, sliceSize } = store;
  const drawn = seg.segments.filter((s) => s.segmentNumber > 0);
  const layer = store.newLayer();
  if (drawn.length > 255) layer.wide = true;
  const lookup = seg.bitsAllocated === 16 ? new Uint16Array(65536) : new Uint16Array(256);
  drawn.forEach((s, i) => {
    if (s.segmentNumber < lookup.length) lookup[s.segmentNumber] = i + 1;
    layer.segmentNumbers.push(s.segmentNumber);
  });
  for (const p of placement.placements) {
    const frame = await pixels.frame(p.frameIndex);
    const written = rasterizeFrameIntoSlice(frame, p.mapping, store.slice(layer, p.sliceIndex), {
      value: 0,
      labelLookup: lookup,
      onConflict: 'overwrite',
    }).written;
    store.count(layer, p.sliceIndex, written);
    if (!written) store.release(layer, p.sliceIndex);
  }
  layer.members = layer.segmentNumbers.map((n) => [n]);
  // Counting afterwards sees the final owner of each voxel, whatever frames overwrote.
  const perSlice = drawn.map(() => new Float64Array(slices));
  layer.slices.forEach((labels, k) => {
    if (!labels) return;
    for (let i = 0; i < sliceSize; i++) if (labels[i]) perSlice[labels[i] - 1][k]++;
  });
  return seg.segments.map((s) => {
    const layout = emptyLayout(s.segmentNumber);
    const i = drawn.indexOf(s);
    if (i < 0) return layout;
    fillStats(layout, perSlice[i]);
    if (layout.voxels) Object.assign(layout, { layer: 0, labelValue: i + 1 });
    return layout;
  });
}
