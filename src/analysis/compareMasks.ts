// Agreement of two masks on one voxel grid (the reference's). Definitions (also in METRIC_DEFINITIONS, which
// exports print):
//   Dice = 2|A∩B| / (|A| + |B|), Jaccard = |A∩B| / |A∪B|;
//   volume = voxels x voxel volume of the reference grid; difference = (test - reference) / reference x 100 %;
//   surface = voxels of a mask with at least one of their 6 face neighbours outside it (the grid edge counts
//   as outside); directed distances from each surface voxel centre of one mask to the nearest surface voxel
//   centre of the other (mm, with the grid's spacing per axis);
//   Hausdorff = max of both directed maxima; HD95 = max of both directed 95th percentiles (linear interpolation
//   between closest ranks); mean surface distance = sum of both directed distance sets / number of both.
import { voxelVolume, type VolumeGrid } from '../dicom/geometry/volumeGrid';
import { squaredDistances, surfaceVoxels, Workspace } from './distanceTransform';
import { boxSize, embedMask, unionBox, type BoxMask } from './mask';
import { percentile } from './percentile';

export interface DirectedDistances {
  /** surface voxels the distances are measured from */
  surfaceVoxels: number;
  maxMm: number;
  p95Mm: number;
  meanMm: number;
}

export interface MaskComparison {
  referenceVoxels: number;
  testVoxels: number;
  intersectionVoxels: number;
  dice: number | null;
  jaccard: number | null;
  referenceVolumeMl: number;
  testVolumeMl: number;
  volumeDifferencePercent: number | null;
  hausdorffMm: number | null;
  hausdorff95Mm: number | null;
  meanSurfaceDistanceMm: number | null;
  referenceToTest: DirectedDistances | null;
  testToReference: DirectedDistances | null;
  /** Dice per slice of the reference grid; null on slices where both masks are empty */
  sliceDice: Array<number | null>;
  /** the reference-grid slice with the most voxels in exactly one mask; null when the masks agree everywhere */
  worstSlice: number | null;
  worstSliceVoxels: number;
  /** why numbers are null (or why Dice is 0), in words; null when everything was computed */
  reason: string | null;
}

const shared = new Workspace();

function directed(distances: Float64Array, n: number): DirectedDistances {
  let max = 0;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const v = distances[i];
    sum += v;
    if (v > max) max = v;
  }
  return { surfaceVoxels: n, maxMm: max, meanMm: sum / n, p95Mm: percentile(distances.subarray(0, n), 95) };
}

/**
 * Compare `test` with `reference`, both masks on `grid` (resample first when they come from another grid).
 * `ws`: scratch memory to reuse across calls (one per worker).
 */
export function compareMasks(
  grid: Pick<VolumeGrid, 'spacing' | 'slices'>,
  reference: BoxMask,
  test: BoxMask,
  ws: Workspace = shared,
): MaskComparison {
  const mm3 = voxelVolume(grid);
  const sliceDice: Array<number | null> = new Array<number | null>(grid.slices).fill(null);
  const result: MaskComparison = {
    referenceVoxels: reference.voxels,
    testVoxels: test.voxels,
    intersectionVoxels: 0,
    dice: null,
    jaccard: null,
    referenceVolumeMl: (reference.voxels * mm3) / 1000,
    testVolumeMl: (test.voxels * mm3) / 1000,
    volumeDifferencePercent: reference.voxels ? ((test.voxels - reference.voxels) / reference.voxels) * 100 : null,
    hausdorffMm: null,
    hausdorff95Mm: null,
    meanSurfaceDistanceMm: null,
    referenceToTest: null,
    testToReference: null,
    sliceDice,
    worstSlice: null,
    worstSliceVoxels: 0,
    reason: null,
  };
  const box = unionBox(reference.box, test.box);
  if (!box || (!reference.voxels && !test.voxels)) {
    result.reason = 'both empty';
    return result;
  }
  const size = boxSize(box);
  const a = embedMask(reference, box, ws.uint8(0, size));
  const b = embedMask(test, box, ws.uint8(1, size));
  const { nx, ny, nz } = box;
  const sliceSize = nx * ny;
  let intersection = 0;
  for (let z = 0; z < nz; z++) {
    let na = 0;
    let nb = 0;
    let both = 0;
    for (let i = z * sliceSize, end = i + sliceSize; i < end; i++) {
      const va = a[i];
      const vb = b[i];
      na += va;
      nb += vb;
      both += va & vb;
    }
    intersection += both;
    if (na + nb) sliceDice[z + box.z0] = (2 * both) / (na + nb);
    const disagree = na + nb - 2 * both;
    if (disagree > result.worstSliceVoxels) {
      result.worstSliceVoxels = disagree;
      result.worstSlice = z + box.z0;
    }
  }
  result.intersectionVoxels = intersection;
  result.dice = (2 * intersection) / (reference.voxels + test.voxels);
  result.jaccard = intersection / (reference.voxels + test.voxels - intersection);
  if (!reference.voxels || !test.voxels) {
    const empty = reference.voxels ? 'test' : 'reference';
    result.reason = `${empty} is empty: no overlap${empty === 'reference' ? ', no volume difference' : ''} and no surface distances`;
    return result;
  }
  const spacing = grid.spacing;
  const surfA = ws.int32(0, reference.voxels);
  const surfB = ws.int32(1, test.voxels);
  const nA = surfaceVoxels(a, nx, ny, nz, surfA);
  const nB = surfaceVoxels(b, nx, ny, nz, surfB);
  const dist = ws.float64(2, Math.max(nA, nB));
  // reference surface -> nearest test surface voxel
  let d2 = squaredDistances(surfB, nB, surfA, nA, nx, ny, nz, spacing, ws);
  for (let i = 0; i < nA; i++) dist[i] = Math.sqrt(d2[surfA[i]]);
  const ab = directed(dist, nA);
  d2 = squaredDistances(surfA, nA, surfB, nB, nx, ny, nz, spacing, ws);
  for (let i = 0; i < nB; i++) dist[i] = Math.sqrt(d2[surfB[i]]);
  const ba = directed(dist, nB);
  result.referenceToTest = ab;
  result.testToReference = ba;
  result.hausdorffMm = Math.max(ab.maxMm, ba.maxMm);
  result.hausdorff95Mm = Math.max(ab.p95Mm, ba.p95Mm);
  result.meanSurfaceDistanceMm = (ab.meanMm * nA + ba.meanMm * nB) / (nA + nB);
  return result;
}
