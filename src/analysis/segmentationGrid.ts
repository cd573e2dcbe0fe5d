// A SEG's own voxel grid, for when no image series is at hand (two SEGs on the same grid): one plane per
// distinct frame position along the normal, evenly spaced from the first to the last, with the gaps of a
// sparse SEG (frames only where a segment is) filled in.
import type { ImagePlane, Vec3 } from '../dicom/geometry/plane';
import { planeNormal } from '../dicom/geometry/plane';
import { dot } from '../dicom/geometry/sortSlices';
import { volumeGrid, type VolumeGridResult } from '../dicom/geometry/volumeGrid';
import type { Segmentation } from '../dicom/seg/model';

export function segmentationGrid(seg: Segmentation): VolumeGridResult {
  const withPlane = seg.frames.filter((f) => f.imagePositionPatient && (f.imageOrientationPatient ?? seg.imageOrientationPatient) && (f.pixelSpacing ?? seg.pixelSpacing));
  if (!withPlane.length) return { grid: null, problem: `${seg.objectName}: no frame has a plane position, orientation and pixel spacing` };
  const first = withPlane[0];
  const orientation = (first.imageOrientationPatient ?? seg.imageOrientationPatient) as [Vec3, Vec3];
  const pixelSpacing = (first.pixelSpacing ?? seg.pixelSpacing) as [number, number];
  const normal = planeNormal({ imageOrientationPatient: orientation });
  const positions = [...new Set(withPlane.map((f) => Math.round(dot(f.imagePositionPatient as Vec3, normal) * 1000) / 1000))].sort((a, b) => a - b);
  const gaps = positions.slice(1).map((p, i) => p - positions[i]);
  const step = seg.spacingBetweenSlices ?? (gaps.length ? Math.min(...gaps) : (seg.sliceThickness ?? 1));
  const lowest = withPlane.reduce((a, f) => (dot(f.imagePositionPatient as Vec3, normal) < dot(a.imagePositionPatient as Vec3, normal) ? f : a));
  const origin = lowest.imagePositionPatient as Vec3;
  const count = gaps.length ? Math.round((positions[positions.length - 1] - positions[0]) / step) + 1 : 1;
  if (count > 10000) return { grid: null, problem: `${seg.objectName}: frames span ${count} slices of ${step} mm: not a plausible grid` };
  const planes: ImagePlane[] = Array.from({ length: count }, (_, k) => ({
    sopInstanceUID: '',
    frameNumber: null,
    imagePositionPatient: [origin[0] + normal[0] * step * k, origin[1] + normal[1] * step * k, origin[2] + normal[2] * step * k],
    imageOrientationPatient: orientation,
    pixelSpacing,
    rows: seg.rows,
    columns: seg.columns,
  }));
  return volumeGrid(planes, seg.frameOfReferenceUID, { singleSliceSpacing: seg.spacingBetweenSlices ?? seg.sliceThickness ?? undefined });
}
