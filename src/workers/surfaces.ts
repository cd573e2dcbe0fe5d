// The decode worker's surfaces for the 3D view: a region's voxels on the shown series' grid (found by
// quality.ts like its statistics: SEG labels held, RTSTRUCT contours rasterised) -> a closed mesh in patient
// coordinates (analysis/surfaceMesh.ts), in the cell layout vtk.js draws as is, so the page only wraps buffers.
//
// Our own surfaces rather than Cornerstone's: its polymorphic segmentation (labelmap -> surface) needs the
// @cornerstonejs/polymorphic-segmentation package and its several-MB ITK/VTK wasm, not installed here, and it
// would run on the page's labelmaps (the worker already holds every segment's voxels on this grid).
import type { VolumeGrid } from '../dicom/geometry/volumeGrid';
import type { RegionMask } from '../analysis/annotations';
import { surfaceMesh, triangleBudget } from '../analysis/surfaceMesh';
import type { SurfaceResult } from './qualityProtocol';

/** `share`: the surfaces still to make (this one included) and the triangles those made so far came to. */
export function surfaceOf(region: RegionMask, number: number, grid: VolumeGrid, share: { remaining: number; spent: number }): SurfaceResult {
  const mesh = surfaceMesh(region.mask, grid.toPatient, grid.spacing, { maxTriangles: triangleBudget(share.remaining, share.spent), smooth: true });
  const triangles = mesh.triangles.length / 3;
  const cells = new Uint32Array(4 * triangles);
  for (let t = 0; t < triangles; t++) {
    cells[4 * t] = 3;
    cells[4 * t + 1] = mesh.triangles[3 * t];
    cells[4 * t + 2] = mesh.triangles[3 * t + 1];
    cells[4 * t + 3] = mesh.triangles[3 * t + 2];
  }
  const problems = [...region.problems];
  if (!triangles && !problems.length) problems.push('no voxels on the shown series');
  return { number, positions: mesh.positions, normals: mesh.normals, cells, block: mesh.block, problems };
}
