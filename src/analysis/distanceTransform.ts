// Exact Euclidean distance transform with anisotropic voxels, separable (Saito-Toriwaki / Felzenszwalb-
// Huttenlocher): a 1D pass per axis, each taking the lower envelope of parabolas spaced by the voxel size along
// that axis. Squared distances in mm² are exact sums of per-axis squares (only stored as float32).
//
// Computed over a box that holds every feature voxel and every voxel asked about, which makes it exact for
// those voxels: the nearest feature of a query is a feature, and all features are in the box.

/**
 * Scratch memory kept between calls: first writes to fresh memory are slow (~3 ms/MB on small VMs). Slots in
 * use: uint8 0-1 the two masks, 2 line flags; int32 0-1 the two surfaces, 2 envelope; float64 0-1 envelope,
 * 2 distances.
 */
export class Workspace {
  private f32 = new Float32Array(0);
  private u8: Uint8Array[] = [new Uint8Array(0), new Uint8Array(0), new Uint8Array(0)];
  private i32: Int32Array[] = [new Int32Array(0), new Int32Array(0), new Int32Array(0)];
  private f64: Float64Array[] = [new Float64Array(0), new Float64Array(0), new Float64Array(0)];

  float32(n: number): Float32Array {
    if (this.f32.length < n) this.f32 = new Float32Array(Math.ceil(n * 1.25));
    return this.f32.subarray(0, n);
  }
  /** slot 0..2 */
  uint8(slot: number, n: number): Uint8Array {
    if (this.u8[slot].length < n) this.u8[slot] = new Uint8Array(Math.ceil(n * 1.25));
    return this.u8[slot].subarray(0, n);
  }
  /** slot 0..2 */
  int32(slot: number, n: number): Int32Array {
    if (this.i32[slot].length < n) this.i32[slot] = new Int32Array(Math.ceil(n * 1.25));
    return this.i32[slot].subarray(0, n);
  }
  /** slot 0..2 */
  float64(slot: number, n: number): Float64Array {
    if (this.f64[slot].length < n) this.f64[slot] = new Float64Array(Math.ceil(n * 1.25));
    return this.f64[slot].subarray(0, n);
  }
}

/**
 * Indices (box-local) of the surface voxels of `mask` (nx*ny*nz, x fastest): voxels of the mask with at least
 * one of their 6 face neighbours outside it, where outside the box counts as outside. Written to `out`
 * (length >= voxels of the mask); returns how many.
 */
export function surfaceVoxels(mask: Uint8Array, nx: number, ny: number, nz: number, out: Int32Array): number {
  const sxy = nx * ny;
  let n = 0;
  for (let z = 0; z < nz; z++) {
    const zEdge = z === 0 || z === nz - 1;
    for (let y = 0; y < ny; y++) {
      const row = (z * ny + y) * nx;
      if (zEdge || y === 0 || y === ny - 1) {
        // a face of the box: every voxel of the mask here has a neighbour outside
        for (let x = 0; x < nx; x++) if (mask[row + x]) out[n++] = row + x;
        continue;
      }
      for (let x = 0; x < nx; x++) {
        const i = row + x;
        if (!mask[i]) continue;
        // branch-free test of the 6 neighbours (x at the box edge: outside)
        const inner = x > 0 && x < nx - 1 ? mask[i - 1] & mask[i + 1] & mask[i - nx] & mask[i + nx] & mask[i - sxy] & mask[i + sxy] : 0;
        if (!inner) out[n++] = i;
      }
    }
  }
  return n;
}

/** Lower envelope of parabolas w*(p - q)² + f(q) along one line of `d` (in place). Infinite f(q) are not features. */
function envelope(d: Float32Array, start: number, stride: number, n: number, w: number, f: Float64Array, v: Int32Array, zz: Float64Array): void {
  let k = -1;
  for (let q = 0; q < n; q++) {
    const fq = d[start + q * stride];
    f[q] = fq;
    if (fq === Infinity) continue;
    const hq = fq + w * q * q;
    let s = -Infinity;
    while (k >= 0) {
      const p = v[k];
      s = (hq - (f[p] + w * p * p)) / (2 * w * (q - p));
      if (s <= zz[k]) k--;
      else break;
    }
    k++;
    v[k] = q;
    zz[k] = k === 0 ? -Infinity : s;
    zz[k + 1] = Infinity;
  }
  if (k < 0) return;
  let j = 0;
  for (let p = 0; p < n; p++) {
    while (zz[j + 1] < p) j++;
    const dq = p - v[j];
    d[start + p * stride] = w * dq * dq + f[v[j]];
  }
}

/** Box dimensions and voxel size (mm) along x, y, z. */
export interface BoxGeometry {
  nx: number;
  ny: number;
  nz: number;
  spacing: readonly [number, number, number];
}

/**
 * First pass: squared distance (mm²) along x to the nearest feature in the same row, Infinity in rows without
 * one; rowHas[row] = 1 for rows holding a feature (row = z * ny + y).
 */
function rowPass(features: Int32Array, nf: number, g: BoxGeometry, ws: Workspace): { d: Float32Array; rowHas: Uint8Array } {
  const { nx, ny, nz, spacing } = g;
  const d = ws.float32(nx * ny * nz);
  const rowHas = ws.uint8(2, ny * nz);
  rowHas.fill(0);
  for (let i = 0; i < nf; i++) rowHas[Math.floor(features[i] / nx)] = 1;
  for (let r = 0; r < ny * nz; r++) if (rowHas[r]) d.fill(Infinity, r * nx, (r + 1) * nx);
  for (let i = 0; i < nf; i++) d[features[i]] = 0;
  const wx = spacing[0] * spacing[0];
  const last = ws.float64(0, nx);
  for (let r = 0; r < ny * nz; r++) {
    if (!rowHas[r]) continue;
    const row = r * nx;
    let at = -Infinity;
    for (let x = 0; x < nx; x++) {
      if (d[row + x] === 0) at = x;
      last[x] = x - at;
    }
    at = Infinity;
    for (let x = nx - 1; x >= 0; x--) {
      if (d[row + x] === 0) at = x;
      const k = Math.min(last[x], at - x);
      d[row + x] = k * k * wx;
    }
  }
  return { d, rowHas };
}

/**
 * Distances by search from each query over rows (y', z') outward, stopping where the y and z offsets alone
 * already exceed the best found: exact, and fast when the features are near the queries (two readings of one
 * region). Gives up (false) after `budget` row readings.
 */
function searchRows(d: Float32Array, rowHas: Uint8Array, queries: Int32Array, nq: number, g: BoxGeometry, out: Float64Array, budget: number): boolean {
  const { nx, ny, nz, spacing } = g;
  const wy = spacing[1] * spacing[1];
  const wz = spacing[2] * spacing[2];
  const sxy = nx * ny;
  let reads = 0;
  const sliceHas = new Uint8Array(nz);
  for (let r = 0; r < ny * nz; r++) if (rowHas[r]) sliceHas[Math.floor(r / ny)] = 1;
  for (let i = 0; i < nq; i++) {
    const q = queries[i];
    const z = Math.floor(q / sxy);
    const y = Math.floor((q - z * sxy) / nx);
    const x = q - z * sxy - y * nx;
    // a first bound along the query's own column of rows (same y): finds a slab moved by a slice at once
    let best = Infinity;
    for (let dz = 0; dz < nz; dz++) {
      const cz = wz * dz * dz;
      if (cz >= best) break;
      for (const w of dz ? [z - dz, z + dz] : [z]) {
        if (w < 0 || w >= nz) continue;
        const row = w * ny + y;
        reads++;
        if (rowHas[row] && d[row * nx + x] + cz < best) best = d[row * nx + x] + cz;
      }
    }
    for (let dz = 0; dz < nz; dz++) {
      const cz = wz * dz * dz;
      if (cz >= best) break;
      for (let side = 0; side < (dz ? 2 : 1); side++) {
        const w = side ? z - dz : z + dz;
        if (w < 0 || w >= nz || !sliceHas[w]) continue;
        for (let dy = 0; dy < ny; dy++) {
          const c = cz + wy * dy * dy;
          if (c >= best) break;
          for (let up = 0; up < (dy ? 2 : 1); up++) {
            const v = up ? y - dy : y + dy;
            if (v < 0 || v >= ny) continue;
            const row = w * ny + v;
            reads++;
            if (!rowHas[row]) continue;
            const e = d[row * nx + x] + c;
            if (e < best) best = e;
          }
        }
      }
    }
    if (reads > budget) return false;
    out[i] = Math.sqrt(best);
  }
  return true;
}

/**
 * Distance (mm) from each of `queries` to the nearest of `features` (box-local voxel indices; counts nq, nf) in
 * a box of nx*ny*nz voxels, written to out[0..nq). Searches first; when the features lie far from the queries
 * it completes the separable transform instead (`method` forces one way, for tests).
 */
export function nearestDistances(
  features: Int32Array,
  nf: number,
  queries: Int32Array,
  nq: number,
  g: BoxGeometry,
  ws: Workspace,
  out: Float64Array,
  method: 'auto' | 'search' | 'transform' = 'auto',
): void {
  const { d, rowHas } = rowPass(features, nf, g, ws);
  const budget = method === 'search' ? Infinity : method === 'transform' ? -1 : 32 * nq + g.nx * g.ny * g.nz;
  if (method !== 'transform' && searchRows(d, rowHas, queries, nq, g, out, budget)) return;
  transformRest(d, rowHas, queries, nq, g, ws);
  for (let i = 0; i < nq; i++) out[i] = Math.sqrt(d[queries[i]]);
}

/** The y and z passes of the exact transform, after rowPass (rows without features are filled here). */
function transformRest(d: Float32Array, rowHas: Uint8Array, queries: Int32Array, nq: number, g: BoxGeometry, ws: Workspace): void {
  const { nx, ny, nz, spacing } = g;
  const sxy = nx * ny;
  for (let r = 0; r < ny * nz; r++) if (!rowHas[r]) d.fill(Infinity, r * nx, (r + 1) * nx);
  const longest = Math.max(nx, ny, nz);
  const f = ws.float64(0, longest);
  const zz = ws.float64(1, longest + 1);
  const v = ws.int32(2, longest);
  const wy = spacing[1] * spacing[1];
  for (let z = 0; z < nz; z++) {
    let any = false;
    for (let y = 0; y < ny && !any; y++) any = rowHas[z * ny + y] === 1;
    if (!any) continue;
    for (let x = 0; x < nx; x++) envelope(d, z * sxy + x, nx, ny, wy, f, v, zz);
  }
  // z: only along the lines the queries lie on
  if (nz > 1) {
    const wz = spacing[2] * spacing[2];
    const lineHas = ws.uint8(2, sxy);
    lineHas.fill(0);
    for (let i = 0; i < nq; i++) lineHas[queries[i] % sxy] = 1;
    for (let l = 0; l < sxy; l++) if (lineHas[l]) envelope(d, l, sxy, nz, wz, f, v, zz);
  }
}
