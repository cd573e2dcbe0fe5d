// Directed surface distances between two packed masks (bitMask.ts): from each surface voxel of one to the
// nearest surface voxel of the other, by a bounded search over rows, else the exact transform.
import { listBits, type BitLayout, type Surface } from './bitMask';
import { transformDistances, type BoxGeometry, type Workspace } from './distanceTransform';

/**
 * Column distance from column x to the nearest set bit of the row of `nw` words at bits[row..]: x's own word
 * first, then words outward while they could hold one nearer than both the best so far and `limit` (beyond
 * `limit` the answer does not matter: Infinity or anything >= limit).
 */
function nearestInRow(bits: Uint32Array, row: number, nw: number, x: number, limit: number): number {
  const wx = x >>> 5;
  const b = x & 31;
  const word = bits[row + wx];
  let best = Infinity;
  if (word) {
    const low = word & (-1 >>> (31 - b));
    const high = word >>> b;
    if (low) best = b - 31 + Math.clz32(low);
    if (high) best = Math.min(best, 31 - Math.clz32(high & -high));
  }
  for (let k = 1; ; k++) {
    // the nearest a bit of the k-th word to the left / right can be
    const dl = b + 1 + 32 * (k - 1);
    const dr = 32 * k - b;
    const left = wx - k >= 0 && dl < best && dl < limit;
    const right = wx + k < nw && dr < best && dr < limit;
    if (!left && !right) return best;
    if (left) {
      const w = bits[row + wx - k];
      if (w) best = Math.min(best, x - 32 * (wx - k) - 31 + Math.clz32(w));
    }
    if (right) {
      const w = bits[row + wx + k];
      if (w) best = Math.min(best, 32 * (wx + k) + 31 - Math.clz32(w & -w) - x);
    }
  }
}

/** min(best, squared distance in mm² to the nearest feature of row `row` from column x + c); wx: mm² per column². */
function readRow(f: Surface, row: number, nw: number, x: number, wx: number, c: number, best: number): number {
  if (!f.rows[row]) return best;
  const d = nearestInRow(f.bits, row * nw, nw, x, Math.sqrt((best - c) / wx));
  return Math.min(best, d * d * wx + c);
}

/**
 * Distances (mm) from the query surface voxels that are not feature voxels (those are at 0) to the nearest
 * feature, by search over rows (y', z') outward from each, stopping where the y and z offsets alone already
 * exceed the best found: exact, and fast when the features are near the queries (two readings of one region).
 * Writes them to out[0..count) in voxel order; returns the count, or -1 after more than `budget` row readings.
 */
function searchRows(f: Surface, queries: Surface, l: BitLayout, spacing: readonly [number, number, number], out: Float64Array, budget: number): number {
  const { nw, ny, nz } = l;
  const wx = spacing[0] * spacing[0];
  const wy = spacing[1] * spacing[1];
  const wz = spacing[2] * spacing[2];
  let reads = 0;
  let count = 0;
  for (let r = 0; r < ny * nz; r++) {
    if (!queries.rows[r]) continue;
    const z = Math.floor(r / ny);
    const y = r - z * ny;
    for (let w = 0; w < nw; w++) {
      let q = queries.bits[r * nw + w] & ~f.bits[r * nw + w];
      while (q) {
        const low = q & -q;
        q ^= low;
        const x = w * 32 + 31 - Math.clz32(low);
        let best = Infinity;
        // a first bound along the query's own column of rows (same y): finds a slab moved by a slice at once
        for (let dz = 0; dz < nz; dz++) {
          const cz = wz * dz * dz;
          if (cz >= best) break;
          if (z + dz < nz) best = readRow(f, (z + dz) * ny + y, nw, x, wx, cz, best);
          if (dz && z - dz >= 0) best = readRow(f, (z - dz) * ny + y, nw, x, wx, cz, best);
          reads += 2;
        }
        for (let dz = 0; dz < nz; dz++) {
          const cz = wz * dz * dz;
          if (cz >= best) break;
          for (let side = 0; side < (dz ? 2 : 1); side++) {
            const s = side ? z - dz : z + dz;
            if (s < 0 || s >= nz || !f.slices[s]) continue;
            // dy = 0 was read by the first pass
            for (let dy = 1; dy < ny; dy++) {
              const c = cz + wy * dy * dy;
              if (c >= best) break;
              if (y + dy < ny) best = readRow(f, s * ny + y + dy, nw, x, wx, c, best);
              if (y - dy >= 0) best = readRow(f, s * ny + y - dy, nw, x, wx, c, best);
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
 * over `layout`). Searches first; when the features lie far from the queries it computes the separable
 * transform instead (`method` forces one way, for tests).
 */
export function surfaceDistances(
  features: Surface,
  queries: Surface,
  layout: BitLayout,
  spacing: readonly [number, number, number],
  ws: Workspace,
  out: Float64Array,
  method: 'auto' | 'search' | 'transform' = 'auto',
): DistanceSet {
  const g: BoxGeometry = { nx: layout.nw * 32, ny: layout.ny, nz: layout.nz, spacing };
  // about what the transform would cost
  const budget = method === 'search' ? Infinity : 32 * queries.n + g.nx * g.ny * g.nz;
  const count = method === 'transform' ? -1 : searchRows(features, queries, layout, spacing, out, budget);
  if (count >= 0) return { count, zeros: queries.n - count };
  // the transform takes voxel lists (int32 slots 0 and 1, free while distances are found)
  const f = ws.int32(0, features.n);
  const q = ws.int32(1, queries.n);
  listBits(features.bits, layout, f);
  listBits(queries.bits, layout, q);
  transformDistances(f, features.n, q, queries.n, g, ws, out);
  return { count: queries.n, zeros: 0 };
}
