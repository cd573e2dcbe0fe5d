// SR regions (SCOORD on an image, SCOORD3D in patient space) -> outlines in patient mm, one "ROI" per measurement
// group named by its tracking identifier, in the shape of a structure set so that the contour placement and
// drawing of RTSTRUCTs serve them too. CIRCLE and ELLIPSE become 64-sided polygons; POINT and MULTIPOINT markers.
import { fallbackColor } from '../codes/color';
import type { ImagePlane, Vec3 } from '../geometry/plane';
import { scoordToPatient } from '../geometry/transform';
import type { Contour, StructureSet, StructureSetROI } from '../rtstruct/model';
import type { MeasurementGroup, Region } from './model';

const SIDES = 64;

type Pt = [number, number];

/** Closed polygon around an ellipse with centre c and semi-axes a (vector) and b (vector). */
function ellipse2(c: Pt, a: Pt, b: Pt): Pt[] {
  return Array.from({ length: SIDES }, (_, i) => {
    const t = (2 * Math.PI * i) / SIDES;
    return [c[0] + a[0] * Math.cos(t) + b[0] * Math.sin(t), c[1] + a[1] * Math.cos(t) + b[1] * Math.sin(t)];
  });
}

function ellipse3(c: Vec3, a: Vec3, b: Vec3): Vec3[] {
  return Array.from({ length: SIDES }, (_, i) => {
    const t = (2 * Math.PI * i) / SIDES;
    const ct = Math.cos(t);
    const st = Math.sin(t);
    return [c[0] + a[0] * ct + b[0] * st, c[1] + a[1] * ct + b[1] * st, c[2] + a[2] * ct + b[2] * st];
  });
}

/**
 * Image pixel coordinates of an SCOORD (x along a row, y down a column; (0,0) = top left corner of the top left
 * pixel, so a pixel's centre is at +0.5) -> patient mm on that image's plane.
 */
export function pixelToWorld(plane: ImagePlane, x: number, y: number): Vec3 {
  return scoordToPatient(plane, x, y);
}

interface Shape {
  type: 'closed' | 'open' | 'points';
  points: Vec3[];
}

const same = (a: number[], b: number[]): boolean => a.every((v, i) => Math.abs(v - b[i]) < 1e-6);

/** The outline of one region in patient mm, or the reason it cannot be drawn. */
function shapeOf(region: Region, planeOf: (sop: string, frame: number | null) => ImagePlane | null): Shape | string {
  const type = (region.graphicType ?? '').toUpperCase();
  const d = region.graphicData;
  let pts: Vec3[];
  if (region.is3D) {
    pts = Array.from({ length: region.points }, (_, i) => [d[3 * i], d[3 * i + 1], d[3 * i + 2]] as Vec3);
    if (type === 'ELLIPSE' && pts.length === 4) {
      const c: Vec3 = [(pts[0][0] + pts[1][0]) / 2, (pts[0][1] + pts[1][1]) / 2, (pts[0][2] + pts[1][2]) / 2];
      const a: Vec3 = [(pts[1][0] - pts[0][0]) / 2, (pts[1][1] - pts[0][1]) / 2, (pts[1][2] - pts[0][2]) / 2];
      const b: Vec3 = [(pts[3][0] - pts[2][0]) / 2, (pts[3][1] - pts[2][1]) / 2, (pts[3][2] - pts[2][2]) / 2];
      return { type: 'closed', points: ellipse3(c, a, b) };
    }
  } else {
    const ref = region.referencedImage;
    if (!ref?.sopInstanceUID) return 'its image region names no image';
    const plane = planeOf(ref.sopInstanceUID, ref.frameNumbers[0] ?? null);
    if (!plane) return `its region is on image …${ref.sopInstanceUID.slice(-12)}, which is not in this series`;
    let px: Pt[] = Array.from({ length: region.points }, (_, i) => [d[2 * i], d[2 * i + 1]] as Pt);
    if (type === 'CIRCLE' && px.length === 2) {
      const r = Math.hypot(px[1][0] - px[0][0], px[1][1] - px[0][1]);
      px = ellipse2(px[0], [r, 0], [0, r]);
      return { type: 'closed', points: px.map(([x, y]) => pixelToWorld(plane, x, y)) };
    }
    if (type === 'ELLIPSE' && px.length === 4) {
      const c: Pt = [(px[0][0] + px[1][0]) / 2, (px[0][1] + px[1][1]) / 2];
      px = ellipse2(c, [(px[1][0] - px[0][0]) / 2, (px[1][1] - px[0][1]) / 2], [(px[3][0] - px[2][0]) / 2, (px[3][1] - px[2][1]) / 2]);
      return { type: 'closed', points: px.map(([x, y]) => pixelToWorld(plane, x, y)) };
    }
    pts = px.map(([x, y]) => pixelToWorld(plane, x, y));
  }
  if (!pts.length) return 'its region has no coordinates';
  if (type === 'POINT' || type === 'MULTIPOINT') return { type: 'points', points: pts };
  if (type === 'POLYGON') return { type: 'closed', points: pts };
  if (type === 'POLYLINE') {
    const closed = pts.length > 2 && same(pts[0], pts[pts.length - 1]);
    return { type: closed ? 'closed' : 'open', points: closed ? pts.slice(0, -1) : pts };
  }
  return `its graphic type ${type || '(none)'} is not drawn`;
}

function contour(type: Contour['contourGeometricType'], points: Vec3[]): Contour {
  return { contourNumber: null, contourGeometricType: type, points: Float64Array.from(points.flat()), numberOfContourPoints: points.length, contourImages: [] };
}

export interface ReportRegions {
  /** One ROI per group that has regions (roiNumber = group index + 1), named by its tracking identifier */
  set: StructureSet;
  /** ROI index in `set.rois` for a group index, when the group has a region drawn */
  roiOfGroup: Map<number, number>;
  /** Regions that cannot be drawn on this series, in words */
  problems: string[];
}

function groupLabel(g: MeasurementGroup, index: number): string {
  return g.trackingIdentifier ?? g.finding?.meaning ?? `Group ${index + 1}`;
}

/**
 * The regions of a report's groups as a structure set. `planeOf` finds the plane of an image (SOP instance and
 * frame) of the displayed series; SCOORD3D regions carry their own coordinates (their frame of reference goes in
 * `frameOfReferenceUIDs`, so placement checks it against the series).
 */
export function reportRegions(
  groups: MeasurementGroup[],
  planeOf: (sop: string, frame: number | null) => ImagePlane | null,
  opts: { name?: string; seriesFrameOfReferenceUID?: string } = {},
): ReportRegions {
  const name = opts.name ?? 'report';
  const rois: StructureSetROI[] = [];
  const roiOfGroup = new Map<number, number>();
  const problems: string[] = [];
  const frames = new Set<string>();
  groups.forEach((g, gi) => {
    const contours: Contour[] = [];
    for (const region of g.regions) {
      const shape = shapeOf(region, planeOf);
      if (typeof shape === 'string') {
        problems.push(`${name}, ${groupLabel(g, gi)}: ${shape}`);
        continue;
      }
      if (region.is3D && region.referencedFrameOfReferenceUID) frames.add(region.referencedFrameOfReferenceUID);
      // An image region was put in patient space through the series' own planes: it is in the series' frame.
      if (!region.is3D && opts.seriesFrameOfReferenceUID) frames.add(opts.seriesFrameOfReferenceUID);
      if (shape.type === 'points') for (const p of shape.points) contours.push(contour('POINT', [p]));
      else contours.push(contour(shape.type === 'closed' ? 'CLOSED_PLANAR' : 'OPEN_PLANAR', shape.points));
    }
    if (!contours.length) return;
    roiOfGroup.set(gi, rois.length);
    rois.push({
      roiNumber: gi + 1,
      roiName: groupLabel(g, gi),
      roiDescription: null,
      roiGenerationAlgorithm: null,
      referencedFrameOfReferenceUID: null,
      color: null,
      displayColor: fallbackColor(gi),
      rtRoiInterpretedType: null,
      roiObservationLabel: null,
      contours,
      problems: [],
    });
  });
  const set: StructureSet = {
    sopInstanceUID: null,
    seriesInstanceUID: null,
    seriesDescription: name,
    structureSetLabel: name,
    structureSetName: null,
    structureSetDescription: null,
    structureSetDate: null,
    structureSetTime: null,
    frameOfReferenceUIDs: [...frames],
    referencedSeriesInstanceUIDs: [],
    rois,
    problems: [],
  };
  return { set, roiOfGroup, problems };
}
