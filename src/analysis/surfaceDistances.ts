// Directed surface distances between two packed masks (bitMask.ts): from each surface voxel of one to the
// nearest surface voxel of the other, by a bounded search over rows, else the exact transform.
import type { BitLayout, VoxelList } from './bitMask';
import { transformDistances, type BoxGeometry, type Workspace } from './distanceTransform';

/** min |idx[k] - q| over the sorted idx[lo..hi) of one row, q in that row: the column distance; hi > lo. */
function nearestInList(idx: Int32Array, lo: number, hi: number, q: number): number {
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

/** The features of one surface, as bits (for the word around a column) and as a list (for the rest of a row). */
interface Features {
  bits: Uint32Array;
  list: VoxelList;
  nw: number;
}

/** Column distance from x to the nearest feature in row `row` (Infinity for none). */
function nearestInRow(f: Features, row: number, x: number): number {
  const word = f.bits[row * f.nw + (x >>> 5)];
  if (word) {
    // the nearest bits at or below / at or above x in x's own word (32: none)
    const b = x & 31;
    const low = word & (-1 >>> (31 - b));
    const high = word >>> b;
    const below = low ? b - 31 + Math.clz32(low) : 32;
    const above = high ? 31 - Math.clz32(high & -high) : 32;
    const d = Math.min(below, above);
    // features outside the word are at least b + 1 (left) or 32 - b (right) away
    if (d <= b + 1 && d <= 32 - b) return d;
  }
  const lo = f.list.rowStart[row];
  const hi = f.list.rowStart[row + 1];
  if (lo === hi) return Infinity;
  return nearestInList(f.list.idx, lo, hi, row * f.nw * 32 + x);
}

/**
 * Distances (mm) from the query surface voxels that are not feature voxels (those are at 0) to the nearest
 * feature, by search over rows (y', z') outward from each, stopping where the y and z offsets alone already
 * exceed the best found: exact, and fast when the features are near the queries (two readings of one region).
 * Writes them to out[0..count) in voxel order; returns the count, or -1 after more than `budget` row readings.
 */
function searchRows(f: Features, queries: VoxelList, queryBits: Uint32Array, g: BoxGeometry, out: Float64Array, budget: number): number {
  const { ny, nz, spacing } = g;
  const nw = f.nw;
  const wx = spacing[0] * spacing[0];
  const wy = spacing[1] * spacing[1];
  const wz = spacing[2] * spacing[2];
  const rowStart = f.list.rowStart;
  let reads = 0;
  let count = 0;
  for (let r = 0; r < ny * nz; r++) {
    if (queries.rowStart[r] === queries.rowStart[r + 1]) continue;
    const z = Math.floor(r / ny);
    const y = r - z * ny;
    for (let w = 0; w < nw; w++) {
      let q = queryBits[r * nw + w] & ~f.bits[r * nw + w];
      while (q) {
        const low = q & -q;
        q ^= low;
        const x = w * 32 + 31 - Math.clz32(low);
        // a first bound along the query's own column of rows (same y): finds a slab moved by a slice at once
        let best = Infinity;
        for (let dz = 0; dz < nz; dz++) {
          const cz = wz * dz * dz;
          if (cz >= best) break;
          const d1 = z + dz < nz ? nearestInRow(f, (z + dz) * ny + y, x) : Infinity;
          const d2 = dz && z - dz >= 0 ? nearestInRow(f, (z - dz) * ny + y, x) : Infinity;
          const d = Math.min(d1, d2);
          best = Math.min(best, d * d * wx + cz);
          reads += 2;
        }
        for (let dz = 0; dz < nz; dz++) {
          const cz = wz * dz * dz;
          if (cz >= best) break;
          for (let side = 0; side < (dz ? 2 : 1); side++) {
            const s = side ? z - dz : z + dz;
            // slices without features: nothing to read
            if (s < 0 || s >= nz || rowStart[s * ny] === rowStart[(s + 1) * ny]) continue;
            // dy = 0 was read by the first pass
            for (let dy = 1; dy < ny; dy++) {
              const c = cz + wy * dy * dy;
              if (c >= best) break;
              const d1 = y + dy < ny ? nearestInRow(f, s * ny + y + dy, x) : Infinity;
              const d2 = y - dy >= 0 ? nearestInRow(f, s * ny + y - dy, x) : Infinity;
              const d = Math.min(d1, d2);
              best = Math.min(best, d * d * wx + c);
              reads += 2;
            }
          }
        }
        out[count++] = Math.sqrt(best);
      }
    }
    if (reads > budget) return -1;
  }
  return count;
}

/** One directed distance set: `count` distances in out[0..count), plus `zeros` distances of 0 not stored. */
export interface DistanceSet {
  count: number;
  zeros: number;
}

/**
 * Distances (mm) from each voxel of the `queries` surface to the nearest voxel of the `features` surface (both
 * over `layout`, as lists and as bits). Searches first; when the features lie far from the queries it computes
 * the separable transform instead (`method` forces one way, for tests).
 */
export function surfaceDistances(
  features: VoxelList,
  featureBits: Uint32Array,
  queries: VoxelList,
  queryBits: Uint32Array,
  layout: BitLayout,
  spacing: readonly [number, number, number],
  ws: Workspace,
  out: Float64Array,
  method: 'auto' | 'search' | 'transform' = 'auto',
): DistanceSet {
  const g: BoxGeometry = { nx: layout.nw * 32, ny: layout.ny, nz: layout.nz, spacing };
  // about what the transform would cost
  const budget = method === 'search' ? Infinity : 32 * queries.n + g.nx * g.ny * g.nz;
  const count = method === 'transform' ? -1 : searchRows({ bits: featureBits, list: features, nw: layout.nw }, queries, queryBits, g, out, budget);
  if (count >= 0) return { count, zeros: queries.n - count };
  transformDistances(features.idx, features.n, queries.idx, queries.n, g, ws, out);
  return { count: queries.n, zeros: 0 };
}
