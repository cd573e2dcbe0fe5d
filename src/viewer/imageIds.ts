// Series metadata (DICOM JSON) -> Cornerstone wadors imageIds, with the metadata registered for the loader.
import { init as loaderInit, wadors } from '@cornerstonejs/dicom-image-loader';
import { num, str, type DicomJsonDataset } from '../dicom/json';
import { sortInstances } from '../dicom/geometry/sortSlices';
import { sliceStack, type SliceStack } from '../dicom/geometry/contourPlacement';
import { imagePlanesOf } from '../dicom/geometry/imagePlanes';
import type { ImagePlane } from '../dicom/geometry/plane';
import { Tag } from '../dicom/tags';

export interface ImageStack {
  imageIds: string[];
  /** true when every frame shares one orientation and spacing, so MPR is possible */
  reconstructable: boolean;
  /** The slices in imageIds order, for placing contours and regions; null when the geometry does not allow it */
  slices: SliceStack | null;
  /** One plane per imageId (same order), for placing SEG frames; null when some image lacks geometry */
  planes: ImagePlane[] | null;
  /** Why `slices` is null */
  slicesProblem?: string;
  frameOfReferenceUID?: string;
}

/**
 * dicom-image-loader's init empties the wadors metadata manager (its registerLoaders purges it). A series whose
 * metadata came before that (the study is asked for while the page loads; a fast server, a slow WebGL probe) lost
 * it: every image of the stack failed to decode ("Cannot read properties of undefined (reading 'samplesPerPixel')")
 * and the viewport stayed blank. What is added before the loader's init is kept here and added again right after
 * it (startImageLoader); null once it has started.
 */
let addedBeforeLoader: Array<[string, DicomJsonDataset]> | null = [];

/** dicom-image-loader's init (init.ts), then the metadata added before it (which that init emptied) again. */
export function startImageLoader(options: Parameters<typeof loaderInit>[0]): void {
  loaderInit(options);
  const held = addedBeforeLoader ?? [];
  addedBeforeLoader = null;
  for (const [imageId, ds] of held) addMetadata(imageId, ds);
}

/** The study was closed (release.ts emptied the metadata): nothing of it is to come back. */
export function heldMetadataReleased(): void {
  if (addedBeforeLoader) addedBeforeLoader = [];
}

function addMetadata(imageId: string, ds: DicomJsonDataset): void {
  // The loader reads these as DICOM JSON; for multi-frame it derives per-frame values from frame 1.
  wadors.metaDataManager.add(imageId, ds as unknown as Parameters<typeof wadors.metaDataManager.add>[1]);
  addedBeforeLoader?.push([imageId, ds]);
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
      addMetadata(imageId, ds);
      imageIds.push(imageId);
    }
  }
  const multiFrame = sorted.instances.length === 1 && (num(sorted.instances[0], Tag.NumberOfFrames) ?? 1) > 1;
  // One plane per imageId (per frame for enhanced multi-frame images).
  const planes = sorted.instances.flatMap((ds) => imagePlanesOf(ds));
  let slices: SliceStack | null = null;
  let slicesProblem: string | undefined;
  if (planes.length !== imageIds.length) slicesProblem = 'some images of the series lack a plane position';
  else {
    const r = sliceStack(planes);
    slices = r.stack;
    slicesProblem = r.problem ?? undefined;
  }
  return {
    imageIds,
    reconstructable: imageIds.length >= 3 && (sorted.by === 'position' || multiFrame),
    slices,
    planes: planes.length === imageIds.length ? planes : null,
    slicesProblem,
    frameOfReferenceUID: str(sorted.instances[0], Tag.FrameOfReferenceUID),
  };
}
