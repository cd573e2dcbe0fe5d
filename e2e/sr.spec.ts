// SR documents in the panel: the dcmqi liver measurement report (TID 1500, volumetric group on the liver SEG)
// on the GE CT; dcmqi's report whose PET images are absent (reference marker); a generated report of 1,000
// groups (sort, filter, windowing, CSV); a generated non-TID 1500 report (content tree).
import { expect, test, type Locator, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { diffSnapshots, expectRendered, settle, snapshot, studyUID } from './helpers';
import { SR_BIG, SR_EXAMPLE, SR_TREE } from './srFixtures';
import { readPart10 } from '../src/dicom/part10';
import { headerJson } from '../src/dicom/summary';
import { imagePlanesOf } from '../src/dicom/geometry/imagePlanes';
import { pixelToWorld } from '../src/dicom/sr/regionOutlines';
import { shared } from '../src/testing/sharedData';

// Each test takes 3-4.5 s here (this machine, 2026-12-06): a hung one fails within about 3x that.
test.setTimeout(15_000);

const CT3_STUDY = '1.2.392.200103.20080913.113635.0.2009.6.22.21.43.10.22941.1';

test('the liver report lists its six measurements with units; selecting the group shows the liver segment; CSV matches', async ({ page, request }) => {
  const study = await studyUID(request, '/dicomweb', `StudyInstanceUID=${CT3_STUDY}`);
  await page.goto(`/viewer/?StudyInstanceUIDs=${study}`);
  await expectRendered(page, 'stack');
  const report = page.locator('[data-sr-key][data-status="ready"]');
  await expect(report).toHaveCount(1, { timeout: 60_000 });
  // The liver SEG (2016) is not the newest of the two on this CT: it loads at a click.
  await expect(page.locator('[data-seg-key]')).toHaveCount(2, { timeout: 60_000 });
  await page.locator('[data-seg-key]', { hasText: 'Liver' }).getByRole('button', { name: /^Load / }).click();
  await expect(page.locator('[data-seg-key][data-status="ready"]')).toHaveCount(2, { timeout: 60_000 });
  await expect(report).toContainText('Imaging Measurement Report');
  // Its segment, SEG and source series are all in the study: nothing is marked.
  await expect(report.getByRole('img', { name: 'reference not found' })).toHaveCount(0);
  await expect(report).not.toContainText('references not found');
  await report.getByRole('button', { name: /Measurements group 1/ }).click();
  const rows = report.locator('.measurement');
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

/** Opens the study of a /dw/<name> root and waits for its single SR to be decoded. */
async function openReport(page: Page, request: import('@playwright/test').APIRequestContext, name: string): Promise<Locator> {
  const root = `/dw/${name}`;
  const study = await studyUID(request, root, '');
  await page.goto(`/viewer/?dicomweb=${root}&StudyInstanceUIDs=${study}`);
  const report = page.locator('[data-sr-key][data-status="ready"]');
  await expect(report).toHaveCount(1, { timeout: 60_000 });
  await report.scrollIntoViewIfNeeded();
  return report;
}

const groupIds = (report: Locator): Promise<string[]> =>
  report.locator('.group-row button.group-toggle').evaluateAll((bs) => bs.map((b) => (b.textContent ?? '').replace(/^[▸▾]\s*/, '')));

test('a report whose source series is absent marks its group, names what is missing, and keeps the group', async ({ page, request }) => {
  const report = await openReport(page, request, SR_EXAMPLE.name);
  await expect(report.locator('.seg-meta')).toContainText('1 group · 1 with references not found');
  const row = report.locator('.group-row', { hasText: 'primary tumor' });
  await expect(row).toBeVisible();
  const marker = row.getByRole('img', { name: 'reference not found' });
  await expect(marker).toBeVisible();
  await expect(marker).toHaveAttribute('title', /source series for segmentation: series 1\.3\.6\.1\.4\.1\.14519\.5\.2\.1\.2744\.7002\.261560220703676715130542397405 is not in the study/);
  // The SEG and the real world value map are in the study, so they are not named.
  await expect(marker).not.toHaveAttribute('title', /SEG|value map/);
  await row.getByRole('button', { name: /primary tumor/ }).click();
  await expect(report.locator('.group-missing')).toHaveText(/Not found: source series for segmentation: series 1\.3\.6\.1\.4\.1\.14519\.5\.2\.1\.2744\.7002\.261560220703676715130542397405/);
  await expect(report.locator('.measurement').first()).toBeVisible();
});

test('1,000 groups: sorted by each column with the mouse and the keyboard, filtered, windowed, CSV in table order', async ({ page, request }) => {
  const report = await openReport(page, request, SR_BIG.name);
  await expect(report.locator('.seg-meta')).toContainText('1000 groups · 10 with references not found');
  const table = report.getByRole('table');
  await expect(table).toHaveAttribute('aria-rowcount', '1001');
  // Only a window of the 1,000 group rows is in the DOM.
  const domRows = await report.locator('.group-row').count();
  expect(domRows).toBeGreaterThan(5);
  expect(domRows).toBeLessThan(80);
  expect((await groupIds(report)).slice(0, 3)).toEqual(['Lesion 1', 'Lesion 2', 'Lesion 3']);

  const header = (name: string): Locator => table.getByRole('columnheader', { name, exact: true });
  await expect(header('Tracking ID')).toHaveAttribute('aria-sort', 'none');
  await table.getByRole('button', { name: 'Tracking ID', exact: true }).click();
  await expect(header('Tracking ID')).toHaveAttribute('aria-sort', 'ascending');
  expect((await groupIds(report)).slice(0, 3)).toEqual(['Lesion 1', 'Lesion 2', 'Lesion 3']);
  await table.getByRole('button', { name: 'Tracking ID', exact: true }).click();
  await expect(header('Tracking ID')).toHaveAttribute('aria-sort', 'descending');
  expect((await groupIds(report)).slice(0, 3)).toEqual(['Lesion 1000', 'Lesion 999', 'Lesion 998']);

  // Keyboard: focus the Site header and press Enter, then Space to flip.
  await table.getByRole('button', { name: 'Site', exact: true }).focus();
  await page.keyboard.press('Enter');
  await expect(header('Site')).toHaveAttribute('aria-sort', 'ascending');
  await expect(header('Tracking ID')).toHaveAttribute('aria-sort', 'none');
  const sitesShown = async (): Promise<string[]> => report.locator('.group-row [role=cell]:nth-child(3)').allTextContents();
  expect((await sitesShown()).slice(0, 5)).toEqual(['Aorta', 'Aorta', 'Aorta', 'Aorta', 'Aorta']);
  await page.keyboard.press('Space');
  await expect(header('Site')).toHaveAttribute('aria-sort', 'descending');
  expect((await sitesShown()).slice(0, 5)).toEqual(['Spleen', 'Spleen', 'Spleen', 'Spleen', 'Spleen']);
  await table.getByRole('button', { name: 'Finding', exact: true }).click();
  await expect(header('Finding')).toHaveAttribute('aria-sort', 'ascending');
  expect(await report.locator('.group-row [role=cell]:nth-child(2)').first().textContent()).toBe('Calcification');

  // Filtering keeps the sort: "Lesion 99" matches 99 and 990-999, listed by tracking ID descending.
  await table.getByRole('button', { name: 'Tracking ID', exact: true }).click();
  await table.getByRole('button', { name: 'Tracking ID', exact: true }).click();
  await report.getByRole('searchbox', { name: 'Filter measurement groups' }).fill('Lesion 99');
  await expect(report.getByRole('status')).toHaveText('11 of 1000 groups');
  await expect(table).toHaveAttribute('aria-rowcount', '12');
  expect(await groupIds(report)).toEqual(['Lesion 999', 'Lesion 998', 'Lesion 997', 'Lesion 996', 'Lesion 995', 'Lesion 994', 'Lesion 993', 'Lesion 992', 'Lesion 991', 'Lesion 990', 'Lesion 99']);

  // CSV: the filtered groups, in the table's order, 20 measurements each.
  const [download] = await Promise.all([page.waitForEvent('download'), report.getByRole('button', { name: 'CSV' }).click()]);
  const csv = readFileSync((await download.path()) as string, 'utf8').trim().split('\n');
  expect(csv).toHaveLength(1 + 11 * 20);
  const order = [...new Set(csv.slice(1).map((l) => l.split(',')[0]))];
  expect(order).toEqual(await groupIds(report));

  // The group outlined on the absent image is marked, and says which image.
  await report.getByRole('searchbox', { name: 'Filter measurement groups' }).fill('Lesion 100');
  const marked = report.locator('.group-row').filter({ has: page.getByRole('button', { name: 'Lesion 100', exact: true }) });
  await expect(marked.getByRole('img', { name: 'reference not found' })).toHaveAttribute('title', /image of a region: object [\d.]+ is not in the study/);
  await expect(report.locator('.group-row', { hasText: 'Lesion 1000' }).getByRole('img', { name: 'reference not found' })).toHaveCount(1);
});

test('1,000 groups expanded to 20,000 measurements: a bounded number of DOM rows, scrolled to the very last one', async ({ page, request }) => {
  const report = await openReport(page, request, SR_BIG.name);
  const table = report.getByRole('table');
  await report.getByRole('button', { name: 'Expand all' }).click();
  // 1,000 group rows, 20,000 measurement rows and the 10 missing-reference notes, plus the header row.
  await expect(table).toHaveAttribute('aria-rowcount', String(1 + 1000 + 20_000 + 10));
  const rowsInDom = (): Promise<number> => report.locator('.groups-body [role=row]').count();
  expect(await rowsInDom()).toBeLessThan(80);
  await expect(report.locator('.measurement').first()).toBeInViewport();

  const scroller = report.locator('.groups-scroll');
  // Group 600's row: 599 groups of 21 rows above it, and the notes of the 5 marked groups among them.
  await scroller.evaluate((el) => {
    el.scrollTop = (599 * 21 + 5) * 24;
  });
  await expect(report.locator('.group-row', { hasText: /^▾ Lesion 600/ })).toBeInViewport();
  expect(await rowsInDom()).toBeLessThan(80);
  await scroller.evaluate((el) => {
    el.scrollTop = el.scrollHeight;
  });
  const last = report.locator('.groups-body [role=row]').last();
  await expect(last).toHaveAttribute('aria-rowindex', String(1 + 1000 + 20_000 + 10));
  await expect(last).toContainText('Measurement 20');
  await expect(last).toBeInViewport();
  await expect(report.locator('.group-row', { hasText: 'Lesion 1000' })).toBeAttached();
  expect(await rowsInDom()).toBeLessThan(80);
});

test('an SR that is not TID 1500 shows its content tree: values read as text, deep items collapsed, broken references noted', async ({ page, request }) => {
  const report = await openReport(page, request, SR_TREE.name);
  await expect(report.locator('.seg-series-label')).toHaveText('Diagnostic imaging report');
  await expect(report.locator('.seg-meta')).toContainText('TID 2000 · 18 items');
  await expect(report).not.toContainText('Not a TID 1500');
  await expect(report.getByRole('table')).toHaveCount(0);
  const tree = report.getByRole('region', { name: `Content tree of ${SR_TREE.seriesDescription}` });
  const row = (id: string): Locator => tree.locator(`li[data-item-id="${id}"]`);
  await expect(row('1.2')).toHaveText(/has obs context\s*Person Observer Name\s*Doe, Jane A/i);
  await expect(row('1.3')).toContainText('2024-01-15');
  await expect(row('1.4')).toContainText('09:30:00');
  await expect(row('1.7.2')).toContainText('Nodule');
  await expect(row('1.7.3')).toContainText('12.5 mm');
  // Markup in a TEXT value is shown as text, never made into elements.
  await expect(row('1.7.1')).toContainText('<b>not bold</b> & <img src=x onerror="window.__xss=1">');
  await expect(tree.locator('b, img')).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  // By-reference relationships: followed, dangling, cycle.
  await expect(row('1.8.2')).toContainText('→ item 1.7.3 (Diameter: 12.5 mm)');
  await expect(row('1.8.3')).toContainText('which does not exist (dangling reference)');
  await expect(row('1.8.4')).toContainText('a cycle, not followed');
  await expect(row('1.8.4')).toHaveClass(/broken/);

  // Below depth 2 starts collapsed: the outline under the diameter appears when it is expanded.
  await expect(row('1.7.3.1')).toHaveCount(0);
  await row('1.7.3').getByRole('button', { name: 'Expand item 1.7.3' }).click();
  await expect(row('1.7.3.1')).toContainText('POLYLINE, 4 points');
  await row('1.7.3.1').getByRole('button', { name: 'Expand item 1.7.3.1' }).click();
  await expect(row('1.7.3.1.1')).toContainText(/selected from\s*image …/i);
  await row('1.7').getByRole('button', { name: 'Collapse item 1.7' }).click();
  await expect(tree.locator('li[data-item-id^="1.7."]')).toHaveCount(0);
  await expect(row('1.8')).toBeVisible();
});

test('the highdicom report draws its CIRCLE and POLYLINE on CT_small, labelled, and can be hidden', async ({ page }) => {
  const ct = headerJson(readPart10(new Uint8Array(readFileSync(shared('pydicom/CT_small.dcm'))), 'CT_small.dcm', { untilPixelData: true }).dict);
  const plane = imagePlanesOf(ct as never)[0];
  await page.goto('/viewer/?StudyInstanceUIDs=1.3.6.1.4.1.5962.1.2.1.20040119072730.12322');
  await expectRendered(page, 'stack');
  const toggle = page.getByRole('checkbox', { name: 'Show report regions on the images' });
  await expect(toggle).toBeChecked({ timeout: 30_000 });
  // Overlay pixel alpha at a patient point (through the viewer's own world -> canvas mapping).
  const alphaAt = async (column: number, row: number): Promise<number> => {
    const w = pixelToWorld(plane, column, row);
    return page.evaluate(
      ({ w }) => {
        const v = (window as unknown as { idcViewer: { worldToCanvas: (id: string, p: number[]) => [number, number] } }).idcViewer;
        const [x, y] = v.worldToCanvas('stack', w);
        const canvas = document.querySelector<HTMLCanvasElement>('[data-viewport-id="stack"] canvas.contour-overlay');
        const ctx = canvas?.getContext('2d');
        if (!canvas || !ctx) return -1;
        const dpr = window.devicePixelRatio || 1;
        // The strongest alpha within 2 CSS pixels: outlines are 1.5 px wide.
        const { data } = ctx.getImageData(Math.round(x * dpr) - 2, Math.round(y * dpr) - 2, 5, 5);
        let a = 0;
        for (let i = 3; i < data.length; i += 4) a = Math.max(a, data[i]);
        return a;
      },
      { w },
    );
  };
  // highdicom's multi-group report: LungNodule0001 is a CIRCLE centred on pixel (45, 55) through (45, 65), radius
  // 10; Aorta0001 a POLYLINE (25,45)-(45,45)-(45,65)-(25,65). Drawn on their lines, not filled.
  await expect.poll(() => alphaAt(55, 55), { timeout: 20_000 }).toBeGreaterThan(100);
  expect(await alphaAt(50, 55)).toBe(0);
  expect(await alphaAt(35, 45)).toBeGreaterThan(100);
  expect(await alphaAt(35, 65)).toBeGreaterThan(100);
  // Hovering inside the circle names its group.
  const w = pixelToWorld(plane, 50, 55);
  const at = await page.evaluate(({ w }) => (window as unknown as { idcViewer: { worldToCanvas: (id: string, p: number[]) => [number, number] } }).idcViewer.worldToCanvas('stack', w), { w });
  const box = await page.locator('[data-viewport-id="stack"]').boundingBox();
  await page.mouse.move(box!.x + at[0], box!.y + at[1]);
  await expect(page.locator('[data-viewport-id="stack"] .hover-label')).toHaveText('LungNodule0001');
  // Hidden regions come back when a group with a region is selected.
  await toggle.uncheck();
  await expect.poll(() => alphaAt(35, 45)).toBe(0);
  await page.getByRole('button', { name: /Aorta0001/ }).first().click();
  await expect(toggle).toBeChecked();
  await expect.poll(() => alphaAt(35, 45)).toBeGreaterThan(100);
  // All regions hidden together.
  await toggle.uncheck();
  await expect.poll(() => alphaAt(55, 55)).toBe(0);
  expect(await alphaAt(35, 45)).toBe(0);
});
