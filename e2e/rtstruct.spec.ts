// RTSTRUCT contours on LUNG1-002: placed by geometry (its image references do not resolve), drawn in the
// ROI's colour on the slices it covers and nowhere else; toggles and jump-to-ROI do what they say.
import { expect, test } from '@playwright/test';
import { canvasToWorld, expectRendered, overlayColorPixels, sliceLabel, studyUID } from './helpers';

// Each test takes 3-6 s here (this machine, 2026-12-06): a hung one fails within about 3x that.
test.setTimeout(20_000);

const GTV_COLOR: [number, number, number] = [64, 64, 255];

test('GTV-1 is drawn in its colour on the slices it covers, and only there', async ({ page, request }) => {
  const study = await studyUID(request, '/dicomweb', 'PatientID=LUNG1-002');
  await page.goto(`/viewer/?StudyInstanceUIDs=${study}`);
  await expectRendered(page, 'stack');
  const gtv = page.locator('li[data-roi-name="GTV-1"]');
  await expect(gtv).toBeVisible();
  await expect(gtv).toContainText('26 contours');
  const range = /slices (\d+)–(\d+)/.exec((await gtv.textContent()) ?? '');
  expect(range, 'GTV-1 slice range shown').toBeTruthy();
  const [lo, hi] = [Number(range?.[1]), Number(range?.[2])];
  expect(hi - lo + 1).toBe(26);

  // Only GTV-1 (the lungs share its colour), then jump to it.
  await gtv.getByRole('button', { name: 'only' }).click();
  await gtv.getByRole('button', { name: 'GTV-1', exact: true }).click();
  const mid = Number(/Slice (\d+)/.exec(await sliceLabel(page))?.[1]);
  expect(mid).toBeGreaterThanOrEqual(lo);
  expect(mid).toBeLessThanOrEqual(hi);
  await expect.poll(() => overlayColorPixels(page, 'stack', GTV_COLOR)).toBeGreaterThan(100);

  // A slice outside its range shows none of it.
  await page.keyboard.press(lo > 1 ? 'Home' : 'End');
  const edge = lo > 1 ? 1 : 28;
  await expect(page.getByTestId('slice-stack')).toHaveText(`Slice ${edge}/28`);
  expect(edge < lo || edge > hi).toBe(true);
  await expect.poll(() => overlayColorPixels(page, 'stack', GTV_COLOR)).toBe(0);

  // Back on it, then hidden by its checkbox.
  await gtv.getByRole('button', { name: 'GTV-1', exact: true }).click();
  await expect.poll(() => overlayColorPixels(page, 'stack', GTV_COLOR)).toBeGreaterThan(100);
  await gtv.getByRole('checkbox').uncheck();
  await expect.poll(() => overlayColorPixels(page, 'stack', GTV_COLOR)).toBe(0);
});

test('the ROI name shows under the cursor', async ({ page, request }) => {
  const study = await studyUID(request, '/dicomweb', 'PatientID=LUNG1-002');
  await page.goto(`/viewer/?StudyInstanceUIDs=${study}`);
  await expectRendered(page, 'stack');
  const gtv = page.locator('li[data-roi-name="GTV-1"]');
  await gtv.getByRole('button', { name: 'only' }).click();
  await gtv.getByRole('button', { name: 'GTV-1', exact: true }).click();
  await expect.poll(() => overlayColorPixels(page, 'stack', GTV_COLOR)).toBeGreaterThan(100);
  // Find a filled pixel of GTV-1 and hover it.
  const at = await page.evaluate(() => {
    const canvas = document.querySelector<HTMLCanvasElement>('[data-viewport-id="stack"] canvas.contour-overlay');
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return null;
    const { data, width } = ctx.getImageData(0, 0, canvas.width, canvas.height);
    const dpr = window.devicePixelRatio || 1;
    // The centre of mass of the translucent fill lies inside this convex-ish tumour.
    let sx = 0, sy = 0, n = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (data[i + 3] > 0 && data[i + 3] < 255 && data[i + 2] > 200) {
        sx += (i / 4) % width;
        sy += Math.floor(i / 4 / width);
        n++;
      }
    }
    const r = canvas.getBoundingClientRect();
    return n ? { x: r.left + sx / n / dpr, y: r.top + sy / n / dpr } : null;
  });
  expect(at).not.toBeNull();
  await page.mouse.move(at!.x, at!.y);
  await expect(page.locator('[data-viewport-id="stack"] .hover-label')).toHaveText('GTV-1');
});

/** Centroid (CSS pixels) of the overlay pixels of a viewport drawn in this colour, or null. */
async function colourCentroid(page: import('@playwright/test').Page, viewportId: string, rgb: [number, number, number]): Promise<{ x: number; y: number; n: number } | null> {
  return page.evaluate(
    ({ id, c }) => {
      const canvas = document.querySelector<HTMLCanvasElement>(`[data-viewport-id="${id}"] canvas.contour-overlay`);
      const ctx = canvas?.getContext('2d');
      if (!canvas || !ctx || !canvas.width) return null;
      const { data, width } = ctx.getImageData(0, 0, canvas.width, canvas.height);
      const dpr = window.devicePixelRatio || 1;
      let sx = 0;
      let sy = 0;
      let n = 0;
      for (let i = 0; i < data.length; i += 4) {
        if (data[i + 3] > 0 && Math.abs(data[i] - c[0]) <= 3 && Math.abs(data[i + 1] - c[1]) <= 3 && Math.abs(data[i + 2] - c[2]) <= 3) {
          sx += (i / 4) % width;
          sy += Math.floor(i / 4 / width);
          n++;
        }
      }
      return n ? { x: sx / n / dpr, y: sy / n / dpr, n } : null;
    },
    { id: viewportId, c: rgb },
  );
}

test('in MPR, GTV-1 is drawn on the axial viewport at the same patient position as in the stack', async ({ page, request }) => {
  const study = await studyUID(request, '/dicomweb', 'PatientID=LUNG1-002');
  // Stack first: where GTV-1 lies in patient space on its middle slice.
  await page.goto(`/viewer/?StudyInstanceUIDs=${study}`);
  await expectRendered(page, 'stack');
  const gtv = page.locator('li[data-roi-name="GTV-1"]');
  await gtv.getByRole('button', { name: 'only' }).click();
  await gtv.getByRole('button', { name: 'GTV-1', exact: true }).click();
  await expect.poll(() => overlayColorPixels(page, 'stack', GTV_COLOR)).toBeGreaterThan(100);
  const inStack = await colourCentroid(page, 'stack', GTV_COLOR);
  expect(inStack).not.toBeNull();
  const worldStack = await canvasToWorld(page, 'stack', inStack!.x, inStack!.y);

  // The same study in MPR: the axial viewport (the acquisition plane) draws it at the same place.
  await page.goto(`/viewer/?StudyInstanceUIDs=${study}&layout=mpr`);
  await expectRendered(page, 'mpr-axial');
  const gtv2 = page.locator('li[data-roi-name="GTV-1"]');
  await gtv2.getByRole('button', { name: 'only' }).click();
  await gtv2.getByRole('button', { name: 'GTV-1', exact: true }).click();
  await expect.poll(() => overlayColorPixels(page, 'mpr-axial', GTV_COLOR), { timeout: 20_000 }).toBeGreaterThan(50);
  const inMpr = await colourCentroid(page, 'mpr-axial', GTV_COLOR);
  const worldMpr = await canvasToWorld(page, 'mpr-axial', inMpr!.x, inMpr!.y);
  // Same slice (z) and the same in-plane position within 2 mm (the viewports have different zoom).
  for (const k of [0, 1, 2]) expect(Math.abs(worldMpr[k] - worldStack[k]), `axis ${k}: ${worldMpr} vs ${worldStack}`).toBeLessThan(2);
  // Sagittal and coronal views show other planes: no planar contour is drawn there.
  expect(await overlayColorPixels(page, 'mpr-sagittal', GTV_COLOR)).toBe(0);

  // Scrolling the axial viewport away from the tumour removes it; the checkbox hides it.
  await page.locator('[data-viewport-id="mpr-axial"]').hover();
  for (let i = 0; i < 20; i++) await page.mouse.wheel(0, 120);
  await expect.poll(() => overlayColorPixels(page, 'mpr-axial', GTV_COLOR)).toBe(0);
  await gtv2.getByRole('button', { name: 'GTV-1', exact: true }).click();
  await expect.poll(() => overlayColorPixels(page, 'mpr-axial', GTV_COLOR)).toBeGreaterThan(50);
  await gtv2.getByRole('checkbox').uncheck();
  await expect.poll(() => overlayColorPixels(page, 'mpr-axial', GTV_COLOR)).toBe(0);
});
