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

/** The box of inclusive index ranges, null when a range is empty. */
export function boxFromRanges(minX: number, maxX: number, minY: number, maxY: number, minZ: number, maxZ: number): Box | null {
  if (maxX < minX || maxY < minY || maxZ < minZ) return null;
  return { x0: minX, y0: minY, z0: minZ, nx: maxX - minX + 1, ny: maxY - minY + 1, nz: maxZ - minZ + 1 };
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
