// SEG -> label volumes on the grid of the displayed series, for drawing. Each layer holds non-overlapping
// segments; a segment that overlaps one already in a layer goes to the next layer (greedy), so every segment
// stays visible where segments overlap.
//
// FRACTIONAL: a voxel belongs to a segment where its value is > 0 (as in the summary), and the layer carries a
// second Uint8 volume with the value scaled to 0..255 (value * 255 / MaximumFractionalValue) for the viewer to
// use as opacity. We keep a separate volume rather than quantised label indices so a layer's labels stay plain
// segment indices whatever the type, and BINARY/LABELMAP SEGs pay nothing for it.
import { placeFrames, type PlacementOptions, type PlacementResult, type TargetSeries } from '../geometry/placeFrames';
import { segmentDisplayName, type Segmentation } from './model';
import type { FramePixels, SegmentationPixels } from './pixels';
import { clearLabelInSlice, rasterizeFrameIntoSlice, type SliceTarget } from './rasterizeFrame';

export interface LabelmapLayer {
  /** slices x rows x columns, slices in the order of the target planes; 0 = no segment, i = segmentNumbers[i-1] */
  labels: Uint8Array | Uint16Array;
  /** FRACTIONAL only: opacity 0..255 per voxel */
  fractions: Uint8Array | null;
  segmentNumbers: number[];
}

export interface SegmentLayout {
  segmentNumber: number;
  /** index in `layers`, -1 when nothing of the segment is drawn */
  layer: number;
  /** the voxel value standing for this segment in its layer (0 when not drawn) */
  labelValue: number;
  /** voxels on the target grid */
  voxels: number;
  /** first and last target slice holding the segment, -1 when none */
  firstSlice: number;
  lastSlice: number;
  /** the slice with the most voxels, for "jump to segment" (-1 when none) */
  peakSlice: number;
  peakSliceVoxels: number;
}

export interface LabelmapLayers {
  slices: number;
  rows: number;
  columns: number;
  layers: LabelmapLayer[];
  /** in SegmentSequence order (LABELMAP background segment 0 included, never drawn) */
  segments: SegmentLayout[];
  placement: PlacementResult;
  /** readable, naming the object: placement problems plus segments left out */
  problems: string[];
}

export interface LayerOptions extends PlacementOptions {
  /** at most this many layers (each one slices*rows*columns bytes); default 8 */
  maxLayers?: number;
}

/** Decoded frames of one segment, kept while it is tried on several layers, when decoding costs something. */
const CACHE_BYTES = 64 * 1024 * 1024;

function emptyLayout(segmentNumber: number): SegmentLayout {
  return {
    segmentNumber,
    layer: -1,
    labelValue: 0,
    voxels: 0,
    firstSlice: -1,
    lastSlice: -1,
    peakSlice: -1,
    peakSliceVoxels: 0,
  };
}

function fillStats(layout: SegmentLayout, perSlice: Float64Array): void {
  for (let k = 0; k < perSlice.length; k++) {
    const n = perSlice[k];
    if (!n) continue;
    layout.voxels += n;
    if (layout.firstSlice < 0) layout.firstSlice = k;
    layout.lastSlice = k;
    if (n > layout.peakSliceVoxels) {
      layout.peakSliceVoxels = n;
      layout.peakSlice = k;
    }
  }
}

function gridOf(target: TargetSeries): { rows: number; columns: number } {
  const { rows, columns } = target.planes[0] ?? { rows: 0, columns: 0 };
  if (target.planes.some((p) => p.rows !== rows || p.columns !== columns)) {
    throw new Error('the displayed series mixes image sizes, so it has no single voxel grid for overlays');
  }
  return { rows, columns };
}

/** Build the layers of a parsed SEG on the target series. Throws only when the target has no single grid. */
export async function buildLabelmapLayers(
  seg: Segmentation,
  pixels: SegmentationPixels,
  target: TargetSeries,
  options: LayerOptions = {},
): Promise<LabelmapLayers> {
  const { rows, columns } = gridOf(target);
  const slices = target.planes.length;
  const sliceSize = rows * columns;
  const placement = placeFrames(seg, target, options);
  const problems = [...placement.problems];
  const maxLayers = options.maxLayers ?? 8;
  const fractional = seg.segmentationType === 'FRACTIONAL';
  const maximumFractionalValue = seg.maximumFractionalValue ?? 255;
  const layers: LabelmapLayer[] = [];
  const newLayer = (): LabelmapLayer => {
    const layer = {
      labels: new Uint8Array(slices * sliceSize),
      fractions: fractional ? new Uint8Array(slices * sliceSize) : null,
      segmentNumbers: [],
    };
    layers.push(layer);
    return layer;
  };
  const slice = (layer: LabelmapLayer, k: number): SliceTarget => ({
    labels: layer.labels,
    fractions: layer.fractions,
    offset: k * sliceSize,
    rows,
    columns,
  });
  const frameOf = new Map(seg.frames.map((f) => [f.frameIndex, f]));

  if (seg.segmentationType === 'LABELMAP') {
    const drawn = seg.segments.filter((s) => s.segmentNumber > 0);
    const layer = newLayer();
    if (drawn.length > 255) layer.labels = new Uint16Array(slices * sliceSize);
    const lookup = seg.bitsAllocated === 16 ? new Uint16Array(65536) : new Uint16Array(256);
    drawn.forEach((s, i) => {
      if (s.segmentNumber < lookup.length) lookup[s.segmentNumber] = i + 1;
      layer.segmentNumbers.push(s.segmentNumber);
    });
    for (const p of placement.placements) {
      const frame = await pixels.frame(p.frameIndex);
      rasterizeFrameIntoSlice(frame, p.mapping, slice(layer, p.sliceIndex), {
        value: 0,
        labelLookup: lookup,
        onConflict: 'overwrite',
      });
    }
    // Counting afterwards sees the final owner of each voxel, whatever frames overwrote.
    const perSlice = drawn.map(() => new Float64Array(slices));
    const labels = layer.labels;
    for (let k = 0, i = 0; k < slices; k++) {
      for (let end = i + sliceSize; i < end; i++) if (labels[i]) perSlice[labels[i] - 1][k]++;
    }
    const segments = seg.segments.map((s) => {
      const layout = emptyLayout(s.segmentNumber);
      const i = drawn.indexOf(s);
      if (i < 0) return layout;
      fillStats(layout, perSlice[i]);
      if (layout.voxels) Object.assign(layout, { layer: 0, labelValue: i + 1 });
      return layout;
    });
    return { slices, rows, columns, layers, segments, placement, problems };
  }

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
      const layer = layers[l] ?? newLayer();
      const label = layer.segmentNumbers.length + 1;
      if (label > 65535) continue;
      if (label > 255 && layer.labels instanceof Uint8Array) layer.labels = Uint16Array.from(layer.labels);
      // The last layer allowed takes what still fits rather than dropping the segment.
      const onConflict = l === maxLayers - 1 ? 'keep' : 'abort';
      perSlice.fill(0);
      const touched: number[] = [];
      let conflict = false;
      for (const p of list) {
        const result = rasterizeFrameIntoSlice(await frame(p.frameIndex), p.mapping, slice(layer, p.sliceIndex), {
          value: label,
          maximumFractionalValue,
          onConflict,
        });
        perSlice[p.sliceIndex] += result.written;
        if (result.written) touched.push(p.sliceIndex);
        conflict ||= result.conflict;
        if (result.conflict && onConflict === 'abort') break;
      }
      if (conflict && onConflict === 'abort') {
        for (const k of new Set(touched)) clearLabelInSlice(slice(layer, k), label);
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
  return { slices, rows, columns, layers, segments, placement, problems };
}
