// What a study leaves in Cornerstone, released when the study is closed. One study is open at a time (the
// viewer page), so everything of the last one goes: queued image requests, segmentations with their colour
// tables, cached images (the series' and the labelmap images over our decoded slices), volumes, and the
// metadata registered for all of them. Without this, each study opened in the same tab stayed in memory.
import { cache, Enums, imageLoadPoolManager, utilities } from '@cornerstonejs/core';
import { wadors } from '@cornerstonejs/dicom-image-loader';
import { utilities as metadataUtilities } from '@cornerstonejs/metadata';
import { segmentation } from '@cornerstonejs/tools';
import { forgetFrameHeaders } from './init';
import { heldMetadataReleased } from './imageIds';

export function releaseStudy(): void {
  for (const type of Object.values(Enums.RequestType)) imageLoadPoolManager.clearRequestStack(type);
  segmentation.removeAllSegmentations();
  cache.purgeCache();
  wadors.metaDataManager.purge();
  heldMetadataReleased();
  utilities.genericMetadataProvider.clear();
  metadataUtilities.clearCacheData();
  forgetFrameHeaders();
}
