// Test-only generator of small studies whose geometry is awkward on purpose, with shapes known in patient space,
// so geometry tests can fail when PixelSpacing or the row/column directions are read in the wrong order:
// non-square pixels (0.7 mm between rows, 1.1 mm between columns), more columns than rows (48 x 64), slices
// listed in reversed order, and axial, sagittal, coronal and doubly oblique orientations (LPS).
//
// Each study holds an image series (DICOM JSON headers), SEGs (Part 10 through the SEG fixture writer), an
// RTSTRUCT and a TID 1500 SR (DICOM JSON) and a float Parametric Map (Part 10). The shapes:
// - an ellipsoid centred at CENTRE with semi-axes ELLIPSOID_MM along the row direction, the column direction and
//   the slice normal (SEG segment 1);
// - a box of half-widths BOX_MM along the row and column directions, on BOX_SLICES slices around the centre
//   (RTSTRUCT ROI 1; its outline is also an SR SCOORD3D polygon);
// - SR regions at known image coordinates (SCOORD) and patient positions (SCOORD3D).
//
// The positions here are this generator's own arithmetic, written from the DICOM definitions and NOT through
// src/dicom/geometry/transform.ts: it is the independent oracle the decoders are checked against.
import type { DicomJsonDataset, DicomJsonElement } from '../dicom/json';
import { buildSeg, FOR_UID, segBytes, type FixtureFrame, type FixtureOptions } from '../dicom/seg/testFixtures';
import { structureSetJson } from '../dicom/rtstruct/testFixtures';
import { CT_IMAGE, measurementReportJson, type GroupSpec } from '../dicom/sr/testing/reportBuilder';
import type { Part10 } from '../dicom/part10';
import { encodePart10 } from '../samples/part10';
import { formatDS } from '../samples/valueFormat';

export type V3 = [number, number, number];

export interface GeometryCase {
  name: string;
  /** IOP[0..2]: the way the column index grows */
  rowDirection: V3;
  /** IOP[3..5]: the way the row index grows */
  columnDirection: V3;
  /** the images are listed (InstanceNumber, array order) from the last slice along the normal to the first */
  reversed: boolean;
  /** PixelSpacing [between rows, between columns] when not PIXEL_SPACING (e.g. square pixels for a control case) */
  pixelSpacing?: [number, number];
}

export const ROWS = 48;
export const COLUMNS = 64;
/** PixelSpacing as written: [spacing between rows, spacing between columns] */
export const PIXEL_SPACING: [number, number] = [0.7, 1.1];
export const SLICE_SPACING = 1.5;
export const SLICES = 16;
/** Patient position (mm) of the shapes' centre: the centre of pixel (CENTRE_ROW, CENTRE_COLUMN) of slice CENTRE_SLICE. */
export const CENTRE: V3 = [12.5, -30.25, 47.75];
export const CENTRE_SLICE = 7;
export const CENTRE_ROW = 20;
export const CENTRE_COLUMN = 37;
/** Semi-axes (mm) along the row direction, the column direction and the normal. */
export const ELLIPSOID_MM: V3 = [12.1, 8.05, 6.1];
/** Half-widths (mm) of the box along the row and the column direction. */
export const BOX_MM: [number, number] = [9.35, 7.35];
/** Slices (physical index, along the normal) holding the box. */
export const BOX_SLICES = [5, 6, 7, 8, 9];
/** Physical slice of the SR's SCOORD3D polygon (the box outline). */
export const SR_POLYGON_SLICE = 4;
/** The SR's SCOORD3D point: CENTRE moved this many slices along the normal. */
export const SR_POINT_SLICES = 2;

const AXIAL: GeometryCase = { name: 'axial', rowDirection: [1, 0, 0], columnDirection: [0, 1, 0], reversed: false };
const SAGITTAL: GeometryCase = { name: 'sagittal', rowDirection: [0, 1, 0], columnDirection: [0, 0, -1], reversed: false };
const CORONAL: GeometryCase = { name: 'coronal', rowDirection: [1, 0, 0], columnDirection: [0, 0, -1], reversed: false };
// Doubly oblique, with directions that DS writes exactly: (0.6, 0, 0.8) and (0.64, 0.6, -0.48) are orthonormal.
const OBLIQUE: GeometryCase = { name: 'oblique', rowDirection: [0.6, 0, 0.8], columnDirection: [0.64, 0.6, -0.48], reversed: false };

/** Every orientation, listed in order and reversed. */
export const GEOMETRY_CASES: GeometryCase[] = [AXIAL, SAGITTAL, CORONAL, OBLIQUE].flatMap((c) => [
  c,
  { ...c, name: `${c.name}, reversed`, reversed: true },
]);

const add = (a: V3, b: V3): V3 => [a[0] + b[0], a[1] + b[1], a[2] + b[2]];
const scale = (a: V3, s: number): V3 => [a[0] * s, a[1] * s, a[2] * s];
const dot = (a: V3, b: V3): number => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const ds = (v: number): number => Number(formatDS(v));

export class GeometryStudy {
  readonly normal: V3;
  /** Patient position of pixel (0, 0) of physical slice 0. */
  readonly origin: V3;
  /** PixelSpacing as written: [between rows, between columns] */
  readonly spacing: [number, number];

  constructor(readonly geometryCase: GeometryCase) {
    const [x, y] = [geometryCase.rowDirection, geometryCase.columnDirection];
    this.spacing = geometryCase.pixelSpacing ?? PIXEL_SPACING;
    this.normal = [x[1] * y[2] - x[2] * y[1], x[2] * y[0] - x[0] * y[2], x[0] * y[1] - x[1] * y[0]];
    this.origin = add(
      CENTRE,
      add(
        scale(x, -CENTRE_COLUMN * this.spacing[1]),
        add(scale(y, -CENTRE_ROW * this.spacing[0]), scale(this.normal, -CENTRE_SLICE * SLICE_SPACING)),
      ),
    );
  }

  /** Patient position of the centre of pixel (row, column) of physical slice k (k grows along the normal). */
  voxelCentre(k: number, row: number, column: number): V3 {
    const { rowDirection: x, columnDirection: y } = this.geometryCase;
    return add(
      this.origin,
      add(scale(x, column * this.spacing[1]), add(scale(y, row * this.spacing[0]), scale(this.normal, k * SLICE_SPACING))),
    );
  }

  /** Index in the listed series of physical slice k. */
  listedIndex(k: number): number {
    return this.geometryCase.reversed ? SLICES - 1 - k : k;
  }

  /** Physical slice of the image listed at `index`. */
  physicalSlice(index: number): number {
    return this.geometryCase.reversed ? SLICES - 1 - index : index;
  }

  imageUID(k: number): string {
    return `2.25.7700${k + 10}`;
  }

  /** Components of (p - CENTRE) along the row direction, the column direction and the normal (mm). */
  local(p: V3): V3 {
    const d: V3 = [p[0] - CENTRE[0], p[1] - CENTRE[1], p[2] - CENTRE[2]];
    return [dot(d, this.geometryCase.rowDirection), dot(d, this.geometryCase.columnDirection), dot(d, this.normal)];
  }

  insideEllipsoid(p: V3): boolean {
    const [u, v, w] = this.local(p);
    return (u / ELLIPSOID_MM[0]) ** 2 + (v / ELLIPSOID_MM[1]) ** 2 + (w / ELLIPSOID_MM[2]) ** 2 <= 1;
  }

  /** The ellipsoid on physical slice k of a grid whose pixel (0, 0) is image pixel (row0, column0), `rowStep` image rows per row. */
  ellipsoidPixels(k: number, rows = ROWS, columns = COLUMNS, row0 = 0, column0 = 0, rowStep = 1): Uint8Array {
    const out = new Uint8Array(rows * columns);
    for (let r = 0; r < rows; r++)
      for (let c = 0; c < columns; c++) out[r * columns + c] = this.insideEllipsoid(this.voxelCentre(k, row0 + r * rowStep, column0 + c)) ? 1 : 0;
    return out;
  }

  /** Image headers (DICOM JSON, no pixel data) in listed order. */
  images(): DicomJsonDataset[] {
    const el = (vr: string, ...values: Array<string | number>): DicomJsonElement => ({ vr, Value: values });
    const { rowDirection: x, columnDirection: y } = this.geometryCase;
    return Array.from({ length: SLICES }, (_, i) => {
      const k = this.physicalSlice(i);
      return {
        '00080016': el('UI', CT_IMAGE),
        '00080018': el('UI', this.imageUID(k)),
        '00080060': el('CS', 'CT'),
        '00200013': el('IS', i + 1),
        '00200052': el('UI', FOR_UID),
        '00200032': el('DS', ...this.voxelCentre(k, 0, 0).map(ds)),
        '00200037': el('DS', ...x, ...y),
        '00280030': el('DS', ...this.spacing),
        '00280010': el('US', ROWS),
        '00280011': el('US', COLUMNS),
      };
    });
  }

  /** The physical slices the ellipsoid covers. */
  ellipsoidSlices(): number[] {
    return Array.from({ length: SLICES }, (_, k) => k).filter((k) => this.ellipsoidPixels(k).some((v) => v));
  }

  /**
   * SEG of the ellipsoid (segment 1) on the image grid, one frame per slice it covers; `references` writes each
   * frame's source image (else frames are placed by position).
   */
  seg(references: boolean): Part10 {
    return buildSeg(this.segOptions(references), `geometry-${this.geometryCase.name}.seg.dcm`);
  }

  /** The Part 10 bytes of seg(true), for serving (its study is GEOMETRY_STUDY_UID, its series GEOMETRY_SEG_SERIES_UID). */
  segFile(): Uint8Array {
    return new Uint8Array(segBytes(this.segOptions(true)));
  }

  private segOptions(references: boolean): FixtureOptions {
    const frames: FixtureFrame[] = this.ellipsoidSlices().map((k) => ({
      segmentNumber: 1,
      position: this.voxelCentre(k, 0, 0).map(ds) as V3,
      source: references ? { uid: this.imageUID(k) } : null,
      pixels: this.ellipsoidPixels(k),
    }));
    return {
      rows: ROWS,
      columns: COLUMNS,
      type: 'BINARY',
      segments: [{ number: 1, label: 'Ellipsoid' }],
      frames,
      pixelSpacing: this.spacing,
      orientation: [...this.geometryCase.rowDirection, ...this.geometryCase.columnDirection],
    };
  }

  /**
   * The images as Part 10 CT files with pixel data, in listed order, for a viewer to display: stored values
   * IMAGE_VALUE(row, column) (a texture, never below the window, so the whole image shows non-black) with
   * pixel (0, 0) at CORNER_VALUE (white in the window), so where the image lands on screen and which way up it is
   * can be seen. UIDs: study GEOMETRY_STUDY_UID (the SEG's), series GEOMETRY_IMAGE_SERIES_UID.
   */
  imageFiles(): Array<{ name: string; bytes: Uint8Array }> {
    const pixels = new Uint16Array(ROWS * COLUMNS);
    for (let r = 0; r < ROWS; r++) for (let c = 0; c < COLUMNS; c++) pixels[r * COLUMNS + c] = IMAGE_VALUE(r, c);
    pixels[0] = CORNER_VALUE;
    const bytes = new Uint8Array(pixels.buffer);
    const { rowDirection: x, columnDirection: y } = this.geometryCase;
    return Array.from({ length: SLICES }, (_, i) => {
      const k = this.physicalSlice(i);
      const dataset = {
        SOPClassUID: CT_IMAGE,
        SOPInstanceUID: this.imageUID(k),
        ...this.patientStudyModule(),
        Modality: 'CT',
        SeriesInstanceUID: GEOMETRY_IMAGE_SERIES_UID,
        SeriesNumber: 1,
        SeriesDescription: `Geometry ${this.geometryCase.name}`,
        InstanceNumber: i + 1,
        FrameOfReferenceUID: FOR_UID,
        ImagePositionPatient: this.voxelCentre(k, 0, 0).map((v) => formatDS(v)),
        ImageOrientationPatient: [...x, ...y].map((v) => formatDS(v)),
        PixelSpacing: this.spacing.map((v) => formatDS(v)),
        SliceThickness: formatDS(SLICE_SPACING),
        SamplesPerPixel: 1,
        PhotometricInterpretation: 'MONOCHROME2',
        Rows: ROWS,
        Columns: COLUMNS,
        BitsAllocated: 16,
        BitsStored: 16,
        HighBit: 15,
        PixelRepresentation: 0,
        RescaleIntercept: '0',
        RescaleSlope: '1',
        WindowCenter: String(IMAGE_WINDOW.center),
        WindowWidth: String(IMAGE_WINDOW.width),
      };
      return { name: `CT/${String(i + 1).padStart(3, '0')}.dcm`, bytes: encodePart10(dataset, { vr: 'OW', bytes }) };
    });
  }

  /** Patient and study attributes shared by every object served for this study. */
  patientStudyModule(): Record<string, string> {
    return {
      PatientName: `Geometry^${this.geometryCase.name.replace(/\W+/g, '')}`,
      PatientID: `GEOMETRY-${this.geometryCase.name.replace(/\W+/g, '-').toUpperCase()}`,
      StudyInstanceUID: GEOMETRY_STUDY_UID,
      StudyDate: '20240115',
      StudyTime: '120000',
      StudyID: '1',
      AccessionNumber: '',
    };
  }

  /**
   * SEG on a grid of its own: half the rows (1.4 mm between rows, 1.1 mm between columns), its pixel (0, 0) on image
   * pixel (COARSE_ROW0, COARSE_COLUMN0); coarse pixel (r, c) is image pixel (COARSE_ROW0 + 2r, COARSE_COLUMN0 + c).
   */
  coarseSeg(): Part10 {
    const frames: FixtureFrame[] = this.ellipsoidSlices().map((k) => ({
      segmentNumber: 1,
      position: this.voxelCentre(k, COARSE_ROW0, COARSE_COLUMN0).map(ds) as V3,
      pixels: this.ellipsoidPixels(k, COARSE_ROWS, COARSE_COLUMNS, COARSE_ROW0, COARSE_COLUMN0, 2),
    }));
    return buildSeg({
      rows: COARSE_ROWS,
      columns: COARSE_COLUMNS,
      type: 'BINARY',
      segments: [{ number: 1, label: 'Ellipsoid' }],
      frames,
      pixelSpacing: [2 * this.spacing[0], this.spacing[1]],
      orientation: [...this.geometryCase.rowDirection, ...this.geometryCase.columnDirection],
    });
  }

  /** Corners of the box outline on physical slice k, in patient mm (x, y, z triplets, 4 points). */
  boxOutline(k: number): number[] {
    const { rowDirection: x, columnDirection: y } = this.geometryCase;
    const mid = add(CENTRE, scale(this.normal, (k - CENTRE_SLICE) * SLICE_SPACING));
    const corners: Array<[number, number]> = [
      [-1, -1],
      [1, -1],
      [1, 1],
      [-1, 1],
    ];
    return corners.flatMap(([a, b]) => add(mid, add(scale(x, a * BOX_MM[0]), scale(y, b * BOX_MM[1]))).map(ds));
  }

  /** RTSTRUCT with ROI 1 "Box": the box outline on each of BOX_SLICES. */
  rtstruct(): DicomJsonDataset {
    return structureSetJson([
      { number: 1, name: 'Box', contours: BOX_SLICES.map((k) => ({ points: this.boxOutline(k) })) },
    ]);
  }

  /** The SR's image regions: SCOORD (x, y) pairs on the image of a physical slice. */
  static readonly SCOORDS = {
    /** POINT on the centre pixel */
    point: { slice: CENTRE_SLICE, graphicType: 'POINT', data: [CENTRE_COLUMN + 0.5, CENTRE_ROW + 0.5] },
    /** ELLIPSE: major axis 20 columns along the row, minor axis 12 rows down the column */
    ellipse: {
      slice: CENTRE_SLICE + 1,
      graphicType: 'ELLIPSE',
      data: [CENTRE_COLUMN - 9.5, CENTRE_ROW + 0.5, CENTRE_COLUMN + 10.5, CENTRE_ROW + 0.5, CENTRE_COLUMN + 0.5, CENTRE_ROW - 5.5, CENTRE_COLUMN + 0.5, CENTRE_ROW + 6.5],
    },
    /** open POLYLINE from near the top left to near the bottom right */
    polyline: { slice: CENTRE_SLICE - 1, graphicType: 'POLYLINE', data: [10.5, 5.5, 50.5, 5.5, 50.5, 40.5] },
  } as const;

  /** TID 1500 SR: three SCOORD groups (see SCOORDS) and two SCOORD3D groups (a POINT and the box POLYGON). */
  sr(): DicomJsonDataset {
    const image = (k: number) => ({ sopClassUID: CT_IMAGE, sopInstanceUID: this.imageUID(k) });
    const group = (id: string, region: GroupSpec['region']): GroupSpec => ({
      trackingIdentifier: id,
      trackingUID: `2.25.88${id.length}${id.charCodeAt(0)}`,
      region,
      measurements: [],
    });
    const s = GeometryStudy.SCOORDS;
    const groups: GroupSpec[] = [
      group('point', { is3D: false, graphicType: s.point.graphicType, data: [...s.point.data], image: image(s.point.slice) }),
      group('ellipse', { is3D: false, graphicType: s.ellipse.graphicType, data: [...s.ellipse.data], image: image(s.ellipse.slice) }),
      group('polyline', { is3D: false, graphicType: s.polyline.graphicType, data: [...s.polyline.data], image: image(s.polyline.slice) }),
      group('point 3D', {
        is3D: true,
        graphicType: 'POINT',
        data: add(CENTRE, scale(this.normal, SR_POINT_SLICES * SLICE_SPACING)),
        frameOfReferenceUID: FOR_UID,
      }),
      group('polygon 3D', {
        is3D: true,
        graphicType: 'POLYGON',
        // POLYGON: first point repeated last (PS3.3 C.18.9.1.2)
        data: [...this.boxOutline(SR_POLYGON_SLICE), ...this.boxOutline(SR_POLYGON_SLICE).slice(0, 3)],
        frameOfReferenceUID: FOR_UID,
      }),
    ];
    return measurementReportJson({
      sopInstanceUID: '2.25.8800',
      images: Array.from({ length: SLICES }, (_, k) => image(k)),
      groups,
    });
  }

  /**
   * Float Parametric Map of PM_VALUE on a grid shifted from the images' by whole pixels: PM_ROWS x PM_COLUMNS,
   * the same spacing, its pixel (0, 0) on image pixel (PM_ROW0, PM_COLUMN0); one frame per slice, stored from the
   * last slice to the first.
   */
  parametricMap(): Uint8Array {
    const sopInstanceUID = '2.25.9900';
    const frames = Array.from({ length: SLICES }, (_, i) => SLICES - 1 - i);
    const values = new Float32Array(frames.length * PM_ROWS * PM_COLUMNS);
    frames.forEach((k, f) => {
      for (let r = 0; r < PM_ROWS; r++)
        for (let c = 0; c < PM_COLUMNS; c++)
          values[(f * PM_ROWS + r) * PM_COLUMNS + c] = PM_VALUE(this.voxelCentre(k, PM_ROW0 + r, PM_COLUMN0 + c));
    });
    const dataset = {
      SOPClassUID: '1.2.840.10008.5.1.4.1.1.30',
      SOPInstanceUID: sopInstanceUID,
      Modality: 'OT',
      StudyInstanceUID: '2.25.9901',
      SeriesInstanceUID: '2.25.9902',
      SeriesDescription: `Geometry PM ${this.geometryCase.name}`,
      FrameOfReferenceUID: FOR_UID,
      SamplesPerPixel: 1,
      PhotometricInterpretation: 'MONOCHROME2',
      Rows: PM_ROWS,
      Columns: PM_COLUMNS,
      BitsAllocated: 32,
      NumberOfFrames: frames.length,
      SharedFunctionalGroupsSequence: [
        {
          PixelMeasuresSequence: [{ PixelSpacing: this.spacing.map((v) => formatDS(v)), SliceThickness: formatDS(SLICE_SPACING) }],
          PlaneOrientationSequence: [
            { ImageOrientationPatient: [...this.geometryCase.rowDirection, ...this.geometryCase.columnDirection].map((v) => formatDS(v)) },
          ],
          RealWorldValueMappingSequence: [
            {
              LUTExplanation: 'linear in patient position',
              LUTLabel: 'RAMP',
              MeasurementUnitsCodeSequence: [{ CodeValue: '1', CodingSchemeDesignator: 'UCUM', CodeMeaning: 'no units' }],
              DoubleFloatRealWorldValueFirstValueMapped: -1e30,
              DoubleFloatRealWorldValueLastValueMapped: 1e30,
              RealWorldValueIntercept: 0,
              RealWorldValueSlope: 1,
            },
          ],
        },
      ],
      PerFrameFunctionalGroupsSequence: frames.map((k) => ({
        PlanePositionSequence: [{ ImagePositionPatient: this.voxelCentre(k, PM_ROW0, PM_COLUMN0).map((v) => formatDS(v)) }],
      })),
    };
    return encodePart10(dataset, { vr: 'OF', element: 0x0008, bytes: new Uint8Array(values.buffer) });
  }
}

const COARSE_ROWS = 24;
const COARSE_COLUMNS = 64;
export const COARSE_ROW0 = 5;
export const COARSE_COLUMN0 = 3;

export const PM_ROWS = 30;
export const PM_COLUMNS = 50;
export const PM_ROW0 = 5;
export const PM_COLUMN0 = 3;
/** The map's value at a patient position: linear, so any resampling error shows as a wrong value. */
export const PM_VALUE = (p: V3): number => 100 + 2 * p[0] - 3 * p[1] + 0.5 * p[2];

/** The study of every generated object (the SEG fixture writer's own study UID, so the SEG belongs to it). */
const GEOMETRY_STUDY_UID = '1.2.826.0.1.3680043.8.498.4';
const GEOMETRY_IMAGE_SERIES_UID = '2.25.770010001';
/** Stored value of image pixel (row, column): 1000..1155, inside IMAGE_WINDOW. */
const IMAGE_VALUE = (row: number, column: number): number => 1000 + ((row * 7 + column * 13) % 32) * 5;
/** Stored value of image pixel (0, 0): the top of IMAGE_WINDOW. */
const CORNER_VALUE = 1300;
const IMAGE_WINDOW = { center: 1100, width: 400 } as const;
