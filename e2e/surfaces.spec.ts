// The 3D layout on the sample phantom: the MPR planes and, in the fourth cell, the SEG's shown segments as
// surfaces in their colours. The colour looked for is the generator's (SAMPLE_SEGMENTS), not the viewer's: lit
// matte surfaces keep a colour's proportions (r : g : b), so a pixel is the Lungs' when its proportions are.
// The structure set (whose body outline is drawn see-through) is switched off first, so no other surface
// tints the SEG's. Where, in patient terms: the phantom's liver is on its right (generator), so seen from the
// front it is on the viewer's left, under the lungs.
//
// Break-checked (each made the test fail, then reverted): surfaces shown whatever the panels say (the hidden
// structure set's see-through body stayed over the organs: 1 Lungs pixel, expected > 500); the worker's vertices
// mirrored left-right, normals and winding kept outward (liver centre at 0.55 of the width, expected < 0.5).
// Surfaces drawn grey whatever their segment's colour (0 Lungs pixels, expected > 500).
import { expect, test, type Page } from '@playwright/test';
import { canvasStats, expectRendered, settle, sliceLabel, snapshot, diffSnapshots, studyUID } from './helpers';
import { SAMPLE_ROIS, SAMPLE_SEGMENTS } from '../src/samples/sampleDefinitions';

// The test takes 22-36 s here (this machine, 2026-12-07, under load): a hung one fails within about 3x that.
test.setTimeout(100_000);

const SURFACES = 'surfaces-3d';
const colourOf = (label: string): [number, number, number] => {
  const s = SAMPLE_SEGMENTS.find((x) => x.segmentLabel === label);
  if (!s) throw new Error(`no sample segment ${label}`);
  return [...s.color] as [number, number, number];
};

/** Pixels of the 3D cell whose colour has the proportions of `rgb` (and is not near black). */
async function pixelsOfHue(page: Page, rgb: [number, number, number]): Promise<number> {
  return (await hueAt(page, rgb)).count;
}

/** How many pixels of the 3D cell have the proportions of `rgb`, and where they are on average (canvas fractions). */
async function hueAt(page: Page, rgb: [number, number, number]): Promise<{ count: number; x: number; y: number }> {
  return page.evaluate(
    ({ id, c }) => {
      const canvas = document.querySelector<HTMLCanvasElement>(`[data-viewport-id="${id}"] canvas`);
      const ctx = canvas?.getContext('2d');
      if (!canvas || !ctx || !canvas.width) return { count: 0, x: 0, y: 0 };
      const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
      const sum = c[0] + c[1] + c[2];
      const want = c.map((v) => v / sum);
      let n = 0;
      let x = 0;
      let y = 0;
      for (let i = 0; i < data.length; i += 4) {
        const s = data[i] + data[i + 1] + data[i + 2];
        if (s < 90) continue;
        if (Math.abs(data[i] / s - want[0]) < 0.02 && Math.abs(data[i + 1] / s - want[1]) < 0.02 && Math.abs(data[i + 2] / s - want[2]) < 0.02) {
          n++;
          x += (i / 4) % canvas.width;
          y += Math.floor(i / 4 / canvas.width);
        }
      }
      return { count: n, x: n ? x / n / canvas.width : 0, y: n ? y / n / canvas.height : 0 };
    },
    { id: SURFACES, c: rgb },
  );
}

async function dragIn(page: Page, id: string, dx: number, dy: number): Promise<void> {
  const box = await page.locator(`[data-viewport-id="${id}"]`).boundingBox();
  if (!box) throw new Error(`no viewport ${id}`);
  const [x, y] = [box.x + box.width / 2, box.y + box.height / 2];
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x + dx, y + dy, { steps: 6 });
  await page.mouse.up();
}

test('the 3D layout shows the shown segments as surfaces in their colours; hiding one removes it; the planes keep working', async ({ page }) => {
  const study = await studyUID(page.request, '/dicomweb', 'PatientID=PHANTOM-001');
  await page.goto(`/viewer/?StudyInstanceUIDs=${study}&layout=3d`);
  await expectRendered(page, 'mpr-axial');
  await expect(page.locator('[data-seg-key][data-status="ready"]')).toHaveCount(1, { timeout: 60_000 });
  // The structure set off: its surfaces go (they are not asked for while it is hidden).
  await page.locator('[data-rtstruct-key][data-status="ready"] .seg-series-head input[type="checkbox"][aria-label^="Show "]').uncheck({ timeout: 60_000 });
  const status = page.getByTestId('surface-status');
  await expect(status).toHaveText(new RegExp(`^${SAMPLE_SEGMENTS.length} surfaces`), { timeout: 60_000 });
  await settle(page);
  const lungs = colourOf('Lungs');
  const lungsAt = await hueAt(page, lungs);
  const before = lungsAt.count;
  expect(before, 'pixels in the Lungs colour').toBeGreaterThan(500);
  const liver = colourOf('Liver');
  const liverAt = await hueAt(page, liver);
  expect(liverAt.count, 'pixels in the Liver colour').toBeGreaterThan(500);
  // Seen from the front, as first shown: the liver (the phantom's right) on the viewer's left, the lungs above it.
  expect(liverAt.x).toBeLessThan(0.5);
  expect(lungsAt.y).toBeLessThan(liverAt.y);

  // Hiding the Lungs in the panel removes their colour from the 3D view; the liver stays.
  await page.locator('li.segment', { hasText: 'Lungs' }).first().getByRole('checkbox').uncheck();
  await settle(page);
  expect(await pixelsOfHue(page, lungs), 'Lungs pixels once hidden').toBeLessThan(before / 50);
  expect(await pixelsOfHue(page, liver)).toBeGreaterThan(500);
  await page.locator('li.segment', { hasText: 'Lungs' }).first().getByRole('checkbox').check();
  await settle(page);
  expect(await pixelsOfHue(page, lungs)).toBeGreaterThan(before / 2);

  // Rotating with the mouse turns the picture; the reset key (Space, as in OHIF) brings back the first view.
  await snapshot(page, SURFACES, 'front');
  await dragIn(page, SURFACES, 120, 0);
  await settle(page);
  await snapshot(page, SURFACES, 'turned');
  expect((await diffSnapshots(page, 'front', 'turned')).count, 'pixels changed by rotating').toBeGreaterThan(2000);
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press('Space');
  await settle(page);
  await snapshot(page, SURFACES, 'reset');
  expect((await diffSnapshots(page, 'front', 'reset')).count, 'pixels off the first view after reset').toBeLessThan(200);

  // Back from MPR, the surfaces are there at once (kept for the series, not computed again).
  await page.getByRole('button', { name: 'MPR', exact: true }).click();
  await expectRendered(page, 'mpr-axial');
  await page.getByRole('button', { name: '3D', exact: true }).click();
  await expect(status).toHaveText(new RegExp(`^${SAMPLE_SEGMENTS.length} surfaces`));
  await settle(page);
  await expect.poll(() => pixelsOfHue(page, lungs)).toBeGreaterThan(before / 2);

  // The planes keep working: the axial view scrolls.
  const slice = await sliceLabel(page, 'mpr-axial');
  const axial = await page.locator('[data-viewport-id="mpr-axial"]').boundingBox();
  if (!axial) throw new Error('no axial viewport');
  await page.mouse.move(axial.x + axial.width / 2, axial.y + axial.height / 2);
  await page.mouse.wheel(0, 300);
  await expect.poll(() => sliceLabel(page, 'mpr-axial')).not.toBe(slice);
  expect((await canvasStats(page, 'mpr-sagittal'))?.distinct ?? 0).toBeGreaterThan(20);

  // The structure set's ROIs too (rasterised on the series' grid): the SEG off, the structure set on without its
  // body outline, the Liver ROI shows in its colour.
  await page.locator('[data-seg-key] .seg-series-head input[type="checkbox"][aria-label^="Show "]').uncheck();
  await page.locator('[data-rtstruct-key] .seg-series-head input[type="checkbox"][aria-label^="Show "]').check();
  await page.getByRole('checkbox', { name: 'Show Body', exact: true }).uncheck();
  // Every planar ROI but the body (the isocenter is a point: no surface).
  const rois = SAMPLE_ROIS.filter((r) => r.name !== 'Body');
  await expect(status).toHaveText(new RegExp(`^${rois.length} surfaces`), { timeout: 30_000 });
  await settle(page);
  const liverRoi = rois.find((r) => r.name === 'Liver')?.color as [number, number, number];
  expect(await pixelsOfHue(page, liverRoi), 'pixels in the Liver ROI colour').toBeGreaterThan(500);
  expect(await pixelsOfHue(page, lungs), 'Lungs pixels with the SEG off').toBeLessThan(before / 50);
});
