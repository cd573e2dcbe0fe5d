// Modality values of the displayed images, read from Cornerstone's cache (stored value x slope + intercept).
import { cache, Enums, metaData } from '@cornerstonejs/core';
import type { Types } from '@cornerstonejs/core';
import { suvOfImage } from './suvScaling';
import type { ImageStack } from './imageIds';
import { worldToVoxel } from '../dicom/geometry/voxel';

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
  if (modality === 'PT') {
    // The loader decoded it into SUV when the header allowed (suvScaling.ts); otherwise stored units, and why.
    if (image.preScale?.scaled && image.preScale.scalingParameters?.suvbw) return `PT SUVbw ${v.toFixed(2)}`;
    const suv = suvOfImage(imageId);
    return `PT ${text} ${suv?.suvbw === null ? `${suv.units} (stored units: ${suv.reason})` : 'stored units'}`;
  }
  return `${modality} ${text}${modality === 'CT' ? ' HU' : ''}`;
}

/**
 * The hover label's lines with a PET image's value first: SUVbw or stored units, the reader's first question of
 * a PET (other modalities show their value next to a map's only). Kept when a map's probe already put it there.
 */
export function withPetValue(stack: ImageStack | undefined, vp: Types.IViewport | undefined, point: [number, number], said: string[]): string[] {
  if (!stack?.planes || !stack.slices || !vp || said[0]?.startsWith('PT ')) return said;
  const series = metaData.get(Enums.MetadataModules.GENERAL_SERIES, stack.imageIds[0]) as { modality?: string } | undefined;
  if (series?.modality !== 'PT') return said;
  const voxel = worldToVoxel(stack.planes, stack.slices, vp.canvasToWorld(point as Types.Point2) as [number, number, number]);
  if (!voxel) return said;
  const [k, row, column] = voxel;
  const value = imageValueAt(stack.imageIds[k], row * stack.planes[k].columns + column);
  return value ? [value, ...said] : said;
}
