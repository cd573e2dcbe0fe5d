// Statistics of one region (segment or ROI) on a voxel grid: size and place, and the image values inside.
// Volume = voxels x voxel volume of the grid (column spacing x row spacing x slice step). Image values are the
// real-world values (CT: HU by RescaleSlope/Intercept; PT: its Units; Parametric Map: Real World Value
// Mapping) at the voxels of the mask, resampled onto the image grid when the mask is on another grid.
// SD is the sample standard deviation (divided by n - 1), as ITK's LabelStatisticsImageFilter computes it for
// dcmqi's reports (the liver report's 59.1691 HU is the n - 1 value; divided by n it would be 59.1688).
import type { Code } from '../dicom/codes/code';
import type { Vec3 } from '../dicom/geometry/plane';
import { applyAffine, sameGrid, voxelVolume, type VolumeGrid } from '../dicom/geometry/volumeGrid';
import type { ImageVolume } from '../dicom/image/imageVolume';
import type { BoxMask } from './mask';
import { median } from './percentile';
import { resampleMask } from './resample';

export interface ImageValueStatistics {
  /** voxels of the mask that lie on the image */
  voxels: number;
  mean: number;
  standardDeviation: number;
  minimum: number;
  maximum: number;
  median: number;
  unit: Code | null;
}

export interface RegionStatistics {
  voxels: number;
  volumeMl: number;
  /** first and last slice of the grid holding the region; null when empty */
  sliceRange: [number, number] | null;
  /** patient coordinates (mm) of the box around the voxel centres: lowest and highest x, y, z; null when empty */
  boundingBoxMm: { min: Vec3; max: Vec3 } | null;
  /** mean patient position of the voxel centres (mm); null when empty */
  centroidMm: Vec3 | null;
  /** null with `valuesReason` when there is no image or nothing of the region on it */
  values: ImageValueStatistics | null;
  valuesReason: string | null;
}

function imageValues(mask: BoxMask, image: ImageVolume): ImageValueStatistics | null {
  const box = mask.box;
  if (!box) return null;
  const values = new Float64Array(mask.voxels);
  const { columns } = image.grid;
  let n = 0;
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let z = 0; z < box.nz; z++) {
    const slice = image.slices[z + box.z0];
    const { slope, intercept } = image.realWorld[z + box.z0];
    for (let y = 0; y < box.ny; y++) {
      const from = (y + box.y0) * columns + box.x0;
      const row = (z * box.ny + y) * box.nx;
      for (let x = 0; x < box.nx; x++) {
        if (!mask.data[row + x]) continue;
        const v = slice[from + x] * slope + intercept;
        values[n++] = v;
        sum += v;
        if (v < min) min = v;
        if (v > max) max = v;
      }
    }
  }
  if (!n) return null;
  const mean = sum / n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (values[i] - mean) ** 2;
  return { voxels: n, mean, standardDeviation: n > 1 ? Math.sqrt(ss / (n - 1)) : 0, minimum: min, maximum: max, median: median(values.subarray(0, n)), unit: image.unit };
}

/** Statistics of `mask` on `grid`; image values when `image` is given (on the same Frame of Reference). */
export function regionStatistics(grid: VolumeGrid, mask: BoxMask, image?: ImageVolume | null): RegionStatistics {
  const box = mask.box;
  const out: RegionStatistics = {
    voxels: mask.voxels,
    volumeMl: (mask.voxels * voxelVolume(grid)) / 1000,
    sliceRange: null,
    boundingBoxMm: null,
    centroidMm: null,
    values: null,
    valuesReason: null,
  };
  if (!box || !mask.voxels) {
    out.valuesReason = 'the region is empty';
    return out;
  }
  let sx = 0, sy = 0, sz = 0;
  let firstZ = Infinity;
  let lastZ = -1;
  for (let z = 0; z < box.nz; z++) {
    for (let y = 0; y < box.ny; y++) {
      const row = (z * box.ny + y) * box.nx;
      for (let x = 0; x < box.nx; x++) {
        if (!mask.data[row + x]) continue;
        sx += x;
        sy += y;
        sz += z;
        if (z < firstZ) firstZ = z;
        lastZ = z;
      }
    }
  }
  const n = mask.voxels;
  out.centroidMm = applyAffine(grid.toPatient, box.x0 + sx / n, box.y0 + sy / n, box.z0 + sz / n);
  out.sliceRange = [box.z0 + firstZ, box.z0 + lastZ];
  const min: Vec3 = [Infinity, Infinity, Infinity];
  const max: Vec3 = [-Infinity, -Infinity, -Infinity];
  for (const x of [box.x0, box.x0 + box.nx - 1])
    for (const y of [box.y0, box.y0 + box.ny - 1])
      for (const z of [box.z0, box.z0 + box.nz - 1]) {
        const p = applyAffine(grid.toPatient, x, y, z);
        for (let a = 0; a < 3; a++) {
          min[a] = Math.min(min[a], p[a]);
          max[a] = Math.max(max[a], p[a]);
        }
      }
  out.boundingBoxMm = { min, max };
  if (!image) {
    out.valuesReason = 'no image loaded';
    return out;
  }
  if (grid.frameOfReferenceUID && image.grid.frameOfReferenceUID && grid.frameOfReferenceUID !== image.grid.frameOfReferenceUID) {
    out.valuesReason = `the image is in frame of reference ${image.grid.frameOfReferenceUID}, the region in ${grid.frameOfReferenceUID}`;
    return out;
  }
  const onImage = sameGrid(grid, image.grid) ? mask : resampleMask(grid, mask, image.grid);
  out.values = imageValues(onImage, image);
  if (!out.values) out.valuesReason = 'no voxel of the region lies on the image';
  return out;
}
