// Where each measurement was drawn, as plain data for an export (an SR's SCOORD/SCOORD3D): the Cornerstone tool,
// its handle points in patient coordinates (LPS mm, Cornerstone's world), the image it was drawn on when it lies
// on one, and its Frame of Reference. The image pixel maths is not done here: Cornerstone's worldToImageCoords
// pairs each axis with the other axis's PixelSpacing (cornerstone3D issue 2758), so dicom/geometry does it.
import { annotation as annotationApi } from '@cornerstonejs/tools';
import type { Vec3 } from '../dicom/geometry/plane';

export interface MeasurementShape {
  uid: string;
  /** Cornerstone's tool name: Length, Bidirectional, EllipticalROI, RectangleROI, Angle, Probe */
  toolName: string;
  /**
   * The tool's handles, in its order: Length [start, end]; Bidirectional [long start, long end, short start,
   * short end]; EllipticalROI [top, bottom, left, right]; RectangleROI [top left, top right, bottom left,
   * bottom right]; Angle [arm, vertex, arm]; Probe [point]
   */
  points: Vec3[];
  /** the image it was drawn on (a stack, or an MPR plane through acquired slices) */
  referencedImageId: string | null;
  frameOfReferenceUID: string | null;
}

const isVec3 = (p: unknown): p is Vec3 => Array.isArray(p) && p.length === 3 && p.every((v) => typeof v === 'number' && Number.isFinite(v));

/** The shapes of these measurements, in the order given; a uid Cornerstone no longer holds is left out. */
export function measurementShapes(uids: readonly string[]): MeasurementShape[] {
  const out: MeasurementShape[] = [];
  for (const uid of uids) {
    const a = annotationApi.state.getAnnotation(uid);
    const toolName = a?.metadata?.toolName;
    const points = (a?.data?.handles?.points ?? []) as unknown[];
    if (!a || !toolName || !points.every(isVec3)) continue;
    out.push({
      uid,
      toolName,
      points: points.map((p) => [p[0], p[1], p[2]] as Vec3),
      referencedImageId: a.metadata?.referencedImageId ?? null,
      frameOfReferenceUID: a.metadata?.FrameOfReferenceUID ?? null,
    });
  }
  return out;
}
