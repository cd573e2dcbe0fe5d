// The measurements of the panel, with where they were drawn, as the TID 1500 groups of an SR export
// (dicom/sr/write): each value with its name and unit, each shape as SCOORD on the image it was drawn on (image
// pixels from patient coordinates by dicom/geometry, which knows PixelSpacing's order) or, when it lies on no
// stored image (a sagittal or coronal MPR plane), as SCOORD3D in its Frame of Reference.
import type { Measurement } from '../viewer/measurementList';
import type { MeasurementShape } from '../viewer/measurementShapes';
import type { ImagePlane, Vec3 } from '../dicom/geometry/plane';
import { patientToPixel } from '../dicom/geometry/transform';
import { str, type DicomJsonDataset } from '../dicom/json';
import { Tag } from '../dicom/tags';
import { uidFromUuid } from '../dicom/sr/write/uids';
import type { MeasuredQuantity, MeasurementRegion, QuantityName, ReportImage, ReportMeasurement } from '../dicom/sr/write/measurementReport';

/** The stored image a shape was drawn on: its plane and its instance's metadata. */
export interface DrawnOn {
  plane: ImagePlane;
  instance: DicomJsonDataset;
}

export interface SrMeasurements {
  measurements: ReportMeasurement[];
  /** series measured in 3D (SCOORD3D): their images go into the report's image library */
  seriesIn3D: string[];
  /** the study they are on (that of the first measurement written) */
  studyInstance: DicomJsonDataset | null;
  /** measurements left out, each with why, as a person reads it */
  skipped: string[];
}

/** How far a handle may lie off the image's plane and still be on that image (mm). */
const ON_PLANE_MM = 0.05;

/** Panel value names -> TID 1500 quantities, per tool. */
const QUANTITIES: Record<string, Record<string, QuantityName>> = {
  Length: { Length: 'Length' },
  Bidirectional: { Length: 'Long Axis', Width: 'Short Axis' },
  EllipticalROI: { Area: 'Area', Mean: 'Mean', SD: 'Standard Deviation', Min: 'Minimum', Max: 'Maximum' },
  RectangleROI: { Area: 'Area', Mean: 'Mean', SD: 'Standard Deviation', Min: 'Minimum', Max: 'Maximum' },
};

const dist = (a: Vec3, b: Vec3): number => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);

export function reportImage(on: DrawnOn): ReportImage | null {
  const sopClassUID = str(on.instance, Tag.SOPClassUID);
  const studyInstanceUID = str(on.instance, Tag.StudyInstanceUID);
  const seriesInstanceUID = str(on.instance, Tag.SeriesInstanceUID);
  if (!sopClassUID || !studyInstanceUID || !seriesInstanceUID) return null;
  return {
    sopClassUID,
    sopInstanceUID: on.plane.sopInstanceUID,
    frameNumber: on.plane.frameNumber,
    studyInstanceUID,
    seriesInstanceUID,
    modality: str(on.instance, Tag.Modality) ?? null,
    frameOfReferenceUID: str(on.instance, Tag.FrameOfReferenceUID) ?? null,
  };
}

type Where = { image: ReportImage; plane: ImagePlane } | { frameOfReferenceUID: string } | null;

/** SCOORD when every point lies on the image drawn on, else SCOORD3D in the Frame of Reference. */
function region(points: Vec3[], where: Where, graphic: { d2: 'POLYLINE' | 'ELLIPSE'; d3: 'POLYLINE' | 'POLYGON' | 'ELLIPSE' }): MeasurementRegion | null {
  if (!where) return null;
  if ('plane' in where) {
    const px = points.map((p) => patientToPixel(where.plane, p));
    if (px.every((p) => Math.abs(p.offset) <= ON_PLANE_MM)) {
      // SCOORD's (0, 0) is the top left corner of the top left pixel: pixel centres are at +0.5 (PS3.3 C.18.6.1.1).
      return { kind: 'SCOORD', graphicType: graphic.d2, graphicData: px.flatMap((p) => [p.column + 0.5, p.row + 0.5]), image: where.image };
    }
    const forUid = where.image.frameOfReferenceUID;
    return forUid ? { kind: 'SCOORD3D', graphicType: graphic.d3, graphicData: points.flat(), frameOfReferenceUID: forUid } : null;
  }
  return { kind: 'SCOORD3D', graphicType: graphic.d3, graphicData: points.flat(), frameOfReferenceUID: where.frameOfReferenceUID };
}

/** The regions of a shape: one per value for lines (TID 1501), one for the group for ROIs (TID 1410). */
function shapeRegions(shape: MeasurementShape, where: Where): { group?: MeasurementRegion; byValue: Record<string, MeasurementRegion> } | null {
  const p = shape.points;
  const line = (a: Vec3, b: Vec3) => region([a, b], where, { d2: 'POLYLINE', d3: 'POLYLINE' });
  switch (shape.toolName) {
    case 'Length': {
      const r = p.length === 2 ? line(p[0], p[1]) : null;
      return r ? { byValue: { Length: r } } : null;
    }
    case 'Bidirectional': {
      const long = p.length === 4 ? line(p[0], p[1]) : null;
      const short = p.length === 4 ? line(p[2], p[3]) : null;
      return long && short ? { byValue: { Length: long, Width: short } } : null;
    }
    case 'EllipticalROI': {
      if (p.length !== 4) return null;
      // ELLIPSE: the major axis' end points first, then the minor axis'; the longer in patient mm is the major.
      const [top, bottom, left, right] = p;
      const axes = dist(top, bottom) >= dist(left, right) ? [top, bottom, left, right] : [left, right, top, bottom];
      const r = region(axes, where, { d2: 'ELLIPSE', d3: 'ELLIPSE' });
      return r ? { group: r, byValue: {} } : null;
    }
    case 'RectangleROI': {
      if (p.length !== 4) return null;
      // A closed outline: SCOORD has no polygon type, so a POLYLINE whose last point is its first; SCOORD3D's POLYGON
      // repeats its first point last too (PS3.3 C.18.9.1.2).
      const [tl, tr, bl, br] = p;
      const r = region([tl, tr, br, bl, tl], where, { d2: 'POLYLINE', d3: 'POLYGON' });
      return r ? { group: r, byValue: {} } : null;
    }
    default:
      return null;
  }
}

/**
 * The panel's measurements as report groups. `drawnOn` finds the stored image an image id shows; `seriesInstance`
 * an instance of a series (its study and Frame of Reference, for shapes on no stored image). Only measurements on the first measured study are written (an SR belongs to one
 * study); the others, and tools with no TID 1500 form here (angle, probe), are listed in `skipped`.
 */
export function srMeasurements(
  items: readonly Measurement[],
  shapes: readonly MeasurementShape[],
  drawnOn: (imageId: string) => DrawnOn | undefined,
  seriesInstance: (seriesInstanceUID: string) => DicomJsonDataset | undefined,
): SrMeasurements {
  const byUid = new Map(shapes.map((s) => [s.uid, s]));
  const out: SrMeasurements = { measurements: [], seriesIn3D: [], studyInstance: null, skipped: [] };
  items.forEach((m, i) => {
    const name = `Measurement ${i + 1} (${m.tool})`;
    const shape = byUid.get(m.uid);
    const names = shape ? QUANTITIES[shape.toolName] : undefined;
    if (!shape || !names) return void out.skipped.push(`${name}: no TID 1500 form for this tool here`);
    const on = shape.referencedImageId ? drawnOn(shape.referencedImageId) : undefined;
    const image = on ? reportImage(on) : null;
    const instance = on?.instance ?? seriesInstance(m.seriesInstanceUID);
    const forUid = shape.frameOfReferenceUID ?? (instance ? str(instance, Tag.FrameOfReferenceUID) : undefined);
    const where: Where = on && image ? { image, plane: on.plane } : forUid ? { frameOfReferenceUID: forUid } : null;
    const regions = shapeRegions(shape, where);
    if (!regions || !instance) return void out.skipped.push(`${name}: not placed on an image or in a Frame of Reference`);
    const study = str(instance, Tag.StudyInstanceUID);
    out.studyInstance ??= instance;
    if (study !== str(out.studyInstance, Tag.StudyInstanceUID)) return void out.skipped.push(`${name}: on another study`);
    const quantities: MeasuredQuantity[] = m.values.flatMap((v) => {
      const q = names[v.name];
      return q ? [{ name: q, value: v.value, unit: v.unit, region: regions.byValue[v.name] }] : [];
    });
    if (!quantities.length) return void out.skipped.push(`${name}: no value`);
    const all = [regions.group, ...Object.values(regions.byValue)];
    if (all.some((r) => r?.kind === 'SCOORD3D') && !out.seriesIn3D.includes(m.seriesInstanceUID)) out.seriesIn3D.push(m.seriesInstanceUID);
    out.measurements.push({
      trackingIdentifier: `${m.tool} ${i + 1}`,
      trackingUID: uidFromUuid(m.uid),
      template: regions.group ? '1410' : '1501',
      region: regions.group,
      quantities,
    });
  });
  return out;
}
