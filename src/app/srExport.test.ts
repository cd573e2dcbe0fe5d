// The SR export end to end without a browser: measurements as the viewer hands them over (Cornerstone's handle
// points in patient mm, the values the panel shows) on a CT generated here with non-square pixels (0.7 mm between
// rows, 1.1 mm between columns) on a 96 x 128 grid -> the written Part 10 file -> dciodvfy (no errors) -> our
// own SR reader: the same groups, values, units and regions. Expected values are written here from the CT's
// geometry (pixel centre = IPP + column * 1.1 mm along x + row * 0.7 mm along y; SCOORD = pixel + 0.5).
// Break-checked (each made a test here fail, then was undone): SCOORD written as (row, column); CompletionFlag left
// out (dciodvfy: "Missing attribute Type 1 Required Element=<CompletionFlag>"); the ellipse's major axis chosen by
// pixels rather than mm.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import dcmjs from 'dcmjs';
import { afterAll, describe, expect, it } from 'vitest';
import type { DicomJsonDataset } from '../dicom/json';
import type { ImagePlane, Vec3 } from '../dicom/geometry/plane';
import { decodeReportPart10 } from '../dicom/sr';
import type { Measurement } from '../viewer/measurementList';
import type { MeasurementShape } from '../viewer/measurementShapes';
import { measurementSrFile, SR_SERIES_DESCRIPTION } from './srExport';

const ROWS = 96;
const COLUMNS = 128;
const SPACING: [number, number] = [0.7, 1.1];
const ORIGIN: Vec3 = [-70.4, -33.6, 10];
const SLICE_MM = 2.5;
const STUDY = '2.25.7001';
const SERIES = '2.25.7002';
const FOR = '2.25.7003';
const sop = (k: number): string => `2.25.7004${k}`;
const CT_CLASS = '1.2.840.10008.5.1.4.1.1.2';

/** The centre of pixel (row, column) of slice k, in patient mm. */
const at = (k: number, row: number, column: number): Vec3 => [ORIGIN[0] + column * SPACING[1], ORIGIN[1] + row * SPACING[0], ORIGIN[2] + k * SLICE_MM];

const el = (vr: string, ...v: Array<string | number | { Alphabetic: string }>) => ({ vr, Value: v });
function instance(k: number): DicomJsonDataset {
  return {
    '00080016': el('UI', CT_CLASS),
    '00080018': el('UI', sop(k)),
    '00080020': el('DA', '20240301'),
    '00080030': el('TM', '090000'),
    '00080050': el('SH', 'ACC-7'),
    '00080060': el('CS', 'CT'),
    '00080090': el('PN', { Alphabetic: 'Referrer^Ruth' }),
    '00081030': el('LO', 'Phantom <b>study</b>'),
    '00100010': el('PN', { Alphabetic: 'Müller^Jörg' }),
    '00100020': el('LO', 'SR-EXPORT-001'),
    '00100030': el('DA', '19600101'),
    '00100040': el('CS', 'O'),
    '0020000D': el('UI', STUDY),
    '0020000E': el('UI', SERIES),
    '00200010': el('SH', '7'),
    '00200052': el('UI', FOR),
  };
}
const plane = (k: number): ImagePlane => ({ sopInstanceUID: sop(k), frameNumber: null, imagePositionPatient: at(k, 0, 0), imageOrientationPatient: [[1, 0, 0], [0, 1, 0]], pixelSpacing: SPACING, rows: ROWS, columns: COLUMNS });
const imageId = (k: number): string => `wadors:test/${sop(k)}/frames/1`;

const UUIDS = ['0f8e3c2a-1b2c-4d5e-8f90-a1b2c3d4e5f6', '1f8e3c2a-1b2c-4d5e-8f90-a1b2c3d4e5f6', '2f8e3c2a-1b2c-4d5e-8f90-a1b2c3d4e5f6', '3f8e3c2a-1b2c-4d5e-8f90-a1b2c3d4e5f6', '4f8e3c2a-1b2c-4d5e-8f90-a1b2c3d4e5f6', '5f8e3c2a-1b2c-4d5e-8f90-a1b2c3d4e5f6'];
const LENGTH_MM = Math.hypot(80 * SPACING[0], 108 * SPACING[1]);
const ELLIPSE_AREA = Math.PI * 10 * SPACING[1] * 15 * SPACING[0];
const RECT_AREA = 24 * SPACING[1] * 35 * SPACING[0];
const mm = (value: number, name = 'Length') => ({ name, value, unit: 'mm' });
const hu = (name: string, value: number) => ({ name, value, unit: 'HU' });
const item = (i: number, tool: string, values: Measurement['values']): Measurement => ({ uid: UUIDS[i], tool, values, seriesInstanceUID: SERIES, where: '', complete: true });

const items: Measurement[] = [
  item(0, 'Length', [mm(LENGTH_MM)]),
  item(1, 'Elliptical ROI', [{ name: 'Area', value: ELLIPSE_AREA, unit: 'mm²' }, hu('Mean', 120), hu('SD', 0), hu('Min', 120), hu('Max', 120)]),
  item(2, 'Rectangle ROI', [{ name: 'Area', value: RECT_AREA, unit: 'mm²' }, hu('Mean', 40), hu('SD', 0), hu('Min', 40), hu('Max', 40)]),
  item(3, 'Bidirectional', [mm(Math.hypot(64 * SPACING[0], 70 * SPACING[1])), mm(12.5, 'Width')]),
  item(4, 'Length', [mm(30)]),
  item(5, 'Angle', [{ name: 'Angle', value: 53.6, unit: '°' }]),
];
const shape = (i: number, toolName: string, points: Vec3[], k: number | null): MeasurementShape => ({ uid: UUIDS[i], toolName, points, referencedImageId: k === null ? null : imageId(k), frameOfReferenceUID: FOR });
const shapes: MeasurementShape[] = [
  shape(0, 'Length', [at(2, 8, 10), at(2, 88, 118)], 2),
  // Centre (47, 90), 15 rows (10.5 mm) up and down, 10 columns (11 mm) left and right: more pixels vertically, more mm across.
  shape(1, 'EllipticalROI', [at(2, 32, 90), at(2, 62, 90), at(2, 47, 80), at(2, 47, 100)], 2),
  shape(2, 'RectangleROI', [at(1, 30, 28), at(1, 30, 52), at(1, 65, 28), at(1, 65, 52)], 1),
  shape(3, 'Bidirectional', [at(3, 16, 30), at(3, 80, 100), at(3, 50, 60), at(3, 44, 70)], 3),
  // Drawn in a sagittal MPR plane: on no stored image, 30 mm along z.
  shape(4, 'Length', [[-20, 0, 11], [-20, 0, 41]], null),
  shape(5, 'Angle', [at(2, 8, 10), at(2, 88, 10), at(2, 8, 118)], 2),
];
const drawnOn = (id: string) => {
  const k = [0, 1, 2, 3, 4].find((s) => imageId(s) === id);
  return k === undefined ? undefined : { plane: plane(k), instance: instance(k) };
};

const HAS_DCIODVFY = spawnSync('dciodvfy', [], { encoding: 'utf8' }).error === undefined;
const dir = mkdtempSync(join(tmpdir(), 'sr-export-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const NOW = new Date(2026, 11, 7, 4, 5, 6);
const seriesImages = () => [0, 1, 2, 3, 4].map((k) => ({ plane: plane(k), instance: instance(k) }));
const file = await measurementSrFile({ items, shapes, drawnOn, seriesInstance: () => instance(0), seriesImages, seriesNumber: 901, now: NOW });
const path = join(process.env.SR_KEEP ?? dir, 'sr.dcm');
writeFileSync(path, file.bytes);

describe('SR export of measurements on a CT with 0.7 x 1.1 mm pixels, 96 x 128', () => {
  // skipIf: needs dicom3tools (apt package `dicom3tools`); CI fails instead when it is missing (requireInCi.ts).
  it.skipIf(!HAS_DCIODVFY)('dciodvfy finds no error in the written file', () => {
    const run = spawnSync('dciodvfy', [path], { encoding: 'utf8' });
    const lines = `${run.stdout}\n${run.stderr}`.split('\n').filter(Boolean);
    const warnings = lines.filter((l) => l.startsWith('Warning'));
    if (warnings.length) console.log(`dciodvfy warnings:\n${warnings.join('\n')}`);
    expect(lines.filter((l) => l.startsWith('Error'))).toEqual([]);
  });

  // skipIf: needs dciodvfy, as above.
  it.skipIf(!HAS_DCIODVFY)('a report of one measurement in 3D whose series images are unknown: an empty image library, still valid', async () => {
    const only3d = await measurementSrFile({ items: [items[4]], shapes: [shapes[4]], drawnOn, seriesInstance: () => instance(0), seriesImages: () => [], seriesNumber: 902, now: NOW });
    const p3 = join(dir, 'sr3d.dcm');
    writeFileSync(p3, only3d.bytes);
    const run = spawnSync('dciodvfy', [p3], { encoding: 'utf8' });
    expect(`${run.stdout}\n${run.stderr}`.split('\n').filter((l) => l.startsWith('Error'))).toEqual([]);
    const doc = decodeReportPart10(only3d.bytes, 'sr3d.dcm');
    expect(doc.measurementReport?.imageLibrary?.groups).toEqual([]);
    expect(doc.measurementReport?.measurementGroups[0].regions[0]).toMatchObject({ is3D: true, referencedFrameOfReferenceUID: FOR });
  });

  it('files into the measured study: patient and study copied, new series and instance, this viewer as manufacturer', () => {
    const ds = dcmjs.data.DicomMetaDictionary.naturalizeDataset(dcmjs.data.DicomMessage.readFile(file.bytes.slice().buffer).dict) as Record<string, unknown>;
    expect(ds.SOPClassUID).toBe('1.2.840.10008.5.1.4.1.1.88.34');
    expect(ds.StudyInstanceUID).toBe(STUDY);
    expect(ds.SeriesInstanceUID).not.toBe(SERIES);
    expect(String(ds.SeriesInstanceUID)).toMatch(/^2\.25\.\d+$/);
    expect(String(ds.SOPInstanceUID)).toMatch(/^2\.25\.\d+$/);
    expect(ds.SOPInstanceUID).not.toBe(ds.SeriesInstanceUID);
    expect(ds.PatientID).toBe('SR-EXPORT-001');
    expect(JSON.stringify(ds.PatientName)).toContain('Müller^Jörg');
    expect([ds.StudyDate, ds.StudyTime, ds.AccessionNumber, ds.StudyID, ds.StudyDescription]).toEqual(['20240301', '090000', 'ACC-7', '7', 'Phantom <b>study</b>']);
    expect([ds.Modality, ds.SeriesNumber, ds.SeriesDescription, ds.Manufacturer]).toEqual(['SR', 901, SR_SERIES_DESCRIPTION, 'IDC annotation viewer']);
    expect([ds.ContentDate, ds.ContentTime]).toEqual(['20261207', '040506']);
    expect(file.count).toBe(5);
    expect(file.skipped).toEqual(['Measurement 6 (Angle): no TID 1500 form for this tool here']);
  });

  it('our SR reader gives back the groups, tracking, values, units and regions', () => {
    const doc = decodeReportPart10(file.bytes, 'sr.dcm');
    expect(doc.problems).toEqual([]);
    const report = doc.measurementReport;
    // The images the SCOORDs are on, then (for the length measured in 3D) the rest of its series.
    expect(report?.imageLibrary?.groups.map((g) => g.entries.map((e) => e.reference?.sopInstanceUID))).toEqual([[sop(2), sop(1), sop(3), sop(0), sop(4)]]);
    expect(report?.imageLibrary?.groups[0]).toMatchObject({ modality: { code: 'CT' }, frameOfReferenceUID: FOR });
    const groups = report?.measurementGroups ?? [];
    expect(groups.map((g) => g.trackingIdentifier)).toEqual(['Length 1', 'Elliptical ROI 2', 'Rectangle ROI 3', 'Bidirectional 4', 'Length 5']);
    // The UID of each annotation's UUID: 2.25 + its 128 bits as a decimal number.
    expect(groups.map((g) => g.trackingUID)).toEqual(UUIDS.slice(0, 5).map((u) => `2.25.${BigInt(`0x${u.replace(/-/g, '')}`)}`));
    expect(groups.map((g) => g.template)).toEqual(['1501', '1410', '1410', '1501', '1501']);
    const values = groups.map((g) => g.measurements.map((m) => [m.concept?.meaning, m.value, m.unit?.code]));
    const close = (v: number) => expect.closeTo(v, 9);
    expect(values[0]).toEqual([['Length', close(LENGTH_MM), 'mm']]);
    expect(values[1]).toEqual([
      ['Area', close(ELLIPSE_AREA), 'mm2'],
      ['Mean', 120, "[hnsf'U]"],
      ['Standard Deviation', 0, "[hnsf'U]"],
      ['Minimum', 120, "[hnsf'U]"],
      ['Maximum', 120, "[hnsf'U]"],
    ]);
    expect(values[2][0]).toEqual(['Area', close(RECT_AREA), 'mm2']);
    expect(values[2][1]).toEqual(['Mean', 40, "[hnsf'U]"]);
    expect(values[3]).toEqual([['Long Axis', close(Math.hypot(64 * SPACING[0], 70 * SPACING[1])), 'mm'], ['Short Axis', 12.5, 'mm']]);
    expect(values[4]).toEqual([['Length', 30, 'mm']]);

    const region = (g: number, r = 0) => groups[g].regions[r];
    // Marker pixels (8, 10) and (88, 118): SCOORD (column + 0.5, row + 0.5), on slice 3's image.
    expect(region(0)).toMatchObject({ is3D: false, graphicType: 'POLYLINE', referencedImage: { sopInstanceUID: sop(2), frameNumbers: [] } });
    const scoord = (g: number, r = 0) => (region(g, r) as { graphicData: number[] }).graphicData;
    scoord(0).forEach((v, i) => expect(v).toBeCloseTo([10.5, 8.5, 118.5, 88.5][i], 4));
    // The ellipse's major axis is the 22 mm across (20 columns x 1.1 mm), not the 30 rows x 0.7 mm = 21 mm down.
    expect(region(1)).toMatchObject({ graphicType: 'ELLIPSE', concept: { meaning: 'Image Region' } });
    scoord(1).forEach((v, i) => expect(v).toBeCloseTo([80.5, 47.5, 100.5, 47.5, 90.5, 32.5, 90.5, 62.5][i], 4));
    expect(region(2)).toMatchObject({ graphicType: 'POLYLINE', referencedImage: { sopInstanceUID: sop(1) } });
    scoord(2).forEach((v, i) => expect(v).toBeCloseTo([28.5, 30.5, 52.5, 30.5, 52.5, 65.5, 28.5, 65.5, 28.5, 30.5][i], 4));
    expect(groups[3].regions).toHaveLength(2);
    scoord(3, 1).forEach((v, i) => expect(v).toBeCloseTo([60.5, 50.5, 70.5, 44.5][i], 4));
    expect(region(4)).toMatchObject({ is3D: true, graphicType: 'POLYLINE', referencedFrameOfReferenceUID: FOR });
    expect(scoord(4)).toEqual([-20, 0, 11, -20, 0, 41]);
  });
});
