// What the decode worker does with a SEG: Part 10 bytes + the displayed series -> model and placed labelmap
// layers. Its own module (no `self.onmessage`) so the benchmark times exactly the work the viewer pays for.
import { readPart10 } from '../dicom/part10';
import { parseSegmentation } from '../dicom/seg/parse';
import { segmentationPixels } from '../dicom/seg/pixels';
import { buildLabelmapLayers, type LabelmapLayers } from '../dicom/seg/labelmapLayers';
import type { Segmentation } from '../dicom/seg/model';
import type { TargetSeries } from '../dicom/geometry/placeFrames';

export interface SegResult {
  /** the model without its per-frame list (the viewer needs segments and headers, not 5,000 frame records) */
  segmentation: Omit<Segmentation, 'frames'>;
  layers: LabelmapLayers;
}

export async function decodeSeg(bytes: ArrayBuffer, name: string, target: TargetSeries): Promise<SegResult> {
  const p10 = readPart10(bytes, name);
  const seg = parseSegmentation(p10, name);
  const layers = await buildLabelmapLayers(seg, segmentationPixels(p10, seg), target);
  const { frames: _frames, ...segmentation } = seg;
  return { segmentation, layers };
}
