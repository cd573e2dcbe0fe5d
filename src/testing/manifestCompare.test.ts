// The MANIFEST comparison must fail when a decoder is wrong: faults injected into a decoder's output (a count off
// by one, a centroid or colour missing or moved by one unit of MANIFEST's last decimal) are reported, and the
// untouched output passes. Synthetic entries always; the real liver SEG / LUNG1 RTSTRUCT / dcmqi SR with
// ../shared/data.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { inspectFile } from '../cli/inspect';
import { CENTROID_DECIMALS, manifestDifferences } from './manifestCompare';
import { HAS_SHARED_DATA, NO_SHARED_DATA_REASON, shared } from './sharedData';

/** MANIFEST's liver.dcm entry, as written there. */
const liverSegmentation = () => ({
  type: 'BINARY',
  fractionalType: null,
  rows: 512,
  columns: 512,
  frames: 3,
  segments: [
    {
      number: 1,
      label: 'Liver',
      algorithmType: 'SEMIAUTOMATIC',
      category: { code: 'T-D0050', scheme: 'SRT', meaning: 'Tissue' },
      type: { code: 'T-62000', scheme: 'SRT', meaning: 'Liver' },
      color: [221, 130, 101] as number[] | null,
      frames: 3,
      voxels: 107098,
      centroid: [-74.057, -33.262, -127.699] as number[] | null,
    },
  ],
});

const measurementGroup = () => ({
  measurements: [{ concept: { code: '118565006' }, value: 70361.9, unit: { code: 'mm3' }, derivation: null }],
  regions: [{ graphicType: 'POLYLINE', points: 4, is3D: false, referencedSOPInstanceUID: '1.2.3' }],
});

describe('manifestDifferences', () => {
  it('passes an output equal to MANIFEST', () => {
    expect(manifestDifferences(liverSegmentation(), liverSegmentation())).toEqual([]);
  });

  it.each([
    ['voxel count + 1 (within the old 0.1 % tolerance)', (s: ReturnType<typeof liverSegmentation>) => (s.segments[0].voxels += 1), '.segments[0].voxels: expected 107098, got 107099 (exact)'],
    ['voxel count - 100', (s: ReturnType<typeof liverSegmentation>) => (s.segments[0].voxels -= 100), '.segments[0].voxels: expected 107098, got 106998 (exact)'],
    ['frames + 1', (s: ReturnType<typeof liverSegmentation>) => (s.segments[0].frames += 1), '.segments[0].frames: expected 3, got 4 (exact)'],
    ['centroid null', (s: ReturnType<typeof liverSegmentation>) => (s.segments[0].centroid = null), '.segments[0].centroid: expected [-74.057,-33.262,-127.699], got null'],
    ['colour null', (s: ReturnType<typeof liverSegmentation>) => (s.segments[0].color = null), '.segments[0].color: expected [221,130,101], got null'],
    ['a colour component + 1', (s: ReturnType<typeof liverSegmentation>) => ((s.segments[0].color as number[])[1] += 1), '.segments[0].color[1]: expected 130, got 131 (exact)'],
    ['a centroid moved by 0.001 mm (MANIFEST\'s last decimal)', (s: ReturnType<typeof liverSegmentation>) => ((s.segments[0].centroid as number[])[2] = -127.7), '.segments[0].centroid[2]: expected -127.699, got -127.7 (centroid)'],
    ['a centroid moved by 0.01 mm (the old tolerance)', (s: ReturnType<typeof liverSegmentation>) => ((s.segments[0].centroid as number[])[0] = -74.067), '.segments[0].centroid[0]: expected -74.057, got -74.067 (centroid)'],
    ['a field dropped', (s: ReturnType<typeof liverSegmentation>) => delete (s as Partial<typeof s>).fractionalType, '.fractionalType: missing, expected null'],
    ['a field added', (s: ReturnType<typeof liverSegmentation>) => Object.assign(s, { extra: 1 }), '.extra: not in MANIFEST, got 1'],
    ['a label changed', (s: ReturnType<typeof liverSegmentation>) => (s.segments[0].label = 'liver'), '.segments[0].label: expected "Liver", got "liver"'],
  ])('fails on %s', (_what, inject, message) => {
    const got = liverSegmentation();
    inject(got);
    expect(manifestDifferences(liverSegmentation(), got)).toEqual([message]);
  });

  it('passes a centroid that rounds to MANIFEST\'s 3 decimals, and fails one that does not', () => {
    const got = liverSegmentation();
    (got.segments[0].centroid as number[])[0] = -74.0574;
    expect(manifestDifferences(liverSegmentation(), got)).toEqual([]);
    (got.segments[0].centroid as number[])[0] = -74.0556;
    expect(manifestDifferences(liverSegmentation(), got)).toHaveLength(1);
  });

  it('gives SR measurement values 1e-3 relative (or 0.01 absolute), and none to region point counts', () => {
    const near = measurementGroup();
    near.measurements[0].value = 70361.9 * (1 + 0.9e-3);
    expect(manifestDifferences(measurementGroup(), near)).toEqual([]);
    const far = measurementGroup();
    far.measurements[0].value = 70361.9 * (1 + 1.1e-3);
    expect(manifestDifferences(measurementGroup(), far)).toHaveLength(1);
    const points = measurementGroup();
    points.regions[0].points = 5;
    expect(manifestDifferences(measurementGroup(), points)).toEqual(['.regions[0].points: expected 4, got 5 (exact)']);
  });
});

interface Derived {
  path: string;
  [k: string]: unknown;
}
const manifest: { derived: Derived[] } = HAS_SHARED_DATA
  ? (JSON.parse(readFileSync(shared('MANIFEST.json'), 'utf8')) as { derived: Derived[] })
  : { derived: [] };
const entry = (p: string): Derived => manifest.derived.find((d) => d.path === p) as Derived;
const withoutPath = ({ path: _p, ...rest }: Derived): Record<string, unknown> => rest;

describe.skipIf(!HAS_SHARED_DATA)(`faults injected into inspect's real output ${HAS_SHARED_DATA ? '' : NO_SHARED_DATA_REASON}`, () => {
  it(`MANIFEST writes every centroid with at most ${CENTROID_DECIMALS} decimals (some with exactly that many)`, () => {
    const decimals = manifest.derived
      .flatMap((d) => {
        const seg = d.segmentation as { segments: { centroid: number[] | null }[] } | undefined;
        const set = d.structureSet as { rois: { centroid: number[] | null }[] } | undefined;
        return [...(seg?.segments ?? []), ...(set?.rois ?? [])].flatMap((x) => x.centroid ?? []);
      })
      .map((v) => (String(v).split('.')[1] ?? '').length);
    expect(decimals.length).toBeGreaterThan(20);
    expect(Math.max(...decimals)).toBe(CENTROID_DECIMALS);
  });

  it('the liver SEG: voxels + 1 and a null centroid are both reported', async () => {
    const expected = withoutPath(entry('dcmqi/segmentations/liver.dcm'));
    const got = (await inspectFile(shared('dcmqi/segmentations/liver.dcm'))) as unknown as typeof expected & {
      segmentation: { segments: { voxels: number; centroid: number[] | null; color: number[] | null }[] };
    };
    expect(manifestDifferences(expected, got)).toEqual([]);
    got.segmentation.segments[0].voxels += 1;
    got.segmentation.segments[0].centroid = null;
    got.segmentation.segments[0].color = null;
    expect(manifestDifferences(expected, got)).toEqual([
      '.segmentation.segments[0].color: expected [221,130,101], got null',
      '.segmentation.segments[0].voxels: expected 107098, got 107099 (exact)',
      '.segmentation.segments[0].centroid: expected [-74.057,-33.262,-127.699], got null',
    ]);
  });

  it('the LUNG1 RTSTRUCT: points + 1 on 9661 and a null centroid are both reported', async () => {
    const path = 'med-imagetools-RADCURE/data/example_1/team_1_plan_1/structures/RTSTRUCT.dcm';
    const expected = withoutPath(entry(path));
    const got = (await inspectFile(shared(path))) as unknown as typeof expected & {
      structureSet: { rois: { name: string; points: number; centroid: number[] | null }[] };
    };
    expect(manifestDifferences(expected, got)).toEqual([]);
    const gtv = got.structureSet.rois.findIndex((r) => r.name === 'GTV-1');
    got.structureSet.rois[gtv].points += 1;
    got.structureSet.rois[gtv].centroid = null;
    expect(manifestDifferences(expected, got)).toEqual([
      `.structureSet.rois[${gtv}].points: expected 9661, got 9662 (exact)`,
      `.structureSet.rois[${gtv}].centroid: expected [-72.178,14.369,-12.696], got null`,
    ]);
  });
});
