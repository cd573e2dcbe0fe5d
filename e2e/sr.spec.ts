// The dcmqi liver measurement report (TID 1500, volumetric group on the liver SEG) on the GE CT.
import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { diffSnapshots, expectRendered, settle, snapshot, studyUID } from './helpers';

const CT3_STUDY = '1.2.392.200103.20080913.113635.0.2009.6.22.21.43.10.22941.1';

test('the liver report lists its six measurements with units; selecting the group shows the liver segment; CSV matches', async ({ page, request }) => {
  const study = await studyUID(request, '/dicomweb', `StudyInstanceUID=${CT3_STUDY}`);
  await page.goto(`/viewer/?StudyInstanceUIDs=${study}`);
  await expectRendered(page, 'stack');
  const report = page.locator('[data-sr-key][data-status="ready"]');
  await expect(report).toHaveCount(1, { timeout: 60_000 });
  await expect(page.locator('[data-seg-key][data-status="ready"]')).toHaveCount(2, { timeout: 60_000 });
  await expect(report).toContainText('Imaging Measurement Report');
  await report.getByRole('button', { name: /Measurements group 1/ }).click();
  const rows = report.locator('tr.measurement');
  await expect(rows).toHaveCount(6);
  const text = (await rows.allTextContents()).join('\n');
  expect(text).toMatch(/Volume.*70361\.9.*mm³/);
  expect(text).toMatch(/Volume.*70\.36.*cm³/);
  expect((text.match(/HU/g) ?? []).length).toBe(4);
  // The liver SEG now shows only its liver segment, on a slice where it is drawn: hiding it changes the picture.
  const liverSeg = page.locator('[data-seg-key]', { hasText: 'Liver' });
  const liverBox = liverSeg.locator('li.segment', { hasText: 'Liver' }).getByRole('checkbox');
  await expect(liverBox).toBeChecked();
  await expect(report.locator('.warn')).toHaveCount(0);
  await settle(page);
  await snapshot(page, 'stack', 'shown');
  await liverBox.uncheck();
  await settle(page);
  await snapshot(page, 'stack', 'hidden');
  expect((await diffSnapshots(page, 'shown', 'hidden')).count).toBeGreaterThan(2000);

  const [download] = await Promise.all([page.waitForEvent('download'), report.getByRole('button', { name: 'CSV' }).click()]);
  const csv = readFileSync((await download.path()) as string, 'utf8').trim().split('\n');
  expect(csv[0]).toBe('tracking identifier,tracking UID,finding,finding site,measurement,value,unit,derivation');
  expect(csv).toHaveLength(7);
  expect(csv.filter((l) => l.startsWith('Measurements group 1,'))).toHaveLength(6);
  expect(csv.some((l) => /,Volume,70361\.9\d*,mm3,/.test(l))).toBe(true);
});
