// A parametric map opened alone: its real world values on its own grid become float images in Cornerstone's
// cache, one per plane, shown as a stack with the map's range as the initial window.
import { cache, Enums, utilities, type Types } from '@cornerstonejs/core';
import type { ImagePlane } from '../dicom/geometry/plane';
import { sliceStack } from '../dicom/geometry/contourPlacement';
import type { ImageStack } from './imageIds';
import { addImagePlaneMetadata } from './labelmapOverlay';
import { imageSpacing } from './imagePlaneModule';

export interface MapImagesInput {
  /** unique per map, e.g. its SOP Instance UID */
  key: string;
  planes: readonly ImagePlane[];
  frameOfReferenceUID: string | null;
  /** slices x rows x columns, NaN where the map has no value */
  values: Float32Array;
  min: number;
  max: number;
  seriesDescription: string;
}

/** Puts the map's slices in the cache (views on `values`, no copy) and returns them as a stack. */
export function mapImageStack(m: MapImagesInput): ImageStack {
  const imageIds: string[] = [];
  const { min, max } = m;
  m.planes.forEach((plane, k) => {
    const imageId = `pmimage:${m.key}:${k}`;
    imageIds.push(imageId);
    if (cache.getImageLoadObject(imageId)) return;
    const { rows, columns } = plane;
    const source = m.values.subarray(k * rows * columns, (k + 1) * rows * columns);
    // NaN (no value) would poison the renderer's range: drawn as the lowest value instead.
    const pixels = new Float32Array(source.length);
    for (let i = 0; i < source.length; i++) pixels[i] = source[i] === source[i] ? source[i] : min;
    const add = (type: string, metadata: unknown): void => utilities.genericMetadataProvider.add(imageId, { type, metadata });
    addImagePlaneMetadata(imageId, plane, m.frameOfReferenceUID ?? undefined);
    add(Enums.MetadataModules.IMAGE_PIXEL, { samplesPerPixel: 1, photometricInterpretation: 'MONOCHROME2', rows, columns, bitsAllocated: 32, bitsStored: 32, highBit: 31, pixelRepresentation: 1 });
    add(Enums.MetadataModules.GENERAL_SERIES, { modality: 'OT', seriesDescription: m.seriesDescription });
    add(Enums.MetadataModules.GENERAL_IMAGE, { instanceNumber: k + 1 });
    add(Enums.MetadataModules.VOI_LUT, { windowCenter: [(min + max) / 2], windowWidth: [Math.max(max - min, 1e-6)] });
    add(Enums.MetadataModules.MODALITY_LUT, { rescaleSlope: 1, rescaleIntercept: 0 });
    const voxelManager = utilities.VoxelManager.createImageVoxelManager({ width: columns, height: rows, scalarData: pixels, numberOfComponents: 1, id: imageId });
    const image = {
      imageId,
      intercept: 0,
      slope: 1,
      windowCenter: (min + max) / 2,
      windowWidth: Math.max(max - min, 1e-6),
      color: false,
      numberOfComponents: 1,
      dataType: 'Float32Array',
      minPixelValue: min,
      maxPixelValue: max,
      rows,
      columns,
      height: rows,
      width: columns,
      ...imageSpacing(plane),
      invert: false,
      getPixelData: () => voxelManager.getScalarData(),
      voxelManager,
      sizeInBytes: pixels.byteLength,
      // No loader can bring these back: kept out of the cache's eviction (a shared cache key pins an image) until
      // the study is closed.
      sharedCacheKey: `pinned:${m.key}`,
    };
    cache.putImageSync(imageId, image as unknown as Types.IImage);
  });
  const slices = sliceStack(m.planes);
  return {
    imageIds,
    // Its slices come from our cache, not from an image loader: MPR would need a loader to build a volume.
    reconstructable: false,
    slices: slices.stack,
    planes: [...m.planes],
    slicesProblem: slices.problem ?? undefined,
    frameOfReferenceUID: m.frameOfReferenceUID ?? undefined,
  };
}
