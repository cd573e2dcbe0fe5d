// Modality values of the displayed images, read from Cornerstone's cache (stored value x slope + intercept).
import { cache, Enums, metaData } from '@cornerstonejs/core';

/** "CT 45 HU" at pixel `index` of a cached image, or null when the image is not loaded. */
export function imageValueAt(imageId: string, index: number): string | null {
  const image = cache.getImage(imageId);
  if (!image) return null;
  const stored = image.getPixelData()[index];
  if (stored === undefined) return null;
  // The image loader usually applies the rescale while decoding (preScale); otherwise it is ours to apply.
  const v = image.preScale?.scaled ? stored : stored * (image.slope ?? 1) + (image.intercept ?? 0);
  const series = metaData.get(Enums.MetadataModules.GENERAL_SERIES, imageId) as { modality?: string } | undefined;
  const modality = series?.modality ?? 'image';
  const text = Number.isInteger(v) ? String(v) : v.toFixed(2);
  return `${modality} ${text}${modality === 'CT' ? ' HU' : ''}`;
}
