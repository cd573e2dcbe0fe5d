// Layouts (stack, 1x2, 2x2, MPR) on a study of two CT series in one Frame of Reference with different grids
// (layoutFixtures.ts: A 48 x 64 pixels of 0.7 x 1.1 mm, 16 slices 1.5 mm apart; B 40 x 30 pixels of 0.9 x 1.3 mm,
// 12 slices 2.2 mm apart from another height): a series dragged onto a viewport or chosen in its menu, scrolling
// and window/level following between viewports with Sync on and not with it off, and window, slice and zoom
// kept across layout changes. Expected slices come from the generator's geometry (nearest patient z), expected
// picture sizes from the rule by which Cornerstone fits an image to its viewport (placement.spec.ts).
//
// Break-checked (each made a test fail, then reverted): the drop handler not passing the series on (stack-2 never
// rendered); the slice synchroniser taking the same slice number instead of the nearest position (B at slice 1,
// expected 2); the window synchroniser doing nothing (B's W/L stayed 399/1100); Sync off ignored for scrolling
// (B followed to slice 2, expected to stay at 4); the remembered slice not used (stack back at slice 9, expected 4),
// the remembered window not applied (W 399 L 1100 after 2x2), the remembered zoom not applied (picture 499 px
// wide, expected 416); the URL not following the layout (layout param null, expected 2x2); another series' contours
// placed by its slice number instead of its plane (no box on B's slice 5).
import { expect, test, type Page } from '@playwright/test';
import { expectRendered, settle, strokeLines, studyUID } from './helpers';
import { pictureBox, pressKeys, sliceReadout, toSlice } from './viewportHelpers';
import { LAYOUT_MOUNT, SERIES_B } from './layoutFixtures';
import { BOX_MM, BOX_SLICES, CENTRE, CENTRE_SLICE, COLUMNS, PIXEL_SPACING, ROWS, SLICE_SPACING, SLICES } from '../src/testing/geometryStudy';

// Each test takes 4-7 s here (this machine, 2026-12-07): a hung one fails within about 3x that.
test.setTimeout(20_000);

const ROOT = `/dw/${LAYOUT_MOUNT}`;
const cell = (page: Page, id: string) => page.locator(`[data-viewport-id="${id}"]`);
const seriesButton = (page: Page, description: string) => page.locator('button.series-item', { hasText: description });

async function open(page: Page, layout?: string): Promise<void> {
  const study = await studyUID(page.request, ROOT, '');
  await page.goto(`/viewer/?dicomweb=${ROOT}&StudyInstanceUIDs=${study}${layout ? `&layout=${layout}` : ''}`);
  await expectRendered(page, layout === 'mpr' ? 'mpr-axial' : 'stack');
}

/** Patient z of slice k of series A (physical order, as the viewer numbers slices: along the normal, +z). */
const zA = (k: number): number => CENTRE[2] + (k - CENTRE_SLICE) * SLICE_SPACING;

/** The slice of B nearest a patient z (clamped to B's extent), asserting there is no near tie. */
function nearestB(z: number): number {
  const d = Array.from({ length: SERIES_B.slices }, (_, j) => Math.abs(SERIES_B.z0 + j * SERIES_B.spacing - z));
  const order = d.map((v, j) => [v, j]).sort((a, b) => a[0] - b[0]);
  expect(order[1][0] - order[0][0], `slice of B nearest z ${z} is not a near tie`).toBeGreaterThan(0.1);
  return order[0][1];
}

/** Drags the left button across a viewport: the window/level tool. */
async function dragWindow(page: Page, id: string, dx: number, dy: number): Promise<void> {
  const box = await cell(page, id).boundingBox();
  if (!box) throw new Error(`no viewport ${id}`);
  const [x, y] = [box.x + box.width / 2, box.y + box.height / 2];
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x + dx, y + dy, { steps: 5 });
  await page.mouse.up();
}

const wl = (page: Page, id: string) => page.getByTestId(`wl-${id}`);
const slice = sliceReadout;

test('2x2: B dragged onto a viewport, A chosen in another\'s menu; scrolling follows by patient z, and window/level with Sync on, not with it off', async ({ page }) => {
  await open(page, '2x2');
  expect(new URL(page.url()).searchParams.get('layout')).toBe('2x2');
  const aUid = await seriesButton(page, 'Geometry axial').getAttribute('data-series-uid');
  await expect(cell(page, 'stack')).toHaveAttribute('data-cell-series', aUid ?? '');
  await expect(cell(page, 'stack-2').locator('.empty-cell')).toBeVisible();

  // Drag and drop, and the menu (the keyboard's way).
  await seriesButton(page, SERIES_B.description).dragTo(cell(page, 'stack-2'));
  await expectRendered(page, 'stack-2');
  await expect(cell(page, 'stack-2')).toHaveAttribute('data-cell-series', SERIES_B.uid);
  await page.getByLabel('Series in viewport 3').selectOption(aUid ?? '');
  await expectRendered(page, 'stack-3');
  await expect(slice(page, 'stack-2')).toHaveText(new RegExp(`/${SERIES_B.slices}$`));

  // Scrolling A (the active viewport): B goes to its slice nearest the same z, the other A to the same slice.
  // Viewports are made active by the keyboard (→): Cornerstone takes a press within 400 ms of a click for a
  // double click and drops it, which would swallow the window drag below.
  await expect(cell(page, 'stack')).toHaveAttribute('data-active', 'true');
  for (const k of [0, 6, SLICES - 1]) {
    await toSlice(page, 'stack', k, SLICES);
    await expect(slice(page, 'stack-2')).toHaveText(`Slice ${nearestB(zA(k)) + 1}/${SERIES_B.slices}`);
    await expect(slice(page, 'stack-3')).toHaveText(`Slice ${k + 1}/${SLICES}`);
  }
  // Scrolling B: A goes to its slice nearest B's z.
  await pressKeys(page, 'ArrowRight');
  await expect(cell(page, 'stack-2')).toHaveAttribute('data-active', 'true');
  await toSlice(page, 'stack-2', 3, SERIES_B.slices);
  const zB = SERIES_B.z0 + 3 * SERIES_B.spacing;
  const kA = Math.round((zB - zA(0)) / SLICE_SPACING);
  expect(Math.abs(zA(kA) - zB), 'no near tie in A').toBeLessThan(SLICE_SPACING / 2 - 0.1);
  await expect(slice(page, 'stack')).toHaveText(`Slice ${kA + 1}/${SLICES}`);

  // Window/level dragged in A: with Sync on, B and the other A show the same window.
  const before = await wl(page, 'stack').textContent();
  await dragWindow(page, 'stack', 40, 25);
  await expect(wl(page, 'stack')).not.toHaveText(before ?? '');
  const synced = (await wl(page, 'stack').textContent()) ?? '';
  await expect(wl(page, 'stack-2')).toHaveText(synced);
  await expect(wl(page, 'stack-3')).toHaveText(synced);

  // Sync off: another drag changes A only, and scrolling A leaves B where it is.
  const toggle = page.getByRole('button', { name: 'Sync', exact: true });
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  await dragWindow(page, 'stack', -30, 40);
  await expect(wl(page, 'stack')).not.toHaveText(synced);
  const bSlice = await slice(page, 'stack-2').textContent();
  await pressKeys(page, 'Home');
  await expect(slice(page, 'stack')).toHaveText(`Slice 1/${SLICES}`);
  await settle(page);
  await expect(wl(page, 'stack-2')).toHaveText(synced);
  await expect(slice(page, 'stack-2')).toHaveText(bSlice ?? '');
});

/** Width and height of the non-black picture in a viewport's canvas, and the canvas size (device pixels). */
async function pictureSize(page: Page, id: string): Promise<{ width: number; height: number; canvasWidth: number; canvasHeight: number }> {
  const p = await pictureBox(page, id);
  return { width: p.right - p.left, height: p.bottom - p.top, canvasWidth: p.width, canvasHeight: p.height };
}

/** A's image (64 columns of 1.1 mm across, 48 rows of 0.7 mm down) fitted to a canvas, then zoomed by `zoom`. */
function expectedSize(canvas: { canvasWidth: number; canvasHeight: number }, zoom: number): { width: number; height: number } {
  const [w, h] = [COLUMNS * PIXEL_SPACING[1], ROWS * PIXEL_SPACING[0]];
  const scale = Math.min(canvas.canvasWidth / w, canvas.canvasHeight / h) * zoom;
  return { width: w * scale, height: h * scale };
}

async function expectKept(page: Page, id: string, sliceText: string | RegExp): Promise<void> {
  await expectRendered(page, id);
  await expect(wl(page, id)).toHaveText('W 2500 L 480');
  await expect(slice(page, id)).toHaveText(sliceText);
  await settle(page);
  const size = await pictureSize(page, id);
  const want = expectedSize(size, 1 / 1.2);
  expect(Math.abs(size.width - want.width), `${id}: picture ${size.width} px wide, zoomed fit ${want.width.toFixed(1)}`).toBeLessThanOrEqual(2);
  expect(Math.abs(size.height - want.height), `${id}: picture ${size.height} px high, zoomed fit ${want.height.toFixed(1)}`).toBeLessThanOrEqual(2);
}

test('window, slice and zoom survive stack -> 2x2 -> MPR -> stack, and the URL follows the layout', async ({ page }) => {
  await open(page);
  // Bone window (key 4), slice 4, zoomed out once.
  await toSlice(page, 'stack', 3, SLICES);
  await pressKeys(page, '4', '-');
  await expectKept(page, 'stack', `Slice 4/${SLICES}`);
  const toolbar = page.getByRole('toolbar', { name: 'Viewer tools' });
  await toolbar.getByRole('button', { name: '2x2', exact: true }).click();
  await expect.poll(() => new URL(page.url()).searchParams.get('layout')).toBe('2x2');
  await expectKept(page, 'stack', `Slice 4/${SLICES}`);
  await toolbar.getByRole('button', { name: 'MPR', exact: true }).click();
  await expect.poll(() => new URL(page.url()).searchParams.get('layout')).toBe('mpr');
  // The axial view shows physical slice 3 (the z of the stack's slice 4); Cornerstone numbers the axial view's
  // slices from the other end (its camera looks along -z): slice SLICES - 3.
  await expectKept(page, 'mpr-axial', `Slice ${SLICES - 3}/${SLICES}`);
  await toolbar.getByRole('button', { name: 'Stack', exact: true }).click();
  await expect.poll(() => new URL(page.url()).searchParams.get('layout')).toBeNull();
  await expectKept(page, 'stack', `Slice 4/${SLICES}`);
});

test('1x2: the RTSTRUCT placed on A is drawn on B where B\'s plane lies in a box slice\'s slab, at the box\'s place on B\'s grid', async ({ page }) => {
  await open(page, '1x2');
  await expect(page.locator('li[data-roi-name="Box"]')).toBeVisible();
  await page.getByLabel('Series in viewport 2').selectOption(SERIES_B.uid);
  await expectRendered(page, 'stack-2');
  await pressKeys(page, 'ArrowRight');
  await expect(cell(page, 'stack-2')).toHaveAttribute('data-active', 'true');
  // The box is on A's slices 5..9, each standing for its slab: patient z from zA(5) - 0.75 to zA(9) + 0.75.
  const [zLow, zHigh] = [zA(BOX_SLICES[0]) - SLICE_SPACING / 2, zA(BOX_SLICES[BOX_SLICES.length - 1]) + SLICE_SPACING / 2];
  const zB = (j: number): number => SERIES_B.z0 + j * SERIES_B.spacing;
  // B's slice 4 is in the box's slabs though A's slice 4 (by number) has no box; B's slice 8 is above them though
  // A's slice 8 has the box: slices are matched by position, not number.
  const inside = 4;
  expect(zB(inside)).toBeGreaterThan(zLow + 0.1);
  expect(zB(inside)).toBeLessThan(zHigh - 0.1);
  await toSlice(page, 'stack-2', inside, SERIES_B.slices);
  await settle(page);
  // B's image fitted to its canvas (columns right along +x, rows down along +y), by the fit rule.
  const size = await pictureSize(page, 'stack-2');
  const b = SERIES_B;
  const [x0, x1] = [b.origin[0] - b.pixelSpacing[1] / 2, b.origin[0] + (b.columns - 0.5) * b.pixelSpacing[1]];
  const [y0, y1] = [b.origin[1] - b.pixelSpacing[0] / 2, b.origin[1] + (b.rows - 0.5) * b.pixelSpacing[0]];
  const scale = Math.min(size.canvasWidth / (x1 - x0), size.canvasHeight / (y1 - y0));
  const toCanvas = (x: number, y: number): [number, number] => [size.canvasWidth / 2 + (x - (x0 + x1) / 2) * scale, size.canvasHeight / 2 + (y - (y0 + y1) / 2) * scale];
  const [left, top] = toCanvas(CENTRE[0] - BOX_MM[0], CENTRE[1] - BOX_MM[1]);
  const [right, bottom] = toCanvas(CENTRE[0] + BOX_MM[0], CENTRE[1] + BOX_MM[1]);
  const drawn = await strokeLines(page, 'stack-2', [(right - left) / 2, (bottom - top) / 2]);
  expect(drawn.columns.length, `stroked columns ${drawn.columns}`).toBe(2);
  expect(drawn.rows.length, `stroked rows ${drawn.rows}`).toBe(2);
  for (const [got, want, side] of [[drawn.columns[0], left, 'left'], [drawn.columns[1], right, 'right'], [drawn.rows[0], top, 'top'], [drawn.rows[1], bottom, 'bottom']] as const)
    expect(Math.abs(got - want), `box ${side} edge on B: drawn at ${got}, expected ${want.toFixed(2)}`).toBeLessThanOrEqual(1);
  const outside = 8;
  expect(zB(outside)).toBeGreaterThan(zHigh + 0.1);
  await toSlice(page, 'stack-2', outside, SERIES_B.slices);
  await settle(page);
  expect(await strokeLines(page, 'stack-2', [(right - left) / 2, (bottom - top) / 2])).toEqual({ rows: [], columns: [] });
});
