// Labelmap overlays: decoded SEG layers (packed: only non-empty slices, aligned with the displayed series'
// imageIds) become Cornerstone3D labelmap segmentations on the stack and MPR viewports. Overlapping segments
// live in different layers, so every segment stays visible where segments overlap.
import { cache, Enums, metaData, utilities, type Types } from '@cornerstonejs/core';
import { segmentation, Enums as ToolEnums } from '@cornerstonejs/tools';
import type { ImagePlane } from '../dicom/geometry/plane';
import { putOwnImage } from './ownImages';
import type { PackedLayer } from '../dicom/seg/packLayers';

export type RGBA = [number, number, number, number];

export interface OverlayLayer {
  /** unique per layer, e.g. `${segSOPInstanceUID}:${seriesUID}:L0` */
  segmentationId: string;
  label: string;
  packed: PackedLayer;
  /** by SegmentNumber */
  colors: Map<number, RGBA>;
  names: Map<number, string>;
  /** voxels per segment: where segments overlap, the smallest visible one gives the colour */
  voxels: Map<number, number>;
  /**
   * What the hover label says at a voxel (slice, row, column), instead of segment names: a parametric map's
   * value and unit. Null where there is nothing to say.
   */
  probe?: (slice: number, row: number, column: number) => string | null;
  /** labels are 16-bit, also on slices that hold nothing yet (a SEG drawn as it downloads) */
  wide?: boolean;
}

const LABELMAP = ToolEnums.SegmentationRepresentations.Labelmap;

/** Number of label values a layer uses (values 1..n). */
function valueCount(layer: OverlayLayer): number {
  return layer.packed.members.length * layer.packed.levels;
}

/**
 * Colour by label value, for the segments not hidden: where several segments meet, the smallest visible one
 * (nested anatomy: the tumour inside the liver inside the body); a fractional layer's steps share the segment
 * colour at rising opacity. A value whose segments are all hidden is transparent.
 */
function colourTable(layer: OverlayLayer, hidden: ReadonlySet<number> = new Set()): Types.Color[] {
  const { levels, members } = layer.packed;
  const lut: Types.Color[] = [[0, 0, 0, 0]];
  for (const set of members) {
    let best = -1;
    for (const n of set) {
      if (hidden.has(n)) continue;
      if (best < 0 || (layer.voxels.get(n) ?? 0) < (layer.voxels.get(best) ?? 0)) best = n;
    }
    const [r, g, b, a] = best < 0 ? [0, 0, 0, 0] : (layer.colors.get(best) ?? [255, 255, 0, 255]);
    for (let i = 1; i <= levels; i++) lut.push([r, g, b, Math.round((a * i) / levels)]);
  }
  return lut;
}

/** The SegmentNumbers a label value stands for (none for 0). */
function membersOf(layer: OverlayLayer, value: number): number[] {
  return value > 0 ? (layer.packed.members[Math.floor((value - 1) / layer.packed.levels)] ?? []) : [];
}

/** The names of the segments a label value stands for. */
function namesOf(layer: OverlayLayer, value: number): string[] {
  return membersOf(layer, value).map((n) => layer.names.get(n) ?? `Segment ${n}`);
}

/** One all-zero slice per size and type, shared (read-only) by every empty slice of every layer. */
const zeroSlices = new Map<string, Uint8Array | Uint16Array>();
function zeroSlice(size: number, wide: boolean): Uint8Array | Uint16Array {
  const key = `${size}:${wide ? 16 : 8}`;
  let z = zeroSlices.get(key);
  if (!z) {
    z = wide ? new Uint16Array(size) : new Uint8Array(size);
    zeroSlices.set(key, z);
  }
  return z;
}

/** A labelmap image over our own slice buffer (see ownImages.ts), put in Cornerstone's cache. */
function putLabelmapImage(
  imageId: string,
  referencedImageId: string,
  plane: ImagePlane,
  series: { frameOfReferenceUID?: string; generalSeries: unknown; index: number },
  pixels: Uint8Array | Uint16Array,
  maxValue: number,
  shared: boolean,
): void {
  putOwnImage({
    imageId,
    referencedImageId,
    plane,
    frameOfReferenceUID: series.frameOfReferenceUID,
    pixels,
    min: 0,
    max: maxValue,
    window: [0, 0],
    generalSeries: series.generalSeries,
    instanceNumber: series.index + 1,
    // The shared empty slice is counted once, not per image.
    sizeInBytes: shared ? 0 : pixels.byteLength,
    pin: PINNED_OVERLAY,
  });
}

/** The cache's key for overlay images: they are evicted only when released by us (release.ts, dropLayer). */
const PINNED_OVERLAY = 'pinned:overlay';

export const yieldToMain = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * Creates the labelmap images of a layer (one per source image) over its packed slices and registers the
 * segmentation, yielding to the page every few milliseconds so a big SEG never freezes it.
 */
export async function registerLayer(
  series: { imageIds: string[]; planes: ImagePlane[]; frameOfReferenceUID?: string },
  layer: OverlayLayer,
  isCurrent: () => boolean = () => true,
): Promise<boolean> {
  const { imageIds, planes } = series;
  const { slices, sliceSize } = layer.packed;
  if (slices.length !== imageIds.length || planes.length !== imageIds.length) {
    throw new Error(`${layer.label}: the layer has ${slices.length} slices for a series of ${imageIds.length} images`);
  }
  const wide = layer.wide ?? slices.some((s) => s instanceof Uint16Array);
  const maxValue = valueCount(layer);
  const labelmapIds: string[] = [];
  // The source series' module (modality...), looked up once: Cornerstone reads it when it builds image data.
  const generalSeries = metaData.get(Enums.MetadataModules.GENERAL_SERIES, imageIds[0]) ?? { modality: 'SEG' };
  let sliceStart = performance.now();
  for (let k = 0; k < imageIds.length; k++) {
    const imageId = `derived:${layer.segmentationId}:${k}`;
    if (!cache.getImageLoadObject(imageId)) {
      const own = slices[k];
      const pixels = own ?? zeroSlice(sliceSize, wide);
      putLabelmapImage(imageId, imageIds[k], planes[k], { frameOfReferenceUID: series.frameOfReferenceUID, generalSeries, index: k }, pixels, maxValue, !own);
    }
    labelmapIds.push(imageId);
    if (performance.now() - sliceStart > 8) {
      await yieldToMain();
      if (!isCurrent()) return false;
      sliceStart = performance.now();
    }
  }
  // Cornerstone's own steps for a SEG of hundreds of labels take tens of ms each: one task each.
  await yieldToMain();
  if (!isCurrent()) return false;
  segmentation.addSegmentations([
    {
      segmentationId: layer.segmentationId,
      representation: { type: LABELMAP, data: { imageIds: labelmapIds } },
      // Every label value is declared as a segment (named after the segments it stands for), so Cornerstone's
      // per-value visibility has something to act on.
      config: {
        label: layer.label,
        segments: Object.fromEntries(
          Array.from({ length: valueCount(layer) }, (_c, i) => [
            i + 1,
            { segmentIndex: i + 1, label: namesOf(layer, i + 1).join(' + '), locked: false, cachedStats: {}, active: false },
          ]),
        ),
      },
    },
  ]);
  return true;
}

/**
 * Forgets a registered layer: its segmentation (and its representations on every viewport) and its labelmap
 * images, which are pinned in the cache (PINNED_OVERLAY) and would otherwise stay until the study is closed.
 */
export function releaseLayer(segmentationId: string): void {
  // Slices given their own buffer after registration were counted by us, not by the cache's records.
  cache.decrementImageCacheSize(filledLater.get(segmentationId) ?? 0);
  filledLater.delete(segmentationId);
  const imageIds = segmentation.state.getSegmentation(segmentationId) ? segmentation.getLabelmapImageIds(segmentationId) : [];
  segmentation.removeSegmentation(segmentationId);
  for (const imageId of imageIds ?? []) {
    if (cache.getImageLoadObject(imageId)) cache.removeImageLoadObject(imageId, { force: true });
  }
}

/** Bytes of the slices each layer got after it was registered (refreshSlices), counted in the cache's size. */
const filledLater = new Map<string, number>();

/**
 * Slices of a registered layer that changed (a SEG drawn as it downloads, see dicom/seg/progressive.ts): their
 * labelmap images take the new buffers in `layer.packed.slices`, and Cornerstone redraws those slices only (a
 * volume viewport re-uploads just these planes of its labelmap texture).
 */
export function refreshSlices(layer: OverlayLayer, changed: readonly number[]): void {
  const maxValue = valueCount(layer);
  let added = 0;
  for (const k of changed) {
    const pixels = layer.packed.slices[k];
    const image = cache.getImage(`derived:${layer.segmentationId}:${k}`) as (Types.IImage & { getPixelData: () => unknown }) | undefined;
    if (!pixels || !image) continue;
    image.maxPixelValue = maxValue;
    // Written in place (a part's band, segAssembly.ts): the image has these labels already; the event redraws them.
    if (image.voxelManager?.getScalarData() === pixels) continue;
    // The shared empty slice is replaced, never written into: every empty slice of every layer points at it.
    if (image.sizeInBytes === 0) added += pixels.byteLength;
    const voxelManager = utilities.VoxelManager.createImageVoxelManager({ width: image.columns, height: image.rows, scalarData: pixels, numberOfComponents: 1, id: image.imageId });
    image.voxelManager = voxelManager as unknown as Types.IImage['voxelManager'];
    image.getPixelData = () => voxelManager.getScalarData();
    image.sizeInBytes = pixels.byteLength;
  }
  if (added) {
    cache.incrementImageCacheSize(added);
    filledLater.set(layer.segmentationId, (filledLater.get(layer.segmentationId) ?? 0) + added);
  }
  if (!changed.length) return;
  // A volume viewport (MPR) made a volume of the labelmap images, sorted along its normal: its planes are numbered
  // in that order, not the stack's.
  const imageId = (k: number): string => `derived:${layer.segmentationId}:${k}`;
  const volume = cache.getVolumeContainingImageId(imageId(changed[0]))?.volume;
  const planes = volume ? changed.map((k) => volume.imageIds.indexOf(imageId(k))).filter((i) => i >= 0) : [...changed];
  segmentation.triggerSegmentationEvents.triggerSegmentationDataModified(layer.segmentationId, planes);
}

/** Shows a registered layer on a viewport, with its own colour table (segments in `hidden` left out). */
export function showLayer(viewportId: string, layer: OverlayLayer, hidden: ReadonlySet<number> = new Set()): void {
  const lut = colourTable(layer, hidden);
  segmentation.addLabelmapRepresentationToViewport(viewportId, [{ segmentationId: layer.segmentationId, config: { colorLUTOrIndex: lut as Types.ColorLUT } }]);
  // The colours are right already; only hidden segments need their values switched off.
  if (hidden.size) applyHidden([viewportId], layer, hidden);
}

/**
 * Hides the segments in `hidden` and shows the others: the colour of every label value is recomputed (where a
 * segment is hidden, the smallest visible one it overlaps shows through) and values with nothing visible are
 * switched off, so that outlines disappear with the fill.
 */
export function applyHidden(viewportIds: string[], layer: OverlayLayer, hidden: ReadonlySet<number>): void {
  const lut = colourTable(layer, hidden);
  const ref = { segmentationId: layer.segmentationId, type: LABELMAP };
  for (const v of viewportIds) {
    let last = -1;
    // Asked once: Cornerstone builds this set afresh on every question, 450 questions took ~30 ms.
    const off = segmentation.config.visibility.getHiddenSegmentIndices(v, ref);
    for (let value = 1; value < lut.length; value++) {
      const colour = segmentation.config.color.getSegmentIndexColor(v, layer.segmentationId, value);
      if (!colour) continue;
      const want = lut[value];
      if (want.some((c, i) => colour[i] !== c)) {
        for (let i = 0; i < 4; i++) colour[i] = want[i];
        last = value;
      }
      const visible = want[3] > 0;
      if (off.has(value) === visible) {
        segmentation.config.visibility.setSegmentIndexVisibility(v, ref, value, visible);
      }
    }
    // One notification per viewport for all colour changes made in place above.
    if (last > 0) segmentation.config.color.setSegmentIndexColor(v, layer.segmentationId, last, lut[last]);
  }
}

export type LabelmapMode = 'fill' | 'outline' | 'both';

/** How a layer is drawn: filled, outlined or both, and the fill's opacity (0..1). */
export function setLayerStyle(segmentationId: string, mode: LabelmapMode, opacity: number): void {
  const fill = mode !== 'outline';
  const outline = mode !== 'fill';
  segmentation.config.style.setStyle(
    { segmentationId, type: LABELMAP },
    {
      renderFill: fill,
      renderFillInactive: fill,
      renderOutline: outline,
      renderOutlineInactive: outline,
      fillAlpha: opacity,
      fillAlphaInactive: opacity,
      outlineWidth: 2,
      outlineWidthInactive: 2,
      outlineOpacity: 1,
      outlineOpacityInactive: 1,
    },
  );
}

export function setLayerVisible(viewportIds: string[], segmentationId: string, visible: boolean): void {
  for (const v of viewportIds) segmentation.config.visibility.setSegmentationRepresentationVisibility(v, { segmentationId, type: LABELMAP }, visible);
}

/** The names of the segments drawn at voxel (slice, row, column) across layers (hidden ones left out). */
export function segmentsAt(layers: OverlayLayer[], hidden: (layer: OverlayLayer) => ReadonlySet<number>, slice: number, row: number, column: number, columns: number): string[] {
  const out: string[] = [];
  for (const layer of layers) {
    if (layer.probe) {
      const said = layer.probe(slice, row, column);
      if (said) out.push(said);
      continue;
    }
    const labels = layer.packed.slices[slice];
    if (!labels) continue;
    const h = hidden(layer);
    for (const n of membersOf(layer, labels[row * columns + column])) if (!h.has(n)) out.push(layer.names.get(n) ?? `Segment ${n}`);
  }
  return out;
}

