// A big structure set (50 ROIs, 128,000 points) through every input path: checks the result and prints the
// time each path takes (numbers for the record, never timed assertions; see bench/ for benchmarks).
import dcmjs from 'dcmjs';
import type { DcmjsDict } from 'dcmjs';
import { describe, expect, it } from 'vitest';
import { sliceStack, type SliceStack } from '../geometry/contourPlacement';
import type { DicomJsonDataset } from '../json';
import { decodeStructureSet } from './decode';
import type { StructureSet } from './model';
import { decodeStructureSetPart10 } from './part10';
import { placeStructureSet } from './placement';
import { summarizeStructureSet } from './summary';
import { structureSetJson, type FixtureRoi } from './testFixtures';

const ROIS = 50;
const CONTOURS = 40;
const POINTS = 64;
const SLICES = 100;
const SPACING = 2.5;

/** Realistic DS text: two decimals, like most planning systems write. */
const r2 = (v: number): number => Math.round(v * 100) / 100;

function bigRois(): FixtureRoi[] {
  return Array.from({ length: ROIS }, (_, roi) => ({
    number: roi + 1,
    name: `ROI ${roi + 1}`,
    color: [roi * 5, 255 - roi * 5, 128],
    contours: Array.from({ length: CONTOURS }, (_, c) => {
      const points: number[] = [];
      for (let i = 0; i < POINTS; i++) {
        const a = (2 * Math.PI * i) / POINTS;
        points.push(
          r2(roi * 3 + 30 * Math.cos(a) + 0.123),
          r2(-roi * 2 + 20 * Math.sin(a) + 0.456),
          (c + (roi % 20)) * SPACING,
        );
      }
      return { points };
    }),
  }));
}

function time<T>(label: string, f: () => T, runs = 5): T {
  let result = f(); // warm-up: the JIT, not the first call, is what a long-lived worker runs
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    result = f();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  console.log(
    `${label}: median ${times[Math.floor(runs / 2)].toFixed(1)} ms (min ${times[0].toFixed(1)}, max ${times[runs - 1].toFixed(1)})`,
  );
  return result;
}

function checkBig(set: StructureSet): void {
  expect(set.problems).toEqual([]);
  const summary = summarizeStructureSet(set);
  expect(summary.rois.length).toBe(ROIS);
  expect(summary.rois.reduce((n, r) => n + r.points, 0)).toBe(ROIS * CONTOURS * POINTS);
  // ROI 11: circle centre (30.123, -19.544) on slices 10..49 -> mean z = (10 + 49) / 2 * 2.5.
  const c = summary.rois[10].centroid as number[];
  expect(c[0]).toBeCloseTo(30.123, 2);
  expect(c[1]).toBeCloseTo(-19.544, 2);
  expect(c[2]).toBeCloseTo(73.75, 6);
}

const withStringValues = (ds: DicomJsonDataset): DicomJsonDataset =>
  JSON.parse(
    JSON.stringify(ds, (k, v) => (k === 'Value' && Array.isArray(v) && typeof v[0] === 'number' ? v.map(String) : v)),
  );

function asBulkData(ds: DicomJsonDataset): { ds: DicomJsonDataset; bulkData: Map<string, Uint8Array> } {
  const copy: DicomJsonDataset = JSON.parse(JSON.stringify(ds));
  const bulkData = new Map<string, Uint8Array>();
  const encoder = new TextEncoder();
  for (const [r, roi] of ((copy['30060039'].Value ?? []) as DicomJsonDataset[]).entries()) {
    for (const [c, contour] of ((roi['30060040'].Value ?? []) as DicomJsonDataset[]).entries()) {
      const uri = `bulk/${r}/${c}`;
      bulkData.set(uri, encoder.encode((contour['30060050'].Value ?? []).join('\\')));
      contour['30060050'] = { vr: 'DS', BulkDataURI: uri };
    }
  }
  return { ds: copy, bulkData };
}

function part10(ds: DicomJsonDataset): ArrayBuffer {
  const { DicomDict, DicomMetaDictionary } = dcmjs.data;
  const dict = new DicomDict({});
  dict.meta = DicomMetaDictionary.denaturalizeDataset({
    FileMetaInformationVersion: new Uint8Array([0, 1]).buffer,
    MediaStorageSOPClassUID: '1.2.840.10008.5.1.4.1.1.481.3',
    MediaStorageSOPInstanceUID: '1.2.826.0.1.3680043.8.498.2',
    TransferSyntaxUID: '1.2.840.10008.1.2.1',
    ImplementationClassUID: '1.2.826.0.1.3680043.8.498.3',
    _vrMap: { FileMetaInformationVersion: 'OB' },
  });
  dict.dict = ds as DcmjsDict;
  return dict.write();
}

describe(`decode speed: ${ROIS} ROIs, ${ROIS * CONTOURS * POINTS} points`, () => {
  const ds = structureSetJson(bigRois(), 'BIG');

  it('DICOM JSON with numbers (Part 10 via headerJson, or WADO-RS metadata)', () => {
    checkBig(time('decode, numeric Values', () => decodeStructureSet(ds)));
    checkBig(time('decode, numeric Values, Float32', () => decodeStructureSet(ds, { precision: 'float32' })));
  });

  it('DICOM JSON with DS strings', () => {
    const strings = withStringValues(ds);
    expect(
      typeof ((strings['30060039'].Value?.[0] as DicomJsonDataset)['30060040'].Value?.[0] as DicomJsonDataset)[
        '30060050'
      ].Value?.[0],
    ).toBe('string');
    checkBig(time('decode, string Values', () => decodeStructureSet(strings)));
  });

  it('ContourData as bulk data (raw DS bytes)', () => {
    const { ds: bulk, bulkData } = asBulkData(ds);
    checkBig(time('decode, BulkDataURI bytes', () => decodeStructureSet(bulk, { bulkData })));
  });

  it('Part 10 bytes through dcmjs', () => {
    const bytes = part10(ds);
    console.log(`Part 10 size: ${(bytes.byteLength / 1e6).toFixed(2)} MB`);
    checkBig(time('readPart10 + headerJson + decode', () => decodeStructureSetPart10(bytes, 'big.dcm'), 2));
  });

  it('placement on a 100-slice CT', () => {
    const stack = sliceStack(
      Array.from({ length: SLICES }, (_, i) => ({
        sopInstanceUID: `ct.${i}`,
        imagePositionPatient: [-250, -250, i * SPACING],
        imageOrientationPatient: [
          [1, 0, 0],
          [0, 1, 0],
        ],
      })),
    ).stack as SliceStack;
    const set = decodeStructureSet(ds);
    const placed = time('placeStructureSet', () => placeStructureSet(set, stack));
    expect(placed.rois.every((r) => r.placements.every((p) => p.kind === 'slice'))).toBe(true);
    expect(placed.rois[10].sliceIndices).toEqual(Array.from({ length: CONTOURS }, (_, i) => i + 10));
    // ROI r covers slices r % 20 ... r % 20 + 39: slice 39 has all of them, slice 45 those with r % 20 >= 6.
    expect(placed.contoursBySlice[39].length).toBe(ROIS);
    expect(placed.contoursBySlice[45].length).toBe(32);
  });
});
