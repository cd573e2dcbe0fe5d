// SEG overlays drawn where they belong: real dcmqi SEGs on the GE CT, and the generated study's overlapping
// segments. The real liver's exact position against MANIFEST.json: e2e/placement.spec.ts.
import { expect, test, type APIRequestContext, type Locator, type Page } from '@playwright/test';
import {
  canvasToWorld,
  changedPixels,
  pixelsAt,
  diffSnapshots,
  expectNoErrors,
  expectRendered,
  maskDifference,
  settle,
  sliceLabel,
  snapshot,
  studyUID,
  worldToCanvas,
  type ChangedPixels,
} from './helpers';
import { SEG_MOUNTS } from './fixtures';
import { fractionalFrame } from './segFrames';

// Each test takes 4-11 s here (this machine, 2026-12-06): a hung one fails within about 3x that.
test.setTimeout(35_000);

function segment(page: Page, seg: string, label: string) {
  return page.locator(`[data-seg-key]:has(.seg-series-label:text-is("${seg}")) li.segment`, { hasText: label }).first();
}

test('the liver SEG is drawn over the liver, in its colour, and hiding it removes it', async ({ page, request }) => {
  const study = await studyUID(request, '/dicomweb', 'StudyInstanceUID=1.2.392.200103.20080913.113635.0.2009.6.22.21.43.10.22941.1');
  await page.goto(`/viewer/?StudyInstanceUIDs=${study}`);
  await expectRendered(page, 'stack');
  // Two SEGs apply: the newest (partial_overlaps.dcm, 2023) loads by itself, the liver SEG (2016) at a click.
  await expect(page.locator('[data-seg-key]')).toHaveCount(2, { timeout: 60_000 });
  await page.locator('[data-seg-key]', { hasText: 'Liver' }).getByRole('button', { name: /^Load / }).click();
  await expect(page.locator('[data-seg-key][data-status="ready"]')).toHaveCount(2, { timeout: 60_000 });
  // Only the liver SEG: switch the other one off.
  const other = page.locator('[data-seg-key]', { hasNotText: 'Liver' }).locator('.seg-series-head input[type="checkbox"]');
  await other.uncheck();
  const row = page.locator('li.segment', { hasText: 'Liver' }).first();
  const d = await liverShownThenHidden(page, row);
  expect(d.count, 'pixels tinted by the liver segment').toBeGreaterThan(2000);
  // Where, exactly: e2e/placement.spec.ts (its 3D centroid within 1 canvas pixel of MANIFEST.json's).
  await row.getByRole('checkbox').check();
  await settle(page);
  await snapshot(page, 'stack', 'again');
  expect((await diffSnapshots(page, 'on', 'again')).count).toBeLessThan(50);
});

test("vtk.js's texture question for the overlay is answered by the GPU warm-up worker, not by a test on the page", async ({ page, request }) => {
  // vtk.js asks once whether 16-bit textures filter linearly; its own test (a WebGL context, a program, a pixel read
  // back) held the page's main thread 190-600 ms in software WebGL. The build answers it from a worker instead
  // (src/viewer/norm16Linear.ts): the mark is left only when vtk.js asks our stand-in, and says who answered.
  await openPhantomWithSeg(page, request);
  await page.waitForFunction(() => performance.getEntriesByName('seg:visible').length > 0, undefined, { timeout: 20_000 });
  const asked = await page.evaluate(() => performance.getEntriesByName('gpu:texture-question').map((e) => (e as PerformanceMark).detail as unknown));
  expect(asked, 'vtk.js asked the stand-in once').toHaveLength(1);
  expect(asked[0]).toMatchObject({ answeredBy: 'worker', filtersLinearly: expect.any(Boolean) });
});

/** Opens the sample phantom study in the stack and waits until its SEG is decoded. */
async function openPhantomWithSeg(page: Page, request: APIRequestContext): Promise<void> {
  const study = await studyUID(request, '/dicomweb', 'PatientID=PHANTOM-001');
  await page.goto(`/viewer/?StudyInstanceUIDs=${study}`);
  await expectRendered(page, 'stack');
  await expect(page.locator('[data-seg-key][data-status="ready"]')).toHaveCount(1, { timeout: 60_000 });
}

/** Opens the only SEG of a mount on its CT, jumps to its liver and returns what the liver segment tints. */
async function liverOverlay(page: Page, mount: string): Promise<ChangedPixels> {
  const root = `/dw/${mount}`;
  const study = await studyUID(page.request, root, '');
  await page.goto(`/viewer/?dicomweb=${root}&StudyInstanceUIDs=${study}`);
  await expectRendered(page, 'stack');
  const seg = page.locator('[data-seg-key]');
  await expect(seg).toHaveAttribute('data-status', /ready|error/, { timeout: 60_000 });
  expect(await seg.getAttribute('data-status'), (await seg.textContent()) ?? '').toBe('ready');
  await expectNoErrors(page);
  await liverShownThenHidden(page, page.locator('li.segment', { hasText: 'Liver' }).first());
  return changedPixels(page, 'on', 'off');
}

/**
 * Jumps to the liver (its row's name), takes the stack viewport as 'on', hides the liver and takes it as 'off':
 * what changed, checked to be tinted towards the liver's colour (221, 130, 101), more red than blue.
 */
async function liverShownThenHidden(page: Page, row: Locator): Promise<Awaited<ReturnType<typeof diffSnapshots>>> {
  await row.getByRole('button', { name: 'Liver', exact: true }).click();
  await settle(page);
  await snapshot(page, 'stack', 'on');
  await row.getByRole('checkbox').uncheck();
  await settle(page);
  await snapshot(page, 'stack', 'off');
  const d = await diffSnapshots(page, 'on', 'off');
  expect(d.delta[0]).toBeGreaterThan(d.delta[2]);
  return d;
}

test('the JPEG 2000 liver SEG is decoded in the worker and drawn at exactly the pixels of the uncompressed one', async ({ page }) => {
  const native = await liverOverlay(page, SEG_MOUNTS.liverNative.name);
  expect(native.count, 'pixels tinted by the uncompressed liver SEG').toBeGreaterThan(2000);
  const j2k = await liverOverlay(page, SEG_MOUNTS.liverJ2k.name);
  expect(j2k.count, 'pixels tinted by the JPEG 2000 liver SEG').toBe(native.count);
  expect(maskDifference(j2k.mask, native.mask), 'pixels tinted by one SEG and not the other').toBe(0);
  // Same colours too: the two pictures with the overlay are the same picture.
  expect(j2k.hashA).toBe(native.hashA);
});

test('overlapping segments stay visible: the tumour inside the liver is drawn whatever the liver does', async ({ page, request }) => {
  await openPhantomWithSeg(page, request);
  // Contours off, so only the SEG tints the image.
  await page.locator('[data-rtstruct-key] .seg-series-head input[type="checkbox"]').first().uncheck();
  const tumour = segment(page, 'Phantom organs and tumour', 'Liver tumour');
  const liverRow = segment(page, 'Phantom organs and tumour', 'Liver');
  await tumour.getByRole('button', { name: 'Liver tumour', exact: true }).click();
  await settle(page);
  await snapshot(page, 'stack', 'both');
  await liverRow.getByRole('checkbox').uncheck();
  await settle(page);
  await snapshot(page, 'stack', 'tumourOnly');
  await tumour.getByRole('checkbox').uncheck();
  await settle(page);
  await snapshot(page, 'stack', 'none');
  expect((await diffSnapshots(page, 'both', 'tumourOnly')).count, 'liver pixels').toBeGreaterThan(2000);
  const t = await diffSnapshots(page, 'tumourOnly', 'none');
  expect(t.count, 'tumour pixels, drawn although the liver covers them too').toBeGreaterThan(100);
});

test('jump to segment moves to a slice where it is drawn', async ({ page, request }) => {
  await openPhantomWithSeg(page, request);
  await page.keyboard.press('Home');
  await expect(page.getByTestId('slice-stack')).toHaveText('Slice 1/100');
  await segment(page, 'Phantom organs and tumour', 'Left kidney').getByRole('button', { name: 'Left kidney', exact: true }).click();
  await expect.poll(() => sliceLabel(page)).not.toBe('Slice 1/100');
  const kidney = await sliceLabel(page);
  await segment(page, 'Phantom organs and tumour', 'Lungs').getByRole('button', { name: 'Lungs', exact: true }).click();
  await expect.poll(() => sliceLabel(page)).not.toBe(kidney);
});

test('in MPR the SEG is drawn in all three planes, at the same patient position as in the stack', async ({ page, request }) => {
  const study = await studyUID(request, '/dicomweb', 'PatientID=PHANTOM-001');
  const kidneyAt = async (viewports: string[]): Promise<Record<string, { count: number; x: number; y: number }>> => {
    await expect(page.locator('[data-seg-key][data-status="ready"]')).toHaveCount(1, { timeout: 60_000 });
    await page.locator('[data-rtstruct-key] .seg-series-head input[type="checkbox"]').first().uncheck();
    const kidney = segment(page, 'Phantom organs and tumour', 'Left kidney');
    await kidney.getByRole('button', { name: 'only' }).click();
    await kidney.getByRole('button', { name: 'Left kidney', exact: true }).click();
    await settle(page);
    for (const v of viewports) await snapshot(page, v, `on-${v}`);
    await kidney.getByRole('checkbox').uncheck();
    await settle(page);
    const out: Record<string, { count: number; x: number; y: number }> = {};
    for (const v of viewports) {
      await snapshot(page, v, `off-${v}`);
      out[v] = await diffSnapshots(page, `on-${v}`, `off-${v}`);
    }
    return out;
  };
  await page.goto(`/viewer/?StudyInstanceUIDs=${study}`);
  await expectRendered(page, 'stack');
  const stack = (await kidneyAt(['stack'])).stack;
  expect(stack.count, 'kidney pixels in the stack').toBeGreaterThan(300);
  const inStack = await canvasToWorld(page, 'stack', stack.x, stack.y);

  await page.goto(`/viewer/?StudyInstanceUIDs=${study}&layout=mpr`);
  await expectRendered(page, 'mpr-axial');
  // The volume fills in as its slices arrive: compare pictures only once it is complete.
  await page.waitForFunction(() => performance.getEntriesByName('viewer:series-loaded').length > 0, undefined, { timeout: 60_000 });
  const mpr = await kidneyAt(['mpr-axial', 'mpr-sagittal', 'mpr-coronal']);
  expect(mpr['mpr-axial'].count, 'kidney pixels, axial').toBeGreaterThan(100);
  expect(mpr['mpr-axial'].count, 'only the kidney changed, axial').toBeLessThan(stack.count * 4);
  const inAxial = await canvasToWorld(page, 'mpr-axial', mpr['mpr-axial'].x, mpr['mpr-axial'].y);
  // Same slice and same place in it (the viewports differ in size and zoom, not in patient space).
  for (const k of [0, 1, 2]) expect(Math.abs(inAxial[k] - inStack[k]), `axis ${k}: ${inAxial} vs ${inStack}`).toBeLessThan(3);
  // Jumping to a segment in MPR moves the sagittal and coronal planes through its centre too: they draw it,
  // and at the same patient position.
  const sag = await canvasToWorld(page, 'mpr-sagittal', mpr['mpr-sagittal'].x, mpr['mpr-sagittal'].y);
  const cor = await canvasToWorld(page, 'mpr-coronal', mpr['mpr-coronal'].x, mpr['mpr-coronal'].y);
  expect(mpr['mpr-sagittal'].count, 'kidney pixels, sagittal').toBeGreaterThan(50);
  expect(mpr['mpr-coronal'].count, 'kidney pixels, coronal').toBeGreaterThan(50);
  // The sagittal plane lies at the kidney's x, the coronal one at its y (within its extent).
  expect(Math.abs(sag[0] - inStack[0]), `sagittal ${sag} vs ${inStack}`).toBeLessThan(3);
  expect(Math.abs(cor[1] - inStack[1]), `coronal ${cor} vs ${inStack}`).toBeLessThan(3);
  // In-plane, the kidney's centre in those views is within the kidney (its half-size is ~20 mm).
  expect(Math.abs(sag[1] - inStack[1]), `sagittal y ${sag} vs ${inStack}`).toBeLessThan(20);
  expect(Math.abs(cor[0] - inStack[0]), `coronal x ${cor} vs ${inStack}`).toBeLessThan(20);
});

test('segment names show under the cursor; outline mode draws less than fill', async ({ page, request }) => {
  await openPhantomWithSeg(page, request);
  await page.locator('[data-rtstruct-key] .seg-series-head input[type="checkbox"]').first().uncheck();
  const tumour = segment(page, 'Phantom organs and tumour', 'Liver tumour');
  await tumour.getByRole('button', { name: 'Liver tumour', exact: true }).click();
  await settle(page);
  await snapshot(page, 'stack', 'both');
  await page.locator('[data-seg-key]').first().locator('.seg-series-head input[type="checkbox"]').uncheck();
  await settle(page);
  await snapshot(page, 'stack', 'none');
  const all = await diffSnapshots(page, 'both', 'none');
  // The tumour lies inside the liver: hovering the centre of what the SEG draws names both.
  await page.locator('[data-seg-key]').first().locator('.seg-series-head input[type="checkbox"]').check();
  await settle(page);
  const tumourOnly = segment(page, 'Phantom organs and tumour', 'Liver tumour');
  await tumourOnly.getByRole('checkbox').uncheck();
  await settle(page);
  await snapshot(page, 'stack', 'noTumour');
  const t = await diffSnapshots(page, 'both', 'noTumour');
  expect(t.count, 'tumour pixels').toBeGreaterThan(100);
  await tumourOnly.getByRole('checkbox').check();
  const box = await page.locator('[data-viewport-id="stack"]').boundingBox();
  await page.mouse.move(box!.x + t.x, box!.y + t.y);
  const label = page.locator('[data-viewport-id="stack"] .hover-label');
  await expect(label).toContainText('Liver tumour');
  await expect(label).toContainText('Liver');
  // Outline only: fewer pixels change than with the fill.
  await page.getByRole('combobox', { name: /How Phantom organs and tumour is drawn/ }).selectOption('outline');
  await settle(page);
  await snapshot(page, 'stack', 'outline');
  const outline = await diffSnapshots(page, 'outline', 'none');
  expect(outline.count).toBeGreaterThan(100);
  expect(outline.count).toBeLessThan(all.count * 0.7);
});

test('a FRACTIONAL SEG draws higher fractions with more of the segment colour, and zero not at all', async ({ page }) => {
  const expected = fractionalFrame();
  const levels = [...new Set(expected.samples.map((s) => s.fraction))].sort((a, b) => a - b);
  // The test needs background and at least two fractions to compare.
  expect(levels[0]).toBe(0);
  expect(levels.length).toBeGreaterThanOrEqual(3);

  const root = `/dw/${SEG_MOUNTS.fractional.name}`;
  const study = await studyUID(page.request, root, '');
  await page.goto(`/viewer/?dicomweb=${root}&StudyInstanceUIDs=${study}`);
  await expect(page.getByTestId('slice-stack')).toHaveText(/^Slice \d+\/4$/, { timeout: 45_000 });
  // This head CT's values (77..1360 HU) are all white in its own window (W100 L30): the bone window (4) shows them.
  await page.keyboard.press('4');
  await expectRendered(page, 'stack');
  const seg = page.locator('[data-seg-key]');
  await expect(seg).toHaveAttribute('data-status', /ready|error/, { timeout: 60_000 });
  expect(await seg.getAttribute('data-status'), (await seg.textContent()) ?? '').toBe('ready');
  // To the CT slice of that frame.
  const box = (await page.locator('[data-viewport-id="stack"]').boundingBox()) as { width: number; height: number };
  await page.keyboard.press('Home');
  for (let k = 0; k < 10; k++) {
    await settle(page);
    const z = (await canvasToWorld(page, 'stack', box.width / 2, box.height / 2))[2];
    if (Math.abs(z - expected.z) < 0.01) break;
    await page.keyboard.press('ArrowDown');
  }
  expect((await canvasToWorld(page, 'stack', box.width / 2, box.height / 2))[2]).toBeCloseTo(expected.z, 2);

  const row = page.locator('li.segment', { hasText: expected.label }).first();
  await snapshot(page, 'stack', 'on');
  await row.getByRole('checkbox').uncheck();
  await settle(page);
  await snapshot(page, 'stack', 'off');
  const at = await worldToCanvas(page, 'stack', expected.samples.map((s) => s.world));
  const on = await pixelsAt(page, 'on', at);
  const off = await pixelsAt(page, 'off', at);
  // How far each pixel moved from the bare image towards the segment colour: 0 = bare image, 1 = the colour.
  const C = expected.color;
  const blend = on.map((o, i) => {
    const d = [0, 1, 2].map((k) => o[k] - off[i][k]);
    const toward = [0, 1, 2].map((k) => C[k] - off[i][k]);
    return (d[0] * toward[0] + d[1] * toward[1] + d[2] * toward[2]) / (toward[0] ** 2 + toward[1] ** 2 + toward[2] ** 2);
  });
  const byLevel = levels.map((f) => expected.samples.flatMap((s, i) => (s.fraction === f ? [i] : [])));
  const summary = levels.map((f, l) => {
    const b = byLevel[l].map((i) => blend[i]);
    return `${f.toFixed(3)}: ${b.length} px, blend ${Math.min(...b).toFixed(3)}..${Math.max(...b).toFixed(3)}`;
  });
  // Zero: the bare image, unchanged in every channel.
  for (const i of byLevel[0]) {
    const change = Math.max(...[0, 1, 2].map((k) => Math.abs(on[i][k] - off[i][k])));
    expect(change, `zero-valued pixel at ${at[i]}: ${on[i]} vs ${off[i]}; ${summary.join('; ')}`).toBeLessThanOrEqual(3);
  }
  // Every fraction is drawn, and each higher fraction blends more of the colour than every pixel of a lower one.
  expect(Math.min(...byLevel[1].map((i) => blend[i])), summary.join('; ')).toBeGreaterThan(0.05);
  for (let l = 2; l < levels.length; l++) {
    const lower = Math.max(...byLevel[l - 1].map((i) => blend[i]));
    const higher = Math.min(...byLevel[l].map((i) => blend[i]));
    expect(higher, summary.join('; ')).toBeGreaterThan(lower + 0.03);
  }
});
