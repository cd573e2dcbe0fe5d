// A large RTSTRUCT for benchmarks: `rois` ROIs of wavy closed outlines on the phantom's slices, about
// `points` points in all, in the sample study's frame of reference (same UIDs as its CT at the same size).
import type { SampleFile } from './part10';
import type { RoiInput, SliceContour } from './rtstruct';
import { structureSetFile } from './rtstruct';
import { contextUid, createStudyContext } from './studyContext';
import { createVolumeGeometry } from './volumeGeometry';
import type { SampleSizeOptions } from './volumeGeometry';
import { fallbackColor } from '../dicom/codes/color';

export interface BigRtstructOptions extends SampleSizeOptions {
  rois: number;
  /** Total number of contour points wanted (spread evenly over ROIs and slices) */
  points: number;
}

export function generateBigRtstruct(options: BigRtstructOptions): SampleFile {
  const geometry = createVolumeGeometry(options);
  const context = createStudyContext(geometry);
  const slicesPerRoi = Math.max(1, Math.floor(geometry.slices / 2));
  const perContour = Math.max(8, Math.round(options.points / (options.rois * slicesPerRoi)));
  const rois: RoiInput[] = [];
  for (let r = 0; r < options.rois; r++) {
    // ROI centres on a ring, radii and first slice varying, so ROIs overlap like organs at risk do.
    const angle = (2 * Math.PI * r) / options.rois;
    const cx = Math.cos(angle) * 90;
    const cy = Math.sin(angle) * 60;
    const first = Math.floor(((geometry.slices - slicesPerRoi) * r) / Math.max(1, options.rois - 1));
    const contours: SliceContour[] = [];
    for (let k = first; k < first + slicesPerRoi; k++) {
      const t = (k - first) / slicesPerRoi;
      const radius = 12 + 18 * Math.sin(Math.PI * t) + (r % 5);
      const points: Array<[number, number]> = [];
      for (let i = 0; i < perContour; i++) {
        const a = (2 * Math.PI * i) / perContour;
        const wobble = 1 + 0.08 * Math.sin(5 * a + r);
        points.push([cx + radius * wobble * Math.cos(a), cy + radius * wobble * Math.sin(a)]);
      }
      contours.push({ sliceIndex: k, geometricType: 'CLOSED_PLANAR', points });
    }
    rois.push({
      name: `Structure ${r + 1}`,
      description: 'benchmark outline',
      interpretedType: 'ORGAN',
      generationAlgorithm: 'AUTOMATIC',
      color: fallbackColor(r),
      contours,
    });
  }
  return structureSetFile({
    context,
    fileName: 'BIG_RTSTRUCT.dcm',
    sopInstanceUID: contextUid(context, `big-rtstruct/${options.rois}/instance`),
    seriesInstanceUID: contextUid(context, `big-rtstruct/${options.rois}/series`),
    seriesNumber: 6,
    seriesDescription: `Benchmark RTSTRUCT, ${options.rois} ROIs`,
    rois,
  });
}
