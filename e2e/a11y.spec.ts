// Item 5 of issue #12: every control of the viewer's panels can be reached and named by assistive technology, and
// the one with the keyboard focus shows it.
import { expect, test, type Page } from '@playwright/test';
import { expectRendered, studyUID } from './helpers';

// The test takes 3.3-4.6 s here (this machine, 2026-12-07): a hung one fails within about 3x that.
test.setTimeout(14_000);

const CONTROL_ROLES = ['button', 'checkbox', 'textbox', 'combobox', 'slider', 'spinbutton', 'link', 'radio', 'switch', 'searchbox', 'separator', 'tab', 'menuitem'];

/** The controls in the accessibility tree (as Chromium exposes it, through Playwright), one line each. */
async function controls(page: Page): Promise<string[]> {
  const tree = await page.locator('body').ariaSnapshot();
  return tree
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => CONTROL_ROLES.some((r) => l.startsWith(`- ${r}`)));
}

/** A control without a name, or with one that says what it does but not to what ("only", "fill"). */
const unnamed = (line: string): boolean => /^- [a-z]+(\s*\[[^\]]*\])*:?\s*$/.test(line) || /^- [a-z]+ ""/.test(line) || /^- [a-z]+ "(only|fill|show|load)"/i.test(line);

test('every control of the viewer and its panels has a name, and the focused one is outlined', async ({ page, request }) => {
  const study = await studyUID(request, '/dicomweb', 'PatientID=PHANTOM-001');
  await page.goto(`/viewer/?StudyInstanceUIDs=${study}`);
  await expectRendered(page, 'stack');
  for (const k of ['seg', 'rtstruct', 'sr']) await expect(page.locator(`[data-${k}-key]`)).toHaveAttribute('data-status', 'ready');
  const all = await controls(page);
  expect(all.length).toBeGreaterThan(50);
  expect(all.filter(unnamed)).toEqual([]);
  // Tab through the page: every stop is a named control with a visible outline.
  const seen = new Set<string>();
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press('Tab');
    const f = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body) return null;
      const cs = getComputedStyle(el);
      return { tag: el.tagName, name: el.getAttribute('aria-label') ?? el.textContent?.trim() ?? '', outline: cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0, shadow: cs.boxShadow !== 'none' };
    });
    if (!f) continue;
    expect(f.outline || f.shadow, `focus not shown on ${f.tag} "${f.name}"`).toBe(true);
    seen.add(f.tag);
  }
  expect(seen.has('BUTTON')).toBe(true);
});
