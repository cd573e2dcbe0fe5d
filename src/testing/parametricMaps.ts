// Test helpers: maps generated on a small sample CT (src/samples), and that CT's planes read back from its files.
// Only tests import this file; it lives in src/testing/ because it uses the sample generator (samples/), which
// dicom/ may not import.
import { generateSampleStudy } from '../samples';
import { createStudyContext, type StudyContext } from '../samples/studyContext';
import { createVolumeGeometry } from '../samples/volumeGeometry';
import { parametricMapFile, type ParametricMapInput } from '../samples/parametricMap';
import type { TargetSeries } from '../dicom/geometry/placeFrames';
import { imagePlanesOf } from '../dicom/geometry/imagePlanes';
import { readPart10, readPart10Async, type Part10 } from '../dicom/part10';
import { headerJson } from '../dicom/summary';

export const SIZE = { rows: 48, columns: 40, slices: 10 } as const;
export const context: StudyContext = createStudyContext(createVolumeGeometry(SIZE));

/** The generated CT, read back: planes in instance order (head to feet). */
export function sampleCt(): TargetSeries {
  const ct = generateSampleStudy(SIZE)
    .filter((f) => f.name.startsWith('CT/'))
    .sort((a, b) => a.name.localeCompare(b.name));
  const headers = ct.map((f) => headerJson(readPart10(f.bytes, f.name, { untilPixelData: true }).dict));
  return { planes: headers.flatMap(imagePlanesOf), frameOfReferenceUID: (headers[0]['00200052']?.Value?.[0] as string) ?? null };
}

/** A linear function of patient position: trilinear interpolation reproduces it exactly. */
export const ramp = (x: number, y: number, z: number): number => 1000 + 2 * x - 3 * y + 0.5 * z;

export type MapOptions = Partial<ParametricMapInput>;

export function mapInput(options: MapOptions = {}): ParametricMapInput {
  return {
    context,
    fileName: 'PM.dcm',
    sopInstanceUID: '2.25.1001',
    seriesInstanceUID: '2.25.1002',
    seriesNumber: 9,
    seriesDescription: 'Synthetic ADC',
    value: ramp,
    pixelType: 'float32',
    lutLabel: 'ADC',
    lutExplanation: 'synthetic ADC ramp',
    quantity: { value: '113041', scheme: 'DCM', meaning: 'Apparent Diffusion Coefficient' },
    units: { value: 'um2/s', scheme: 'UCUM', meaning: 'um2/s' },
    ...options,
  };
}

export async function generatedMap(options: MapOptions = {}): Promise<Part10> {
  const file = parametricMapFile(mapInput(options));
  return readPart10Async(file.bytes, file.name);
}
