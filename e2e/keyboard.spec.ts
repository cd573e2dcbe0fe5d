// The keyboard as OHIF users know it (src/app/shortcuts.ts), checked on what the user sees: the ? list, the
// picture inverted, cine moving the slices, Page Down changing the series, → moving the active viewport in MPR.
// Rotation and flips, with their overlays, are checked pixel by pixel in placement.spec.ts.
import { expect, test, type Page } from '@playwright/test';
import { expectRendered, settle, sliceLabel, snapshot, studyUID } from './helpers';

// Each test takes 4-7 s here (this machine, 2026-12-06): a hung one fails within about 3x that.
test.setTimeout(20_000);

async function openPhantom(page: Page, extra = ''): Promise<void> {
  const study = await studyUID(page.request, '/dicomweb', 'PatientID=PHANTOM-001');
  await page.goto(`/viewer/?StudyInstanceUIDs=${study}${extra}`);
}

test('? lists the shortcuts with their keys; Escape closes the list, as does the toolbar’s ? then Close', async ({ page }) => {
  await openPhantom(page);
  await expectRendered(page, 'stack');
  await page.keyboard.press('?');
  const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(dialog).toBeVisible();
  // OHIF's keys, as a user would look them up.
  for (const [key, does] of [
    ['Space', 'Reset'],
    ['R', 'Rotate 90° clockwise'],
    ['L', 'counter-clockwise'],
    ['H', 'Flip left-right'],
    ['V', 'Flip up-down'],
    ['I', 'Invert'],
    ['C', 'cine'],
    ['Page Down', 'Next image series'],
    ['3', 'liver'],
  ])
    await expect(dialog.getByRole('row').filter({ has: page.locator('kbd', { hasText: new RegExp(`^${key}$`) }) })).toContainText(does);
  await expect(dialog.getByRole('button', { name: 'Close' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  // The toolbar's ? opens it too.
  await page.getByRole('toolbar', { name: 'Viewer tools' }).getByRole('button', { name: 'Keyboard shortcuts' }).click();
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();
});

test('I inverts the greys of the image (each grey g becomes 255 - g) and I again restores them', async ({ page }) => {
  await openPhantom(page, '&seg=off');
  await expectRendered(page, 'stack');
  await page.locator('[data-rtstruct-key] .seg-series-head input[type="checkbox"]').first().uncheck();
  await settle(page);
  await snapshot(page, 'stack', 'plain');
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press('i');
  await expect(page.getByTestId('view-stack')).toHaveText('Inverted');
  await settle(page);
  await snapshot(page, 'stack', 'inverted');
  // Inside the image (the middle quarter of the canvas), grey g became 255 - g.
  const share = await page.evaluate(() => {
    const s = (window as unknown as { __snaps: Record<string, ImageData> }).__snaps;
    const [a, b] = [s.plain, s.inverted];
    let [n, ok] = [0, 0];
    for (let y = Math.floor(a.height * 0.375); y < a.height * 0.625; y++)
      for (let x = Math.floor(a.width * 0.375); x < a.width * 0.625; x++) {
        const i = (y * a.width + x) * 4;
        n++;
        if (Math.abs(b.data[i] - (255 - a.data[i])) <= 3) ok++;
      }
    return ok / n;
  });
  expect(share, 'pixels whose grey was inverted').toBeGreaterThan(0.98);
  await page.keyboard.press('I');
  await expect(page.getByTestId('view-stack')).toHaveText('');
  await settle(page);
  await snapshot(page, 'stack', 'again');
  const same = await page.evaluate(() => {
    const s = (window as unknown as { __snaps: Record<string, ImageData> }).__snaps;
    let d = 0;
    for (let i = 0; i < s.plain.data.length; i += 4) if (Math.abs(s.plain.data[i] - s.again.data[i]) > 3) d++;
    return d;
  });
  expect(same, 'pixels that differ from the picture before inverting').toBe(0);
});

test('C plays cine through the slices at the chosen frame rate and C again stops it', async ({ page }) => {
  await openPhantom(page);
  await expectRendered(page, 'stack');
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press('c');
  await expect(page.getByTestId('view-stack')).toHaveText('Cine 10 fps');
  await expect(page.getByRole('toolbar', { name: 'Viewer tools' }).getByRole('button', { name: 'Cine' })).toHaveAttribute('aria-pressed', 'true');
  // The slices move by themselves: three different slice numbers in a row.
  const seen = new Set<string>();
  await expect.poll(async () => seen.add(await sliceLabel(page)).size, { timeout: 10_000 }).toBeGreaterThanOrEqual(3);
  await page.getByRole('combobox', { name: 'Cine frame rate' }).selectOption('24');
  await expect(page.getByTestId('view-stack')).toHaveText('Cine 24 fps');
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press('c');
  await expect(page.getByTestId('view-stack')).toHaveText('');
  const stopped = await sliceLabel(page);
  await page.waitForTimeout(600);
  expect(await sliceLabel(page), 'the slice after cine stopped').toBe(stopped);
});

test('Page Down and Page Up go to the next and previous image series (two studies open)', async ({ page, request }) => {
  const sample = await studyUID(request, '/dicomweb', 'PatientID=PHANTOM-001');
  const lung = await studyUID(request, '/dicomweb', 'PatientID=LUNG1-002');
  await page.goto(`/viewer/?StudyInstanceUIDs=${sample}&StudyInstanceUIDs=${lung}`);
  await expectRendered(page, 'stack');
  const items = page.locator('.series-item');
  await expect(items).toHaveCount(2);
  const current = page.locator('.series-item[aria-pressed="true"]');
  const first = await current.getAttribute('data-series-uid');
  const second = (await items.nth(1).getAttribute('data-series-uid')) === first ? await items.nth(0).getAttribute('data-series-uid') : await items.nth(1).getAttribute('data-series-uid');
  const isFirstListed = (await items.nth(0).getAttribute('data-series-uid')) === first;
  await page.keyboard.press(isFirstListed ? 'PageDown' : 'PageUp');
  await expect(current).toHaveAttribute('data-series-uid', second ?? '');
  // LUNG1-002's CT has 28 slices, the phantom's more: the viewport shows the other series.
  await expectRendered(page, 'stack');
  await page.keyboard.press(isFirstListed ? 'PageUp' : 'PageDown');
  await expect(current).toHaveAttribute('data-series-uid', first ?? '');
});

test('in MPR, → and ← move the active viewport (outlined), and the arrows scroll that one', async ({ page }) => {
  await openPhantom(page, '&layout=mpr');
  for (const id of ['mpr-axial', 'mpr-sagittal', 'mpr-coronal']) await expectRendered(page, id);
  const cell = (id: string) => page.locator(`[data-viewport-id="${id}"]`);
  await expect(cell('mpr-axial')).toHaveAttribute('data-active', 'true');
  await page.keyboard.press('ArrowRight');
  await expect(cell('mpr-sagittal')).toHaveAttribute('data-active', 'true');
  await expect(cell('mpr-axial')).not.toHaveAttribute('data-active', 'true');
  const [axial, sagittal] = [await sliceLabel(page, 'mpr-axial'), await sliceLabel(page, 'mpr-sagittal')];
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect.poll(() => sliceLabel(page, 'mpr-sagittal')).not.toBe(sagittal);
  expect(await sliceLabel(page, 'mpr-axial')).toBe(axial);
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  await expect(cell('mpr-coronal')).toHaveAttribute('data-active', 'true');
  // A click makes a viewport active too.
  await cell('mpr-axial').click();
  await expect(cell('mpr-axial')).toHaveAttribute('data-active', 'true');
});
