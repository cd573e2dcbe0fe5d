// A generated CT (96 rows x 128 columns: non-square pixels, 4.27 x 3.2 mm) with a float32 Parametric Map of
// known values on every slice: each voxel's value is MAP_VALUE at its centre's patient position.
import path from 'node:path';
import { generateSampleStudy } from '../src/samples';
import { createStudyContext } from '../src/samples/studyContext';
import { createVolumeGeometry } from '../src/samples/volumeGeometry';
import { parametricMapFile } from '../src/samples/parametricMap';
import { writeSampleFiles } from '../src/samples/sampleFiles';

const PM_SIZE = { rows: 96, columns: 128, slices: 20 } as const;
export const PM_MOUNT = 'pm-sample';

/** The map's real world value (µm²/s) at a patient position (mm). */
export const MAP_VALUE = (x: number, y: number, z: number): number => 1500 + 4 * x - 3 * y + 2 * z;

export function writePmStudy(dir: string): string {
  const files = generateSampleStudy(PM_SIZE).filter((f) => f.name.startsWith('CT/'));
  const context = createStudyContext(createVolumeGeometry(PM_SIZE));
  const map = parametricMapFile({
    context,
    fileName: 'PM.dcm',
    sopInstanceUID: '2.25.424242001',
    seriesInstanceUID: '2.25.424242002',
    seriesNumber: 50,
    seriesDescription: 'Synthetic ADC map',
    value: MAP_VALUE,
    pixelType: 'float32',
    lutLabel: 'ADC',
    lutExplanation: 'synthetic ADC ramp',
    quantity: { value: '113041', scheme: 'DCM', meaning: 'Apparent Diffusion Coefficient' },
    units: { value: 'um2/s', scheme: 'UCUM', meaning: 'um2/s' },
  });
  writeSampleFiles(dir, [...files, map]);
  return dir;
}

/** The generator's geometry: voxel centre (row, column) -> patient x, y (axial slices, rows along +y). */
export function pmGeometry() {
  return createVolumeGeometry(PM_SIZE);
}

export const PM_DIR = (work: string): string => path.join(work, PM_MOUNT);
