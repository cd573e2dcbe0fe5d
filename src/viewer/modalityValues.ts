// The modality values (stored x RescaleSlope + RescaleIntercept: CT in HU) of a displayed series, slice after
// slice in imageIds order, from Cornerstone's image cache (slices not yet loaded are loaded first). For the
// statistics worker: the page copies them into one Float32Array and transfers it; nothing here is computed.
import { imageLoader, type Types } from '@cornerstonejs/core';
import { yieldToMain } from './labelmapOverlay';

/** Slices loaded at once when some are missing from the cache. */
const PARALLEL = 4;

function copySlice(image: Types.IImage, out: Float32Array, offset: number, size: number): void {
  const pixels = (image.voxelManager?.getScalarData?.() ?? image.getPixelData()) as ArrayLike<number>;
  if (pixels.length < size) throw new Error(`image ${image.imageId} has ${pixels.length} pixels, ${size} expected`);
  // Images the loader scaled already hold modality values; otherwise slope and intercept are still to apply.
  const scaled = image.preScale?.scaled === true;
  const slope = scaled ? 1 : (image.slope ?? 1);
  const intercept = scaled ? 0 : (image.intercept ?? 0);
  if (scaled && image.preScale?.scalingParameters?.suvbw) {
    // A PET image the loader turned into SUV: back to the stored unit.
    const suv = image.preScale.scalingParameters.suvbw;
    for (let i = 0; i < size; i++) out[offset + i] = pixels[i] / suv;
    return;
  }
  for (let i = 0; i < size; i++) out[offset + i] = pixels[i] * slope + intercept;
}

/**
 * Modality values of `imageIds` (each rows x columns), loading missing slices first. Copies a few slices per
 * task so the page stays responsive. Throws when a slice cannot be loaded or is not rows x columns.
 */
export async function modalityValues(
  imageIds: readonly string[],
  rows: number,
  columns: number,
  onProgress?: (done: number, total: number) => void,
  isCurrent: () => boolean = () => true,
): Promise<Float32Array> {
  const size = rows * columns;
  const out = new Float32Array(size * imageIds.length);
  let next = 0;
  let done = 0;
  let taskStart = performance.now();
  const run = async (): Promise<void> => {
    while (next < imageIds.length) {
      if (!isCurrent()) throw new Error('the series changed');
      const k = next++;
      const image = await imageLoader.loadAndCacheImage(imageIds[k]);
      if (image.rows !== rows || image.columns !== columns) throw new Error(`slice ${k + 1} is ${image.rows}x${image.columns}, not ${rows}x${columns}`);
      copySlice(image, out, k * size, size);
      done++;
      onProgress?.(done, imageIds.length);
      if (performance.now() - taskStart > 8) {
        await yieldToMain();
        taskStart = performance.now();
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, imageIds.length) }, run));
  return out;
}
