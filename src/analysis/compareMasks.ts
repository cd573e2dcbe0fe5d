// Agreement of two masks on one voxel grid (the reference's). Definitions (also in METRIC_DEFINITIONS, which
// exports print):
//   Dice = 2|A∩B| / (|A| + |B|), Jaccard = |A∩B| / |A∪B|;
//   volume = voxels x voxel volume of the reference grid; difference = (test - reference) / reference x 100 %;
//   surface = voxels of a mask with at least one of their 6 face neighbours outside it (the grid edge counts
//   as outside); directed distances from each surface voxel centre of one mask to the nearest surface voxel
//   centre of the other (mm, with the grid's spacing per axis);
//   Hausdorff = max of both directed maxima; HD95 = max of both directed 95th percentiles (linear interpolation
//   between closest ranks); mean surface distance = sum of both directed distance sets / number of both.
// How: masks packed 32 voxels to a word (bitMask.ts) for counts, overlaps and surfaces; distances by a bounded
// search over the other surface's rows (surfaceDistances.ts), with the exact distance transform as fallback.
import { voxelVolume, type VolumeGrid } from '../dicom/geometry/volumeGrid';
import { layoutOfBox, layoutWords, packBoxMask, popcount, surfaceOf, unionLayout, type BitLayout } from './bitMask';
import { Workspace } from './distanceTransform';
import type { BoxMask } from './mask';
import { percentile } from './percentile';
import { surfaceDistances, type DistanceSet } from './surfaceDistances';

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

/** The statistics of one directed distance set (surfaceDistances.ts): distances[0..count) and `zeros` zeros. */
function directed(distances: Float64Array, { count, zeros }: DistanceSet): DirectedDistances {
  let max = 0;
  let sum = 0;
  for (let i = 0; i < count; i++) {
    const v = distances[i];
    sum += v;
    if (v > max) max = v;
  }
  const n = count + zeros;
  return { surfaceVoxels: n, maxMm: max, meanMm: sum / n, p95Mm: percentile(distances.subarray(0, count), 95, zeros) };
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
  const layout = unionLayout(reference.box && layoutOfBox(reference.box), test.box && layoutOfBox(test.box));
  if (!layout) return compareBits(grid, null, new Uint32Array(0), new Uint32Array(0), opts);
  const size = layoutWords(layout);
  return compareBits(grid, layout, packBoxMask(reference, layout, ws.uint32(0, size)), packBoxMask(test, layout, ws.uint32(1, size)), opts);
}

function emptyResult(slices: number): MaskComparison {
  return {
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
    sliceDice: new Array<number | null>(slices).fill(null),
    worstSlice: null,
    worstSliceVoxels: 0,
    reason: null,
  };
}

/**
 * The comparison of two packed masks (bitMask.ts) over one `layout` of the grid (null: both empty). `a` and `b`
 * may be the workspace's uint32 slots 0 and 1 (compareMasks packs them there; a caller may fill them directly),
 * not 2 and 3 (the surfaces).
 */
export function compareBits(
  grid: Pick<VolumeGrid, 'spacing' | 'slices'>,
  layout: BitLayout | null,
  a: Uint32Array,
  b: Uint32Array,
  opts: CompareMasksOptions = {},
): MaskComparison {
  const ws = opts.ws ?? defaultWorkspace;
  const mm3 = voxelVolume(grid);
  const result = emptyResult(grid.slices);
  const sliceDice = result.sliceDice;
  if (!layout) {
    result.reason = 'both empty';
    return result;
  }
  const { nw, ny, nz } = layout;
  const sliceWords = nw * ny;
  let intersection = 0;
  let referenceVoxels = 0;
  let testVoxels = 0;
  for (let z = 0; z < nz; z++) {
    let na = 0;
    let nb = 0;
    let both = 0;
    for (let i = z * sliceWords, end = i + sliceWords; i < end; i++) {
      const wa = a[i];
      const wb = b[i];
      if (!(wa | wb)) continue;
      na += popcount(wa);
      nb += popcount(wb);
      both += popcount(wa & wb);
    }
    intersection += both;
    referenceVoxels += na;
    testVoxels += nb;
    if (na + nb) sliceDice[z + layout.z0] = (2 * both) / (na + nb);
    const disagree = na + nb - 2 * both;
    if (disagree > result.worstSliceVoxels) {
      result.worstSliceVoxels = disagree;
      result.worstSlice = z + layout.z0;
    }
  }
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
  result.dice = (2 * intersection) / (referenceVoxels + testVoxels);
  result.jaccard = intersection / (referenceVoxels + testVoxels - intersection);
  if (!referenceVoxels || !testVoxels) {
    const empty = referenceVoxels ? 'test' : 'reference';
    result.reason = `${empty} is empty: no overlap${empty === 'reference' ? ', no volume difference' : ''} and no surface distances`;
    return result;
  }
  const words = layoutWords(layout);
  const rows = ny * nz;
  const surfA = surfaceOf(a, layout, { bits: ws.uint32(2, words), n: 0, rows: ws.int32(3, rows), slices: ws.int32(5, nz) });
  const surfB = surfaceOf(b, layout, { bits: ws.uint32(3, words), n: 0, rows: ws.int32(4, rows), slices: ws.int32(6, nz) });
  const nA = surfA.n;
  const nB = surfB.n;
  const dist = ws.float64(2, Math.max(nA, nB));
  // reference surface -> nearest test surface voxel, then the other way
  const ab = directed(dist, surfaceDistances(surfB, surfA, layout, grid.spacing, ws, dist, opts.distanceMethod));
  const ba = directed(dist, surfaceDistances(surfA, surfB, layout, grid.spacing, ws, dist, opts.distanceMethod));
  result.referenceToTest = ab;
  result.testToReference = ba;
  result.hausdorffMm = Math.max(ab.maxMm, ba.maxMm);
  result.hausdorff95Mm = Math.max(ab.p95Mm, ba.p95Mm);
  result.meanSurfaceDistanceMm = (ab.meanMm * nA + ba.meanMm * nB) / (nA + nB);
  return result;
}
