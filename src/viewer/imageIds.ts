// Series metadata (DICOM JSON) -> Cornerstone wadors imageIds, with the metadata registered for the loader.
import { wadors } from '@cornerstonejs/dicom-image-loader';
import { Tag, num, str, type DicomJsonDataset } from '../dicom/json';
import { sortInstances } from '../dicom/geometry/sortSlices';

export interface ImageStack {
  imageIds: string[];
  /** true when every frame shares one orientation and spacing, so MPR is possible */
  reconstructable: boolean;
}

export function buildImageStack(root: string, studyUID: string, seriesUID: string, instances: DicomJsonDataset[]): ImageStack {
  const images = instances.filter((ds) => ds[Tag.PixelData] || num(ds, Tag.Rows));
  const sorted = sortInstances(images);
  const imageIds: string[] = [];
  for (const ds of sorted.instances) {
    const sop = str(ds, Tag.SOPInstanceUID) as string;
    const frames = num(ds, Tag.NumberOfFrames) ?? 1;
    for (let f = 1; f <= frames; f++) {
      const imageId = `wadors:${root}/studies/${studyUID}/series/${seriesUID}/instances/${sop}/frames/${f}`;
      // The loader reads these as DICOM JSON; for multi-frame it derives per-frame values from frame 1.
      wadors.metaDataManager.add(imageId, ds as unknown as Parameters<typeof wadors.metaDataManager.add>[1]);
      imageIds.push(imageId);
    }
  }
  const multiFrame = sorted.instances.length === 1 && (num(sorted.instances[0], Tag.NumberOfFrames) ?? 1) > 1;
  return { imageIds, reconstructable: imageIds.length >= 3 && (sorted.by === 'position' || multiFrame) };
}
