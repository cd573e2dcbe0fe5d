// Images we make ourselves and put in Cornerstone's cache: labelmap slices over decoded SEG layers, a parametric
// map's slices opened alone. Wrapped around our pixel buffers without copying (Cornerstone's derived-image
// helpers allocate, zero-fill and scan every slice: seconds for a big SEG), with the metadata modules Cornerstone
// reads, and pinned: no loader can bring them back, so the cache's eviction must not drop them (release.ts and
// releaseLayer remove them).
import { cache, Enums, utilities, type Types } from '@cornerstonejs/core';
import type { ImagePlane } from '../dicom/geometry/plane';
import { imagePlaneModule, imageSpacing } from './imagePlaneModule';

export interface OwnImage {
  imageId: string;
  /** the source image it overlays (labelmaps) */
  referencedImageId?: string;
  plane: ImagePlane;
  frameOfReferenceUID?: string;
  pixels: Uint8Array | Uint16Array | Float32Array;
  min: number;
  max: number;
  /** VOI window shown by default, [centre, width] */
  window: [number, number];
  generalSeries: unknown;
  instanceNumber: number;
  /** counted against the cache's bound (a shared read-only buffer counts once, as 0 here) */
  sizeInBytes: number;
  /** the cache's shared key that pins it (images with a shared key are never evicted) */
  pin: string;
  /** more metadata modules (e.g. VOI LUT, modality LUT) */
  modules?: Record<string, unknown>;
}

/** The image plane module of an image we make, from our plane model (see imagePlaneModule.ts). */
function addImagePlaneMetadata(imageId: string, plane: ImagePlane, frameOfReferenceUID: string | undefined): void {
  utilities.genericMetadataProvider.add(imageId, { type: Enums.MetadataModules.IMAGE_PLANE, metadata: imagePlaneModule(plane, frameOfReferenceUID) });
}

export function putOwnImage(o: OwnImage): void {
  const { imageId, plane, pixels } = o;
  const { rows, columns } = plane;
  const float = pixels instanceof Float32Array;
  const bits = pixels instanceof Uint8Array ? 8 : pixels instanceof Uint16Array ? 16 : 32;
  const add = (type: string, metadata: unknown): void => utilities.genericMetadataProvider.add(imageId, { type, metadata });
  addImagePlaneMetadata(imageId, plane, o.frameOfReferenceUID);
  add(Enums.MetadataModules.IMAGE_PIXEL, { samplesPerPixel: 1, photometricInterpretation: 'MONOCHROME2', rows, columns, bitsAllocated: bits, bitsStored: bits, highBit: bits - 1, pixelRepresentation: float ? 1 : 0 });
  add(Enums.MetadataModules.GENERAL_SERIES, o.generalSeries);
  add(Enums.MetadataModules.GENERAL_IMAGE, { instanceNumber: o.instanceNumber });
  for (const [type, metadata] of Object.entries(o.modules ?? {})) add(type, metadata);
  const voxelManager = utilities.VoxelManager.createImageVoxelManager({ width: columns, height: rows, scalarData: pixels, numberOfComponents: 1, id: imageId });
  const image = {
    imageId,
    referencedImageId: o.referencedImageId,
    intercept: 0,
    slope: 1,
    windowCenter: o.window[0],
    windowWidth: o.window[1],
    color: false,
    numberOfComponents: 1,
    dataType: float ? 'Float32Array' : bits === 16 ? 'Uint16Array' : 'Uint8Array',
    minPixelValue: o.min,
    maxPixelValue: o.max,
    rows,
    columns,
    height: rows,
    width: columns,
    ...imageSpacing(plane),
    invert: false,
    getPixelData: () => voxelManager.getScalarData(),
    voxelManager,
    sizeInBytes: o.sizeInBytes,
    sharedCacheKey: o.pin,
  };
  cache.putImageSync(imageId, image as unknown as Types.IImage);
}
