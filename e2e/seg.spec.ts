// SEG overlays drawn where they belong: real dcmqi SEGs on the GE CT, and the generated study's overlapping
// segments. Positions are checked in patient space against MANIFEST.json (an independent decoder).
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { canvasToWorld, diffSnapshots, expectRendered, settle, sliceLabel, snapshot, studyUID } from './helpers';
import { shared } from '../src/testing/sharedData';

interface ManifestSegment {
  label: string;
  color: [number, number, number];
  centroid: [number, number, number];
}
const manifest = JSON.parse(readFileSync(shared('MANIFEST.json'), 'utf8')) as {
  derived: Array<{ path: string; segmentation?: { segments: ManifestSegment[] } }>;
};
const liver = manifest.derived.find((d) => d.path === 'dcmqi/segmentations/liver.dcm')?.segmentation?.segments[0] as ManifestSegment;

function segment(page: Page, seg: string, label: string) {
  return page.locator(`[data-seg-key]:has(.seg-series-label:text-is("${seg}")) li.segment`, { hasText: label }).first();
}

test('the liver SEG is drawn over the liver, in its colour, and hiding it removes it', async ({ page, request }) => {
  const study = await studyUID(request, '/dicomweb', 'StudyInstanceUID=1.2.392.200103.20080913.113635.0.2009.6.22.21.43.10.22941.1');
  await page.goto(`/viewer/?StudyInstanceUIDs=${study}`);
  await expectRendered(page, 'stack');
  await expect(page.locator('[data-seg-key][data-status="ready"]')).toHaveCount(2, { timeout: 60_000 });
  // Only the liver SEG: switch the other one off.
  const other = page.locator('[data-seg-key]', { hasNotText: 'Liver' }).locator('.seg-series-head input[type="checkbox"]');
  await other.uncheck();
  const row = page.locator('li.segment', { hasText: 'Liver' }).first();
  await row.getByRole('button', { name: 'Liver' }).click();
  await settle(page);
  await snapshot(page, 'stack', 'on');
  await row.getByRole('checkbox').uncheck();
  await settle(page);
  await snapshot(page, 'stack', 'off');
  const d = await diffSnapshots(page, 'on', 'off');
  expect(d.count, 'pixels tinted by the liver segment').toBeGreaterThan(2000);
  // Tinted towards the liver's colour (221, 130, 101): more red than blue.
  expect(d.delta[0]).toBeGreaterThan(d.delta[2]);
  // Where: the tinted area's centre, in patient mm, lies near the liver's centroid from MANIFEST.json.
  const world = await canvasToWorld(page, 'stack', d.x, d.y);
  expect(Math.abs(world[0] - liver.centroid[0]), `x ${world[0]} vs ${liver.centroid[0]}`).toBeLessThan(15);
  expect(Math.abs(world[1] - liver.centroid[1]), `y ${world[1]} vs ${liver.centroid[1]}`).toBeLessThan(15);
  await row.getByRole('checkbox').check();
  await settle(page);
  await snapshot(page, 'stack', 'again');
  expect((await diffSnapshots(page, 'on', 'again')).count).toBeLessThan(50);
});

test('overlapping segments stay visible: the tumour inside the liver is drawn whatever the liver does', async ({ page, request }) => {
  const study = await studyUID(request, '/dicomweb', 'PatientID=PHANTOM-001');
  await page.goto(`/viewer/?StudyInstanceUIDs=${study}`);
  await expectRendered(page, 'stack');
  await expect(page.locator('[data-seg-key][data-status="ready"]')).toHaveCount(1, { timeout: 60_000 });
  // Contours off, so only the SEG tints the image.
  await page.locator('[data-rtstruct-key] .seg-series-head input[type="checkbox"]').first().uncheck();
  const tumour = segment(page, 'Phantom organs and tumour', 'Liver tumour');
  const liverRow = segment(page, 'Phantom organs and tumour', 'Liver');
  await tumour.getByRole('button', { name: 'Liver tumour' }).click();
  await settle(page);
  await snapshot(page, 'stack', 'both');
  await liverRow.getByRole('checkbox').uncheck();
  await settle(page);
  await snapshot(page, 'stack', 'tumourOnly');
  await tumour.getByRole('checkbox').uncheck();
  await settle(page);
  await snapshot(page, 'stack', 'none');
  expect((await diffSnapshots(page, 'both', 'tumourOnly')).count, 'liver pixels').toBeGreaterThan(2000);
  const t = await diffSnapshots(page, 'tumourOnly', 'none');
  expect(t.count, 'tumour pixels, drawn although the liver covers them too').toBeGreaterThan(100);
});

test('jump to segment moves to a slice where it is drawn', async ({ page, request }) => {
  const study = await studyUID(request, '/dicomweb', 'PatientID=PHANTOM-001');
  await page.goto(`/viewer/?StudyInstanceUIDs=${study}`);
  await expectRendered(page, 'stack');
  await expect(page.locator('[data-seg-key][data-status="ready"]')).toHaveCount(1, { timeout: 60_000 });
  await page.keyboard.press('Home');
  await expect(page.getByTestId('slice-stack')).toHaveText('Slice 1/100');
  await segment(page, 'Phantom organs and tumour', 'Left kidney').getByRole('button', { name: 'Left kidney' }).click();
  await expect.poll(() => sliceLabel(page)).not.toBe('Slice 1/100');
  const kidney = await sliceLabel(page);
  await segment(page, 'Phantom organs and tumour', 'Lungs').getByRole('button', { name: 'Lungs' }).click();
  await expect.poll(() => sliceLabel(page)).not.toBe(kidney);
});
