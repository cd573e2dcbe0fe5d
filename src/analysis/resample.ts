// A mask on one voxel grid -> the same region on another grid (same Frame of Reference), nearest neighbour:
// a target voxel is inside when the source voxel whose centre is nearest to the target voxel's centre (through
// patient coordinates: target voxel -> patient -> fractional source voxel, rounded) is inside. Only the
// target voxels whose centres can land in the source box are visited.
import { applyAffine, composeAffine, sameGrid, type VolumeGrid } from '../dicom/geometry/volumeGrid';
import { boxSize, EMPTY_MASK, tightenMask, type Box, type BoxMask } from './mask';

/** The target voxels a source box can reach: its corners (half a voxel out) mapped, then widened to whole voxels. */
function targetBox(from: VolumeGrid, box: Box, to: VolumeGrid): Box | null {
  const m = composeAffine(to.toVoxel, from.toPatient);
  const lo = [Infinity, Infinity, Infinity];
  const hi = [-Infinity, -Infinity, -Infinity];
  for (const x of [box.x0 - 0.5, box.x0 + box.nx - 0.5])
    for (const y of [box.y0 - 0.5, box.y0 + box.ny - 0.5])
      for (const z of [box.z0 - 0.5, box.z0 + box.nz - 0.5]) {
        const p = applyAffine(m, x, y, z);
        for (let a = 0; a < 3; a++) {
          lo[a] = Math.min(lo[a], p[a]);
          hi[a] = Math.max(hi[a], p[a]);
        }
      }
  const size = [to.columns, to.rows, to.slices];
  const a0 = lo.map((v) => Math.max(0, Math.floor(v)));
  const a1 = hi.map((v, a) => Math.min(size[a] - 1, Math.ceil(v)));
  if (a0.some((v, a) => v > a1[a])) return null;
  return { x0: a0[0], y0: a0[1], z0: a0[2], nx: a1[0] - a0[0] + 1, ny: a1[1] - a0[1] + 1, nz: a1[2] - a0[2] + 1 };
}

/** `mask` (on `from`) on the grid `to`; the same object when the grids coincide. */
export function resampleMask(from: VolumeGrid, mask: BoxMask, to: VolumeGrid): BoxMask {
  if (sameGrid(from, to)) return mask;
  const src = mask.box;
  if (!src) return EMPTY_MASK;
  const box = targetBox(from, src, to);
  if (!box) return EMPTY_MASK;
  // target voxel -> fractional source voxel
  const m = composeAffine(from.toVoxel, to.toPatient);
  const data = new Uint8Array(boxSize(box));
  let voxels = 0;
  for (let z = 0; z < box.nz; z++) {
    for (let y = 0; y < box.ny; y++) {
      const [px, py, pz] = applyAffine(m, box.x0, box.y0 + y, box.z0 + z);
      const row = (z * box.ny + y) * box.nx;
      for (let x = 0; x < box.nx; x++) {
        const sx = Math.round(px + m[0] * x) - src.x0;
        const sy = Math.round(py + m[4] * x) - src.y0;
        const sz = Math.round(pz + m[8] * x) - src.z0;
        if (sx < 0 || sy < 0 || sz < 0 || sx >= src.nx || sy >= src.ny || sz >= src.nz) continue;
        if (mask.data[(sz * src.ny + sy) * src.nx + sx]) {
          data[row + x] = 1;
          voxels++;
        }
      }
    }
  }
  return voxels ? tightenMask({ box, data, voxels }) : EMPTY_MASK;
}
