// The series panel of a study with three SEGs, a Real World Value Mapping, a Key Object Selection and a
// Presentation State on one CT (seriesFixtures.ts): only the CT is an image series; the others are listed under it
// by kind; of the SEGs only the newest loads by itself, each is told apart, any other loads at one click.
// Expected values come from the fixture's attributes (dates, creators, numbers), not from the viewer's code.
import { expect, test, type Page } from '@playwright/test';
import { diffSnapshots, expectNoErrors, expectRendered, settle, snapshot, studyUID } from './helpers';
import { NEWEST_SEG, NON_IMAGE, SERIES_MOUNT, SERIES_SEGS, type FixtureSeg } from './seriesFixtures';

// Each test takes 5-7 s here (this machine, 2026-12-06): a hung one fails within about 3x that.
test.setTimeout(25_000);

const ROOT = `/dw/${SERIES_MOUNT}`;
// About 3x their normal duration (6-18 s).
test.describe.configure({ timeout: 60_000 });

async function open(page: Page, extra = ''): Promise<void> {
  const study = await studyUID(page.request, ROOT, '');
  await page.goto(`/viewer/?dicomweb=${ROOT}&StudyInstanceUIDs=${study}${extra}`);
  await expectRendered(page, 'stack');
}

const row = (page: Page, s: FixtureSeg) => page.locator(`[data-seg-key="${s.sopInstanceUID}"]`);

/** "Family^Given" as the panel writes a person: "Family, Given". */
const person = (pn: string): string => pn.replace('^', ', ');

test('only the newest of three SEGs is loaded; each is told apart; one click loads another', async ({ page }) => {
  await open(page);
  // The fixture's UIDs differ in their last 12 characters, what the panel shows of them.
  expect(new Set(SERIES_SEGS.map((s) => s.sopInstanceUID.slice(-12))).size).toBe(3);
  await expect(page.locator('[data-seg-key]')).toHaveCount(3, { timeout: 30_000 });
  await expect(row(page, NEWEST_SEG)).toHaveAttribute('data-status', 'ready', { timeout: 60_000 });
  for (const s of SERIES_SEGS) {
    const r = row(page, s);
    // What tells it apart: series number, creator with manufacturer, date and time, content label, UID tail.
    const about = r.locator('.seg-about');
    await expect(about).toContainText(`series ${s.seriesNumber}`);
    await expect(about).toContainText(`by ${person(s.creator)} (${s.manufacturer})`);
    await expect(about).toContainText(`${s.seriesDate.slice(0, 4)}-${s.seriesDate.slice(4, 6)}-${s.seriesDate.slice(6)} ${s.seriesTime.slice(0, 2)}:${s.seriesTime.slice(2, 4)}`);
    await expect(about).toContainText(`label ${s.contentLabel}`);
    await expect(about).toContainText(`…${s.sopInstanceUID.slice(-12)}`);
    await expect(r.locator('.seg-series-label')).toHaveText(s.seriesDescription);
    if (s !== NEWEST_SEG) {
      await expect(r).toHaveAttribute('data-status', 'available');
      await expect(r.getByRole('button', { name: `Load ${s.seriesDescription}` })).toBeVisible();
    }
  }
  await expect(row(page, NEWEST_SEG).locator('.seg-newest')).toBeVisible();
  // Nothing else started meanwhile.
  await page.waitForTimeout(1500);
  await expect(page.locator('[data-seg-key][data-status="ready"], [data-seg-key][data-status="loading"]')).toHaveCount(1);

  // With the newest hidden nothing is drawn; loading the oldest (other content) draws it: it was not drawn before.
  await settle(page);
  await snapshot(page, 'stack', 'newest');
  await row(page, NEWEST_SEG).locator('.seg-series-head input[type="checkbox"]').uncheck();
  await settle(page);
  await snapshot(page, 'stack', 'none');
  expect((await diffSnapshots(page, 'newest', 'none')).count, 'pixels of the newest SEG').toBeGreaterThan(2000);
  const oldest = SERIES_SEGS[0];
  await row(page, oldest).getByRole('button', { name: `Load ${oldest.seriesDescription}` }).click();
  await expect(row(page, oldest)).toHaveAttribute('data-status', 'ready', { timeout: 60_000 });
  await settle(page);
  await snapshot(page, 'stack', 'oldest');
  expect((await diffSnapshots(page, 'none', 'oldest')).count, 'pixels of the SEG loaded by the click').toBeGreaterThan(2000);
  // The third stays listed, not loaded.
  await expect(row(page, SERIES_SEGS[1])).toHaveAttribute('data-status', 'available');
});

test('RWVM, KO and PR are listed under the CT with their kind, never as an image series', async ({ page }) => {
  await open(page);
  // One image series: the CT of 100 slices, shown.
  await expect(page.locator('.series-item')).toHaveCount(1);
  await expect(page.locator('.series-item .badge')).toHaveText('CT');
  await expect(page.getByTestId('slice-stack')).toHaveText(/\/100$/);
  const group = page.locator('section.series-group', { has: page.locator('.series-item') });
  for (const [kind, o, title] of [
    ['RWVM', NON_IMAGE.RWVM, 'Real World Value Mapping'],
    ['KO', NON_IMAGE.KO, 'Key Object Selection'],
    ['PR', NON_IMAGE.PR, 'Presentation State'],
  ] as const) {
    const item = group.locator(`li.derived[data-series-uid="${o.seriesInstanceUID}"]`);
    await expect(item, `${kind} listed under the CT`).toBeVisible({ timeout: 30_000 });
    await expect(item.locator('.badge')).toHaveText(kind);
    await expect(item.locator('.badge')).toHaveAttribute('title', title);
    await expect(item).toContainText(o.description);
    await expect(item.locator('canvas')).toHaveCount(0);
  }
  await expect(page.locator('.orphan-title')).toHaveCount(0);
  await expect(page.locator('body')).not.toContainText(/unknown error/i);
  await expectNoErrors(page);
  await expect(page.locator('.messages')).toHaveCount(0);
});

test('a link to the KO series opens the CT it selects from', async ({ page }) => {
  await open(page, `&initialSeriesInstanceUID=${NON_IMAGE.KO.seriesInstanceUID}`);
  await expect(page.getByTestId('slice-stack')).toHaveText(/\/100$/);
  await expect(page.locator('.series-item.active')).toHaveCount(1);
  await expectNoErrors(page);
});

test('with seg=off no SEG loads by itself, and any loads at one click', async ({ page }) => {
  await open(page, '&seg=off');
  await expect(page.locator('[data-seg-key]')).toHaveCount(3, { timeout: 30_000 });
  await page.waitForTimeout(1500);
  await expect(page.locator('[data-seg-key][data-status="available"]')).toHaveCount(3);
  await expect(page.locator('.seg-newest')).toHaveCount(0);
  const pick = SERIES_SEGS[1];
  await row(page, pick).getByRole('button', { name: `Load ${pick.seriesDescription}` }).click();
  await expect(row(page, pick)).toHaveAttribute('data-status', 'ready', { timeout: 60_000 });
  await expect(row(page, pick).locator('li.segment').first()).toBeVisible();
  await expect(page.locator('[data-seg-key][data-status="available"]')).toHaveCount(2);
});
