// A labelmap layer (made on the primary series' slices) carried onto another series shown in a grid cell: its
// labels resampled onto that series' slices (dicom/geometry/resampleLabels.ts), its segments, colours and names
// those of the original (read through, so a SEG that grows or a map recoloured shows the same in every cell).
// Only for a series of the same Frame of Reference with plane geometry: without a shared patient space a label
// could land anywhere, and an overlay in the wrong place is worse than none.
import type { ImageStack } from './imageIds';
import type { OverlayLayer } from './labelmapOverlay';
import { yieldToMain } from './labelmapOverlay';
import { resampleSlice, type LabelGrid, type LabelSlice } from '../dicom/geometry/resampleLabels';
import type { PackedLayer } from '../dicom/seg/packLayers';

/** The slice geometry of a series, or null when it has none to place labels by. */
function gridOf(stack: ImageStack): LabelGrid | null {
  return stack.planes && stack.slices ? { planes: stack.planes, slices: stack.slices } : null;
}

/** Whether layers of `primary` can be drawn on `other`: one Frame of Reference, both with geometry, one slice size. */
export function canCarry(primary: ImageStack, other: ImageStack): boolean {
  const planes = other.planes;
  return (
    !!primary.frameOfReferenceUID &&
    primary.frameOfReferenceUID === other.frameOfReferenceUID &&
    !!gridOf(primary) &&
    !!planes &&
    planes.every((p) => p.rows === planes[0].rows && p.columns === planes[0].columns)
  );
}

const tags = new WeakMap<ImageStack, number>();
let tagCounter = 0;

/** The segmentationId of a layer's copy on a series. */
export function copyId(layer: OverlayLayer, stack: ImageStack): string {
  let tag = tags.get(stack);
  if (tag === undefined) {
    tag = ++tagCounter;
    tags.set(stack, tag);
  }
  return `${layer.segmentationId}@${tag}`;
}

/** Labels of a layer on every slice of `to`, a few slices per task. Null when `isCurrent` turned false. */
async function resampleAll(layer: OverlayLayer, from: LabelGrid, to: LabelGrid, isCurrent: () => boolean): Promise<Array<LabelSlice | null> | null> {
  const wide = layer.wide ?? layer.packed.slices.some((s) => s instanceof Uint16Array);
  const out: Array<LabelSlice | null> = [];
  let start = performance.now();
  for (let k = 0; k < to.planes.length; k++) {
    out.push(resampleSlice(from, layer.packed.slices, to, k, wide));
    if (performance.now() - start > 8) {
      await yieldToMain();
      if (!isCurrent()) return null;
      start = performance.now();
    }
  }
  return out;
}

/** A copy of `layer` on series `to` (carried from `from`, the series it was made on); null if it went meanwhile. */
export async function carryLayer(layer: OverlayLayer, from: ImageStack, to: ImageStack, isCurrent: () => boolean): Promise<OverlayLayer | null> {
  const [a, b] = [gridOf(from), gridOf(to)];
  if (!a || !b) return null;
  const slices = await resampleAll(layer, a, b, isCurrent);
  if (!slices) return null;
  const src = layer;
  const packed: PackedLayer = {
    get segmentNumbers() {
      return src.packed.segmentNumbers;
    },
    get members() {
      return src.packed.members;
    },
    get levels() {
      return src.packed.levels;
    },
    slices,
    sliceSize: b.planes[0].rows * b.planes[0].columns,
  };
  return {
    segmentationId: copyId(layer, to),
    label: layer.label,
    packed,
    get colors() {
      return src.colors;
    },
    get names() {
      return src.names;
    },
    get voxels() {
      return src.voxels;
    },
    wide: layer.wide ?? layer.packed.slices.some((s) => s instanceof Uint16Array),
  };
}

/**
 * The original grew (a SEG drawn as it downloads): the copy's labels made again from it. Returns the copy's
 * slices that changed (their new buffers are in `copy.packed.slices`), or null when `isCurrent` turned false.
 */
export async function refreshCopy(copy: OverlayLayer, layer: OverlayLayer, from: ImageStack, to: ImageStack, isCurrent: () => boolean): Promise<number[] | null> {
  const [a, b] = [gridOf(from), gridOf(to)];
  if (!a || !b) return [];
  const slices = await resampleAll(layer, a, b, isCurrent);
  if (!slices) return null;
  const changed: number[] = [];
  slices.forEach((s, k) => {
    const before = copy.packed.slices[k];
    if (!s || (before && before.every((v, i) => v === s[i]))) return;
    copy.packed.slices[k] = s;
    changed.push(k);
  });
  return changed;
}
