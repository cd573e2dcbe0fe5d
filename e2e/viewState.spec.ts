// What a view keeps and what the URL says about it, on the study of layouts.spec.ts (layoutFixtures.ts: series A
// 48 x 64 pixels of 0.7 x 1.1 mm, series B 40 x 30 pixels of 0.9 x 1.3 mm, one Frame of Reference):
// - pan survives stack -> 2x2 -> MPR -> stack: the picture lies where it was, to the pixel, and the pan readout says
//   in mm of the image plane how far it was moved (checked against the picture's own move and its size in mm);
// - `cells=` follows what each grid cell shows, a reload (or a link with it) shows the same, and a UID the study
//   does not hold is named in the link banner while the other cells are filled.
//
// Break-checked (each made a test fail, then reverted): the remembered pan not applied (2x2 readout differs); a
// link's cells not restored (after the reload, cell 2 never showed an image).
import { expect, test, type Page } from '@playwright/test';
import { expectRendered, settle, studyUID } from './helpers';
import { pictureBox } from './viewportHelpers';
import { LAYOUT_MOUNT, SERIES_B } from './layoutFixtures';
import { COLUMNS, PIXEL_SPACING } from '../src/testing/geometryStudy';

// Each test takes 5-6 s here (2026-12-07, the machine shared with other test runs).
test.setTimeout(20_000);

const ROOT = `/dw/${LAYOUT_MOUNT}`;
const cell = (page: Page, id: string) => page.locator(`[data-viewport-id="${id}"]`);
const toolbar = (page: Page) => page.getByRole('toolbar', { name: 'Viewer tools' });

async function open(page: Page, extra = ''): Promise<string> {
  const study = await studyUID(page.request, ROOT, '');
  await page.goto(`/viewer/?dicomweb=${ROOT}&StudyInstanceUIDs=${study}${extra}`);
  await expectRendered(page, 'stack');
  return study;
}

/** The non-black picture's box on a viewport's canvas once it has settled. */
async function picture(page: Page, id: string): ReturnType<typeof pictureBox> {
  await settle(page);
  return pictureBox(page, id);
}

/** The pan readout as numbers: mm to the right and mm down ("Pan 5.0 mm right, 3.2 mm up" -> [5, -3.2]). */
async function panShown(page: Page, id: string): Promise<[number, number]> {
  const text = (await page.getByTestId(`pan-${id}`).textContent()) ?? '';
  if (text === 'Pan none') return [0, 0];
  const part = (plus: string, minus: string): number => {
    const m = new RegExp(`([\\d.]+) mm (${plus}|${minus})`).exec(text);
    return m ? Number(m[1]) * (m[2] === plus ? 1 : -1) : 0;
  };
  expect(text, 'pan readout').toMatch(/^Pan [\d.]+ mm (right|left)(, [\d.]+ mm (up|down))?$|^Pan [\d.]+ mm (up|down)$/);
  return [part('right', 'left'), part('down', 'up')];
}

test('pan (with zoom) survives stack -> 2x2 -> MPR -> stack to the pixel; the readout gives the move in mm', async ({ page }) => {
  await open(page);
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press('-');
  await expect(page.getByTestId('pan-stack')).toHaveText('Pan none');
  const before = await picture(page, 'stack');
  // Middle drag: pan, 60 px right and 35 px down (CSS pixels; the canvas has as many device pixels here).
  const box = (await cell(page, 'stack').boundingBox()) as { x: number; y: number; width: number; height: number };
  const [x, y] = [box.x + box.width / 2, box.y + box.height / 2];
  await page.mouse.move(x, y);
  await page.mouse.down({ button: 'middle' });
  await page.mouse.move(x + 60, y + 35, { steps: 6 });
  await page.mouse.up({ button: 'middle' });
  const panned = await picture(page, 'stack');
  const [dx, dy] = [panned.left - before.left, panned.top - before.top];
  expect(Math.abs(dx - 60), `picture moved ${dx} px right`).toBeLessThanOrEqual(1);
  expect(Math.abs(dy - 35), `picture moved ${dy} px down`).toBeLessThanOrEqual(1);
  // The picture's width is A's 64 columns of 1.1 mm: pixels per mm of the image plane.
  const perMm = (panned.right - panned.left) / (COLUMNS * PIXEL_SPACING[1]);
  const [right, down] = await panShown(page, 'stack');
  expect(Math.abs(right - dx / perMm), `readout ${right} mm right, picture ${(dx / perMm).toFixed(2)} mm`).toBeLessThanOrEqual(0.05 + 1 / perMm);
  expect(Math.abs(down - dy / perMm), `readout ${down} mm down, picture ${(dy / perMm).toFixed(2)} mm`).toBeLessThanOrEqual(0.05 + 1 / perMm);

  // 2x2: a smaller cell keeps the same pan in mm.
  await toolbar(page).getByRole('button', { name: '2x2', exact: true }).click();
  await expectRendered(page, 'stack');
  await expect.poll(async () => (await panShown(page, 'stack')).map((v) => v.toFixed(1))).toEqual([right.toFixed(1), down.toFixed(1)]);
  await toolbar(page).getByRole('button', { name: 'MPR', exact: true }).click();
  await expectRendered(page, 'mpr-axial');
  await expect.poll(async () => (await panShown(page, 'mpr-axial')).map((v) => v.toFixed(1))).toEqual([right.toFixed(1), down.toFixed(1)]);
  await toolbar(page).getByRole('button', { name: 'Stack', exact: true }).click();
  await expectRendered(page, 'stack');
  const back = await picture(page, 'stack');
  for (const side of ['left', 'right', 'top', 'bottom'] as const)
    expect(Math.abs(back[side] - panned[side]), `${side} edge back at ${back[side]}, was ${panned[side]}`).toBeLessThanOrEqual(1);

  // Space resets the view: no pan (the keys go to the page, not to the layout button just clicked).
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press(' ');
  await expect(page.getByTestId('pan-stack')).toHaveText('Pan none');
});

test('cells= follows each grid cell\'s series; a reload shows them again; an unknown UID is named and its cell left empty', async ({ page }) => {
  await open(page, '&layout=2x2');
  const aUid = (await page.locator('button.series-item', { hasText: 'Geometry axial' }).getAttribute('data-series-uid')) ?? '';
  const cells = () => new URL(page.url()).searchParams.get('cells');
  expect(cells(), 'only the first cell shows a series: no cells parameter').toBeNull();
  await page.getByLabel('Series in viewport 2').selectOption(SERIES_B.uid);
  await expectRendered(page, 'stack-2');
  await expect.poll(cells).toBe(`${aUid},${SERIES_B.uid}`);
  await page.getByLabel('Series in viewport 4').selectOption(aUid);
  await expectRendered(page, 'stack-4');
  await expect.poll(cells).toBe(`${aUid},${SERIES_B.uid},,${aUid}`);

  await page.reload();
  for (const id of ['stack', 'stack-2', 'stack-4']) await expectRendered(page, id);
  await expect(cell(page, 'stack')).toHaveAttribute('data-cell-series', aUid);
  await expect(cell(page, 'stack-2')).toHaveAttribute('data-cell-series', SERIES_B.uid);
  await expect(cell(page, 'stack-3').locator('.empty-cell')).toBeVisible();
  await expect(cell(page, 'stack-4')).toHaveAttribute('data-cell-series', aUid);
  await expect(page.getByRole('alert')).toHaveCount(0);

  // A link whose first cell is B (the panels' series), an unknown UID in the second, A in the third.
  const unknown = '2.25.123456789';
  await open(page, `&layout=2x2&cells=${SERIES_B.uid},${unknown},${aUid}`);
  await expectRendered(page, 'stack-3');
  await expect(cell(page, 'stack')).toHaveAttribute('data-cell-series', SERIES_B.uid);
  await expect(page.locator('button.series-item[aria-current="true"], button.series-item.active')).toHaveAttribute('data-series-uid', SERIES_B.uid);
  await expect(cell(page, 'stack-2').locator('.empty-cell')).toBeVisible();
  await expect(cell(page, 'stack-3')).toHaveAttribute('data-cell-series', aUid);
  await expect(page.locator('.link-banner')).toContainText(`cells: series not in the loaded study: ${unknown}; its viewport is left empty.`);
  // The URL now says what is shown.
  await expect.poll(cells).toBe(`${SERIES_B.uid},,${aUid}`);
});
