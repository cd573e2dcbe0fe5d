// SEG -> label volumes on the grid of the displayed series, for drawing. Each layer holds non-overlapping
// segments; a segment that overlaps one already in a layer goes to the next layer (greedy), so every segment
// stays visible where segments overlap.
//
// FRACTIONAL: a voxel belongs to a segment where its value is > 0 (as in the summary), and the layer carries a
// second Uint8 volume with the value scaled to 0..255 (value * 255 / MaximumFractionalValue) for the viewer to
// use as opacity. We keep a separate volume rather than quantised label indices so a layer's labels stay plain
// segment indices whatever the type, and BINARY/LABELMAP SEGs pay nothing for it.
import { checkDecodedSize } from '../errors';
import { placeFrames, type PlacementOptions, type PlacementResult, type TargetSeries } from '../geometry/placeFrames';
import { segmentDisplayName, type Segmentation } from './model';
import type { FramePixels, SegmentationPixels } from './pixels';
import { clearLabelInSlice, rasterizeFrameIntoSlice, type LabelCombiner, type SliceTarget } from './rasterizeFrame';

export interface LabelmapLayer {
  /**
   * Per target slice (in the order of the target planes): rows x columns labels, or null where the layer holds
   * nothing. 0 = no segment, i = segmentNumbers[i-1]. Slices are allocated on first write: the upper layers of
   * a SEG with overlaps are mostly empty, and a dense 512x512x300 layer is 78 MB.
   */
  slices: Array<Uint8Array | Uint16Array | null>;
  /** FRACTIONAL only: opacity 0..255 per voxel, per slice as `slices` */
  fractionSlices: Array<Uint8Array | null> | null;
  /** true when labels are 16-bit (more than 255 segments or segment sets in the layer) */
  wide: boolean;
  /** the segments drawn in this layer */
  segmentNumbers: number[];
  /**
   * The segments at a voxel of label v: members[v-1]. One segment per label in 'layers' mode; in 'combine'
   * mode a label stands for the set of segments overlapping there.
   */
  members: number[][];
}

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

/** 'combine' mode starts with 16-bit labels from this many segments on. */
export const WIDE_FROM_SEGMENTS = 64;

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
    const layer: LabelmapLayer = {
      slices: new Array<Uint8Array | null>(slices).fill(null),
      fractionSlices: fractional ? new Array<Uint8Array | null>(slices).fill(null) : null,
      wide: false,
      segmentNumbers: [],
      members: [],
    };
    layers.push(layer);
    return layer;
  };
  /**
   * Bytes of label and fraction slices allocated: the SEG's frames are bounded by its own bytes, but overlapping
   * segments multiply them on the image grid (up to maxLayers layers of every slice, 16-bit when combined), so
   * the total is checked as it grows, before each allocation.
   */
  let held = 0;
  const hold = (bytes: number): void => {
    held += bytes;
    checkDecodedSize(seg.objectName, `its labels on ${slices} slices of ${rows}x${columns} (${layers.length} layer${layers.length === 1 ? '' : 's'} so far)`, held, options.maxDecodedBytes);
  };
  /** Slice k of a layer to write into, allocated if it has none yet. */
  const slice = (layer: LabelmapLayer, k: number): SliceTarget => {
    let labels = layer.slices[k];
    if (!labels) {
      const given = layer.wide ? undefined : spare.pop();
      // A spare slice was counted when it was first made.
      if (!given) hold(layer.wide ? 2 * sliceSize : sliceSize);
      labels = layer.slices[k] = given ?? options.allocateSlice?.(layer.wide, sliceSize) ?? (layer.wide ? new Uint16Array(sliceSize) : new Uint8Array(sliceSize));
    }
    let fractions: Uint8Array | null = null;
    if (layer.fractionSlices && !layer.fractionSlices[k]) {
      hold(sliceSize);
      layer.fractionSlices[k] = new Uint8Array(sliceSize);
    }
    if (layer.fractionSlices) fractions = layer.fractionSlices[k];
    return { labels, fractions, offset: 0, rows, columns };
  };
  const spare: Uint8Array[] = [];
  /** Voxels set per slice of each layer, so an emptied slice is known without scanning it. */
  const filled = new Map<LabelmapLayer, Int32Array>();
  const count = (layer: LabelmapLayer, k: number, delta: number): void => {
    let f = filled.get(layer);
    if (!f) filled.set(layer, (f = new Int32Array(slices)));
    f[k] += delta;
  };
  /** Drops a slice that holds nothing (allocated by a pass that wrote nothing, or cleared again). */
  const release = (layer: LabelmapLayer, k: number): void => {
    const labels = layer.slices[k];
    if (labels && !filled.get(layer)?.[k]) {
      // All zero again: kept for the next slice a pass needs (trying a segment on a layer and backing out is
      // common with many overlaps; allocating afresh each time cost more than the writing).
      if (labels instanceof Uint8Array && !layer.fractionSlices) spare.push(labels);
      else held -= labels.byteLength;
      layer.slices[k] = null;
      if (layer.fractionSlices?.[k]) held -= sliceSize;
      if (layer.fractionSlices) layer.fractionSlices[k] = null;
    }
  };
  const widen = (layer: LabelmapLayer): void => {
    layer.wide = true;
    hold(layer.slices.reduce((n, sl) => n + (sl ? sl.length : 0), 0));
    // A plain loop: `new Uint16Array(uint8Array)` took ~1 s for 300 slices of 512x512 here.
    layer.slices = layer.slices.map((sl) => {
      if (!sl) return null;
      const w = new Uint16Array(sl.length);
      for (let i = 0; i < sl.length; i++) w[i] = sl[i];
      return w;
    });
  };
  const frameOf = new Map(seg.frames.map((f) => [f.frameIndex, f]));

  if (seg.segmentationType === 'LABELMAP') {
    const drawn = seg.segments.filter((s) => s.segmentNumber > 0);
    const layer = newLayer();
    if (drawn.length > 255) layer.wide = true;
    const lookup = seg.bitsAllocated === 16 ? new Uint16Array(65536) : new Uint16Array(256);
    drawn.forEach((s, i) => {
      if (s.segmentNumber < lookup.length) lookup[s.segmentNumber] = i + 1;
      layer.segmentNumbers.push(s.segmentNumber);
    });
    for (const p of placement.placements) {
      const frame = await pixels.frame(p.frameIndex);
      const written = rasterizeFrameIntoSlice(frame, p.mapping, slice(layer, p.sliceIndex), {
        value: 0,
        labelLookup: lookup,
        onConflict: 'overwrite',
      }).written;
      count(layer, p.sliceIndex, written);
      if (!written) release(layer, p.sliceIndex);
    }
    layer.members = layer.segmentNumbers.map((n) => [n]);
    // Counting afterwards sees the final owner of each voxel, whatever frames overwrote.
    const perSlice = drawn.map(() => new Float64Array(slices));
    layer.slices.forEach((labels, k) => {
      if (!labels) return;
      for (let i = 0; i < sliceSize; i++) if (labels[i]) perSlice[labels[i] - 1][k]++;
    });
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

  if (options.overlap === 'combine' && !fractional) {
    const layer = newLayer();
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
      const target = slice(layer, k);
      let total = 0;
      for (const { p, index } of list) {
        const n = seg.segments[index].segmentNumber;
        let combiner = combiners.get(n);
        if (!combiner) combiners.set(n, (combiner = combinerFor(n)));
        const frame = await pixels.frame(p.frameIndex);
        let written = 0;
        for (;;) {
          written += rasterizeFrameIntoSlice(frame, p.mapping, layer.slices[k] === target.labels ? target : slice(layer, k), { value: 0, onConflict: 'overwrite', combine: combiner }).written;
          if (!overflow) break;
          overflow = false;
          if (layer.wide) throw new Error(`${seg.objectName}: more than 65,535 different sets of overlapping segments`);
          widen(layer);
          // Writing the frame again is harmless: voxels that have this segment already keep their label.
        }
        if (written) (perSlice[index] ??= new Float64Array(slices))[k] += written;
        total += written;
      }
      count(layer, k, total);
      if (!total) release(layer, k);
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
    if (!layer.segmentNumbers.length) layers.pop();
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
      if (label > 255 && !layer.wide) widen(layer);
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
        count(layer, p.sliceIndex, result.written);
        if (result.written) touched.push(p.sliceIndex);
        else release(layer, p.sliceIndex);
        conflict ||= result.conflict;
        if (result.conflict && onConflict === 'abort') break;
      }
      if (conflict && onConflict === 'abort') {
        for (const k of new Set(touched)) {
          clearLabelInSlice(slice(layer, k), label);
          count(layer, k, -perSlice[k]);
          release(layer, k);
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
  return { slices, rows, columns, layers, segments, placement, problems };
}
