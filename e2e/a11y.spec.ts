// Every panel is operable by keyboard (issue #12 item 5): each control has a name a screen reader says, focus is visible wherever it
// lands, and the panels' main actions work from the keyboard alone.
import { expect, test, type Page } from '@playwright/test';
import { expectRendered, studyUID } from './helpers';

// Each test takes 3-6 s here (2026-12-07): a hung one fails within about 3x that.
test.setTimeout(20_000);

const INTERACTIVE = new Set(['button', 'checkbox', 'radio', 'slider', 'spinbutton', 'textbox', 'searchbox', 'combobox', 'link', 'tab', 'menuitem', 'switch', 'listbox', 'separator']);

async function openPhantom(page: Page): Promise<void> {
  const study = await studyUID(page.request, '/dicomweb', 'PatientID=PHANTOM-001');
  await page.goto(`/viewer/?StudyInstanceUIDs=${study}`);
  await expectRendered(page, 'stack');
}

/** Interactive nodes of the accessibility tree (as Chromium computes it for screen readers) without a telling name. */
async function unnamedControls(page: Page): Promise<string[]> {
  const cdp = await page.context().newCDPSession(page);
  const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as { nodes: Array<{ ignored: boolean; role?: { value: string }; name?: { value: string }; backendDOMNodeId?: number }> };
  const out: string[] = [];
  for (const n of nodes) {
    const role = n.role?.value ?? '';
    if (n.ignored || !INTERACTIVE.has(role)) continue;
    // A separator is interactive only when it can be focused (a resize handle); a plain rule needs no name.
    if (role === 'separator') continue;
    const name = (n.name?.value ?? '').trim();
    // A name that says what a control does but not to what ("only", "fill") is as good as none in a list of them.
    if (name && !/^(only|fill|show|load|hide)$/i.test(name)) continue;
    const { outerHTML } = (await cdp.send('DOM.resolveNode', { backendNodeId: n.backendDOMNodeId }).then(({ object }) =>
      cdp.send('Runtime.callFunctionOn', { objectId: object.objectId, functionDeclaration: 'function () { return this.outerHTML.slice(0, 160); }', returnByValue: true }),
    ).then((r) => ({ outerHTML: String((r as { result: { value: string } }).result.value) })));
    out.push(`${role}: ${outerHTML}`);
  }
  await cdp.detach();
  return out;
}

test('every control of the viewer with a SEG, an RTSTRUCT and an SR open has a name', async ({ page }) => {
  await openPhantom(page);
  // The panels' rows are there: segments, ROIs, report groups.
  await expect(page.locator('[data-seg-key] .segment-name').first()).toBeVisible({ timeout: 15_000 });
  await expect(page.locator('[data-rtstruct-key]').first()).toBeVisible();
  expect(await unnamedControls(page)).toEqual([]);
});

test('Tab walks through the viewer with the focus visible on every stop, into the panels', async ({ page }) => {
  await openPhantom(page);
  await expect(page.locator('[data-seg-key] .segment-name').first()).toBeVisible({ timeout: 15_000 });
  const stops: Array<{ what: string; visible: boolean; inPanel: string | null }> = [];
  for (let i = 0; i < 80; i++) {
    await page.keyboard.press('Tab');
    stops.push(
      await page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        if (!el || el === document.body) return { what: 'body', visible: true, inPanel: null };
        const cs = getComputedStyle(el);
        // A focus ring: an outline, or a box shadow, that the unfocused control does not have.
        const ring = (cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0) || cs.boxShadow !== 'none';
        const name = el.getAttribute('aria-label') ?? el.textContent?.trim().slice(0, 30) ?? '';
        return { what: `${el.tagName.toLowerCase()} "${name}"`, visible: ring, inPanel: el.closest('section[aria-label]')?.getAttribute('aria-label') ?? null };
      }),
    );
  }
  expect(stops.filter((s) => !s.visible).map((s) => s.what)).toEqual([]);
  // The keyboard reaches every panel.
  const panels = new Set(stops.map((s) => s.inPanel));
  for (const p of ['Segmentations', 'Structure sets', 'Compare annotations', 'Measurement reports']) expect([...panels]).toContain(p);
});

test('the panels work from the keyboard: Space hides a segment, Enter jumps to it, Enter opens a report group', async ({ page }) => {
  await openPhantom(page);
  const seg = page.locator('[data-seg-key]').first();
  const show = seg.getByRole('checkbox', { name: 'Show Liver', exact: true });
  await expect(show).toBeChecked({ timeout: 15_000 });
  await show.focus();
  await page.keyboard.press('Space');
  await expect(show).not.toBeChecked();
  await page.keyboard.press('Space');
  await expect(show).toBeChecked();
  // Enter on a segment's name jumps to the slice of its middle: the slice label changes.
  const before = await page.getByTestId('slice-stack').textContent();
  await seg.getByRole('button', { name: 'Spinal cord', exact: true }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('slice-stack')).not.toHaveText(before ?? '');
  // A report group's toggle says whether it is open (the arrow is hidden from screen readers).
  const group = page.getByRole('region', { name: 'Measurement reports' }).getByRole('button', { name: 'Liver tumour', exact: true }).first();
  await expect(group).toHaveAttribute('aria-expanded', 'false');
  await group.focus();
  await page.keyboard.press('Enter');
  await expect(group).toHaveAttribute('aria-expanded', 'true');
});
