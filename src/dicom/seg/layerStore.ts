// The label slices of a SEG's layers while they are built (labelmapLayers.ts): allocated on first write, counted
// against the decoded-size ceiling, dropped again when a pass leaves them empty, widened to 16 bits on demand.
import { checkDecodedSize } from '../errors';
import type { SliceTarget } from './rasterizeFrame';

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

export function emptyLayout(segmentNumber: number): SegmentLayout {
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

/** Adds a segment's voxels per slice to its layout: count, first/last slice and the slice with the most. */
export function fillStats(layout: SegmentLayout, perSlice: Float64Array): void {
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

export interface StoreOptions {
  /** names the object in the decoded-size error */
  objectName: string;
  slices: number;
  rows: number;
  columns: number;
  fractional: boolean;
  /** a zeroed label slice made ready beforehand, or undefined to allocate one (see LayerOptions) */
  allocateSlice?: (wide: boolean, size: number) => Uint8Array | Uint16Array | undefined;
  maxDecodedBytes?: number;
}

export class LayerStore {
  readonly layers: LabelmapLayer[] = [];
  readonly sliceSize: number;
  /**
   * Bytes of label and fraction slices allocated: the SEG's frames are bounded by its own bytes, but overlapping
   * segments multiply them on the image grid (up to maxLayers layers of every slice, 16-bit when combined), so
   * the total is checked as it grows, before each allocation.
   */
  private held = 0;
  private spare: Uint8Array[] = [];
  /** Voxels set per slice of each layer, so an emptied slice is known without scanning it. */
  private filled = new Map<LabelmapLayer, Int32Array>();

  constructor(private readonly o: StoreOptions) {
    this.sliceSize = o.rows * o.columns;
  }

  /** slices of the target series */
  get slices(): number {
    return this.o.slices;
  }

  newLayer(): LabelmapLayer {
    const { slices, fractional } = this.o;
    const layer: LabelmapLayer = {
      slices: new Array<Uint8Array | null>(slices).fill(null),
      fractionSlices: fractional ? new Array<Uint8Array | null>(slices).fill(null) : null,
      wide: false,
      segmentNumbers: [],
      members: [],
    };
    this.layers.push(layer);
    return layer;
  }

  private hold(bytes: number): void {
    const { slices, rows, columns } = this.o;
    const n = this.layers.length;
    this.held += bytes;
    checkDecodedSize(this.o.objectName, `its labels on ${slices} slices of ${rows}x${columns} (${n} layer${n === 1 ? '' : 's'} so far)`, this.held, this.o.maxDecodedBytes);
  }

  /** Slice k of a layer to write into, allocated if it has none yet. */
  slice(layer: LabelmapLayer, k: number): SliceTarget {
    const size = this.sliceSize;
    let labels = layer.slices[k];
    if (!labels) {
      const given = layer.wide ? undefined : this.spare.pop();
      // A spare slice was counted when it was first made.
      if (!given) this.hold(layer.wide ? 2 * size : size);
      labels = layer.slices[k] = given ?? this.o.allocateSlice?.(layer.wide, size) ?? (layer.wide ? new Uint16Array(size) : new Uint8Array(size));
    }
    let fractions: Uint8Array | null = null;
    if (layer.fractionSlices && !layer.fractionSlices[k]) {
      this.hold(size);
      layer.fractionSlices[k] = new Uint8Array(size);
    }
    if (layer.fractionSlices) fractions = layer.fractionSlices[k];
    return { labels, fractions, offset: 0, rows: this.o.rows, columns: this.o.columns };
  }

  /** `delta` voxels were set (or, negative, cleared) in slice k of a layer. */
  count(layer: LabelmapLayer, k: number, delta: number): void {
    let f = this.filled.get(layer);
    if (!f) this.filled.set(layer, (f = new Int32Array(this.o.slices)));
    f[k] += delta;
  }

  /** Drops a slice that holds nothing (allocated by a pass that wrote nothing, or cleared again). */
  release(layer: LabelmapLayer, k: number): void {
    const labels = layer.slices[k];
    if (labels && !this.filled.get(layer)?.[k]) {
      // All zero again: kept for the next slice a pass needs (trying a segment on a layer and backing out is
      // common with many overlaps; allocating afresh each time cost more than the writing).
      if (labels instanceof Uint8Array && !layer.fractionSlices) this.spare.push(labels);
      else this.held -= labels.byteLength;
      layer.slices[k] = null;
      if (layer.fractionSlices?.[k]) this.held -= this.sliceSize;
      if (layer.fractionSlices) layer.fractionSlices[k] = null;
    }
  }

  /** Makes a layer's labels 16-bit. */
  widen(layer: LabelmapLayer): void {
    layer.wide = true;
    this.hold(layer.slices.reduce((n, sl) => n + (sl ? sl.length : 0), 0));
    // A plain loop: `new Uint16Array(uint8Array)` took ~1 s for 300 slices of 512x512 here.
    layer.slices = layer.slices.map((sl) => {
      if (!sl) return null;
      const w = new Uint16Array(sl.length);
      for (let i = 0; i < sl.length; i++) w[i] = sl[i];
      return w;
    });
  }
}
