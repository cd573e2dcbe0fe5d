// A parametric map opened alone: its real world values on its own grid become float images in Cornerstone's
// cache, one per plane, shown as a stack with the map's range as the initial window.
import { cache, Enums } from '@cornerstonejs/core';
import type { ImagePlane } from '../dicom/geometry/plane';
import { sliceStack } from '../dicom/geometry/contourPlacement';
import type { ImageStack } from './imageIds';
import { putOwnImage } from './ownImages';

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
    const window: [number, number] = [(min + max) / 2, Math.max(max - min, 1e-6)];
    putOwnImage({
      imageId,
      plane,
      frameOfReferenceUID: m.frameOfReferenceUID ?? undefined,
      pixels,
      min,
      max,
      window,
      generalSeries: { modality: 'OT', seriesDescription: m.seriesDescription },
      instanceNumber: k + 1,
      modules: {
        [Enums.MetadataModules.VOI_LUT]: { windowCenter: [window[0]], windowWidth: [window[1]] },
        [Enums.MetadataModules.MODALITY_LUT]: { rescaleSlope: 1, rescaleIntercept: 0 },
      },
      sizeInBytes: pixels.byteLength,
      pin: `pinned:${m.key}`,
    });
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
