// RTSTRUCT ROI -> mask on an image grid. The one rule: a voxel is inside when its centre is inside the ROI's
// CLOSED_PLANAR contours on its slice under the even-odd rule (a contour inside an odd number of others is a
// hole; contours of one slice are taken together). A contour belongs to the slice whose plane is nearest, when
// it lies parallel to it (the grid's slices leave no gaps); other contours are reported, not guessed.
import { applyAffine, type VolumeGrid } from '../dicom/geometry/volumeGrid';
import { roiDisplayName, type StructureSet, type StructureSetROI } from '../dicom/rtstruct/model';
import { boxFromRanges, boxSize, EMPTY_MASK, tightenMask, type BoxMask } from './mask';

export interface RasterizedRoi {
  mask: BoxMask;
  /** contours left out and why, in words; empty when all closed contours were used */
  problems: string[];
}

/** How far (in slices) a contour's points may spread off its plane and still count as on one slice. */
const PARALLEL_SLICES = 0.05;

/** Polygons of one slice in voxel coordinates (x, y pairs). */
type SlicePolygons = Map<number, Float64Array[]>;

function placeContours(roi: StructureSetROI, grid: VolumeGrid, problems: string[]): SlicePolygons {
  const bySlice: SlicePolygons = new Map();
  let outside = 0;
  let oblique = 0;
  let open = 0;
  for (const c of roi.contours) {
    if (c.contourGeometricType !== 'CLOSED_PLANAR') {
      open++;
      continue;
    }
    const n = c.numberOfContourPoints;
    if (n < 3) continue;
    const xy = new Float64Array(2 * n);
    let zMin = Infinity;
    let zMax = -Infinity;
    for (let i = 0; i < n; i++) {
      const [x, y, z] = applyAffine(grid.toVoxel, c.points[3 * i], c.points[3 * i + 1], c.points[3 * i + 2]);
      xy[2 * i] = x;
      xy[2 * i + 1] = y;
      zMin = Math.min(zMin, z);
      zMax = Math.max(zMax, z);
    }
    if (zMax - zMin > PARALLEL_SLICES) {
      oblique++;
      continue;
    }
    const zc = (zMin + zMax) / 2;
    const k = Math.round(zc);
    if (k < 0 || k >= grid.slices) outside++;
    else {
      const list = bySlice.get(k);
      if (list) list.push(xy);
      else bySlice.set(k, [xy]);
    }
  }
  const name = `ROI ${roi.roiNumber} "${roiDisplayName(roi)}"`;
  const total = roi.contours.length;
  if (outside) problems.push(`${name}: ${outside} of ${total} contours lie outside the image slices; left out`);
  if (oblique) problems.push(`${name}: ${oblique} of ${total} contours are not parallel to the image slices; left out`);
  if (open && open === total) problems.push(`${name}: no CLOSED_PLANAR contours (points or open contours): no volume`);
  return bySlice;
}

/** The voxels of `roi` on `grid`; ROIs on another Frame of Reference than the grid's get a problem and no voxels. */
export function rasterizeRoi(set: StructureSet, roi: StructureSetROI, grid: VolumeGrid): RasterizedRoi {
  const problems: string[] = [];
  const frame = roi.referencedFrameOfReferenceUID ?? set.frameOfReferenceUIDs[0] ?? null;
  if (frame && grid.frameOfReferenceUID && frame !== grid.frameOfReferenceUID) {
    problems.push(`ROI ${roi.roiNumber} "${roiDisplayName(roi)}" is in frame of reference ${frame}, the image grid in ${grid.frameOfReferenceUID}: not comparable`);
    return { mask: EMPTY_MASK, problems };
  }
  const bySlice = placeContours(roi, grid, problems);
  if (!bySlice.size) return { mask: EMPTY_MASK, problems };
  let minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
  for (const list of bySlice.values())
    for (const xy of list)
      for (let i = 0; i < xy.length; i += 2) {
        minX = Math.min(minX, xy[i]);
        maxX = Math.max(maxX, xy[i]);
        minY = Math.min(minY, xy[i + 1]);
        maxY = Math.max(maxY, xy[i + 1]);
      }
  const slices = [...bySlice.keys()];
  const box = boxFromRanges(
    Math.max(0, Math.ceil(minX)), Math.min(grid.columns - 1, Math.floor(maxX)),
    Math.max(0, Math.ceil(minY)), Math.min(grid.rows - 1, Math.floor(maxY)),
    Math.min(...slices), Math.max(...slices),
  );
  if (!box) return { mask: EMPTY_MASK, problems };
  const data = new Uint8Array(boxSize(box));
  let voxels = 0;
  const crossings: number[] = [];
  for (const [k, polygons] of bySlice) {
    for (let y = box.y0; y < box.y0 + box.ny; y++) {
      crossings.length = 0;
      for (const xy of polygons) {
        const n = xy.length / 2;
        for (let i = 0, j = n - 1; i < n; j = i++) {
          const yi = xy[2 * i + 1];
          const yj = xy[2 * j + 1];
          // half-open in y, as a ray cast along +x: a vertex on the row is counted once
          if (yi > y !== yj > y) crossings.push(xy[2 * j] + ((y - yj) * (xy[2 * i] - xy[2 * j])) / (yi - yj));
        }
      }
      if (crossings.length < 2) continue;
      crossings.sort((a, b) => a - b);
      const row = ((k - box.z0) * box.ny + (y - box.y0)) * box.nx - box.x0;
      // inside when an odd number of crossings lie right of the centre: x in [c0, c1), [c2, c3), ...
      for (let p = 0; p + 1 < crossings.length; p += 2) {
        const from = Math.max(box.x0, Math.ceil(crossings[p]));
        const to = Math.min(box.x0 + box.nx - 1, Math.ceil(crossings[p + 1]) - 1);
        for (let x = from; x <= to; x++) data[row + x] = 1;
        if (to >= from) voxels += to - from + 1;
      }
    }
  }
  return { mask: voxels ? tightenMask({ box, data, voxels }) : EMPTY_MASK, problems };
}
