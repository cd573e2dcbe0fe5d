// Window presets by modality (MR and PET have none of CT's) and the PET readout: SUVbw when the header allows it,
// the stored units otherwise, saying which. The series are generated here and opened as local files.
import { expect, test, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expectNoErrors, expectRendered } from './helpers';
import { MR, PET, writeMr, writePet } from './petMrFixtures';

// Each test takes 1.7-3.2 s here (this machine, 2026-12-07): a hung one fails within about 3x that.
test.setTimeout(10_000);

let work = '';
test.beforeAll(() => {
  work = mkdtempSync(path.join(os.tmpdir(), 'viewer-presets-'));
});
test.afterAll(() => rmSync(work, { recursive: true, force: true }));

async function open(page: Page, folder: string): Promise<void> {
  await page.goto('/?files=1');
  await page.getByTestId('open-folder').setInputFiles(folder);
  await expectRendered(page, 'stack');
}

const tools = (page: Page) => page.getByRole('toolbar', { name: 'Viewer tools' });

/** The hover label's first line at the middle of the viewport (the hot block of every PET slice). */
async function readoutAtCentre(page: Page): Promise<string> {
  const box = await page.locator('[data-viewport-id="stack"]').boundingBox();
  if (!box) throw new Error('no viewport');
  await page.mouse.move(box.x + box.width / 2 - 3, box.y + box.height / 2 - 3);
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  const label = page.locator('[data-viewport-id="stack"] .hover-label');
  await expect(label).toBeVisible();
  return (await label.textContent()) ?? '';
}

test('a PET with weight, dose and times reads in SUVbw, computed by the formula; its presets are in SUV', async ({ page }) => {
  await open(page, writePet(work, 'pt-suv', PET.weightKg));
  // SUVbw = Bq/mL x weight (g) / (dose x 2^(-elapsed / half-life)); 10:15 to 11:30 is 4500 s.
  const elapsed = 4500;
  const suv = (PET.hot * PET.slope * PET.weightKg * 1000) / (PET.doseBq * Math.pow(2, -elapsed / PET.halfLifeS));
  expect(await readoutAtCentre(page)).toMatch(new RegExp(`^PT SUVbw ${suv.toFixed(2).replace('.', '\\.')}`));
  await expect(page.getByTestId('pet-units')).toHaveText(/^PET values in SUVbw: 72\.5 kg, 370\.0 MBq injected 75 min before the scan$/);
  await expect(tools(page).getByRole('button', { name: 'Lung', exact: true })).toHaveCount(0);
  await tools(page).getByRole('button', { name: 'SUV 0–10' }).click();
  await expect(page.getByTestId('wl-stack')).toHaveText('W 10 L 5');
  await page.keyboard.press('1');
  await expect(page.getByTestId('wl-stack')).toHaveText('W 5 L 3');
  await expectNoErrors(page);
});

test('a PET without the patient weight reads in its stored units, and says why', async ({ page }) => {
  await open(page, writePet(work, 'pt-noweight', null));
  expect(await readoutAtCentre(page)).toMatch(new RegExp(`^PT ${PET.hot * PET.slope} BQML \\(stored units: .*weight`));
  await expect(page.getByTestId('pet-units')).toHaveText(/^PET values in stored units \(BQML\): no SUV, the patient's weight/);
  await expect(tools(page).getByRole('button', { name: /^SUV/ })).toHaveCount(0);
  // Full range: the lowest to the highest modality value of the slice (background to the hot block).
  await tools(page).getByRole('button', { name: 'Full range' }).click();
  const lo = PET.background * PET.slope;
  const hi = PET.hot * PET.slope;
  await expect(page.getByTestId('wl-stack')).toHaveText(`W ${hi - lo} L ${(hi + lo) / 2}`);
});

test('an MR has presets from its data, none of CT', async ({ page }) => {
  await open(page, writeMr(work));
  for (const ct of ['Soft tissue', 'Lung', 'Liver', 'Bone', 'Brain']) await expect(tools(page).getByRole('button', { name: ct, exact: true })).toHaveCount(0);
  await tools(page).getByRole('button', { name: 'Full range' }).click();
  await expect(page.getByTestId('wl-stack')).toHaveText(`W ${MR.max - MR.min} L ${(MR.max + MR.min) / 2}`);
  // Auto: 1st to 99.5th percentile of a ramp from 0 to 1000 is narrower than the full range, inside it.
  await tools(page).getByRole('button', { name: 'Auto' }).click();
  const m = /^W (\d+) L (\d+)$/.exec((await page.getByTestId('wl-stack').textContent()) ?? '');
  expect(m).not.toBeNull();
  const [w, l] = [Number(m?.[1]), Number(m?.[2])];
  expect(w).toBeGreaterThan(950);
  expect(w).toBeLessThan(1000);
  expect(l - w / 2).toBeGreaterThanOrEqual(9);
  expect(l + w / 2).toBeLessThanOrEqual(996);
  await expectNoErrors(page);
});
