// Labelmap overlays: decoded SEG layers (packed: only non-empty slices, aligned with the displayed series'
// imageIds) become Cornerstone3D labelmap segmentations on the stack and MPR viewports. Overlapping segments
// live in different layers, so every segment stays visible where segments overlap.
import { cache, Enums, metaData, utilities, type Types } from '@cornerstonejs/core';
import { segmentation, Enums as ToolEnums } from '@cornerstonejs/tools';
import type { ImagePlane } from '../dicom/geometry/plane';
import type { PackedLayer } from '../dicom/seg/packLayers';

export type RGBA = [number, number, number, number];

export interface OverlayLayer {
  /** unique per layer, e.g. `${segSOPInstanceUID}:${seriesUID}:L0` */
  segmentationId: string;
  label: string;
  packed: PackedLayer;
  /** colour per segment index of the layer (index 0 unused) */
  colors: RGBA[];
  /** name per segment index (index 0 unused) */
  names?: string[];
}

const LABELMAP = ToolEnums.SegmentationRepresentations.Labelmap;

/** The label values that draw segment `index` (1-based within the layer): one per opacity step. */
export function labelValuesOf(layer: OverlayLayer, index: number): number[] {
  const { levels } = layer.packed;
  return Array.from({ length: levels }, (_, i) => (index - 1) * levels + i + 1);
}

/** Colour table by label value: a fractional layer's steps share the segment colour at rising opacity. */
export function colourTable(layer: OverlayLayer): Types.ColorLUT {
  const { levels } = layer.packed;
  const lut: Types.Color[] = [[0, 0, 0, 0]];
  for (let s = 1; s < layer.colors.length; s++) {
    const [r, g, b, a] = layer.colors[s];
    for (let i = 1; i <= levels; i++) lut.push([r, g, b, Math.round((a * i) / levels)]);
  }
  return lut as Types.ColorLUT;
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

/**
 * A labelmap image over our own slice buffer, put in Cornerstone's cache. Written here rather than with
 * imageLoader.createAndCacheDerivedLabelmapImage because that allocates and zero-fills a new buffer per slice,
 * looks up four metadata modules of the source image and scans every pixel for min/max: 3-5 ms per slice, 10 s
 * for a 100-segment SEG (7 layers x 300 slices) on this machine. Ours wraps the decoded pixels without copying.
 */
function putLabelmapImage(
  imageId: string,
  referencedImageId: string,
  plane: ImagePlane,
  series: { frameOfReferenceUID?: string; generalSeries: unknown; index: number },
  pixels: Uint8Array | Uint16Array,
  maxValue: number,
  shared: boolean,
): void {
  const { rows, columns } = plane;
  const [rowSpacing, columnSpacing] = plane.pixelSpacing;
  const [r, c] = plane.imageOrientationPatient;
  const bits = pixels instanceof Uint16Array ? 16 : 8;
  utilities.genericMetadataProvider.add(imageId, {
    type: Enums.MetadataModules.IMAGE_PLANE,
    metadata: {
      frameOfReferenceUID: series.frameOfReferenceUID,
      rows,
      columns,
      imageOrientationPatient: [...r, ...c],
      rowCosines: r,
      columnCosines: c,
      imagePositionPatient: plane.imagePositionPatient,
      pixelSpacing: [rowSpacing, columnSpacing],
      rowPixelSpacing: rowSpacing,
      columnPixelSpacing: columnSpacing,
    },
  });
  utilities.genericMetadataProvider.add(imageId, {
    type: Enums.MetadataModules.IMAGE_PIXEL,
    metadata: { samplesPerPixel: 1, photometricInterpretation: 'MONOCHROME2', rows, columns, bitsAllocated: bits, bitsStored: bits, highBit: bits - 1, pixelRepresentation: 0 },
  });
  utilities.genericMetadataProvider.add(imageId, { type: Enums.MetadataModules.GENERAL_SERIES, metadata: series.generalSeries });
  utilities.genericMetadataProvider.add(imageId, { type: Enums.MetadataModules.GENERAL_IMAGE, metadata: { instanceNumber: series.index + 1 } });
  const voxelManager = utilities.VoxelManager.createImageVoxelManager({ width: columns, height: rows, scalarData: pixels, numberOfComponents: 1, id: imageId });
  const image = {
    imageId,
    referencedImageId,
    intercept: 0,
    slope: 1,
    windowCenter: 0,
    windowWidth: 0,
    color: false,
    numberOfComponents: 1,
    dataType: bits === 16 ? 'Uint16Array' : 'Uint8Array',
    minPixelValue: 0,
    maxPixelValue: maxValue,
    rows,
    columns,
    height: rows,
    width: columns,
    columnPixelSpacing: columnSpacing,
    rowPixelSpacing: rowSpacing,
    invert: false,
    getPixelData: () => voxelManager.getScalarData(),
    voxelManager,
    // The shared empty slice is counted once, not per image.
    sizeInBytes: shared ? 0 : pixels.byteLength,
  };
  cache.putImageSync(imageId, image as unknown as Types.IImage);
}

const yieldToMain = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

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
  const { data, offsets, sliceSize } = layer.packed;
  if (offsets.length !== imageIds.length || planes.length !== imageIds.length) {
    throw new Error(`${layer.label}: the layer has ${offsets.length} slices for a series of ${imageIds.length} images`);
  }
  const wide = data instanceof Uint16Array;
  const maxValue = layer.packed.levels * (layer.colors.length - 1);
  const labelmapIds: string[] = [];
  // The source series' module (modality...), looked up once: Cornerstone reads it when it builds image data.
  const generalSeries = metaData.get(Enums.MetadataModules.GENERAL_SERIES, imageIds[0]) ?? { modality: 'SEG' };
  let sliceStart = performance.now();
  for (let k = 0; k < imageIds.length; k++) {
    const imageId = `derived:${layer.segmentationId}:${k}`;
    if (!cache.getImageLoadObject(imageId)) {
      const at = offsets[k];
      const pixels = at >= 0 ? data.subarray(at, at + sliceSize) : zeroSlice(sliceSize, wide);
      putLabelmapImage(imageId, imageIds[k], planes[k], { frameOfReferenceUID: series.frameOfReferenceUID, generalSeries, index: k }, pixels, maxValue, at < 0);
    }
    labelmapIds.push(imageId);
    if (performance.now() - sliceStart > 8) {
      await yieldToMain();
      if (!isCurrent()) return false;
      sliceStart = performance.now();
    }
  }
  const segmentCount = (layer.colors.length - 1) * layer.packed.levels;
  segmentation.addSegmentations([
    {
      segmentationId: layer.segmentationId,
      representation: { type: LABELMAP, data: { imageIds: labelmapIds } },
      // Every label value is declared as a segment, so per-segment visibility has something to act on.
      config: {
        label: layer.label,
        segments: Object.fromEntries(
          Array.from({ length: segmentCount }, (_c, i) => {
            const index = Math.floor(i / layer.packed.levels) + 1;
            return [i + 1, { segmentIndex: i + 1, label: layer.names?.[index] ?? `Segment ${index}`, locked: false, cachedStats: {}, active: false }];
          }),
        ),
      },
    },
  ]);
  return true;
}

/** Shows a registered layer on the viewports, with its own colour table. */
export function showLayer(viewportIds: string[], layer: OverlayLayer): void {
  const lut = colourTable(layer);
  for (const viewportId of viewportIds) {
    segmentation.addLabelmapRepresentationToViewport(viewportId, [{ segmentationId: layer.segmentationId, config: { colorLUTOrIndex: lut } }]);
  }
}

/** Shows or hides segment `index` (1-based within the layer) on the viewports. */
export function setSegmentVisible(viewportIds: string[], layer: OverlayLayer, index: number, visible: boolean): void {
  for (const v of viewportIds) {
    for (const value of labelValuesOf(layer, index)) {
      segmentation.config.visibility.setSegmentIndexVisibility(v, { segmentationId: layer.segmentationId, type: LABELMAP }, value, visible);
    }
  }
}

export function setLayerVisible(viewportIds: string[], segmentationId: string, visible: boolean): void {
  for (const v of viewportIds) segmentation.config.visibility.setSegmentationRepresentationVisibility(v, { segmentationId, type: LABELMAP }, visible);
}

/** The names of the segments drawn at voxel (slice, row, column) across layers. */
export function segmentsAt(layers: OverlayLayer[], slice: number, row: number, column: number, columns: number): string[] {
  const out: string[] = [];
  for (const layer of layers) {
    const at = layer.packed.offsets[slice];
    if (at === undefined || at < 0) continue;
    const v = layer.packed.data[at + row * columns + column];
    if (!v) continue;
    const index = Math.floor((v - 1) / layer.packed.levels) + 1;
    out.push(layer.names?.[index] ?? `Segment ${index}`);
  }
  return out;
}
