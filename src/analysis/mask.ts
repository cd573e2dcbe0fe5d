// Binary masks on a voxel grid, stored only over their bounding box: a 104-segment comparison on a 512x512x300
// grid would need 8 GB as full-grid masks, and a few hundred MB as boxes. Voxel order inside a box is the
// grid's: column fastest, then row, then slice (as the label slices are laid out).

/** Voxel index ranges [x0, x0 + nx) x [y0, y0 + ny) x [z0, z0 + nz) along columns, rows and slices. */
export interface Box {
  x0: number;
  y0: number;
  z0: number;
  nx: number;
  ny: number;
  nz: number;
}

export interface BoxMask {
  /** null for an empty mask */
  box: Box | null;
  /** nx*ny*nz, 1 inside, 0 outside (empty array for an empty mask) */
  data: Uint8Array;
  /** voxels set */
  voxels: number;
}

export const EMPTY_MASK: BoxMask = { box: null, data: new Uint8Array(0), voxels: 0 };

export function boxSize(b: Box): number {
  return b.nx * b.ny * b.nz;
}

export function unionBox(a: Box | null, b: Box | null): Box | null {
  if (!a) return b;
  if (!b) return a;
  const x0 = Math.min(a.x0, b.x0);
  const y0 = Math.min(a.y0, b.y0);
  const z0 = Math.min(a.z0, b.z0);
  return {
    x0,
    y0,
    z0,
    nx: Math.max(a.x0 + a.nx, b.x0 + b.nx) - x0,
    ny: Math.max(a.y0 + a.ny, b.y0 + b.ny) - y0,
    nz: Math.max(a.z0 + a.nz, b.z0 + b.nz) - z0,
  };
}

/** The box of inclusive index ranges, null when a range is empty. */
export function boxFromRanges(minX: number, maxX: number, minY: number, maxY: number, minZ: number, maxZ: number): Box | null {
  if (maxX < minX || maxY < minY || maxZ < minZ) return null;
  return { x0: minX, y0: minY, z0: minZ, nx: maxX - minX + 1, ny: maxY - minY + 1, nz: maxZ - minZ + 1 };
}

/**
 * Copies `mask` into `out` laid out over `box` (which must contain the mask's box), zeroing the rest of `out`'s
 * first boxSize(box) bytes.
 */
export function embedMask(mask: BoxMask, box: Box, out: Uint8Array): Uint8Array {
  const size = boxSize(box);
  const view = out.subarray(0, size);
  view.fill(0);
  const m = mask.box;
  if (!m) return view;
  const dx = m.x0 - box.x0;
  const dy = m.y0 - box.y0;
  const dz = m.z0 - box.z0;
  if (dx < 0 || dy < 0 || dz < 0 || dx + m.nx > box.nx || dy + m.ny > box.ny || dz + m.nz > box.nz) {
    throw new Error('embedMask: the box does not contain the mask');
  }
  for (let z = 0; z < m.nz; z++) {
    for (let y = 0; y < m.ny; y++) {
      const from = (z * m.ny + y) * m.nx;
      view.set(mask.data.subarray(from, from + m.nx), ((z + dz) * box.ny + y + dy) * box.nx + dx);
    }
  }
  return view;
}

/** A mask from a dense grid-sized array (tests, small grids): voxel (x, y, z) is dense[(z*rows + y)*columns + x]. */
export function maskFromDense(dense: ArrayLike<number>, columns: number, rows: number, slices: number): BoxMask {
  let minX = Infinity, maxX = -1, minY = Infinity, maxY = -1, minZ = Infinity, maxZ = -1;
  for (let z = 0, i = 0; z < slices; z++) {
    for (let y = 0; y < rows; y++) {
      for (let x = 0; x < columns; x++, i++) {
        if (!dense[i]) continue;
        if (x < minX) minX = x;
        if (x > maxX) maxX = x;
        if (y < minY) minY = y;
        if (y > maxY) maxY = y;
        if (z < minZ) minZ = z;
        if (z > maxZ) maxZ = z;
      }
    }
  }
  const box = boxFromRanges(minX, maxX, minY, maxY, minZ, maxZ);
  if (!box) return EMPTY_MASK;
  const data = new Uint8Array(boxSize(box));
  let voxels = 0;
  for (let z = 0; z < box.nz; z++) {
    for (let y = 0; y < box.ny; y++) {
      const row = ((z + box.z0) * rows + y + box.y0) * columns + box.x0;
      for (let x = 0; x < box.nx; x++) {
        if (dense[row + x]) {
          data[(z * box.ny + y) * box.nx + x] = 1;
          voxels++;
        }
      }
    }
  }
  return { box, data, voxels };
}

/** The smallest box of a mask whose box may be loose (after resampling): same voxels, tight box. */
export function tightenMask(mask: BoxMask): BoxMask {
  const b = mask.box;
  if (!b) return mask;
  const tight = maskFromDense(mask.data, b.nx, b.ny, b.nz);
  if (!tight.box) return EMPTY_MASK;
  return { ...tight, box: { ...tight.box, x0: tight.box.x0 + b.x0, y0: tight.box.y0 + b.y0, z0: tight.box.z0 + b.z0 } };
}
