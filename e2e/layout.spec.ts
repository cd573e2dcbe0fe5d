// The viewer's frame: the side panel resized by mouse and keyboard and collapsed (remembered), the page at
// 1024x768 and on an upright tablet, and the About dialog with the versions and the data source.
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expectRendered, studyUID } from './helpers';
import { repoRoot } from './localFixtures';

// Each test takes 2.3-7.6 s here (this machine, 2026-12-07): a hung one fails within about 3x that.
test.setTimeout(22_000);

let study = '';
test.beforeAll(async ({ request }) => {
  study = await studyUID(request, '/dicomweb', 'PatientID=PHANTOM-001');
});

const separator = (page: Page) => page.getByRole('separator', { name: /Resize the series and annotations panel/ });
const panel = (page: Page) => page.getByRole('complementary', { name: 'Series and annotations' });
const width = async (page: Page): Promise<number> => (await panel(page).boundingBox())?.width ?? 0;

test('the side panel resizes by keyboard and mouse, collapses, and is remembered', async ({ page }) => {
  await page.goto(`/viewer/?StudyInstanceUIDs=${study}`);
  await expectRendered(page, 'stack');
  const sep = separator(page);
  await expect(sep).toHaveAttribute('aria-valuenow', '280');
  expect(await width(page)).toBe(280);
  // Keyboard: arrows by 16 px, Shift by 64; the viewer's own arrow keys do not act meanwhile.
  const slice = await page.getByTestId('slice-stack').textContent();
  await sep.focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect(sep).toHaveAttribute('aria-valuenow', '312');
  await page.keyboard.press('Shift+ArrowLeft');
  await expect(sep).toHaveAttribute('aria-valuenow', '248');
  expect(await width(page)).toBe(248);
  await expect(page.getByTestId('slice-stack')).toHaveText(slice ?? '');
  // Mouse: the edge dragged 100 px to the right.
  const box = await sep.boundingBox();
  if (!box) throw new Error('no separator');
  await page.mouse.move(box.x + box.width / 2, box.y + 200);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 + 50, box.y + 200);
  await page.mouse.move(box.x + box.width / 2 + 100, box.y + 200);
  await page.mouse.up();
  await expect(sep).toHaveAttribute('aria-valuenow', '348');
  expect(await width(page)).toBe(348);
  // The image follows the panel: its viewport starts past the panel and its 6 px edge, and ends with the page.
  await expect.poll(async () => (await page.locator('[data-viewport-id="stack"]').boundingBox())?.x).toBeGreaterThanOrEqual(348);
  const viewport = await page.locator('[data-viewport-id="stack"]').boundingBox();
  expect(viewport?.x ?? 0).toBeLessThanOrEqual(348 + 6);
  expect((viewport?.x ?? 0) + (viewport?.width ?? 0)).toBe(1280);
  // Collapsed: the panel is gone and the viewport takes the page's width; remembered across a reload.
  const toggle = page.getByRole('button', { name: 'Hide the series and annotations panel' });
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  await toggle.click();
  await expect(panel(page)).toBeHidden();
  await expect.poll(async () => (await page.locator('[data-viewport-id="stack"]').boundingBox())?.width).toBe(1280);
  // Cornerstone's canvas was resized with it (not stretched): as many pixels as the viewport is wide.
  await expect.poll(() => page.locator('[data-viewport-id="stack"] canvas').first().evaluate((c) => (c as HTMLCanvasElement).width)).toBe(1280);
  await page.reload();
  await expectRendered(page, 'stack');
  await expect(panel(page)).toBeHidden();
  await page.getByRole('button', { name: 'Show the series and annotations panel' }).click();
  await expect(separator(page)).toHaveAttribute('aria-valuenow', '348');
});

/** The page scrolls sideways when its content is wider than the window. */
const sideways = (page: Page): Promise<number> => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

test('at 1024x768 the image and the panel fit, with no sideways scrolling', async ({ page }) => {
  await page.setViewportSize({ width: 1024, height: 768 });
  await page.goto(`/viewer/?StudyInstanceUIDs=${study}`);
  await expectRendered(page, 'stack');
  await expect(page.locator('[data-seg-key]')).toHaveAttribute('data-status', 'ready');
  expect(await sideways(page)).toBe(0);
  const p = await panel(page).boundingBox();
  const v = await page.locator('[data-viewport-id="stack"]').boundingBox();
  expect(p && v).toBeTruthy();
  // Side by side, both inside the window, the image at least half of it.
  expect((p?.x ?? -1) >= 0 && (p?.x ?? 0) + (p?.width ?? 0) <= (v?.x ?? 0) + 1).toBe(true);
  expect((v?.x ?? 0) + (v?.width ?? 0)).toBeLessThanOrEqual(1024);
  expect(v?.width ?? 0).toBeGreaterThan(512);
  expect((v?.y ?? 0) + (v?.height ?? 0)).toBeLessThanOrEqual(768);
});

test('on an upright tablet (768x1024) the image takes the width and the panel opens over it', async ({ page }) => {
  await page.setViewportSize({ width: 768, height: 1024 });
  await page.goto(`/viewer/?StudyInstanceUIDs=${study}`);
  await expectRendered(page, 'stack');
  expect(await sideways(page)).toBe(0);
  await expect(panel(page)).toBeHidden();
  expect((await page.locator('[data-viewport-id="stack"]').boundingBox())?.width).toBe(768);
  await page.getByRole('button', { name: 'Show the series and annotations panel' }).click();
  await expect(panel(page)).toBeVisible();
  // Over the image, not beside it: the image keeps its width.
  expect((await page.locator('[data-viewport-id="stack"]').boundingBox())?.width).toBe(768);
  expect(await sideways(page)).toBe(0);
  await panel(page).locator('.series-item').first().click();
  await expectRendered(page, 'stack');
});

test('About names the viewer, Cornerstone3D and dcmjs versions and the server in use, never its token', async ({ page }) => {
  await page.route('**/app-config.json', (route) => route.fulfill({ json: { dicomweb: '/dicomweb', bearerToken: 'e2e-secret-token' } }));
  await page.goto(`/viewer/?StudyInstanceUIDs=${study}`);
  await expectRendered(page, 'stack');
  await page.getByRole('button', { name: 'About' }).click();
  const dialog = page.getByRole('dialog', { name: 'IDC annotation viewer' });
  await expect(dialog).toBeVisible();
  const version = (pkg: string): string => (JSON.parse(readFileSync(path.join(repoRoot, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version;
  const own = (JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;
  await expect(dialog.getByTestId('about-viewer-version')).toHaveText(own);
  await expect(dialog.getByTestId('about-cornerstoneCore')).toHaveText(version('@cornerstonejs/core'));
  await expect(dialog.getByTestId('about-dcmjs')).toHaveText(version('dcmjs'));
  const origin = new URL(page.url()).origin;
  await expect(dialog.getByTestId('about-server')).toHaveText(`${new URL(origin).host} (${origin}/dicomweb)`);
  await expect(dialog).not.toContainText('e2e-secret-token');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
});
