// A decoded structure set placed on the slices of one image series: which contours each slice shows, which
// slices each ROI covers (and its middle slice, for "jump to ROI"), and what could not be placed, in words.
import { placeContour, type ContourPlacement, type SliceStack } from '../geometry/contourPlacement';
import { roiDisplayName, type StructureSet, type StructureSetROI } from './model';

export interface RoiPlacement {
  roiNumber: number;
  /** One per contour of the ROI, same order as StructureSetROI.contours. */
  placements: ContourPlacement[];
  /** Slices holding at least one of its contours, in position order along the slice normal. */
  sliceIndices: number[];
  /** The covered slice in the middle of sliceIndices (a slice that really shows the ROI); null if none. */
  middleSliceIndex: number | null;
  problems: string[];
}

export interface ContourOnSlice {
  /** Index into StructureSet.rois */
  roiIndex: number;
  /** Index into StructureSetROI.contours */
  contourIndex: number;
}

export interface StructureSetPlacement {
  rois: RoiPlacement[];
  /** For each slice of the stack (caller's order): the planar contours lying on it. */
  contoursBySlice: ContourOnSlice[][];
  /** Problems of the whole set, e.g. a frame of reference the series does not share. */
  problems: string[];
}

export interface PlaceStructureSetOptions {
  /** FrameOfReferenceUID of the series; when given, ROIs in another frame are not placed. */
  frameOfReferenceUID?: string | null;
  /** How to name the series in messages (SeriesDescription). */
  seriesName?: string;
}

const fmt = (v: number): string => String(Math.round(v * 100) / 100);

/** 'z' for an axial stack, else the slice normal itself, so messages use the coordinates people know. */
function axisName(stack: SliceStack): string {
  const [x, y, z] = stack.normal;
  if (Math.abs(z) > 0.9999) return z > 0 ? 'z' : '-z';
  return `position along (${[x, y, z].map((c) => fmt(c)).join(', ')})`;
}

function positionOrder(stack: SliceStack, indices: Set<number>): number[] {
  return Array.from(stack.byPosition).filter((i) => indices.has(i));
}

function count(what: number, total: number): string {
  return what === total ? `all ${total} contours` : `${what} of ${total} contours`;
}

function placeRoi(roi: StructureSetROI, stack: SliceStack, seriesName: string): RoiPlacement {
  const placements = roi.contours.map((c) =>
    placeContour(c.points, stack, { nonplanar: c.contourGeometricType === 'OPEN_NONPLANAR' }),
  );
  const covered = new Set<number>();
  const outside: number[] = [];
  const between: number[] = [];
  const oblique: Array<number | null> = [];
  let misreferenced = 0;
  // Frames of one multi-frame instance share its UID, so the frame number is part of the key.
  const key = (uid: string, frame: number | null | undefined): string => `${uid}|${frame ?? 1}`;
  const sliceOfImage = new Map(stack.planes.map((p, i) => [key(p.sopInstanceUID, p.frameNumber), i]));
  placements.forEach((p, i) => {
    if (p.kind === 'slice') {
      covered.add(p.sliceIndex);
      // The image references are only a hint; count where they resolve but disagree, so a viewer can say so.
      const refs = roi.contours[i].contourImages.map((r) =>
        sliceOfImage.get(key(r.referencedSOPInstanceUID, r.referencedFrameNumber)),
      );
      if (refs.some((s) => s !== undefined && s !== p.sliceIndex)) misreferenced++;
    } else if (p.kind === 'outside') outside.push(p.position);
    else if (p.kind === 'between') between.push(stack.positions[p.nearestSliceIndex] + p.offset);
    else if (p.kind === 'oblique') {
      oblique.push(p.angleDegrees);
      p.sliceIndices.forEach((s) => covered.add(s));
    } else if (p.kind === 'nonplanar') p.sliceIndices.forEach((s) => covered.add(s));
  });
  const sliceIndices = positionOrder(stack, covered);
  const problems: string[] = [];
  const name = `ROI ${roi.roiNumber} "${roiDisplayName(roi)}"`;
  const total = roi.contours.length;
  const axis = axisName(stack);
  const first = stack.positions[stack.byPosition[0]];
  const last = stack.positions[stack.byPosition[stack.byPosition.length - 1]];
  if (outside.length) {
    const lo = Math.min(...outside);
    const hi = Math.max(...outside);
    const where = lo === hi ? `${axis} ${fmt(lo)}` : `${axis} ${fmt(lo)} to ${fmt(hi)}`;
    problems.push(
      `${name}: ${count(outside.length, total)} (at ${where} mm) lie outside the ${stack.planes.length} slices of ${seriesName} (${axis} ${fmt(first)} to ${fmt(last)} mm); not shown`,
    );
  }
  if (between.length) {
    problems.push(
      `${name}: ${count(between.length, total)} (at ${axis} ${between.map(fmt).join(', ')} mm) lie more than ${fmt(stack.tolerance)} mm from every slice of ${seriesName}; not shown`,
    );
  }
  if (oblique.length) {
    const angles = oblique.filter((a): a is number => a !== null);
    const tilt = angles.length ? ` (tilted up to ${fmt(Math.max(...angles))}°)` : '';
    problems.push(
      `${name}: ${count(oblique.length, total)} are not parallel to the slices of ${seriesName}${tilt}; not drawn as slice contours`,
    );
  }
  if (misreferenced) {
    problems.push(
      `${name}: ${count(misreferenced, total)} reference an image other than the slice they lie on; placed by position`,
    );
  }
  return {
    roiNumber: roi.roiNumber,
    placements,
    sliceIndices,
    middleSliceIndex: sliceIndices.length ? sliceIndices[Math.floor((sliceIndices.length - 1) / 2)] : null,
    problems,
  };
}

/** Place every contour of `set` on `stack` (see sliceStack in geometry/contourPlacement). */
export function placeStructureSet(
  set: StructureSet,
  stack: SliceStack,
  opts: PlaceStructureSetOptions = {},
): StructureSetPlacement {
  const seriesName = opts.seriesName ? `series "${opts.seriesName}"` : 'the series';
  const contoursBySlice: ContourOnSlice[][] = stack.planes.map(() => []);
  const problems: string[] = [];
  const seriesFrame = opts.frameOfReferenceUID ?? null;
  const setName = `Structure set "${set.structureSetLabel ?? set.sopInstanceUID ?? ''}"`;
  const setMatches =
    !seriesFrame || set.frameOfReferenceUIDs.length === 0 || set.frameOfReferenceUIDs.includes(seriesFrame);
  if (!setMatches) {
    problems.push(
      `${setName} is in frame of reference ${set.frameOfReferenceUIDs.join(', ')}, ${seriesName} in ${seriesFrame}: its contours cannot be drawn on these images`,
    );
  }
  const rois = set.rois.map((roi, roiIndex): RoiPlacement => {
    const roiFrame = roi.referencedFrameOfReferenceUID;
    if (!setMatches || (seriesFrame && roiFrame && roiFrame !== seriesFrame)) {
      const own = setMatches
        ? [
            `ROI ${roi.roiNumber} "${roiDisplayName(roi)}" is in frame of reference ${roiFrame}, not that of ${seriesName}; not shown`,
          ]
        : [];
      return {
        roiNumber: roi.roiNumber,
        placements: roi.contours.map(() => ({ kind: 'otherFrameOfReference' }) as const),
        sliceIndices: [],
        middleSliceIndex: null,
        problems: own,
      };
    }
    const placed = placeRoi(roi, stack, seriesName);
    placed.placements.forEach((p, contourIndex) => {
      if (p.kind === 'slice') contoursBySlice[p.sliceIndex].push({ roiIndex, contourIndex });
    });
    return placed;
  });
  return { rois, contoursBySlice, problems };
}
