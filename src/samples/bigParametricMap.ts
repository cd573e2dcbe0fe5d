// The Parametric Map benchmark case: a float32 map over every slice of the phantom CT (512x512x300: 300 MB of
// Float Pixel Data), its values a smooth function of patient position.
import type { SampleFile } from './part10';
import { parametricMapFile } from './parametricMap';
import { forEachPhantomSlice } from './phantomSeries';
import { writeSampleFiles } from './sampleFiles';
import { SeriesNumber, contextUid, createStudyContext, type StudyContext } from './studyContext';
import { createVolumeGeometry, type SampleSizeOptions } from './volumeGeometry';

/** Values in 0..3000 µm²/s that change over centimetres, as an ADC map does. */
function bigMapValue(x: number, y: number, z: number): number {
  return 1500 + 900 * Math.sin(x / 37) * Math.cos(y / 53) + 600 * Math.sin(z / 71);
}

/** The map alone (no CT files): what the decode benchmark needs, with the CT's study context for its planes. */
export function bigParametricMap(options: SampleSizeOptions = {}): { context: StudyContext; map: SampleFile } {
  const context = createStudyContext(createVolumeGeometry({ slices: 300, ...options }));
  const map = parametricMapFile({
    context,
    fileName: 'BIG_PM.dcm',
    sopInstanceUID: contextUid(context, 'big-pm/instance'),
    seriesInstanceUID: contextUid(context, 'big-pm/series'),
    seriesNumber: SeriesNumber.BigSEG + 1,
    seriesDescription: 'Benchmark ADC map, float32',
    value: bigMapValue,
    pixelType: 'float32',
    lutLabel: 'ADC',
    lutExplanation: 'synthetic ADC for benchmarks',
    quantity: { value: '113041', scheme: 'DCM', meaning: 'Apparent Diffusion Coefficient' },
    units: { value: 'um2/s', scheme: 'UCUM', meaning: 'um2/s' },
  });
  return { context, map };
}

/** CT series plus the big map, for the viewer (same CT as the big SEG's for the same size). */
function generateBigParametricMap(options: SampleSizeOptions = {}): SampleFile[] {
  const { context, map } = bigParametricMap(options);
  const files: SampleFile[] = [];
  forEachPhantomSlice(context, (_k, _labels, _hu, ctFile) => void files.push(ctFile));
  return [...files, map];
}

export function writeBigParametricMap(outDir: string, options: SampleSizeOptions = {}): string[] {
  return writeSampleFiles(outDir, generateBigParametricMap(options));
}
