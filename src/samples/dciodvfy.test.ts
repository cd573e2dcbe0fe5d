import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateBigSeg } from './bigSeg';
import { encodePart10 } from './part10';
import { writeSampleFiles } from './sampleFiles';
import { generateSampleStudy } from './sampleStudy';
import { SopClass } from './uids';
import { parametricMapFile } from './parametricMap';
import { createStudyContext } from './studyContext';
import { createVolumeGeometry } from './volumeGeometry';

const HAS_DCIODVFY = spawnSync('dciodvfy', [], { encoding: 'utf8' }).error === undefined;
if (!HAS_DCIODVFY) console.warn('dciodvfy (dicom3tools) is not on PATH: IOD validation tests are skipped');

// Made only when the tests run: vitest skips afterAll hooks of fully skipped files.
const outDir = HAS_DCIODVFY ? mkdtempSync(join(tmpdir(), 'samples-dciodvfy-')) : '';
afterAll(() => {
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

/** dciodvfy prints findings to stderr; lines starting with "Error" are violations, "Warning" lines are not. */
function errorsOf(path: string): string[] {
  const run = spawnSync('dciodvfy', [path], { encoding: 'utf8' });
  return `${run.stdout}\n${run.stderr}`.split('\n').filter((line) => line.startsWith('Error'));
}

const SKIP_NOTE = HAS_DCIODVFY ? '' : ' [skipped: dciodvfy not on PATH]';
const paths = HAS_DCIODVFY
  ? writeSampleFiles(join(outDir, 'study'), generateSampleStudy({ rows: 64, columns: 64, slices: 10 }))
  : [];
const pick = (name: string): string => paths.find((p) => p.endsWith(name)) ?? name;

describe(`dciodvfy reports no errors${SKIP_NOTE}`, () => {
  // skipIf: these need dicom3tools (apt package `dicom3tools`); without it they are reported as skipped,
  // and the warning above says why.
  it.skipIf(!HAS_DCIODVFY).each(['CT/0001.dcm', 'CT/0006.dcm', 'SEG.dcm', 'RTSTRUCT.dcm', 'SR.dcm'])('%s', (name) => {
    expect(errorsOf(pick(name))).toEqual([]);
  });

  // skipIf: needs dciodvfy, as above.
  it.skipIf(!HAS_DCIODVFY)(
    'BIG_SEG.dcm',
    () => {
      const big = writeSampleFiles(
        join(outDir, 'big'),
        generateBigSeg({ rows: 32, columns: 32, slices: 12, segments: 30 }),
      );
      expect(errorsOf(big[big.length - 1])).toEqual([]);
    },
    30_000,
  );

  // skipIf: needs dciodvfy, as above. dicom3tools cannot read encapsulated float pixel data, so native maps only.
  it.skipIf(!HAS_DCIODVFY).each([
    ['float32', {}],
    ['uint16 with slope and intercept, a subset of slices, its own grid', { slope: 0.5, intercept: -20, sliceIndexes: [4, 2, 3] }],
  ] as const)('Parametric Map, %s', (kind, extra) => {
    const context = createStudyContext(createVolumeGeometry({ rows: 64, columns: 64, slices: 10 }));
    const file = parametricMapFile({
      context,
      fileName: `PM-${kind.split(' ')[0]}.dcm`,
      sopInstanceUID: '2.25.77',
      seriesInstanceUID: '2.25.78',
      seriesNumber: 9,
      seriesDescription: 'Synthetic ADC',
      value: (x, y, z) => 1000 + x - y + z,
      pixelType: kind === 'float32' ? 'float32' : 'uint16',
      grid: kind === 'float32' ? undefined : { rows: 20, columns: 30, rowSpacing: 3.5, columnSpacing: 2.25, originX: -30, originY: -40 },
      lutLabel: 'ADC',
      lutExplanation: 'synthetic',
      quantity: { value: '113041', scheme: 'DCM', meaning: 'Apparent Diffusion Coefficient' },
      units: { value: 'um2/s', scheme: 'UCUM', meaning: 'um2/s' },
      ...extra,
    });
    const [written] = writeSampleFiles(join(outDir, 'pm'), [file]);
    expect(errorsOf(written)).toEqual([]);
  });

  // skipIf: needs dciodvfy, as above. Guards the check itself: a broken file must produce an Error line.
  it.skipIf(!HAS_DCIODVFY)('flags a file with a missing Type 1 attribute', () => {
    const broken = writeSampleFiles(join(outDir, 'broken'), [
      {
        name: 'broken.dcm',
        bytes: encodePart10({ SOPClassUID: SopClass.CTImage, SOPInstanceUID: '2.25.1', Modality: 'CT' }),
      },
    ]);
    expect(errorsOf(broken[0]).length).toBeGreaterThan(0);
  });
});
