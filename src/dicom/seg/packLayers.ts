// Dense labelmap layers -> what the viewer keeps: only the slices that hold something, one buffer per layer.
// A whole-body SEG of 100+ segments needs several layers where segments overlap, but most slices of the upper
// layers are empty; keeping them dense cost 78 MB per layer on a 512x512x300 CT.
//
// FRACTIONAL layers fold the opacity into the label value: each segment gets `levels` consecutive values, one
// per opacity step, so a colour table with a per-value alpha draws the fractions as opacity (Cornerstone's
// labelmaps have no per-voxel opacity of their own).
import type { LabelmapLayer, LabelmapLayers } from './labelmapLayers';

export interface PackedLayer {
  /** SegmentNumbers of the layer's segments, in label order */
  segmentNumbers: number[];
  /** opacity steps per segment: 1 for BINARY/LABELMAP; label v > 0 is segment index floor((v-1)/levels) */
  levels: number;
  /** the non-empty slices, concatenated, rows x columns each */
  data: Uint8Array | Uint16Array;
  /** per target slice: element offset of its pixels in `data`, or -1 for an empty slice */
  offsets: Int32Array;
  sliceSize: number;
}

/** Opacity steps per segment for a fractional layer of n segments: as many as fit in 8-bit labels, at most 16. */
export function opacityLevels(segments: number): number {
  return Math.max(1, Math.min(16, Math.floor(255 / Math.max(1, segments))));
}

/** The segment index (0-based, within the layer) and opacity (0..1] a label value stands for. */
export function decodeLabel(layer: Pick<PackedLayer, 'levels'>, value: number): { segment: number; opacity: number } | null {
  if (value <= 0) return null;
  const segment = Math.floor((value - 1) / layer.levels);
  return { segment, opacity: (((value - 1) % layer.levels) + 1) / layer.levels };
}

function isEmpty(a: Uint8Array | Uint16Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (a[i]) return false;
  return true;
}

export function packLayer(layer: LabelmapLayer, layers: Pick<LabelmapLayers, 'slices' | 'rows' | 'columns'>): PackedLayer {
  const sliceSize = layers.rows * layers.columns;
  const src = layer.labels;
  const offsets = new Int32Array(layers.slices).fill(-1);
  let used = 0;
  for (let k = 0; k < layers.slices; k++) {
    if (!isEmpty(src, k * sliceSize, (k + 1) * sliceSize)) offsets[k] = used++ * sliceSize;
  }
  const wide = src instanceof Uint16Array;
  // More than 255 segments in one layer leave no room for opacity steps: drawn opaque.
  const fractions = wide ? null : layer.fractions;
  const levels = fractions ? opacityLevels(layer.segmentNumbers.length) : 1;
  const data = wide ? new Uint16Array(used * sliceSize) : new Uint8Array(used * sliceSize);
  for (let k = 0; k < layers.slices; k++) {
    const at = offsets[k];
    if (at < 0) continue;
    const from = k * sliceSize;
    if (!fractions) {
      data.set(src.subarray(from, from + sliceSize), at);
      continue;
    }
    for (let i = 0; i < sliceSize; i++) {
      const v = src[from + i];
      if (!v) continue;
      // fraction 1..255 -> step 1..levels (a voxel > 0 is never fully transparent)
      const step = Math.max(1, Math.ceil((fractions[from + i] * levels) / 255));
      data[at + i] = (v - 1) * levels + step;
    }
  }
  return { segmentNumbers: layer.segmentNumbers, levels, data, offsets, sliceSize };
}
