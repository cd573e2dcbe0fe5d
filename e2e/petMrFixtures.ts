// Small PET and MR series for the window presets and the SUV readout (presets.spec.ts), written with the sample
// generator's Part 10 encoder. Non-square pixels and rows != columns, like every geometry the tests use. The
// PET's SUV inputs are given here so that the test computes the expected SUV by the formula, by itself.
import path from 'node:path';
import { mkdirSync, writeFileSync } from 'node:fs';
import { encodePart10, type Dataset } from '../src/samples/part10';

export const PET = {
  rows: 48,
  columns: 64,
  slices: 8,
  /** stored values: the block in the middle of every slice, and the rest */
  hot: 10_000,
  background: 100,
  slope: 0.5,
  weightKg: 72.5,
  doseBq: 370e6,
  halfLifeS: 6586.2,
  injection: '101500',
  seriesTime: '113000',
};

export const MR = { rows: 40, columns: 56, slices: 6, min: 0, max: 1000 };

const uid = (root: string, n: number | string): string => `2.25.${root}${n}`;

function common(kind: 'pt' | 'mr', study: string, series: string, patient: string, k: number): Dataset {
  const pet = kind === 'pt';
  const rows = pet ? PET.rows : MR.rows;
  return {
    SOPClassUID: pet ? '1.2.840.10008.5.1.4.1.1.128' : '1.2.840.10008.5.1.4.1.1.4',
    SOPInstanceUID: `${series}.${k + 1}`,
    PatientName: `${patient}^TEST`,
    PatientID: patient,
    StudyInstanceUID: study,
    StudyDate: '20240102',
    StudyTime: '110000',
    StudyID: '1',
    AccessionNumber: '',
    Modality: pet ? 'PT' : 'MR',
    SeriesInstanceUID: series,
    SeriesNumber: 1,
    SeriesDate: '20240102',
    SeriesTime: pet ? PET.seriesTime : '110000',
    SeriesDescription: pet ? 'Synthetic PET' : 'Synthetic MR',
    FrameOfReferenceUID: `${study}.9`,
    InstanceNumber: k + 1,
    ImageOrientationPatient: ['1', '0', '0', '0', '1', '0'],
    ImagePositionPatient: ['-60', '-50', String(k * 3)],
    // Rows 4 mm apart, columns 2 mm: non-square pixels.
    PixelSpacing: ['4', '2'],
    SliceThickness: '3',
    SamplesPerPixel: 1,
    PhotometricInterpretation: 'MONOCHROME2',
    Rows: rows,
    Columns: pet ? PET.columns : MR.columns,
    BitsAllocated: 16,
    BitsStored: 16,
    HighBit: 15,
    PixelRepresentation: 0,
  };
}

function u16(values: Uint16Array): Uint8Array {
  return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
}

/** A PET series; `weightKg: null` leaves PatientWeight out (no SUV). Returns the folder. */
export function writePet(dir: string, name: string, weightKg: number | null): string {
  const out = path.join(dir, name);
  mkdirSync(out, { recursive: true });
  const root = `${Date.now()}${Math.floor(Math.random() * 1e6)}`;
  const study = uid(root, 1);
  const series = uid(root, 2);
  for (let k = 0; k < PET.slices; k++) {
    const px = new Uint16Array(PET.rows * PET.columns).fill(PET.background);
    for (let r = PET.rows / 4; r < (3 * PET.rows) / 4; r++) for (let c = PET.columns / 4; c < (3 * PET.columns) / 4; c++) px[r * PET.columns + c] = PET.hot;
    const ds: Dataset = {
      ...common('pt', study, series, name.toUpperCase(), k),
      ...(weightKg !== null ? { PatientWeight: String(weightKg) } : {}),
      RescaleSlope: String(PET.slope),
      RescaleIntercept: '0',
      Units: 'BQML',
      DecayCorrection: 'START',
      CorrectedImage: ['DECY', 'ATTN'],
      AcquisitionDate: '20240102',
      AcquisitionTime: PET.seriesTime,
      RadiopharmaceuticalInformationSequence: [
        { Radiopharmaceutical: 'Fluorodeoxyglucose', RadiopharmaceuticalStartTime: PET.injection, RadionuclideTotalDose: String(PET.doseBq), RadionuclideHalfLife: String(PET.halfLifeS) },
      ],
    };
    writeFileSync(path.join(out, `pt${k + 1}.dcm`), encodePart10(ds, { vr: 'OW', bytes: u16(px) }));
  }
  return out;
}

/** An MR series whose every slice runs from MR.min to MR.max. */
export function writeMr(dir: string): string {
  const out = path.join(dir, 'mr');
  mkdirSync(out, { recursive: true });
  const root = `${Date.now()}${Math.floor(Math.random() * 1e6)}`;
  for (let k = 0; k < MR.slices; k++) {
    const px = new Uint16Array(MR.rows * MR.columns);
    for (let i = 0; i < px.length; i++) px[i] = Math.round(MR.min + ((MR.max - MR.min) * i) / (px.length - 1));
    const ds: Dataset = { ...common('mr', uid(root, 1), uid(root, 2), 'MR-PRESETS', k), RescaleSlope: '1', RescaleIntercept: '0' };
    writeFileSync(path.join(out, `mr${k + 1}.dcm`), encodePart10(ds, { vr: 'OW', bytes: u16(px) }));
  }
  return out;
}
