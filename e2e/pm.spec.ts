// A Parametric Map fused on its CT: the colours its values get, the colour bar, the value under the cursor, and
// values under the threshold left transparent. Expected values come from the generator's formula at voxel centres
// whose patient positions are computed here from the generator's geometry (96 x 128 pixels of 4.27 x 3.2 mm).
import { expect, test, type Page } from '@playwright/test';
import { canvasToWorld, expectRendered, pixelsAt, settle, snapshot, studyUID, worldToCanvas } from './helpers';
import { MAP_VALUE, PM_MOUNT, pmGeometry } from './pmFixtures';

// Each test takes 5-6 s here (this machine, 2026-12-06): a hung one fails within about 3x that.
test.setTimeout(20_000);

const ROOT = `/dw/${PM_MOUNT}`;
const g = pmGeometry();

/** Patient position of voxel (row, column) of slice k: axial, columns along +x, rows along +y. */
const centre = (row: number, column: number, k: number): [number, number, number] => [g.originX + column * g.columnSpacing, g.originY + row * g.rowSpacing, g.sliceZ[k]];

async function openMap(page: Page): Promise<void> {
  const study = await studyUID(page.request, ROOT, '');
  await page.goto(`/viewer/?dicomweb=${ROOT}&StudyInstanceUIDs=${study}`);
  await expectRendered(page, 'stack');
  await expect(page.locator('[data-map-key]')).toHaveAttribute('data-status', 'ready', { timeout: 30_000 });
}

/** The slice shown now, by the patient z at the viewport's centre. */
async function shownSlice(page: Page): Promise<number> {
  const box = (await page.locator('[data-viewport-id="stack"]').boundingBox()) as { width: number; height: number };
  const z = (await canvasToWorld(page, 'stack', box.width / 2, box.height / 2))[2];
  const k = g.sliceZ.findIndex((s) => Math.abs(s - z) < 0.01);
  expect(k, `a slice at z ${z}`).toBeGreaterThanOrEqual(0);
  return k;
}

test('a parametric map lists its quantity, units and range, and draws a colour bar', async ({ page }) => {
  await openMap(page);
  const panel = page.locator('[data-map-key]');
  await expect(panel).toContainText('Apparent Diffusion Coefficient');
  await expect(panel).toContainText('µm²/s');
  await expect(panel).toContainText('float32');
  // The range: the formula is linear, so its extremes are at corner voxels.
  const corners = [0, g.rows - 1].flatMap((r) => [0, g.columns - 1].flatMap((c) => [0, g.slices - 1].map((k) => MAP_VALUE(...centre(r, c, k)))));
  const shown = ((await page.getByTestId('map-range').textContent()) ?? '').match(/-?[\d.]+(e[+-]?\d+)?/g)?.map(Number) ?? [];
  expect(shown[0]).toBeCloseTo(Math.min(...corners), 0);
  expect(shown[1]).toBeCloseTo(Math.max(...corners), 0);
  await expect(page.locator('[data-map-legend]')).toContainText('ADC (µm²/s)');
});

test('the map draws each voxel in the grey of its value under the map window; the cursor reads its value; values under the threshold show the CT', async ({ page }) => {
  await openMap(page);
  await page.getByRole('combobox', { name: /Colour map of/ }).selectOption('grey');
  const lower = page.getByRole('spinbutton', { name: /Lower end of/ });
  await lower.fill('1000');
  await lower.press('Enter');
  const upper = page.getByRole('spinbutton', { name: /Upper end of/ });
  await upper.fill('2000');
  await upper.press('Enter');
  await page.getByRole('slider', { name: /Opacity of/ }).fill('100');
  await settle(page);
  await expect(page.locator('[data-map-legend]')).toContainText(/1000\s*2000/);

  const k = await shownSlice(page);
  // Voxels spread over the window: dark, middle and light greys, and both clamped ends.
  const voxels: Array<[number, number]> = [
    [10, 10],
    [30, 40],
    [48, 64],
    [60, 90],
    [85, 120],
    [20, 110],
  ];
  const world = voxels.map(([r, c]) => centre(r, c, k));
  const values = world.map((w) => MAP_VALUE(...w));
  const expectedGrey = values.map((v) => 255 * Math.min(1, Math.max(0, (v - 1000) / 1000)));
  await snapshot(page, 'stack', 'map');
  const at = await worldToCanvas(page, 'stack', world);
  const px = await pixelsAt(page, 'map', at);
  const report = px.map((p, i) => `${voxels[i]}: value ${values[i].toFixed(1)} expected grey ${expectedGrey[i].toFixed(1)}, drawn ${p}`).join('; ');
  // Half a value bin (range / 255) of quantisation, plus rounding.
  for (let i = 0; i < px.length; i++) {
    for (const ch of px[i]) expect(Math.abs(ch - expectedGrey[i]), report).toBeLessThanOrEqual(6);
  }
  expect(Math.max(...expectedGrey) - Math.min(...expectedGrey), 'the samples span the window').toBeGreaterThan(150);

  // The value under the cursor, next to the CT's.
  const box = (await page.locator('[data-viewport-id="stack"]').boundingBox()) as { x: number; y: number };
  await page.mouse.move(box.x + at[2][0], box.y + at[2][1]);
  const label = page.locator('[data-viewport-id="stack"] .hover-label');
  await expect(label).toContainText(/ADC -?[\d.]+ µm²\/s/);
  await expect(label).toContainText(/CT -?\d+/);
  const read = Number(/ADC (-?[\d.]+)/.exec((await label.textContent()) ?? '')?.[1]);
  expect(Math.abs(read - values[2]) / Math.abs(values[2]), `read ${read}, generator ${values[2]}`).toBeLessThan(0.005);

  // Hidden below 1500: those voxels show the CT as it is without the map; the others keep their grey.
  await page.getByRole('checkbox', { name: /Hide values of .* below a threshold/ }).check();
  const threshold = page.getByRole('spinbutton', { name: /Threshold of/ });
  await threshold.fill('1500');
  await threshold.press('Enter');
  await settle(page);
  await snapshot(page, 'stack', 'thresholded');
  await page.getByRole('checkbox', { name: /^Show .*ADC/ }).uncheck();
  await settle(page);
  await snapshot(page, 'stack', 'bare');
  const thr = await pixelsAt(page, 'thresholded', at);
  const bare = await pixelsAt(page, 'bare', at);
  const below = values.map((v) => v < 1500 - 15);
  const above = values.map((v) => v > 1500 + 15);
  expect(below.some(Boolean) && above.some(Boolean), 'samples on both sides of the threshold').toBe(true);
  for (let i = 0; i < values.length; i++) {
    const detail = `${voxels[i]} value ${values[i].toFixed(1)}: thresholded ${thr[i]}, bare ${bare[i]}, map ${px[i]}`;
    if (below[i]) for (let c = 0; c < 3; c++) expect(Math.abs(thr[i][c] - bare[i][c]), detail).toBeLessThanOrEqual(3);
    if (above[i]) for (let c = 0; c < 3; c++) expect(Math.abs(thr[i][c] - px[i][c]), detail).toBeLessThanOrEqual(3);
  }
});

test('in MPR the sagittal and coronal views draw the map by its values too', async ({ page }) => {
  await openMap(page);
  await page.getByRole('combobox', { name: /Colour map of/ }).selectOption('grey');
  for (const [name, v] of [
    [/Lower end of/, '1000'],
    [/Upper end of/, '2000'],
  ] as const) {
    const f = page.getByRole('spinbutton', { name });
    await f.fill(v);
    await f.press('Enter');
  }
  await page.getByRole('slider', { name: /Opacity of/ }).fill('100');
  await page.getByRole('button', { name: 'MPR', exact: true }).click();
  for (const id of ['mpr-sagittal', 'mpr-coronal']) await expectRendered(page, id);
  await settle(page);
  for (const [id, axis] of [
    ['mpr-sagittal', 0],
    ['mpr-coronal', 1],
  ] as const) {
    const box = (await page.locator(`[data-viewport-id="${id}"]`).boundingBox()) as { width: number; height: number };
    const plane = (await canvasToWorld(page, id, box.width / 2, box.height / 2))[axis];
    // The voxel column (sagittal) or row (coronal) the plane passes through: labelmaps are sampled nearest.
    const index = Math.round(axis === 0 ? (plane - g.originX) / g.columnSpacing : (plane - g.originY) / g.rowSpacing);
    const pick: Array<[number, number]> = [
      [20, 3],
      [48, 8],
      [70, 12],
      [90, 16],
    ];
    const world = pick.map(([other, k]) => (axis === 0 ? centre(other, index, k) : centre(index, other, k)));
    const values = world.map((w) => MAP_VALUE(...w));
    const expectedGrey = values.map((v) => 255 * Math.min(1, Math.max(0, (v - 1000) / 1000)));
    await snapshot(page, id, id);
    const px = await pixelsAt(page, id, await worldToCanvas(page, id, world));
    const report = px.map((p, i) => `${pick[i]}: value ${values[i].toFixed(1)} expected ${expectedGrey[i].toFixed(1)} drawn ${p}`).join('; ');
    for (let i = 0; i < px.length; i++) for (const ch of px[i]) expect(Math.abs(ch - expectedGrey[i]), `${id} plane ${plane.toFixed(2)}: ${report}`).toBeLessThanOrEqual(6);
    expect(Math.max(...expectedGrey) - Math.min(...expectedGrey), `${id}: the samples span the window`).toBeGreaterThan(60);
  }
});

test('a map opened alone is shown as a series of its own, in grey over its range', async ({ page }) => {
  await openMap(page);
  await page.getByRole('button', { name: /Open Synthetic ADC map alone/ }).click();
  await expect(page.getByTestId('slice-stack')).toHaveText(/^Slice \d+\/20$/);
  await expect(page.locator('li.derived[data-modality="PM"]')).toHaveAttribute('aria-current', 'true');
  await expectRendered(page, 'stack');
  // The first slice: a slice order turned round would put the last one's values here.
  await page.locator('[data-viewport-id="stack"]').click();
  await page.keyboard.press('Home');
  await settle(page);
  const k = await shownSlice(page);
  expect(k === 0 || k === g.slices - 1, `an end slice (${k})`).toBe(true);
  const corners = [0, g.rows - 1].flatMap((r) => [0, g.columns - 1].flatMap((c) => [0, g.slices - 1].map((kk) => MAP_VALUE(...centre(r, c, kk)))));
  const [min, max] = [Math.min(...corners), Math.max(...corners)];
  const voxels: Array<[number, number]> = [
    [5, 5],
    [40, 30],
    [48, 64],
    [90, 120],
  ];
  const world = voxels.map(([r, c]) => centre(r, c, k));
  const values = world.map((w) => MAP_VALUE(...w));
  await snapshot(page, 'stack', 'alone');
  const px = await pixelsAt(page, 'alone', await worldToCanvas(page, 'stack', world));
  const expected = values.map((v) => (255 * (v - min)) / (max - min));
  const report = px.map((p, i) => `${voxels[i]} value ${values[i].toFixed(1)} expected ${expected[i].toFixed(1)} drawn ${p}`).join('; ');
  for (let i = 0; i < px.length; i++) for (const ch of px[i]) expect(Math.abs(ch - expected[i]), report).toBeLessThanOrEqual(4);
});
