// The study of layouts.spec.ts: two CT series in one Frame of Reference with different grids, served as
// /dw/layouts. Series A is the geometry generator's axial images (48 x 64 pixels of 0.7 x 1.1 mm, 16 slices 1.5 mm
// apart, src/testing/geometryStudy.ts); series B has 40 x 30 pixels of 0.9 x 1.3 mm, 12 slices 2.2 mm apart,
// starting at another height, so that following a slice means matching patient positions, not slice numbers. And
// the geometry generator's box RTSTRUCT (ROI "Box"), placed on A.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { GEOMETRY_CASES, GeometryStudy } from '../src/testing/geometryStudy';
import { FOR_UID } from '../src/dicom/seg/testFixtures';
import { CT_IMAGE } from '../src/dicom/sr/testing/reportBuilder';
import { encodePart10 } from '../src/samples/part10';
import type { GeneratedMount } from './generatedFixtures';
import { rtstructFile } from './placementFixtures';

export const LAYOUT_MOUNT = 'layouts';

/** Series B: its grid and where its slices are (patient z of slice j: B_Z0 + j * B_SPACING). */
export const SERIES_B = {
  uid: '2.25.770010002',
  description: 'Layout second series',
  rows: 40,
  columns: 30,
  /** PixelSpacing: [between rows, between columns] */
  pixelSpacing: [0.9, 1.3] as [number, number],
  slices: 12,
  z0: 36.0,
  spacing: 2.2,
  /** patient x, y of pixel (0, 0) */
  origin: [-10, -50] as [number, number],
};

/** Series C: B's grid in another Frame of Reference (another scan of the patient): no overlay of A belongs on it. */
export const SERIES_C = {
  ...SERIES_B,
  uid: '2.25.770010003',
  description: 'Layout other frame of reference',
  frameOfReferenceUID: '2.25.770019999',
};

/** The study of A, B, C, the ellipsoid SEG on A and the box RTSTRUCT on A, for overlays in grid cells. */
export const LAYOUT_SEG_MOUNT = 'layouts-seg';

export const axialStudy = (): GeometryStudy => new GeometryStudy(GEOMETRY_CASES.find((c) => c.name === 'axial') ?? GEOMETRY_CASES[0]);

function seriesB(study: GeometryStudy, b: typeof SERIES_B & { frameOfReferenceUID?: string } = SERIES_B, folder = 'B', sopRoot = '2.25.77110'): Array<{ name: string; bytes: Uint8Array }> {
  const pixels = new Uint16Array(b.rows * b.columns);
  for (let r = 0; r < b.rows; r++) for (let c = 0; c < b.columns; c++) pixels[r * b.columns + c] = 1000 + ((r * 5 + c * 11) % 32) * 5;
  const bytes = new Uint8Array(pixels.buffer);
  return Array.from({ length: b.slices }, (_, j) => ({
    name: `${folder}/${String(j + 1).padStart(3, '0')}.dcm`,
    bytes: encodePart10(
      {
        SOPClassUID: CT_IMAGE,
        SOPInstanceUID: `${sopRoot}${j + 10}`,
        ...study.patientStudyModule(),
        Modality: 'CT',
        SeriesInstanceUID: b.uid,
        SeriesNumber: folder === 'B' ? 5 : 6,
        SeriesDescription: b.description,
        InstanceNumber: j + 1,
        FrameOfReferenceUID: b.frameOfReferenceUID ?? FOR_UID,
        ImagePositionPatient: [b.origin[0], b.origin[1], b.z0 + j * b.spacing].map((v) => String(Math.round(v * 1000) / 1000)),
        ImageOrientationPatient: ['1', '0', '0', '0', '1', '0'],
        PixelSpacing: b.pixelSpacing.map(String),
        SliceThickness: String(b.spacing),
        SamplesPerPixel: 1,
        PhotometricInterpretation: 'MONOCHROME2',
        Rows: b.rows,
        Columns: b.columns,
        BitsAllocated: 16,
        BitsStored: 16,
        HighBit: 15,
        PixelRepresentation: 0,
        RescaleIntercept: '0',
        RescaleSlope: '1',
        WindowCenter: '1100',
        WindowWidth: '400',
      },
      { vr: 'OW', bytes },
    ),
  }));
}

export function writeLayoutStudy(root: string): GeneratedMount {
  const dir = path.join(root, LAYOUT_MOUNT);
  mkdirSync(path.join(dir, 'CT'), { recursive: true });
  mkdirSync(path.join(dir, 'B'), { recursive: true });
  const study = axialStudy();
  for (const f of [...study.imageFiles(), ...seriesB(study)]) writeFileSync(path.join(dir, f.name), f.bytes);
  // The box RTSTRUCT, placed on A (same Frame of Reference as B).
  writeFileSync(path.join(dir, 'RTSTRUCT.dcm'), rtstructFile(study));
  return { name: LAYOUT_MOUNT, folder: dir };
}

/** A, B and C with the ellipsoid SEG on A (layouts.spec.ts: overlays in every cell of their Frame of Reference). */
export function writeLayoutSegStudy(root: string): GeneratedMount {
  const dir = path.join(root, LAYOUT_SEG_MOUNT);
  for (const f of ['CT', 'B', 'C']) mkdirSync(path.join(dir, f), { recursive: true });
  const study = axialStudy();
  for (const f of [...study.imageFiles(), ...seriesB(study), ...seriesB(study, SERIES_C, 'C', '2.25.77120')]) writeFileSync(path.join(dir, f.name), f.bytes);
  writeFileSync(path.join(dir, 'SEG.dcm'), study.segFile());
  return { name: LAYOUT_SEG_MOUNT, folder: dir };
}
