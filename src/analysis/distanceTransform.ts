// Exact Euclidean distance transform with anisotropic voxels, separable (Saito-Toriwaki / Felzenszwalb-
// Huttenlocher): a 1D pass per axis, each taking the lower envelope of parabolas spaced by the voxel size along
// that axis. Squared distances in mm² are exact sums of per-axis squares (only stored as float32).
//
// Computed over a box that holds every feature voxel and every voxel asked about, which makes it exact for
// those voxels: the nearest feature of a query is a feature, and all features are in the box.

/**
 * Scratch memory kept between calls: first writes to fresh memory are slow (~3 ms/MB on small VMs). Slots in
 * use: uint32 0-1 the two packed masks, 2-3 their surfaces; int32 0-1 voxel lists for the transform, 2
 * envelope, 3-4 surface voxels per row, 5-6 per slice; uint8 2 line flags; float64 0-1 envelope, 2 distances.
 */
export class Workspace {
  private f32 = new Float32Array(0);
  private u8: Uint8Array[] = [];
  private u32: Uint32Array[] = [];
  private i32: Int32Array[] = [];
  private f64: Float64Array[] = [];

  float32(n: number): Float32Array {
    if (this.f32.length < n) this.f32 = new Float32Array(Math.ceil(n * 1.25));
    return this.f32.subarray(0, n);
  }
  uint8(slot: number, n: number): Uint8Array {
    return slotOf(this.u8, slot, n, (k) => new Uint8Array(k));
  }
  uint32(slot: number, n: number): Uint32Array {
    return slotOf(this.u32, slot, n, (k) => new Uint32Array(k));
  }
  int32(slot: number, n: number): Int32Array {
    return slotOf(this.i32, slot, n, (k) => new Int32Array(k));
  }
  float64(slot: number, n: number): Float64Array {
    return slotOf(this.f64, slot, n, (k) => new Float64Array(k));
  }
}

/** slots[slot] grown (by a quarter more, so slowly growing sizes do not reallocate each time) to hold n. */
function slotOf<T extends Uint8Array | Uint32Array | Int32Array | Float64Array>(slots: T[], slot: number, n: number, make: (k: number) => T): T {
  let a = slots[slot];
  if (!a || a.length < n) slots[slot] = a = make(Math.ceil(n * 1.25));
  return a.subarray(0, n) as T;
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
 * Distance (mm) from each of `queries` to the nearest of `features` (box-local voxel indices; counts nq, nf) in
 * a box of nx*ny*nz voxels, written to out[0..nq), by the full separable transform: its cost is the box, not
 * how far apart the two lie (the search's fallback; surfaceDistances.ts).
 */
export function transformDistances(features: Int32Array, nf: number, queries: Int32Array, nq: number, g: BoxGeometry, ws: Workspace, out: Float64Array): void {
  const { d, rowHas } = rowPass(features, nf, g, ws);
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
