// The measurement tools (Cornerstone3D's), the Measurements panel and its CSV, the orientation letters and the zoom
// readout, checked on what a person sees, on measureFixtures.ts's CT: 0.7 x 1.1 mm pixels, 96 x 128, stored values
// 1024 above HU, constant-HU regions and two white markers.
//
// Expected values come from the generator, never from the viewer: the markers' patient distance from their pixel
// indices and PixelSpacing; where to draw, from where the markers are seen on the canvas (their centroids, and the
// pixel grid they span); the regions' HU; the letters from the image's orientation (axial: columns to patient
// left, rows to posterior) and, after turning the view, from which corner the anterior-right marker ends up in.
//
// Break-checked (each made a test here fail, then was undone): PixelSpacing swapped in the metadata
// src/viewer/imageIds.ts registers (length 131.34 mm and bidirectional 89.08 mm off by more than 0.5 mm); the ROI mean
// reported with the length unit (unit '' not 'HU'); left and right letters swapped; letters from the image plane
// without the view's rotation (wrong after R); the CSV formula guard removed (series cell without its '); remove
// keeping the annotation on the image; the study's annotations kept when it closes (2 still drawn on return); the
// zoom readout inverted (120% shown, 83.4% on screen); Cornerstone's own ProbeTool (no value on slice 3); jump not
// moving the slice (Slice 1/5); crosshairs not added in MPR (button not pressed); W/L button not taking the button back;
// Esc not removing the length being drawn (still listed); the images' patient z halved in the metadata
// src/viewer/imageIds.ts registers (sagittal picture 6.36 mm high, expected 10-12.5).
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { expectNoErrors, settle, sliceLabel, snapshot } from './helpers';
import { MARKERS, MEASURE_MOUNT, PIXEL_SPACING, REGIONS, SERIES_DESCRIPTION, SLICE_SPACING, SLICES, STUDY_UID, pixelCentre } from './measureFixtures';
import { MARKER_DISTANCE, drag, expectDrawn, expectShown, panel, pixelMap, shown, toolButton, whiteBlobs } from './measureHelpers';

// Each test takes 4-8 s here (2026-12-07): a hung one fails within about 3x that.
test.setTimeout(25_000);

const ROOT = `/dw/${MEASURE_MOUNT}`;

async function open(page: Page, layout = ''): Promise<void> {
  await page.goto(`/viewer/?dicomweb=${ROOT}&StudyInstanceUIDs=${STUDY_UID}${layout ? `&layout=${layout}` : ''}`);
  for (const id of layout === 'mpr' ? ['mpr-axial', 'mpr-sagittal', 'mpr-coronal'] : ['stack']) await expectDrawn(page, id);
  await expectNoErrors(page);
}

test('a length drawn between the two markers reads their patient distance within 0.5 mm; W/L gives the left button back', async ({ page }) => {
  await open(page);
  const blobs = await whiteBlobs(page, 'stack');
  expect(blobs.length).toBe(2);
  await expect(toolButton(page, 'W/L')).toHaveAttribute('aria-pressed', 'true');
  await toolButton(page, 'Length').click();
  await expect(toolButton(page, 'Length')).toHaveAttribute('aria-pressed', 'true');
  await drag(page, [blobs[0].x, blobs[0].y], [blobs[1].x, blobs[1].y]);
  await expect(panel(page).locator('li')).toHaveCount(1);
  await expect(panel(page).locator('li').first()).toContainText('Slice 3');
  await expectShown(page, 'Length', 'Length', MARKER_DISTANCE, 0.5, 'mm');

  // Back to window/level: a drag changes the window and draws nothing.
  await toolButton(page, 'W/L').click();
  await expect(toolButton(page, 'Length')).toHaveAttribute('aria-pressed', 'false');
  const wl = await page.getByTestId('wl-stack').textContent();
  const box = (await page.locator('[data-viewport-id="stack"]').boundingBox()) as { x: number; y: number; width: number; height: number };
  await drag(page, [box.x + box.width * 0.5, box.y + box.height * 0.85], [box.x + box.width * 0.7, box.y + box.height * 0.95]);
  await expect(page.getByTestId('wl-stack')).not.toHaveText(wl ?? '');
  await expect(panel(page).locator('li')).toHaveCount(1);
});

test('an angle and a bidirectional measurement read the generator’s geometry; measurements go when the study closes', async ({ page }) => {
  await open(page);
  const at = await pixelMap(page);
  // Bidirectional: its long axis from pixel (16, 30) to (80, 100), away from where the angle goes (a drag that
  // starts on a handle moves it: the tools stay editable).
  await toolButton(page, 'Bidirectional').click();
  await drag(page, at(16, 30), at(80, 100));
  const long = await expectShown(page, 'Bidirectional', 'Length', Math.hypot(64 * PIXEL_SPACING[0], 70 * PIXEL_SPACING[1]), 0.5, 'mm');
  const width = await shown(page, 'Bidirectional', 'Width');
  expect(width.unit).toBe('mm');
  expect(width.value).toBeGreaterThan(0);
  expect(width.value).toBeLessThan(long);

  // Vertex at pixel (88, 10), one arm up to marker A, the other to pixel (8, 118): in patient mm the arms are
  // 80 rows x 0.7 mm up, and 80 rows up with 108 columns x 1.1 mm across (swapped spacing would give 40.7°).
  const expectedAngle = (Math.atan2(108 * PIXEL_SPACING[1], 80 * PIXEL_SPACING[0]) * 180) / Math.PI;
  await toolButton(page, 'Angle').click();
  // Three clicks, as a person draws an angle.
  for (const p of [at(MARKERS.a.row, MARKERS.a.column), at(88, 10), at(8, 118)]) {
    await page.mouse.move(...p, { steps: 8 });
    await page.mouse.click(...p);
  }
  // Cornerstone holds a click for 400 ms in case a second one makes it a double click; the angle is done after.
  await expect(panel(page).locator('li[data-tool="Angle"][data-complete="true"]')).toHaveCount(1);
  const angle = await expectShown(page, 'Angle', 'Angle', expectedAngle, 0.5, '°');
  // It is finished: a window/level drag afterwards leaves it as it is.
  await toolButton(page, 'W/L').click();
  await drag(page, at(40, 40), at(60, 90));
  await settle(page);
  expect((await shown(page, 'Angle', 'Angle')).value).toBe(angle);

  // Leaving the study releases its measurements: back in it, none is listed or drawn.
  await page.getByRole('link', { name: '← Studies' }).click();
  await expect(page.locator('[data-viewport-id="stack"]')).toHaveCount(0);
  await page.goBack();
  await expectDrawn(page, 'stack');
  await expect(page.getByTestId('slice-stack')).toHaveText('Slice 3/5');
  await settle(page);
  await expect(panel(page)).toHaveCount(0);
  await expect(page.locator('[data-viewport-id="stack"] [data-annotation-uid]')).toHaveCount(0);
});

test('rectangle and ellipse ROIs in constant regions read the generator’s HU (SD 0), the probe its HU; CSV export, jump, remove', async ({ page }) => {
  await open(page);
  const at = await pixelMap(page);
  const left = REGIONS.left;
  const right = REGIONS.right;
  await toolButton(page, 'Rectangle').click();
  await drag(page, at(30, 28), at(65, 52));
  await toolButton(page, 'Ellipse').click();
  // Cornerstone's ellipse is drawn from its centre out to a corner of its bounding box.
  await drag(page, at(47, 90), at(62, 100));
  await toolButton(page, 'Probe').click();
  const p = at(50, 75);
  await page.mouse.click(...p);
  await expect(panel(page).locator('li')).toHaveCount(3);

  // Area: the corners' patient distances (24 columns x 1.1 mm, 35 rows x 0.7 mm), within the pixel the mouse lands in.
  const rectArea = 24 * PIXEL_SPACING[1] * 35 * PIXEL_SPACING[0];
  await expectShown(page, 'Rectangle ROI', 'Area', rectArea, rectArea * 0.02, 'mm²');
  expect((await shown(page, 'Rectangle ROI', 'Mean')).value).toBe(left.hu);
  expect((await shown(page, 'Rectangle ROI', 'Mean')).unit).toBe('HU');
  expect((await shown(page, 'Rectangle ROI', 'SD')).value).toBe(0);
  expect((await shown(page, 'Rectangle ROI', 'Min')).value).toBe(left.hu);
  expect((await shown(page, 'Rectangle ROI', 'Max')).value).toBe(left.hu);
  // The ellipse: semi-axes 10 columns x 1.1 mm and 15 rows x 0.7 mm.
  const ellipseArea = Math.PI * 10 * PIXEL_SPACING[1] * 15 * PIXEL_SPACING[0];
  await expectShown(page, 'Elliptical ROI', 'Area', ellipseArea, ellipseArea * 0.03, 'mm²');
  expect((await shown(page, 'Elliptical ROI', 'Mean')).value).toBe(right.hu);
  expect((await shown(page, 'Elliptical ROI', 'Mean')).unit).toBe('HU');
  expect((await shown(page, 'Elliptical ROI', 'SD')).value).toBe(0);
  await expectShown(page, 'Probe', 'Value', right.hu, 0, 'HU');

  // CSV: a header, one row per value, numbers in the units shown, DICOM text escaped and guarded.
  const downloading = page.waitForEvent('download');
  await panel(page).getByRole('button', { name: 'Export CSV' }).click();
  const file = await (await downloading).path();
  const rows = parseCsv(readFileSync(file, 'utf8'));
  expect(rows[0]).toEqual(['Measurement', 'Tool', 'Series', 'Slice', 'Quantity', 'Value', 'Unit']);
  expect(rows.length).toBe(1 + 5 + 5 + 1);
  const row = (tool: string, q: string) => rows.find((r) => r[1] === tool && r[4] === q);
  expect(row('Rectangle ROI', 'Mean')?.slice(5)).toEqual([String(left.hu), 'HU']);
  expect(row('Rectangle ROI', 'SD')?.slice(5)).toEqual(['0', 'HU']);
  expect(row('Elliptical ROI', 'Mean')?.slice(5)).toEqual([String(right.hu), 'HU']);
  expect(row('Probe', 'Value')?.slice(5)).toEqual([String(right.hu), 'HU']);
  expect(row('Probe', 'Value')?.[3]).toBe('Slice 3');
  expect(row('Probe', 'Value')?.[2], 'the series description, its leading = guarded').toBe(`'${SERIES_DESCRIPTION}`);

  // A click on a measurement shows its slice.
  await page.keyboard.press('Home');
  await expect.poll(() => sliceLabel(page)).toBe('Slice 1/5');
  await panel(page).getByRole('button', { name: /^Show measurement 3:/ }).click();
  await expect.poll(() => sliceLabel(page)).toBe('Slice 3/5');

  // Remove one (from the list and the picture), then all.
  const uid = await panel(page).locator('li[data-tool="Rectangle ROI"]').getAttribute('data-measurement-uid');
  await expect(page.locator(`[data-viewport-id="stack"] [data-annotation-uid="${uid}"]`)).toHaveCount(1);
  await panel(page).getByRole('button', { name: 'Remove measurement 1' }).click();
  await expect(panel(page).locator('li')).toHaveCount(2);
  await expect(panel(page).locator('li[data-tool="Rectangle ROI"]')).toHaveCount(0);
  await expect(page.locator(`[data-viewport-id="stack"] [data-annotation-uid="${uid}"]`)).toHaveCount(0);
  await panel(page).getByRole('button', { name: 'Remove all' }).click();
  await expect(panel(page)).toHaveCount(0);
  await expect(page.locator('[data-viewport-id="stack"] [data-annotation-uid]')).toHaveCount(0);
});

/** RFC 4180, written here so that the export is checked by a reader of its own. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  if (cell || row.length) rows.push([...row, cell]);
  return rows;
}

const letters = async (page: Page, id: string) => ({
  top: await page.getByTestId(`orient-${id}-top`).textContent(),
  right: await page.getByTestId(`orient-${id}-right`).textContent(),
  bottom: await page.getByTestId(`orient-${id}-bottom`).textContent(),
  left: await page.getByTestId(`orient-${id}-left`).textContent(),
});

/** The letters of the two edges nearest a point of the viewport (the horizontal one, the vertical one). */
async function edgesNear(page: Page, id: string, p: { x: number; y: number }): Promise<string[]> {
  const box = (await page.locator(`[data-viewport-id="${id}"]`).boundingBox()) as { x: number; y: number; width: number; height: number };
  const l = await letters(page, id);
  return [p.x > box.x + box.width / 2 ? l.right : l.left, p.y > box.y + box.height / 2 ? l.bottom : l.top].map(String).sort();
}

test('orientation letters: axial R/L/A/P, turned with the picture by rotate and flip; the zoom readout scales as the picture does', async ({ page }) => {
  await open(page);
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  expect(await letters(page, 'stack')).toEqual({ top: 'A', right: 'L', bottom: 'P', left: 'R' });
  // Marker A lies anterior and to the patient's right, marker B posterior and to the left.
  let [a, b] = await whiteBlobs(page, 'stack');
  expect(await edgesNear(page, 'stack', a)).toEqual(['A', 'R']);
  expect(await edgesNear(page, 'stack', b)).toEqual(['L', 'P']);

  await page.keyboard.press('r');
  await expect(page.getByTestId('view-stack')).toHaveText('Rotated 90°');
  await expect.poll(() => letters(page, 'stack')).toEqual({ top: 'R', right: 'A', bottom: 'L', left: 'P' });
  // Turned, the image's long side runs down the viewport and past it: zoomed out, both markers are in view.
  for (let i = 0; i < 3; i++) await page.keyboard.press('-');
  [a, b] = await whiteBlobs(page, 'stack');
  expect(await edgesNear(page, 'stack', a)).toEqual(['A', 'R']);
  expect(await edgesNear(page, 'stack', b)).toEqual(['L', 'P']);

  await page.keyboard.press('Space');
  await page.keyboard.press('h');
  await expect.poll(() => letters(page, 'stack')).toEqual({ top: 'A', right: 'R', bottom: 'P', left: 'L' });
  [a, b] = await whiteBlobs(page, 'stack');
  expect(await edgesNear(page, 'stack', a)).toEqual(['A', 'R']);
  expect(await edgesNear(page, 'stack', b)).toEqual(['L', 'P']);

  // Zoom: fitted is 100%; zooming out, the markers' distance on screen shrinks by the factor the readout shows.
  await page.keyboard.press('Space');
  await expect(page.getByTestId('zoom-stack')).toHaveText('Zoom 100%');
  [a, b] = await whiteBlobs(page, 'stack');
  const before = Math.hypot(b.x - a.x, b.y - a.y);
  await page.keyboard.press('-');
  await expect(page.getByTestId('zoom-stack')).not.toHaveText('Zoom 100%');
  const percent = Number(/Zoom (\d+)%/.exec((await page.getByTestId('zoom-stack').textContent()) ?? '')?.[1]);
  [a, b] = await whiteBlobs(page, 'stack');
  const after = Math.hypot(b.x - a.x, b.y - a.y);
  expect(Math.abs((after / before) * 100 - percent), `on screen ${((after / before) * 100).toFixed(1)}% vs readout ${percent}%`).toBeLessThan(1.5);
});

test('MPR: sagittal and coronal letters; crosshairs clicked on marker B bring both planes through it', async ({ page }) => {
  await open(page, 'mpr');
  await expect.poll(() => letters(page, 'mpr-axial')).toEqual({ top: 'A', right: 'L', bottom: 'P', left: 'R' });
  expect(await letters(page, 'mpr-sagittal')).toEqual({ top: 'H', right: 'P', bottom: 'F', left: 'A' });
  expect(await letters(page, 'mpr-coronal')).toEqual({ top: 'H', right: 'L', bottom: 'F', left: 'R' });
  // Through the middle of the volume, neither side plane meets a marker.
  expect(await whiteBlobs(page, 'mpr-sagittal')).toHaveLength(0);
  expect(await whiteBlobs(page, 'mpr-coronal')).toHaveLength(0);
  await toolButton(page, 'Crosshairs').click();
  await expect(toolButton(page, 'Crosshairs')).toHaveAttribute('aria-pressed', 'true');
  const [, b] = await whiteBlobs(page, 'mpr-axial');
  await page.mouse.click(b.x, b.y);
  await expect.poll(async () => (await whiteBlobs(page, 'mpr-sagittal')).length).toBe(1);
  await expect.poll(async () => (await whiteBlobs(page, 'mpr-coronal')).length).toBe(1);
  // Crosshairs need MPR: in the stack the left button goes back to window/level.
  await page.getByRole('button', { name: 'Stack', exact: true }).click();
  await expectDrawn(page, 'stack');
  await expect(toolButton(page, 'W/L')).toHaveAttribute('aria-pressed', 'true');
  await expect(toolButton(page, 'Crosshairs')).toBeDisabled();
});

test('keys: Esc cancels a length being drawn; Backspace (OHIF) and Delete remove the one just drawn (selected), not the others; ? lists them', async ({ page }) => {
  await open(page);
  const [a, b] = await whiteBlobs(page, 'stack');
  await toolButton(page, 'Length').click();
  const drawn = page.locator('[data-viewport-id="stack"] [data-annotation-uid]');
  // Esc while the button is still down, halfway to B: nothing is kept, in the list or on the image.
  await page.mouse.move(a.x, a.y);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 6 });
  await page.keyboard.press('Escape');
  await page.mouse.move(b.x, b.y, { steps: 3 });
  await page.mouse.up();
  await settle(page);
  await expect(panel(page)).toHaveCount(0);
  await expect(drawn).toHaveCount(0);

  // Two lengths: Backspace removes the second (just drawn, so selected), the first stays.
  const at = await pixelMap(page);
  await drag(page, [a.x, a.y], [b.x, b.y]);
  await expectShown(page, 'Length', 'Length', MARKER_DISTANCE, 0.5, 'mm');
  const first = await panel(page).locator('li').first().getAttribute('data-measurement-uid');
  await drag(page, at(50, 20), at(50, 100));
  await expect(panel(page).locator('li')).toHaveCount(2);
  await expect(panel(page).locator('li[data-complete="true"]')).toHaveCount(2);
  await page.keyboard.press('Backspace');
  await expect(panel(page).locator('li')).toHaveCount(1);
  await expect(panel(page).locator('li').first()).toHaveAttribute('data-measurement-uid', first ?? '');
  await expect(drawn).toHaveCount(1);
  // Delete does the same: a third length, drawn, then Delete; the first is still there.
  await drag(page, at(60, 20), at(60, 100));
  await expect(panel(page).locator('li[data-complete="true"]')).toHaveCount(2);
  await page.keyboard.press('Delete');
  await expect(panel(page).locator('li')).toHaveCount(1);
  await expect(panel(page).locator('li').first()).toHaveAttribute('data-measurement-uid', first ?? '');
  await expect(drawn).toHaveCount(1);

  // The ? list names the keys, and what 1-5 do for each modality.
  await page.keyboard.press('?');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(help.locator('tr[data-command="cancelMeasurement"]')).toContainText('Esc');
  await expect(help.locator('tr[data-command="deleteMeasurement"]')).toContainText('Backspace / Delete');
  await expect(help.locator('tr[data-command="preset1"]')).toContainText('MR and PET not in SUV: Auto');
  await expect(help.locator('tr[data-command="preset2"]')).toContainText('PET in SUV: SUV 0–10');
});

test('MPR: a length drawn on the sagittal view reads the patient distance of its ends (0.7 mm rows, 2.5 mm slices) within 0.5 mm', async ({ page }) => {
  await open(page, 'mpr');
  // The sagittal view through the middle column (63.5) cuts the right region (columns 62-110, rows 20-75, every
  // slice): a grey rectangle on black, rows along screen right (+y), slices up (+z).
  await settle(page);
  await snapshot(page, 'mpr-sagittal', 'sagittal');
  const p = await page.evaluate(() => {
    const img = (window as unknown as { __snaps: Record<string, ImageData> }).__snaps.sagittal;
    const canvas = document.querySelector<HTMLCanvasElement>('[data-viewport-id="mpr-sagittal"] canvas.cornerstone-canvas') as HTMLCanvasElement;
    const rect = canvas.getBoundingClientRect();
    let [l, r, t, b] = [Infinity, -Infinity, Infinity, -Infinity];
    for (let y = 0; y < img.height; y++)
      for (let x = 0; x < img.width; x++) {
        const i = (y * img.width + x) * 4;
        if (Math.max(img.data[i], img.data[i + 1], img.data[i + 2]) > 20) [l, r, t, b] = [Math.min(l, x), Math.max(r, x + 1), Math.min(t, y), Math.max(b, y + 1)];
      }
    return { left: l, right: r, top: t, bottom: b, pageLeft: rect.left, pageTop: rect.top, css: rect.width / img.width };
  });
  const region = REGIONS.right;
  // Pixels per mm on screen, from the rectangle's width: rows 20-75 edge to edge.
  const perMm = (p.right - p.left) / ((region.rows[1] - region.rows[0] + 1) * PIXEL_SPACING[0]);
  // Its height is the slices' extent: 4 or 5 slice spacings (slab edges drawn at the end slices' centres or half a
  // slice beyond), not what PixelSpacing would give.
  const height = (p.bottom - p.top) / perMm;
  expect(height, `sagittal picture ${height.toFixed(2)} mm high`).toBeGreaterThan((SLICES - 1) * SLICE_SPACING - 0.5);
  expect(height).toBeLessThan(SLICES * SLICE_SPACING + 0.5);
  // Patient (y, z) -> page position: y from the rectangle's left edge (row 19.5), z from its middle (slice 2).
  const [y0, zMid] = [pixelCentre(0, region.rows[0] - 0.5, 0)[1], pixelCentre((SLICES - 1) / 2, 0, 0)[2]];
  const toPage = (y: number, z: number): [number, number] => [
    p.pageLeft + (p.left + (y - y0) * perMm) * p.css,
    p.pageTop + ((p.top + p.bottom) / 2 - (z - zMid) * perMm) * p.css,
  ];
  // From row 25 at z 11 mm to row 70 at z 19 mm (inside the slab): 45 rows of 0.7 mm across, 8 mm up.
  const [from, to] = [pixelCentre(0, 25, 64), pixelCentre(0, 70, 64)].map((q, i) => [q[1], i === 0 ? 11 : 19] as [number, number]);
  const expected = Math.hypot(from[0] - to[0], from[1] - to[1]);
  expect(expected).toBeCloseTo(Math.hypot(45 * 0.7, 8), 6);
  await toolButton(page, 'Length').click();
  await drag(page, toPage(...from), toPage(...to));
  await expect(panel(page).locator('li')).toHaveCount(1);
  await expect(panel(page).locator('li').first()).toContainText('Sagittal');
  await expectShown(page, 'Length', 'Length', expected, 0.5, 'mm');
});
