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
import { nearestDistances, surfaceVoxels, Workspace } from './distanceTransform';
import { boxSize, embedMask, unionBox, type Box, type BoxMask } from './mask';
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

/** The scratch memory used when the caller gives none (one per worker or process). */
export const defaultWorkspace = new Workspace();

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

export interface CompareMasksOptions {
  /** scratch memory to reuse across calls (one per worker); a module-wide one by default */
  ws?: Workspace;
  /** how distances are found: 'auto' (search, else the full transform when surfaces lie far apart); tests force one */
  distanceMethod?: 'auto' | 'search' | 'transform';
}

/** Compare `test` with `reference`, both masks on `grid` (resample first when they come from another grid). */
export function compareMasks(
  grid: Pick<VolumeGrid, 'spacing' | 'slices'>,
  reference: BoxMask,
  test: BoxMask,
  opts: CompareMasksOptions = {},
): MaskComparison {
  const ws = opts.ws ?? defaultWorkspace;
  const box = unionBox(reference.box, test.box);
  if (!box || (!reference.voxels && !test.voxels)) return compareInBox(grid, null, new Uint8Array(0), new Uint8Array(0), opts);
  const size = boxSize(box);
  return compareInBox(grid, box, embedMask(reference, box, ws.uint8(0, size)), embedMask(test, box, ws.uint8(1, size)), opts);
}

/**
 * The comparison of two masks laid out over one `box` of the grid (null: both empty). `a` and `b` may be the
 * workspace's uint8 slots 0 and 1 (compareMasks puts them there; a caller may fill them directly).
 */
export function compareInBox(
  grid: Pick<VolumeGrid, 'spacing' | 'slices'>,
  box: Box | null,
  a: Uint8Array,
  b: Uint8Array,
  opts: CompareMasksOptions = {},
): MaskComparison {
  const ws = opts.ws ?? defaultWorkspace;
  const mm3 = voxelVolume(grid);
  const sliceDice: Array<number | null> = new Array<number | null>(grid.slices).fill(null);
  const result: MaskComparison = {
    referenceVoxels: 0,
    testVoxels: 0,
    intersectionVoxels: 0,
    dice: null,
    jaccard: null,
    referenceVolumeMl: 0,
    testVolumeMl: 0,
    volumeDifferencePercent: null,
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
  if (!box) {
    result.reason = 'both empty';
    return result;
  }
  const { nx, ny, nz } = box;
  const sliceSize = nx * ny;
  let intersection = 0;
  let referenceVoxels = 0;
  let testVoxels = 0;
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
    referenceVoxels += na;
    testVoxels += nb;
    if (na + nb) sliceDice[z + box.z0] = (2 * both) / (na + nb);
    const disagree = na + nb - 2 * both;
    if (disagree > result.worstSliceVoxels) {
      result.worstSliceVoxels = disagree;
      result.worstSlice = z + box.z0;
    }
  }
  const reference = { voxels: referenceVoxels };
  const test = { voxels: testVoxels };
  Object.assign(result, {
    referenceVoxels,
    testVoxels,
    referenceVolumeMl: (referenceVoxels * mm3) / 1000,
    testVolumeMl: (testVoxels * mm3) / 1000,
    volumeDifferencePercent: referenceVoxels ? ((testVoxels - referenceVoxels) / referenceVoxels) * 100 : null,
  });
  if (!referenceVoxels && !testVoxels) {
    result.reason = 'both empty';
    return result;
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
  const g = { nx, ny, nz, spacing };
  // reference surface -> nearest test surface voxel, then the other way
  nearestDistances(surfB, nB, surfA, nA, g, ws, dist, opts.distanceMethod);
  const ab = directed(dist, nA);
  nearestDistances(surfA, nA, surfB, nB, g, ws, dist, opts.distanceMethod);
  const ba = directed(dist, nB);
  result.referenceToTest = ab;
  result.testToReference = ba;
  result.hausdorffMm = Math.max(ab.maxMm, ba.maxMm);
  result.hausdorff95Mm = Math.max(ab.p95Mm, ba.p95Mm);
  result.meanSurfaceDistanceMm = (ab.meanMm * nA + ba.meanMm * nB) / (nA + nB);
  return result;
}
