// One segment of a decoded SEG as a box mask, straight from the label slices the decode worker already holds
// (dicom/seg/labelmapLayers: a label stands for the *set* of segments at a voxel, members[label - 1]).
import { layoutOfBox, layoutWords, setBitRange, type BitMask } from './bitMask';
import { forEachRow, recordRuns, type LayerRuns } from './labelRuns';
import { boxSize, EMPTY_MASK, type Box, type BoxMask } from './mask';

/** One label volume: LabelmapLayer and PackedLayer (dicom/seg) both fit. */
export interface LabelVolume {
  /** per slice: rows x columns labels, or null for an empty slice */
  slices: ReadonlyArray<Uint8Array | Uint16Array | null>;
  /** the segments at a voxel of label v > 0: members[floor((v - 1) / levels)] */
  members: ReadonlyArray<readonly number[]>;
  /** opacity steps per segment index (fractional layers packed for display); 1 when absent */
  levels?: number;
}

/** A decoded SEG on a voxel grid (LabelmapLayers fits). */
export interface Labelmap {
  columns: number;
  rows: number;
  layers: readonly LabelVolume[];
}

export interface LabelmapIndex {
  /** bounding box of each segment number that has voxels */
  boxes: Map<number, Box>;
  /**
   * per layer, its runs of labels (null where there were too many to keep): what packing segments reads
   * instead of the label slices, a few MB where the labels take a few hundred
   */
  runs: ReadonlyArray<LayerRuns | null>;
}

/** Which label values of `layer` hold `segmentNumber` (lookup by label). */
function labelsOf(layer: LabelVolume, segmentNumber: number, maxLabel: number): Uint8Array | null {
  const levels = layer.levels ?? 1;
  const has = new Uint8Array(maxLabel + 1);
  let any = false;
  layer.members.forEach((set, i) => {
    if (!set.includes(segmentNumber)) return;
    any = true;
    for (let v = i * levels + 1; v <= (i + 1) * levels && v <= maxLabel; v++) has[v] = 1;
  });
  return any ? has : null;
}

/**
 * Bounding boxes of all segments in one pass over the label slices (runs of equal labels along a row are
 * handled once, labelRuns.ts), so each segment's mask is then built from its box only; the runs are kept.
 */
export function indexLabelmap(labelmap: Labelmap): LabelmapIndex {
  const { columns, rows } = labelmap;
  const boxes = new Map<number, Box>();
  const layerRuns: Array<LayerRuns | null> = [];
  for (const layer of labelmap.layers) {
    const levels = layer.levels ?? 1;
    const labels = layer.members.length * levels + 1;
    const minX = new Int32Array(labels).fill(columns);
    const maxX = new Int32Array(labels).fill(-1);
    const minY = new Int32Array(labels).fill(rows);
    const maxY = new Int32Array(labels).fill(-1);
    const minZ = new Int32Array(labels).fill(layer.slices.length);
    const maxZ = new Int32Array(labels).fill(-1);
    const recorded = recordRuns(layer.slices, columns, rows);
    layerRuns.push(recorded);
    forEachRow(layer.slices, columns, rows, recorded, (z, y, start, end, label, from, to) => {
      for (let k = from; k < to; k++) {
        const v = label[k];
        if (v >= labels) continue;
        const first = start[k];
        const last = end[k] - 1;
        if (first < minX[v]) minX[v] = first;
        if (last > maxX[v]) maxX[v] = last;
        if (y < minY[v]) minY[v] = y;
        if (y > maxY[v]) maxY[v] = y;
        if (z < minZ[v]) minZ[v] = z;
        if (z > maxZ[v]) maxZ[v] = z;
      }
    });
    for (let v = 1; v < labels; v++) {
      if (maxX[v] < 0) continue;
      const b: Box = { x0: minX[v], y0: minY[v], z0: minZ[v], nx: maxX[v] - minX[v] + 1, ny: maxY[v] - minY[v] + 1, nz: maxZ[v] - minZ[v] + 1 };
      for (const n of layer.members[Math.floor((v - 1) / levels)] ?? []) {
        const had = boxes.get(n);
        if (!had) {
          boxes.set(n, { ...b });
          continue;
        }
        const x1 = Math.max(had.x0 + had.nx, b.x0 + b.nx);
        const y1 = Math.max(had.y0 + had.ny, b.y0 + b.ny);
        const z1 = Math.max(had.z0 + had.nz, b.z0 + b.nz);
        had.x0 = Math.min(had.x0, b.x0);
        had.y0 = Math.min(had.y0, b.y0);
        had.z0 = Math.min(had.z0, b.z0);
        had.nx = x1 - had.x0;
        had.ny = y1 - had.y0;
        had.nz = z1 - had.z0;
      }
    }
  }
  return { boxes, runs: layerRuns };
}

/**
 * Writes segment `segmentNumber` as 0/1 over `box` (any box of the grid) into out[0..boxSize(box)), zeroing
 * the rest of that range; returns the voxels set. For one segment at a time (resampling); comparisons on the
 * labels' own grid pack all segments at once (segmentBitMasks).
 */
function fillSegmentMask(labelmap: Labelmap, segmentNumber: number, box: Box, out: Uint8Array): number {
  const { columns, rows } = labelmap;
  const data = out.subarray(0, boxSize(box));
  data.fill(0);
  let layersUsed = 0;
  for (const layer of labelmap.layers) {
    const maxLabel = layer.members.length * (layer.levels ?? 1);
    const has = labelsOf(layer, segmentNumber, maxLabel);
    if (!has) continue;
    layersUsed++;
    // labels past the members (never written) read as 0 through a lookup as wide as the label type
    const lookup = new Uint8Array(layer.slices.some((s) => s instanceof Uint16Array) ? 65536 : 256);
    lookup.set(has.subarray(0, Math.min(has.length, lookup.length)));
    const x0 = Math.max(0, box.x0);
    const x1 = Math.min(columns, box.x0 + box.nx);
    for (let z = 0; z < box.nz; z++) {
      const s = layer.slices[z + box.z0];
      if (!s) continue;
      for (let y = 0; y < box.ny; y++) {
        if (y + box.y0 < 0 || y + box.y0 >= rows) continue;
        const from = (y + box.y0) * columns;
        const to = (z * box.ny + y) * box.nx - box.x0;
        // branch-free: most voxels of a box are in the segment or plainly not
        for (let x = x0; x < x1; x++) data[to + x] |= lookup[s[from + x]];
      }
    }
  }
  let voxels = 0;
  if (layersUsed) for (let i = 0; i < data.length; i++) voxels += data[i];
  return voxels;
}

/** The voxels of segment `segmentNumber` as a mask over its bounding box (EMPTY_MASK when it has none). */
export function segmentMask(labelmap: Labelmap, segmentNumber: number, index: LabelmapIndex = indexLabelmap(labelmap)): BoxMask {
  const box = index.boxes.get(segmentNumber);
  if (!box) return EMPTY_MASK;
  const data = new Uint8Array(boxSize(box));
  const voxels = fillSegmentMask(labelmap, segmentNumber, box, data);
  return voxels ? { box, data, voxels } : EMPTY_MASK;
}

/**
 * Packed masks (bitMask.ts) of the segments `wanted` (those with voxels; by segment number), all from one pass
 * over the label slices: comparing 104 segments costs one scan of the labels instead of one per segment (and
 * pair), and runs of equal labels along a row are set a word at a time.
 */
export function segmentBitMasks(labelmap: Labelmap, index: LabelmapIndex, wanted: Iterable<number>): Map<number, BitMask> {
  const { columns, rows } = labelmap;
  const masks = new Map<number, BitMask>();
  for (const n of wanted) {
    const box = index.boxes.get(n);
    if (!box || masks.has(n)) continue;
    const layout = layoutOfBox(box);
    masks.set(n, { layout, bits: new Uint32Array(layoutWords(layout)) });
  }
  labelmap.layers.forEach((layer, li) => {
    const levels = layer.levels ?? 1;
    const labels = layer.members.length * levels + 1;
    // the wanted masks each label value sets (labels past the members, never written, set none)
    const targets: Array<BitMask[] | null> = layer.members.map((set) => {
      const t = set.flatMap((n) => masks.get(n) ?? []);
      return t.length ? t : null;
    });
    if (!targets.some(Boolean)) return;
    forEachRow(layer.slices, columns, rows, index.runs[li] ?? null, (z, y, start, end, label, from, to) => {
      for (let k = from; k < to; k++) {
        const v = label[k];
        const t = v < labels ? targets[Math.floor((v - 1) / levels)] : null;
        if (!t) continue;
        for (let j = 0; j < t.length; j++) {
          const l = t[j].layout;
          const first = 32 * l.w0;
          setBitRange(t[j].bits, ((z - l.z0) * l.ny + y - l.y0) * l.nw, start[k] - first, end[k] - first);
        }
      }
    });
  });
  return masks;
}
