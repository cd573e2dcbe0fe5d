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
// still cut at one half): the block grows along the finest axes first until the lattice fits `maxCells`.
import { applyAffine, type Affine3D } from '../dicom/geometry/volumeGrid';
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
export function blockFor(size: [number, number, number], spacing: readonly number[], maxCells: number): [number, number, number] {
  const f: [number, number, number] = [1, 1, 1];
  const cells = (): number => Math.ceil(size[0] / f[0]) * Math.ceil(size[1] / f[1]) * Math.ceil(size[2] / f[2]);
  while (cells() > maxCells) {
    let axis = 0;
    for (let a = 1; a < 3; a++) if (spacing[a] * f[a] < spacing[axis] * f[axis]) axis = a;
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

/**
 * The closed surface around the voxels of `mask` (an empty mesh for an empty mask), with vertices mapped to
 * patient space by `toPatient` ((column, row, slice) -> LPS, VolumeGrid.toPatient).
 */
export function surfaceMesh(mask: BoxMask, toPatient: Affine3D, spacing: readonly number[], opts: SurfaceOptions = {}): SurfaceMesh {
  const box = mask.box;
  if (!box || !mask.voxels) return { positions: new Float32Array(0), normals: new Float32Array(0), triangles: new Uint32Array(0), block: [1, 1, 1] };
  const block = blockFor([box.nx, box.ny, box.nz], spacing, opts.maxCells ?? DEFAULT_MAX_CELLS);
  const [fx, fy, fz] = block;
  // The lattice: one point per block, with a layer of empty points all round so the surface closes.
  const ni = Math.ceil(box.nx / fx) + 2;
  const nj = Math.ceil(box.ny / fy) + 2;
  const nk = Math.ceil(box.nz / fz) + 2;
  const field = new Uint8Array(ni * nj * nk);
  for (let z = 0; z < box.nz; z++) {
    const k = Math.floor(z / fz) + 1;
    for (let y = 0; y < box.ny; y++) {
      const row = (k * nj + Math.floor(y / fy) + 1) * ni + 1;
      const from = (z * box.ny + y) * box.nx;
      for (let x = 0; x < box.nx; x++) if (mask.data[from + x]) field[row + ((x / fx) | 0)]++;
    }
  }
  // A count exactly at the level (an even block half full) would put a vertex on a lattice point, where
  // the vertices of several edges would coincide: the level is moved off the integers.
  const cellSize = fx * fy * fz;
  const level = cellSize / 2 + (cellSize % 2 === 0 ? 0.01 : 0);
  // Lattice point -> voxel coordinates (the centre of its block).
  const vx = (i: number): number => box.x0 + (i - 1) * fx + (fx - 1) / 2;
  const vy = (j: number): number => box.y0 + (j - 1) * fy + (fy - 1) / 2;
  const vz = (k: number): number => box.z0 + (k - 1) * fz + (fz - 1) / 2;

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

  for (let k = 0; k < nk - 1; k++) {
    for (let j = 0; j < nj - 1; j++) {
      for (let i = 0; i < ni - 1; i++) {
        let bits = 0;
        for (let c = 0; c < 8; c++) {
          const v = field[((k + (c >> 2)) * nj + j + ((c >> 1) & 1)) * ni + i + (c & 1)];
          corner[c] = v;
          cornerInside[c] = v > level ? 1 : 0;
          bits |= cornerInside[c] << c;
        }
        if (bits === 0 || bits === 255) continue;
        for (let c = 0; c < 8; c++) {
          const p = applyAffine(toPatient, vx(i + (c & 1)), vy(j + ((c >> 1) & 1)), vz(k + (c >> 2)));
          cornerPatient[3 * c] = p[0];
          cornerPatient[3 * c + 1] = p[1];
          cornerPatient[3 * c + 2] = p[2];
        }
        edgeVertex.fill(-1);
        // The vertex on the edge from corner u to corner v (u's bits a subset of v's).
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
        // A triangle wound so that its normal points from `inner` (an inside corner) to `outer`.
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
        const edge = (p: number, q: number): number => (p < q ? vertexOn(p, q) : vertexOn(q, p));
        for (const t of TETS) {
          const ins: number[] = [];
          const outs: number[] = [];
          for (const c of t) (cornerInside[c] ? ins : outs).push(c);
          if (ins.length === 0 || outs.length === 0) continue;
          if (ins.length === 1 || outs.length === 1) {
            const lone = ins.length === 1 ? ins[0] : outs[0];
            const others = ins.length === 1 ? outs : ins;
            const [inner, outer] = ins.length === 1 ? [lone, others[0]] : [others[0], lone];
            emit(edge(lone, others[0]), edge(lone, others[1]), edge(lone, others[2]), inner, outer);
          } else {
            // Two in, two out: the quad a-c, a-d, b-d, b-c (a, b in; c, d out), as two triangles.
            const [a, b] = ins;
            const [c, d] = outs;
            const ac = edge(a, c), ad = edge(a, d), bd = edge(b, d), bc = edge(b, c);
            emit(ac, ad, bd, a, c);
            emit(ac, bd, bc, a, c);
          }
        }
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
