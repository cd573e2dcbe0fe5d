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
    for (let y = 0; y < ny; y++) {
      const row = (z * ny + y) * nx;
      for (let x = 0; x < nx; x++) {
        const i = row + x;
        if (!mask[i]) continue;
        if (
          x === 0 || x === nx - 1 || y === 0 || y === ny - 1 || z === 0 || z === nz - 1 ||
          !mask[i - 1] || !mask[i + 1] || !mask[i - nx] || !mask[i + nx] || !mask[i - sxy] || !mask[i + sxy]
        ) {
          out[n++] = i;
        }
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

/**
 * Squared distance (mm²) from voxel centres to the nearest of `features` (box-local indices, count `nf`) in a
 * box of nx*ny*nz voxels of size spacing = [x, y, z] mm. Exact at every voxel on a line along z that holds one
 * of `queries` (the last pass skips other lines); returns the distances array (workspace memory).
 */
export function squaredDistances(
  features: Int32Array,
  nf: number,
  queries: Int32Array,
  nq: number,
  nx: number,
  ny: number,
  nz: number,
  spacing: readonly [number, number, number],
  ws: Workspace,
): Float32Array {
  const size = nx * ny * nz;
  const sxy = nx * ny;
  const d = ws.float32(size);
  d.fill(Infinity);
  const rowHas = ws.uint8(2, ny * nz);
  rowHas.fill(0);
  for (let i = 0; i < nf; i++) {
    d[features[i]] = 0;
    rowHas[Math.floor(features[i] / nx)] = 1;
  }
  const longest = Math.max(nx, ny, nz);
  const f = ws.float64(0, longest);
  const zz = ws.float64(1, longest + 1);
  const v = ws.int32(2, longest);
  // x: distance to the nearest feature in the row, by two scans
  const wx = spacing[0] * spacing[0];
  for (let r = 0; r < ny * nz; r++) {
    if (!rowHas[r]) continue;
    const row = r * nx;
    let last = -Infinity;
    for (let x = 0; x < nx; x++) {
      if (d[row + x] === 0) last = x;
      f[x] = x - last;
    }
    last = Infinity;
    for (let x = nx - 1; x >= 0; x--) {
      if (d[row + x] === 0) last = x;
      const k = Math.min(f[x], last - x);
      d[row + x] = k === Infinity ? Infinity : k * k * wx;
    }
  }
  // y: per slice holding features
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
  return d;
}
