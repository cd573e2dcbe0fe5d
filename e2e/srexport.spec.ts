// Export SR: a length and an elliptical ROI drawn on measureFixtures.ts's CT (0.7 x 1.1 mm pixels, 96 x 128,
// regions of known HU), saved with "Export SR" as a DICOM file, which is then
//   - read here with dcmjs (not with the viewer's SR reader): a Comprehensive 3D SR of the same study whose
//     numbers are the ones drawn and whose SCOORDs lie where the test drew, in that image's pixels;
//   - opened in the viewer with the CT as local files: its report lists the two groups with the length between
//     the markers (their patient distance from the generator's pixel indices and PixelSpacing) and the ROI's HU.
//
// Break-checked (each made a test here fail, then was undone): SCOORD written as (row, column) (SCOORD value 0 off
// by 2.1 px); HU written as UCUM "1" (unit check); the study UID not copied (header check; with that check removed,
// the viewer shows two studies and no CT); the series of an MPR (volume) measurement not found (sagittal length left
// out: "not placed on an image or in a Frame of Reference").
import { expect, test, type Page } from '@playwright/test';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import dcmjs from 'dcmjs';
import { expectNoErrors, expectRendered } from './helpers';
import { FOR_UID, MARKERS, MEASURE_MOUNT, PIXEL_SPACING, REGIONS, STUDY_UID, writeMeasureStudy } from './measureFixtures';
import { MARKER_DISTANCE, drag, expectDrawn, expectShown, panel, pixelMap, toolButton, whiteBlobs } from './measureHelpers';

// Each test takes 4.5-7.5 s here (2026-12-07): a hung one fails within about 3x that.
test.setTimeout(22_000);

let work = '';
test.beforeAll(() => {
  work = mkdtempSync(path.join(os.tmpdir(), 'viewer-srexport-'));
});
test.afterAll(() => rmSync(work, { recursive: true, force: true }));

type Item = Record<string, unknown> & { ContentSequence?: Item[] };
const meaningOf = (i: Item): string => String((i.ConceptNameCodeSequence as Item[] | undefined)?.[0]?.CodeMeaning ?? '');
const find = (items: Item[] | undefined, meaning: string): Item[] => (items ?? []).filter((i) => meaningOf(i) === meaning);
const numValue = (i: Item): { value: number; unit: string } => {
  const mv = (i.MeasuredValueSequence as Item[])[0];
  return { value: Number(mv.NumericValue), unit: String((mv.MeasurementUnitsCodeSequence as Item[])[0].CodeValue) };
};

async function exportSr(page: Page, count = 2): Promise<string> {
  const downloading = page.waitForEvent('download');
  await panel(page).getByRole('button', { name: 'Export SR' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('MEASURE-001-measurements-sr.dcm');
  await expect(page.getByTestId('measurement-notice')).toHaveText(`Saved MEASURE-001-measurements-sr.dcm (${count} measurements).`);
  const file = path.join(work, download.suggestedFilename());
  await download.saveAs(file);
  return file;
}

test('a length and an ellipse exported as SR hold the values and places drawn, and open in the viewer with the CT', async ({ page }) => {
  await page.goto(`/viewer/?dicomweb=/dw/${MEASURE_MOUNT}&StudyInstanceUIDs=${STUDY_UID}`);
  await expectDrawn(page, 'stack');
  const [a, b] = await whiteBlobs(page, 'stack');
  const at = await pixelMap(page);
  await toolButton(page, 'Length').click();
  await drag(page, [a.x, a.y], [b.x, b.y]);
  const length = await expectShown(page, 'Length', 'Length', MARKER_DISTANCE, 0.5, 'mm');
  await toolButton(page, 'Ellipse').click();
  // Centre pixel (47, 90) in the right region, out to the corner (62, 100): semi-axes 15 rows and 10 columns.
  await drag(page, at(47, 90), at(62, 100));
  const ellipseArea = Math.PI * 10 * PIXEL_SPACING[1] * 15 * PIXEL_SPACING[0];
  const area = await expectShown(page, 'Elliptical ROI', 'Area', ellipseArea, ellipseArea * 0.03, 'mm²');
  await expectShown(page, 'Elliptical ROI', 'Mean', REGIONS.right.hu, 0, 'HU');

  const file = await exportSr(page);
  const ds = dcmjs.data.DicomMetaDictionary.naturalizeDataset(dcmjs.data.DicomMessage.readFile(readFileSync(file).buffer).dict) as Item;
  expect(ds.SOPClassUID).toBe('1.2.840.10008.5.1.4.1.1.88.34');
  expect([ds.StudyInstanceUID, ds.PatientID, ds.Modality]).toEqual([STUDY_UID, 'MEASURE-001', 'SR']);
  const groups = find(find(ds.ContentSequence, 'Imaging Measurements')[0]?.ContentSequence, 'Measurement Group');
  expect(groups.map((g) => find(g.ContentSequence, 'Tracking Identifier')[0]?.TextValue)).toEqual(['Length 1', 'Elliptical ROI 2']);

  // The length: its value as shown, in mm; its polyline from marker A's centre pixel to marker B's (SCOORD is
  // column, row with pixel centres at +0.5), within the pixel the mouse lands in.
  const [lengthNum] = find(groups[0].ContentSequence, 'Length');
  // The panel rounds to one decimal above 100: the file holds the number unrounded.
  expect(numValue(lengthNum).unit).toBe('mm');
  expect(Math.abs(numValue(lengthNum).value - length)).toBeLessThanOrEqual(0.05);
  expect(Math.abs(numValue(lengthNum).value - MARKER_DISTANCE)).toBeLessThanOrEqual(0.5);
  const line = (lengthNum.ContentSequence as Item[])[0];
  expect([line.ValueType, line.GraphicType]).toEqual(['SCOORD', 'POLYLINE']);
  const expectedLine = [MARKERS.a.column, MARKERS.a.row, MARKERS.b.column, MARKERS.b.row].map((v) => v + 0.5);
  (line.GraphicData as number[]).forEach((v, i) => expect(Math.abs(v - expectedLine[i]), `SCOORD value ${i}`).toBeLessThan(1));
  const image = ((line.ContentSequence as Item[])[0].ReferencedSOPSequence as Item[])[0];
  expect(image.ReferencedSOPInstanceUID, 'drawn on slice 3').toBe('2.25.880040012');

  // The ellipse: its region centred on pixel (47, 90), the statistics in HU (UCUM [hnsf'U]), the area in mm2.
  const [region] = find(groups[1].ContentSequence, 'Image Region');
  expect([region.ValueType, region.GraphicType]).toEqual(['SCOORD', 'ELLIPSE']);
  const g = region.GraphicData as number[];
  expect(Math.abs((g[0] + g[2]) / 2 - 90.5), 'centre column').toBeLessThan(1);
  expect(Math.abs((g[1] + g[3]) / 2 - 47.5), 'centre row').toBeLessThan(1);
  const areaNum = numValue(find(groups[1].ContentSequence, 'Area')[0]);
  expect(areaNum.unit).toBe('mm2');
  expect(Math.abs(areaNum.value - area)).toBeLessThanOrEqual(0.05);
  for (const q of ['Mean', 'Minimum', 'Maximum']) expect(numValue(find(groups[1].ContentSequence, q)[0])).toEqual({ value: REGIONS.right.hu, unit: "[hnsf'U]" });
  expect(numValue(find(groups[1].ContentSequence, 'Standard Deviation')[0])).toEqual({ value: 0, unit: "[hnsf'U]" });

  // The file opens in the viewer next to the CT's own files (local files: nothing is uploaded).
  const ct = writeMeasureStudy(work).folder;
  await page.goto('/?files=1');
  await page.getByTestId('open-files').setInputFiles([...readdirSync(ct).map((f) => path.join(ct, f)), file]);
  await expectRendered(page, 'stack');
  const report = page.locator('[data-sr-key][data-status="ready"]');
  await expect(report).toHaveCount(1);
  await expect(report).toContainText('Measurements (IDC annotation viewer)');
  const rowText = async (group: string): Promise<string> => {
    await report.getByRole('button', { name: new RegExp(`^[▸▾]?\\s*${group}`) }).click();
    const rows = report.locator('.measurement');
    await expect(rows.first()).toBeVisible();
    return (await rows.allTextContents()).join('\n');
  };
  const lengthRow = /Length\s*([\d.]+)\s*mm/.exec(await rowText('Length 1'));
  expect(Math.abs(Number(lengthRow?.[1]) - MARKER_DISTANCE), `length shown ${lengthRow?.[1]} mm`).toBeLessThanOrEqual(0.5);
  const roi = await rowText('Elliptical ROI 2');
  expect(roi).toMatch(new RegExp(`Mean\\s*${REGIONS.right.hu}\\s*HU`));
  expect(roi).toMatch(/Standard Deviation\s*0\s*HU/);
  const areaRow = /Area\s*([\d.]+)\s*mm²/.exec(roi);
  expect(Math.abs(Number(areaRow?.[1]) - ellipseArea) / ellipseArea, `area shown ${areaRow?.[1]} mm²`).toBeLessThan(0.03);
  await expect(report.locator('.warn')).toHaveCount(0);
  await expectNoErrors(page);
});

test('MPR: a length in the sagittal plane is written as SCOORD3D in the Frame of Reference, in patient mm', async ({ page }) => {
  await page.goto(`/viewer/?dicomweb=/dw/${MEASURE_MOUNT}&StudyInstanceUIDs=${STUDY_UID}&layout=mpr`);
  for (const id of ['mpr-axial', 'mpr-sagittal']) await expectDrawn(page, id);
  await toolButton(page, 'Length').click();
  const box = (await page.locator('[data-viewport-id="mpr-sagittal"]').boundingBox()) as { x: number; y: number; width: number; height: number };
  await drag(page, [box.x + box.width * 0.3, box.y + box.height * 0.5], [box.x + box.width * 0.7, box.y + box.height * 0.5]);
  await expect(panel(page).locator('li')).toHaveCount(1);
  const [a, b] = await whiteBlobs(page, 'mpr-axial');
  await drag(page, [a.x, a.y], [b.x, b.y]);
  await expect(panel(page).locator('li')).toHaveCount(2);
  const lengthOf = async (i: number): Promise<number> => Number(/([\d.]+) mm/.exec((await panel(page).locator('li').nth(i).locator('[data-quantity="Length"]').textContent()) ?? '')?.[1]);
  await expect.poll(async () => Math.abs((await lengthOf(1)) - MARKER_DISTANCE) <= 0.5, { message: 'the axial length reads the markers\' distance' }).toBe(true);
  const file = await exportSr(page);
  const sagittal = await lengthOf(0);
  const ds = dcmjs.data.DicomMetaDictionary.naturalizeDataset(dcmjs.data.DicomMessage.readFile(readFileSync(file).buffer).dict) as Item;
  const groups = find(find(ds.ContentSequence, 'Imaging Measurements')[0]?.ContentSequence, 'Measurement Group');
  const regionOf = (g: Item): Item => (find(g.ContentSequence, 'Length')[0].ContentSequence as Item[])[0];
  const [inSagittal, inAxial] = groups.map(regionOf);
  // Sagittal: on no stored image, so patient coordinates in the CT's Frame of Reference: one x (the plane), and
  // the points as far apart in mm as the panel's length says.
  expect([inSagittal.ValueType, inSagittal.GraphicType, inSagittal.ReferencedFrameOfReferenceUID]).toEqual(['SCOORD3D', 'POLYLINE', FOR_UID]);
  const p = inSagittal.GraphicData as number[];
  expect(Math.abs(p[0] - p[3])).toBeLessThan(1e-3);
  const value = numValue(find(groups[0].ContentSequence, 'Length')[0]).value;
  expect(Math.abs(Math.hypot(p[3] - p[0], p[4] - p[1], p[5] - p[2]) - value)).toBeLessThan(1e-3);
  expect(Math.abs(value - sagittal)).toBeLessThanOrEqual(0.05);
  // Axial MPR through an acquired slice: on that image, between the markers' centre pixels, as in the stack.
  expect([inAxial.ValueType, inAxial.GraphicType]).toEqual(['SCOORD', 'POLYLINE']);
  const expectedLine = [MARKERS.a.column, MARKERS.a.row, MARKERS.b.column, MARKERS.b.row].map((v) => v + 0.5);
  (inAxial.GraphicData as number[]).forEach((v, i) => expect(Math.abs(v - expectedLine[i]), `SCOORD value ${i}`).toBeLessThan(1));
});
