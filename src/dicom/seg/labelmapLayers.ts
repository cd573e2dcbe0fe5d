// SEG -> label volumes on the grid of the displayed series, for drawing. Each layer holds non-overlapping
// segments; a segment that overlaps one already in a layer goes to the next layer (greedy), so every segment
// stays visible where segments overlap.
//
// FRACTIONAL: a voxel belongs to a segment where its value is > 0 (as in the summary), and the layer carries a
// second Uint8 volume with the value scaled to 0..255 (value * 255 / MaximumFractionalValue) for the viewer to
// use as opacity. We keep a separate volume rather than quantised label indices so a layer's labels stay plain
// segment indices whatever the type, and BINARY/LABELMAP SEGs pay nothing for it.
import { placeFrames, type PlacementOptions, type PlacementResult, type TargetSeries } from '../geometry/placeFrames';
import type { Segmentation } from './model';
import type { SegmentationPixels } from './pixels';
import { LayerStore, type LabelmapLayer, type SegmentLayout } from './layerStore';
import { labelmapLayer } from './layersLabelmap';
import { combinedLayer } from './layersCombined';
import { greedyLayers } from './layersGreedy';

export type { LabelmapLayer, SegmentLayout };
export { WIDE_FROM_SEGMENTS } from './layersCombined';

/** The whole layer as one slices x rows x columns volume (tests and tools; the viewer keeps the slices). */
export function denseLabels(layer: LabelmapLayer, sliceSize: number): Uint8Array | Uint16Array {
  const out = layer.wide ? new Uint16Array(layer.slices.length * sliceSize) : new Uint8Array(layer.slices.length * sliceSize);
  layer.slices.forEach((sl, k) => sl && out.set(sl, k * sliceSize));
  return out;
}

export function denseFractions(layer: LabelmapLayer, sliceSize: number): Uint8Array | null {
  if (!layer.fractionSlices) return null;
  const out = new Uint8Array(layer.fractionSlices.length * sliceSize);
  layer.fractionSlices.forEach((sl, k) => sl && out.set(sl, k * sliceSize));
  return out;
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
  /**
   * How BINARY segments that overlap are kept: 'layers' (default) puts them on separate layers, one label per
   * segment; 'combine' keeps one layer whose labels stand for the sets of segments found at a voxel (a few
   * hundred sets for 100+ nested segments), so memory is one volume whatever the overlap.
   */
  overlap?: 'layers' | 'combine';
  /**
   * A zeroed label slice of this size and width, or undefined to allocate one. Lets the worker hand out memory
   * it touched while the SEG was downloading: on this VM first writes to fresh memory cost ~3 ms per MB.
   */
  allocateSlice?: (wide: boolean, size: number) => Uint8Array | Uint16Array | undefined;
  /** ceiling on the label (and fraction) slices held at once, bytes; default MAX_DECODED_BYTES */
  maxDecodedBytes?: number;
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
  const placement: PlacementResult = placeFrames(seg, target, options);
  const problems = [...placement.problems];
  const fractional = seg.segmentationType === 'FRACTIONAL';
  const store = new LayerStore({ objectName: seg.objectName, slices, rows, columns, fractional, allocateSlice: options.allocateSlice, maxDecodedBytes: options.maxDecodedBytes });
  const segments =
    seg.segmentationType === 'LABELMAP'
      ? await labelmapLayer(seg, pixels, placement, store)
      : options.overlap === 'combine' && !fractional
        ? await combinedLayer(seg, pixels, placement, store)
        : await greedyLayers(seg, pixels, placement, store, options.maxLayers ?? 8, problems);
  return { slices, rows, columns, layers: store.layers, segments, placement, problems };
}
