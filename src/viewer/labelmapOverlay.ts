// Labelmap overlays: decoded SEG layers (one voxel grid per layer, aligned with the displayed series' imageIds)
// become Cornerstone3D labelmap segmentations on the stack and MPR viewports. Overlapping segments live in
// different layers, so every segment stays visible where segments overlap.
import { imageLoader, type Types } from '@cornerstonejs/core';
import { segmentation, Enums as ToolEnums } from '@cornerstonejs/tools';

export type RGBA = [number, number, number, number];

export interface OverlayLayer {
  /** unique per layer, e.g. `${segSOPInstanceUID}:L0` */
  segmentationId: string;
  label: string;
  /** voxel values = segment index within this layer; slices in the order of `imageIds` */
  data: Uint8Array;
  /** colour per segment index (index 0 unused) */
  colors: RGBA[];
  /** name per segment index (index 0 unused) */
  names?: string[];
}

const LABELMAP = ToolEnums.SegmentationRepresentations.Labelmap;

const yieldToMain = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * Creates the labelmap images of a layer (one derived image per source image) and fills them, a few slices per
 * task, so that a big SEG never freezes the page: the images stay interactive while its layers arrive.
 */
export async function registerLayer(imageIds: string[], layer: OverlayLayer, isCurrent: () => boolean = () => true): Promise<boolean> {
  const sliceSize = layer.data.length / imageIds.length;
  const labelmapIds: string[] = [];
  for (let k = 0; k < imageIds.length; k++) {
    const img = imageLoader.createAndCacheDerivedLabelmapImage(imageIds[k], {
      imageId: `derived:${layer.segmentationId}:${k}`,
      instanceNumber: k + 1,
    } as Parameters<typeof imageLoader.createAndCacheDerivedLabelmapImage>[1]);
    const target = img.voxelManager?.getScalarData() as Types.PixelDataTypedArray | undefined;
    if (!target) throw new Error(`labelmap image for slice ${k + 1} has no voxel data`);
    target.set(layer.data.subarray(k * sliceSize, (k + 1) * sliceSize));
    labelmapIds.push(img.imageId);
    if (k % 16 === 15) {
      await yieldToMain();
      if (!isCurrent()) return false;
    }
  }
  segmentation.addSegmentations([
    {
      segmentationId: layer.segmentationId,
      representation: { type: LABELMAP, data: { imageIds: labelmapIds } },
      // Every label value is declared as a segment, so per-segment visibility has something to act on.
      config: {
        label: layer.label,
        segments: Object.fromEntries(
          layer.colors.slice(1).map((_c, i) => [
            i + 1,
            { segmentIndex: i + 1, label: layer.names?.[i + 1] ?? `Segment ${i + 1}`, locked: false, cachedStats: {}, active: false },
          ]),
        ),
      },
    },
  ]);
  return true;
}

/** Shows a registered layer on the viewports, with its own colour table. */
export function showLayer(viewportIds: string[], layer: OverlayLayer): void {
  const lut: Types.ColorLUT = layer.colors.map((c, i) => (i === 0 ? [0, 0, 0, 0] : c)) as Types.ColorLUT;
  for (const viewportId of viewportIds) {
    segmentation.addLabelmapRepresentationToViewport(viewportId, [
      { segmentationId: layer.segmentationId, config: { colorLUTOrIndex: lut } },
    ]);
  }
}

export function setSegmentVisible(viewportIds: string[], segmentationId: string, segmentIndex: number, visible: boolean): void {
  for (const v of viewportIds) segmentation.config.visibility.setSegmentIndexVisibility(v, { segmentationId, type: LABELMAP }, segmentIndex, visible);
}

export function setLayerVisible(viewportIds: string[], segmentationId: string, visible: boolean): void {
  for (const v of viewportIds) segmentation.config.visibility.setSegmentationRepresentationVisibility(v, { segmentationId, type: LABELMAP }, visible);
}
