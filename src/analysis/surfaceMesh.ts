// The surface of a binary mask as a closed triangle mesh in patient coordinates (LPS, mm), for the 3D view.
//
// Marching tetrahedra on the lattice of voxel centres: each cell of 2x2x2 centres is cut into six tetrahedra
// along its main diagonal (the Kuhn / Freudenthal split, the same on every cell, so neighbouring cells cut their
// shared faces alike). Inside a tetrahedron the interpolated field is linear, so its level set is one triangle or
// one planar quad, and the pieces of neighbouring tetrahedra meet edge to edge: the mesh has no holes and no edge
// with more than two triangles, whatever the mask (marching cubes would need its ambiguous cases resolved for
// that). A vertex sits where the field crosses half way between an inside and an outside centre, i.e. on the
// voxel's face along the grid axes, so the mesh's extent is the mask's voxels' extent. Triangles are wound with
// their normal pointing out of the mask in patient space (the grid's affine may be left-handed).
//
// Big masks are computed on blocks of fx x fy x fz voxels (the field is then the fraction of the block inside,
// still cut at one half): the block grows along the finest axes first until the lattice fits `maxCells` and the
// surface's estimated triangles fit `maxTriangles`. At full resolution the field may be blurred first (`smooth`),
// which turns the terraces of thick slices into slopes.
import type { Affine3D } from '../dicom/geometry/volumeGrid';
import type { BoxMask } from './mask';

export interface SurfaceMesh {
  /** x, y, z per vertex, patient mm */
  positions: Float32Array;
  /** unit normal per vertex (area-weighted mean of its triangles'), pointing out of the mask */
  normals: Float32Array;
  /** three vertex indices per triangle, counter-clockwise seen from outside */
  triangles: Uint32Array;
  /** voxels per lattice cell along columns, rows, slices: [1, 1, 1] unless the mask was big */
  block: [number, number, number];
}

export interface SurfaceOptions {
  /** most lattice points before voxels are taken in blocks (default 8M: a 256x256x128 box at full resolution) */
  maxCells?: number;
  /** about the most triangles wanted: blocks grow until the surface's estimate (boundaryFaces) is below it */
  maxTriangles?: number;
  /**
   * Blur the lattice with a 1-2-1 kernel along each axis before cutting it at one half: the voxel terraces become
   * slopes (most visible with thick slices), the volume and extent stay within a few % and half a voxel.
   */
  smooth?: boolean;
}

export const DEFAULT_MAX_CELLS = 8 * 1024 * 1024;

/** The six tetrahedra of a cell, as corners c = dx + 2 dy + 4 dz, each a path from corner 0 to corner 7. */
const TETS = [
  [0, 1, 3, 7],
  [0, 1, 5, 7],
  [0, 2, 3, 7],
  [0, 2, 6, 7],
  [0, 4, 5, 7],
  [0, 4, 6, 7],
];

/** Block size per axis: the finest axis (in mm per block) grows first until the lattice is small enough. */
export function blockFor(size: [number, number, number], spacing: readonly number[], maxCells: number, small?: (block: readonly number[]) => boolean): [number, number, number] {
  const f: [number, number, number] = [1, 1, 1];
  const cells = (): number => Math.ceil(size[0] / f[0]) * Math.ceil(size[1] / f[1]) * Math.ceil(size[2] / f[2]);
  while (cells() > maxCells || (small && !small(f) && f.some((v, a) => v < size[a]))) {
    let axis = -1;
    for (let a = 0; a < 3; a++) if (f[a] < size[a] && (axis < 0 || spacing[a] * f[a] < spacing[axis] * f[axis])) axis = a;
    if (axis < 0) break;
    f[axis]++;
  }
  return f;
}

/** A growable typed array. */
class Grow<T extends Float64Array | Uint32Array> {
  length = 0;
  constructor(public data: T) {}
  push(v: number): void {
    if (this.length === this.data.length) {
      const bigger = new (this.data.constructor as new (n: number) => T)(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = v;
  }
}

/** Faces between a voxel of the mask and one outside, per axis (normal along columns, rows, slices). */
export function boundaryFaces(mask: BoxMask): [number, number, number] {
  const b = mask.box;
  if (!b) return [0, 0, 0];
  const d = mask.data;
  let fx = 0, fy = 0, fz = 0;
  const plane = b.nx * b.ny;
  for (let z = 0, i = 0; z < b.nz; z++)
    for (let y = 0; y < b.ny; y++)
      for (let x = 0; x < b.nx; x++, i++) {
        const v = d[i];
        // the box's own sides count where a voxel is set
        if (x === 0 ? v : v !== d[i - 1]) fx++;
        if (y === 0 ? v : v !== d[i - b.nx]) fy++;
        if (z === 0 ? v : v !== d[i - plane]) fz++;
        if (x === b.nx - 1 && v) fx++;
        if (y === b.ny - 1 && v) fy++;
        if (z === b.nz - 1 && v) fz++;
      }
  return [fx, fy, fz];
}

/**
 * Triangles a mask's surface comes to on blocks of `block` voxels: a block face stands for bx*by voxel faces of
 * its plane, and the six tetrahedra make about TRIANGLES_PER_FACE triangles of each (6.4 on a sphere, 7.7 on a
 * box: marching tetrahedra pays for its closed surfaces with about three times marching cubes' triangles).
 */
const TRIANGLES_PER_FACE = 7;
function estimatedTriangles(faces: [number, number, number], b: readonly number[]): number {
  return TRIANGLES_PER_FACE * (faces[0] / (b[1] * b[2]) + faces[1] / (b[0] * b[2]) + faces[2] / (b[0] * b[1]));
}

/**
 * The closed surface around the voxels of `mask` (an empty mesh for an empty mask), with vertices mapped to
 * patient space by `toPatient` ((column, row, slice) -> LPS, VolumeGrid.toPatient).
 */
export function surfaceMesh(mask: BoxMask, toPatient: Affine3D, spacing: readonly number[], opts: SurfaceOptions = {}): SurfaceMesh {
  const box = mask.box;
  if (!box || !mask.voxels) return { positions: new Float32Array(0), normals: new Float32Array(0), triangles: new Uint32Array(0), block: [1, 1, 1] };
  const faces = opts.maxTriangles ? boundaryFaces(mask) : null;
  const block = blockFor([box.nx, box.ny, box.nz], spacing, opts.maxCells ?? DEFAULT_MAX_CELLS, faces && opts.maxTriangles ? (b) => estimatedTriangles(faces, b) <= (opts.maxTriangles as number) : undefined);
  const [fx, fy, fz] = block;
  // The lattice: one point per block, with layers of empty points all round so the surface closes (two when
  // smoothing, which spreads the mask by one).
  // Along the axes at full resolution only: along a block the field is a fraction already, and a blur over
  // blocks would shrink the surface by its width squared over the curvature radius (a block is millimetres).
  const blurred = opts.smooth ? block.map((f) => f === 1) : [false, false, false];
  const smooth = blurred.some((b) => b);
  const pad = smooth ? 2 : 1;
  const ni = Math.ceil(box.nx / fx) + 2 * pad;
  const nj = Math.ceil(box.ny / fy) + 2 * pad;
  const nk = Math.ceil(box.nz / fz) + 2 * pad;
  const counts = new Uint16Array(ni * nj * nk);
  for (let z = 0; z < box.nz; z++) {
    const k = Math.floor(z / fz) + pad;
    for (let y = 0; y < box.ny; y++) {
      const row = (k * nj + Math.floor(y / fy) + pad) * ni + pad;
      const from = (z * box.ny + y) * box.nx;
      for (let x = 0; x < box.nx; x++) if (mask.data[from + x]) counts[row + ((x / fx) | 0)]++;
    }
  }
  const field = smooth ? smoothed(counts, [ni, nj, nk], blurred) : counts;
  // A count exactly at the level (an even block half full) would put a vertex on a lattice point, where
  // the vertices of several edges would coincide: the level is moved off the integers.
  const cellSize = fx * fy * fz;
  const level = cellSize / 2 + (smooth || cellSize % 2 === 0 ? 0.01 : 0);
  // Lattice index -> its share of the patient position (the block's centre), per axis: p = ox[i] + oy[j] + oz[k].
  const along = (n: number, f: number, first: number, column: number): Float64Array => {
    const out = new Float64Array(3 * n);
    for (let i = 0; i < n; i++) {
      const v = first + (i - pad) * f + (f - 1) / 2;
      for (let a = 0; a < 3; a++) out[3 * i + a] = toPatient[4 * a + column] * v + (column === 0 ? toPatient[4 * a + 3] : 0);
    }
    return out;
  };
  const ox = along(ni, fx, box.x0, 0);
  const oy = along(nj, fy, box.y0, 1);
  const oz = along(nk, fz, box.z0, 2);

  const pos = new Grow(new Float64Array(3 * 4096));
  const tri = new Grow(new Uint32Array(3 * 4096));
  // Vertex of each lattice edge (lower point, direction 1..7) for the two lattice layers of the current cell
  // layer: the upper layer's in-plane edges are the next cell layer's lower ones.
  const layerSize = ni * nj * 7;
  let lower = new Int32Array(layerSize).fill(-1);
  let upper = new Int32Array(layerSize).fill(-1);
  const corner = new Float64Array(8);
  const cornerInside = new Uint8Array(8);
  const cornerPatient = new Float64Array(24);
  const edgeVertex = new Int32Array(64);
  const ins = new Int32Array(4);
  const outs = new Int32Array(4);
  let i = 0, j = 0;

  // The vertex on the edge from corner u to corner v of the current cell (u's bits a subset of v's).
  const vertexOn = (u: number, v: number): number => {
    const slot = u * 8 + v;
    if (edgeVertex[slot] >= 0) return edgeVertex[slot];
    const cache = u & 4 ? upper : lower;
    const at = ((j + ((u >> 1) & 1)) * ni + i + (u & 1)) * 7 + (u ^ v) - 1;
    let index = cache[at];
    if (index < 0) {
      const t = (level - corner[u]) / (corner[v] - corner[u]);
      index = pos.length / 3;
      for (let a = 0; a < 3; a++) pos.push(cornerPatient[3 * u + a] + t * (cornerPatient[3 * v + a] - cornerPatient[3 * u + a]));
      cache[at] = index;
    }
    edgeVertex[slot] = index;
    return index;
  };
  const edge = (p: number, q: number): number => (p < q ? vertexOn(p, q) : vertexOn(q, p));
  // A triangle wound so that its normal points from corner `inner` (inside) to corner `outer`.
  const emit = (a: number, b: number, c: number, inner: number, outer: number): void => {
    const d = pos.data;
    const ux = d[3 * b] - d[3 * a], uy = d[3 * b + 1] - d[3 * a + 1], uz = d[3 * b + 2] - d[3 * a + 2];
    const wx = d[3 * c] - d[3 * a], wy = d[3 * c + 1] - d[3 * a + 1], wz = d[3 * c + 2] - d[3 * a + 2];
    const nx = uy * wz - uz * wy, ny = uz * wx - ux * wz, nz = ux * wy - uy * wx;
    const gx = cornerPatient[3 * outer] - cornerPatient[3 * inner];
    const gy = cornerPatient[3 * outer + 1] - cornerPatient[3 * inner + 1];
    const gz = cornerPatient[3 * outer + 2] - cornerPatient[3 * inner + 2];
    const flip = nx * gx + ny * gy + nz * gz < 0;
    tri.push(a);
    tri.push(flip ? c : b);
    tri.push(flip ? b : c);
  };
  const tetrahedron = (t: readonly number[]): void => {
    let nIn = 0, nOut = 0;
    for (let q = 0; q < 4; q++) {
      const c = t[q];
      if (cornerInside[c]) ins[nIn++] = c;
      else outs[nOut++] = c;
    }
    if (nIn === 0 || nOut === 0) return;
    if (nIn === 1) emit(edge(ins[0], outs[0]), edge(ins[0], outs[1]), edge(ins[0], outs[2]), ins[0], outs[0]);
    else if (nOut === 1) emit(edge(outs[0], ins[0]), edge(outs[0], ins[1]), edge(outs[0], ins[2]), ins[0], outs[0]);
    else {
      // Two in, two out: the quad a-c, a-d, b-d, b-c (a, b in; c, d out), as two triangles.
      const ac = edge(ins[0], outs[0]), ad = edge(ins[0], outs[1]), bd = edge(ins[1], outs[1]), bc = edge(ins[1], outs[0]);
      emit(ac, ad, bd, ins[0], outs[0]);
      emit(ac, bd, bc, ins[0], outs[0]);
    }
  };

  for (let k = 0; k < nk - 1; k++) {
    for (j = 0; j < nj - 1; j++) {
      const row0 = (k * nj + j) * ni;
      for (i = 0; i < ni - 1; i++) {
        let bits = 0;
        for (let c = 0; c < 8; c++) {
          const v = field[row0 + (c >> 2) * nj * ni + ((c >> 1) & 1) * ni + i + (c & 1)];
          corner[c] = v;
          cornerInside[c] = v > level ? 1 : 0;
          bits |= cornerInside[c] << c;
        }
        if (bits === 0 || bits === 255) continue;
        for (let c = 0; c < 8; c++) {
          const xi = 3 * (i + (c & 1)), yj = 3 * (j + ((c >> 1) & 1)), zk = 3 * (k + (c >> 2));
          for (let a = 0; a < 3; a++) cornerPatient[3 * c + a] = ox[xi + a] + oy[yj + a] + oz[zk + a];
        }
        edgeVertex.fill(-1);
        for (const t of TETS) tetrahedron(t);
      }
    }
    // The next cell layer: its lower lattice layer is this one's upper.
    [lower, upper] = [upper, lower];
    upper.fill(-1);
  }
  const positions = Float32Array.from(pos.data.subarray(0, pos.length));
  const triangles = tri.data.slice(0, tri.length);
  return { positions, normals: vertexNormals(pos.data, pos.length / 3, triangles), triangles, block };
}

/** The counts blurred with a 1-2-1 kernel (weights 1/4, 1/2, 1/4) along the axes (i, j, k) chosen. */
function smoothed(counts: Uint16Array, size: [number, number, number], axes: boolean[]): Float32Array {
  let a = Float32Array.from(counts);
  let b = new Float32Array(a.length);
  const strides = [1, size[0], size[0] * size[1]];
  for (let axis = 0; axis < 3; axis++) {
    if (!axes[axis]) continue;
    const stride = strides[axis];
    const n = size[axis];
    for (let p = 0; p < a.length; p++) {
      const at = Math.floor(p / stride) % n;
      const before = at > 0 ? a[p - stride] : 0;
      const after = at < n - 1 ? a[p + stride] : 0;
      b[p] = 0.25 * (before + after) + 0.5 * a[p];
    }
    [a, b] = [b, a];
  }
  return a;
}

/** Area-weighted mean of the normals of each vertex's triangles, unit length. */
function vertexNormals(p: Float64Array, vertices: number, triangles: Uint32Array): Float32Array {
  const n = new Float64Array(vertices * 3);
  for (let t = 0; t < triangles.length; t += 3) {
    const a = 3 * triangles[t], b = 3 * triangles[t + 1], c = 3 * triangles[t + 2];
    const ux = p[b] - p[a], uy = p[b + 1] - p[a + 1], uz = p[b + 2] - p[a + 2];
    const wx = p[c] - p[a], wy = p[c + 1] - p[a + 1], wz = p[c + 2] - p[a + 2];
    const nx = uy * wz - uz * wy, ny = uz * wx - ux * wz, nz = ux * wy - uy * wx;
    for (const v of [a, b, c]) {
      n[v] += nx;
      n[v + 1] += ny;
      n[v + 2] += nz;
    }
  }
  const out = new Float32Array(vertices * 3);
  for (let v = 0; v < n.length; v += 3) {
    const l = Math.hypot(n[v], n[v + 1], n[v + 2]) || 1;
    out[v] = n[v] / l;
    out[v + 1] = n[v + 1] / l;
    out[v + 2] = n[v + 2] / l;
  }
  return out;
}

/**
 * Triangles all the surfaces of a 3D view may come to together: a few million draw smoothly on an integrated
 * GPU, and the worker computes them in seconds.
 */
export const SURFACE_TRIANGLES_TOTAL = 4_000_000;

/**
 * The next surface's share of SURFACE_TRIANGLES_TOTAL: what the surfaces made so far left (`spent`), shared by the
 * `remaining` ones (this one included), between 30k and 500k. Small regions take less than their share, so the
 * big ones that come later get more.
 */
export function triangleBudget(remaining: number, spent = 0): number {
  return Math.max(30_000, Math.min(500_000, Math.floor((SURFACE_TRIANGLES_TOTAL - spent) / Math.max(1, remaining))));
}
