// Dense labelmap layers -> what the viewer keeps: only the slices that hold something, one buffer per layer.
// A whole-body SEG of 100+ segments needs several layers where segments overlap, but most slices of the upper
// layers are empty; keeping them dense cost 78 MB per layer on a 512x512x300 CT.
//
// FRACTIONAL layers fold the opacity into the label value: each segment gets `levels` consecutive values, one
// per opacity step, so a colour table with a per-value alpha draws the fractions as opacity (Cornerstone's
// labelmaps have no per-voxel opacity of their own).
import type { LabelmapLayer, LabelmapLayers } from './labelmapLayers';

export interface PackedLayer {
  /** SegmentNumbers of the layer's segments */
  segmentNumbers: number[];
  /** the segments at a voxel: members[floor((v-1)/levels)] for label v > 0 */
  members: number[][];
  /** opacity steps per segment: 1 for BINARY/LABELMAP; label v > 0 is segment index floor((v-1)/levels) */
  levels: number;
  /** per target slice: its labels (rows x columns), or null for an empty slice; each slice its own buffer */
  slices: Array<Uint8Array | Uint16Array | null>;
  sliceSize: number;
}

/** Opacity steps per segment for a fractional layer of n segments: as many as fit in 8-bit labels, at most 16. */
function opacityLevels(segments: number): number {
  return Math.max(1, Math.min(16, Math.floor(255 / Math.max(1, segments))));
}

/** The segment index (0-based, within the layer) and opacity (0..1] a label value stands for. */
export function decodeLabel(layer: Pick<PackedLayer, 'levels'>, value: number): { segment: number; opacity: number } | null {
  if (value <= 0) return null;
  const segment = Math.floor((value - 1) / layer.levels);
  return { segment, opacity: (((value - 1) % layer.levels) + 1) / layer.levels };
}

/**
 * What the viewer gets of a layer: its slices as they are (no copy; each is transferred on its own), with
 * fractional opacity folded into the labels.
 */
export function packLayer(layer: LabelmapLayer, layers: Pick<LabelmapLayers, 'rows' | 'columns'>): PackedLayer {
  const sliceSize = layers.rows * layers.columns;
  // More than 255 segments in one layer leave no room for opacity steps: drawn opaque.
  const fractions = layer.wide ? null : layer.fractionSlices;
  const levels = fractions ? opacityLevels(layer.segmentNumbers.length) : 1;
  if (fractions) {
    layer.slices.forEach((labels, k) => {
      const f = fractions[k];
      if (!labels || !f) return;
      for (let i = 0; i < sliceSize; i++) {
        const v = labels[i];
        // fraction 1..255 -> step 1..levels (a voxel > 0 is never fully transparent)
        if (v) labels[i] = (v - 1) * levels + Math.max(1, Math.ceil((f[i] * levels) / 255));
      }
    });
  }
  return { segmentNumbers: layer.segmentNumbers, members: layer.members, levels, slices: layer.slices, sliceSize };
}

/** The buffers to transfer to the page. */
export function packedBuffers(layers: PackedLayer[]): ArrayBuffer[] {
  return layers.flatMap((l) => l.slices.filter((s): s is Uint8Array | Uint16Array => s !== null).map((s) => s.buffer as ArrayBuffer));
}
