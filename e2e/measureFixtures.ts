// A small CT study for the measurement tools (measure.spec.ts), with everything a measurement depends on known
// here: non-square pixels (0.7 mm between rows, 1.1 mm between columns) on a grid with more columns than rows, so
// a swapped PixelSpacing changes every length and area; stored values that are not HU (RescaleIntercept -1024),
// so a readout in stored values is caught; regions of one constant CT number (mean known, SD 0); and two white
// marker squares whose centres are a known distance apart, found on the screen by the test.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { encodePart10 } from '../src/samples/part10';
import type { GeneratedMount } from './generatedFixtures';

export const MEASURE_MOUNT = 'measure';
export const ROWS = 96;
export const COLUMNS = 128;
/** PixelSpacing as written: [between rows, between columns] (mm) */
export const PIXEL_SPACING: [number, number] = [0.7, 1.1];
export const SLICES = 5;
export const SLICE_SPACING = 2.5;
/** Axial: columns grow towards patient left (+x), rows towards posterior (+y). */
const ORIGIN: [number, number, number] = [-70.4, -33.6, 10];
export const RESCALE_INTERCEPT = -1024;

/** HU of everything outside the regions and markers. */
export const BACKGROUND_HU = -1000;
/** Regions of one CT number, inclusive pixel ranges. */
export const REGIONS = {
  left: { rows: [20, 75], columns: [20, 60], hu: 40 },
  right: { rows: [20, 75], columns: [62, 110], hu: 120 },
} as const;
/** White squares (HU 1000) centred on these pixels: A 5 x 5 (anterior, patient right), B 3 x 3 (posterior, left). */
export const MARKERS = {
  a: { row: 8, column: 10, half: 2 },
  b: { row: 88, column: 118, half: 1 },
} as const;
export const MARKER_HU = 1000;
/** The series description: a comma, quotes and a leading '=' for the CSV's escaping and formula guard. */
export const SERIES_DESCRIPTION = '=Measure phantom, "0.7 x 1.1 mm" pixels';

export const STUDY_UID = '2.25.880010001';
const SERIES_UID = '2.25.880020001';
export const FOR_UID = '2.25.880030001';

function huAt(row: number, column: number): number {
  for (const m of Object.values(MARKERS)) if (Math.abs(row - m.row) <= m.half && Math.abs(column - m.column) <= m.half) return MARKER_HU;
  for (const r of Object.values(REGIONS)) if (row >= r.rows[0] && row <= r.rows[1] && column >= r.columns[0] && column <= r.columns[1]) return r.hu;
  return BACKGROUND_HU;
}

/** Patient position (mm) of the centre of pixel (row, column) of slice k. */
export function pixelCentre(k: number, row: number, column: number): [number, number, number] {
  return [ORIGIN[0] + column * PIXEL_SPACING[1], ORIGIN[1] + row * PIXEL_SPACING[0], ORIGIN[2] + k * SLICE_SPACING];
}

export function writeMeasureStudy(root: string): GeneratedMount {
  const dir = path.join(root, MEASURE_MOUNT);
  mkdirSync(dir, { recursive: true });
  const pixels = new Uint16Array(ROWS * COLUMNS);
  for (let r = 0; r < ROWS; r++) for (let c = 0; c < COLUMNS; c++) pixels[r * COLUMNS + c] = huAt(r, c) - RESCALE_INTERCEPT;
  const bytes = new Uint8Array(pixels.buffer);
  for (let k = 0; k < SLICES; k++) {
    const dataset = {
      SOPClassUID: '1.2.840.10008.5.1.4.1.1.2',
      SOPInstanceUID: `2.25.8800400${k + 10}`,
      PatientName: 'Measure^Phantom',
      PatientID: 'MEASURE-001',
      StudyInstanceUID: STUDY_UID,
      StudyDate: '20240301',
      StudyTime: '090000',
      StudyID: '1',
      AccessionNumber: '',
      Modality: 'CT',
      SeriesInstanceUID: SERIES_UID,
      SeriesNumber: 1,
      SeriesDescription: SERIES_DESCRIPTION,
      InstanceNumber: k + 1,
      FrameOfReferenceUID: FOR_UID,
      ImagePositionPatient: pixelCentre(k, 0, 0).map(String),
      ImageOrientationPatient: ['1', '0', '0', '0', '1', '0'],
      PixelSpacing: PIXEL_SPACING.map(String),
      SliceThickness: String(SLICE_SPACING),
      SamplesPerPixel: 1,
      PhotometricInterpretation: 'MONOCHROME2',
      Rows: ROWS,
      Columns: COLUMNS,
      BitsAllocated: 16,
      BitsStored: 16,
      HighBit: 15,
      PixelRepresentation: 0,
      RescaleIntercept: String(RESCALE_INTERCEPT),
      RescaleSlope: '1',
      RescaleType: 'HU',
      WindowCenter: '40',
      WindowWidth: '400',
    };
    writeFileSync(path.join(dir, `CT${String(k + 1).padStart(3, '0')}.dcm`), encodePart10(dataset, { vr: 'OW', bytes }));
  }
  return { name: MEASURE_MOUNT, folder: dir };
}
