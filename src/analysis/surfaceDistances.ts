// Directed surface distances between two packed masks (bitMask.ts): from each surface voxel of one to the
// nearest surface voxel of the other, by a bounded search over rows, else the exact transform.
import type { BitLayout, VoxelList } from './bitMask';
import { transformDistances, type BoxGeometry, type Workspace } from './distanceTransform';

/** min |idx[k] - q| over the sorted idx[lo..hi) of one row, q in that row: the column distance; hi > lo. */
function nearestInRow(idx: Int32Array, lo: number, hi: number, q: number): number {
  let a = lo;
  let b = hi;
  while (a < b) {
    const m = (a + b) >> 1;
    if (idx[m] < q) a = m + 1;
    else b = m;
  }
  if (a === hi) return q - idx[hi - 1];
  if (a === lo) return idx[lo] - q;
  return Math.min(idx[a] - q, q - idx[a - 1]);
}

/**
 * Distances by search from each query over rows (y', z') outward, stopping where the y and z offsets alone
 * already exceed the best found: exact, and fast when the features are near the queries (two readings of one
 * region). A query on a feature voxel is 0 at once (`featureBits`: the features as bits over the layout), which
 * is most of a surface when two readings agree. Gives up (false) after `budget` row readings.
 */
function searchRows(features: VoxelList, featureBits: Uint32Array, queries: VoxelList, g: BoxGeometry, out: Float64Array, budget: number): boolean {
  const { nx, ny, nz, spacing } = g;
  const nw = nx >>> 5;
  const wx = spacing[0] * spacing[0];
  const wy = spacing[1] * spacing[1];
  const wz = spacing[2] * spacing[2];
  const { idx: fIdx, rowStart } = features;
  const qIdx = queries.idx;
  let reads = 0;
  /** squared distance (mm²) from column x to the nearest feature in row `row`, plus c; Infinity for none */
  const inRow = (row: number, x: number, c: number): number => {
    const lo = rowStart[row];
    const hi = rowStart[row + 1];
    if (lo === hi) return Infinity;
    const dx = nearestInRow(fIdx, lo, hi, row * nx + x);
    return dx * dx * wx + c;
  };
  for (let i = 0; i < queries.n; i++) {
    const q = qIdx[i];
    const r = Math.floor(q / nx);
    const x = q - r * nx;
    if ((featureBits[r * nw + (x >>> 5)] >>> (x & 31)) & 1) {
      out[i] = 0;
      continue;
    }
    const z = Math.floor(r / ny);
    const y = r - z * ny;
    // a first bound along the query's own column of rows (same y): finds a slab moved by a slice at once
    let best = Infinity;
    for (let dz = 0; dz < nz; dz++) {
      const cz = wz * dz * dz;
      if (cz >= best) break;
      if (z + dz < nz) best = Math.min(best, inRow((z + dz) * ny + y, x, cz));
      if (dz && z - dz >= 0) best = Math.min(best, inRow((z - dz) * ny + y, x, cz));
      reads += 2;
    }
    for (let dz = 0; dz < nz; dz++) {
      const cz = wz * dz * dz;
      if (cz >= best) break;
      for (let side = 0; side < (dz ? 2 : 1); side++) {
        const w = side ? z - dz : z + dz;
        // slices without features: nothing to read
        if (w < 0 || w >= nz || rowStart[w * ny] === rowStart[(w + 1) * ny]) continue;
        for (let dy = 0; dy < ny; dy++) {
          const c = cz + wy * dy * dy;
          if (c >= best) break;
          if (y + dy < ny) best = Math.min(best, inRow(w * ny + y + dy, x, c));
          if (dy && y - dy >= 0) best = Math.min(best, inRow(w * ny + y - dy, x, c));
          reads += 2;
        }
      }
    }
    if (reads > budget) return false;
    out[i] = Math.sqrt(best);
  }
  return true;
}

/**
 * Distance (mm) from each of `queries` to the nearest of `features` (surfaces over `layout`, `featureBits` the
 * features as bits), written to out[0..queries.n). Searches first; when the features lie far from the queries
 * it computes the separable transform instead (`method` forces one way, for tests).
 */
export function surfaceDistances(
  features: VoxelList,
  featureBits: Uint32Array,
  queries: VoxelList,
  layout: BitLayout,
  spacing: readonly [number, number, number],
  ws: Workspace,
  out: Float64Array,
  method: 'auto' | 'search' | 'transform' = 'auto',
): void {
  const g: BoxGeometry = { nx: layout.nw * 32, ny: layout.ny, nz: layout.nz, spacing };
  // about what the transform would cost
  const budget = method === 'search' ? Infinity : 32 * queries.n + g.nx * g.ny * g.nz;
  if (method !== 'transform' && searchRows(features, featureBits, queries, g, out, budget)) return;
  transformDistances(features.idx, features.n, queries.idx, queries.n, g, ws, out);
}
