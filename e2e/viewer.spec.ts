// A person opens deep links into the viewer, on the embedded server and on Orthanc, and uses it.
import { expect, test } from '@playwright/test';
import { canvasStats, expectNoErrors, expectRendered, sliceLabel, studyUID } from './helpers';

// Each test takes 2-6 s here (this machine, 2026-12-06): a hung one fails within about 3x that.
test.setTimeout(20_000);

const SOURCES = [
  { name: 'embedded server', root: '/dicomweb', param: '' },
  { name: 'Orthanc', root: '/orthanc/dicom-web', param: 'dicomweb=/orthanc/dicom-web&' },
];

for (const src of SOURCES) {
  test.describe(`sample study on the ${src.name}`, () => {
    let study = '';
    test.beforeAll(async ({ request }) => {
      study = await studyUID(request, src.root, 'PatientID=PHANTOM-001');
    });

    test('a deep link renders the CT, with its overlays listed under it', async ({ page }) => {
      await page.goto(`/viewer/?${src.param}StudyInstanceUIDs=${study}`);
      await expectRendered(page, 'stack');
      await expect(page.getByTestId('slice-stack')).toHaveText(/^Slice \d+\/100$/);
      const ctGroup = page.locator('.series-group', { has: page.locator('.series-item .badge-ct') });
      for (const m of ['SEG', 'RTSTRUCT', 'SR']) {
        await expect(ctGroup.locator(`.derived[data-modality="${m}"]`)).toHaveCount(1);
      }
      await expect(page.getByTestId('patient')).toContainText('PHANTOM-001');
      // The SEG is downloaded piece by piece and put together in the worker, with or without a part
      // Content-Length from the server: it ends up decoded, its segments listed.
      const seg = page.locator('[data-seg-key]');
      await expect(seg).toHaveAttribute('data-status', 'ready');
      await expect(seg.locator('li.segment')).toHaveCount(7);
      await expectNoErrors(page);
    });

    test('wheel and arrow keys change the slice', async ({ page }) => {
      await page.goto(`/viewer/?${src.param}StudyInstanceUIDs=${study}`);
      const before = await expectRendered(page, 'stack');
      const label0 = await sliceLabel(page);
      const box = await page.locator('[data-viewport-id="stack"]').boundingBox();
      if (!box) throw new Error('no viewport');
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      for (let i = 0; i < 5; i++) await page.mouse.wheel(0, 120);
      await expect.poll(() => sliceLabel(page)).not.toBe(label0);
      const n0 = Number(/Slice (\d+)/.exec(label0)?.[1]);
      const n1 = Number(/Slice (\d+)/.exec(await sliceLabel(page))?.[1]);
      expect(Math.abs(n1 - n0)).toBeGreaterThanOrEqual(1);
      await expect.poll(async () => (await canvasStats(page, 'stack'))?.hash).not.toBe(before.hash);
      const label1 = await sliceLabel(page);
      await page.keyboard.press('ArrowUp');
      await expect.poll(() => sliceLabel(page)).not.toBe(label1);
    });

    test('a window preset changes the pixels and the W/L label', async ({ page }) => {
      await page.goto(`/viewer/?${src.param}StudyInstanceUIDs=${study}`);
      const before = await expectRendered(page, 'stack');
      await page.getByRole('toolbar', { name: 'Viewer tools' }).getByRole('button', { name: 'Lung', exact: true }).click();
      await expect(page.getByTestId('wl-stack')).toHaveText('W 1500 L -600');
      await expect.poll(async () => (await canvasStats(page, 'stack'))?.hash).not.toBe(before.hash);
      // OHIF's keys: 3 liver, 4 bone.
      await page.keyboard.press('3');
      await expect(page.getByTestId('wl-stack')).toHaveText('W 150 L 90');
      await page.keyboard.press('4');
      await expect(page.getByTestId('wl-stack')).toHaveText('W 2500 L 480');
    });

    test('MPR shows axial, sagittal and coronal views', async ({ page }) => {
      await page.goto(`/viewer/?${src.param}StudyInstanceUIDs=${study}&layout=mpr`);
      for (const id of ['mpr-axial', 'mpr-sagittal', 'mpr-coronal']) await expectRendered(page, id);
      await expect(page.getByTestId('slice-mpr-axial')).toHaveText(/\/100$/);
      await expect(page.getByTestId('slice-mpr-sagittal')).toHaveText(/\/512$/);
      await expect(page.getByTestId('slice-mpr-coronal')).toHaveText(/\/512$/);
    });

    test('the study list finds the study by patient ID and opens it', async ({ page }) => {
      await page.goto(`/?${src.param}`);
      await page.getByLabel('Patient ID or name').fill('PHANTOM-001');
      await page.getByRole('button', { name: 'Search' }).click();
      const row = page.locator(`tr[data-study-uid="${study}"]`);
      await expect(row).toBeVisible();
      await expect(page.locator('table.studies tbody tr')).toHaveCount(1);
      await row.getByRole('link').click();
      await expectRendered(page, 'stack');
      expect(page.url()).toContain(`StudyInstanceUIDs=${study}`);
    });
  });

  test.describe(`LUNG1-002 subset on the ${src.name}`, () => {
    test('a deep link renders the 28-slice CT with its RTSTRUCT listed', async ({ page, request }) => {
      const study = await studyUID(request, src.root, 'PatientID=LUNG1-002');
      await page.goto(`/viewer/?${src.param}StudyInstanceUIDs=${study}`);
      await expectRendered(page, 'stack');
      await expect(page.getByTestId('slice-stack')).toHaveText(/^Slice \d+\/28$/);
      await expect(page.locator('.derived[data-modality="RTSTRUCT"]')).toHaveCount(1);
      await expectNoErrors(page);
    });
  });
}

test('dragging with the left button changes window/level; Space resets it (as in OHIF)', async ({ page, request }) => {
  const study = await studyUID(request, '/dicomweb', 'PatientID=PHANTOM-001');
  await page.goto(`/viewer/?StudyInstanceUIDs=${study}`);
  await expectRendered(page, 'stack');
  const wl0 = await page.getByTestId('wl-stack').textContent();
  const box = await page.locator('[data-viewport-id="stack"]').boundingBox();
  if (!box) throw new Error('no viewport');
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 + 120, box.y + box.height / 2 + 60, { steps: 8 });
  await page.mouse.up();
  await expect(page.getByTestId('wl-stack')).not.toHaveText(wl0 ?? '');
  await page.keyboard.press(' ');
  await expect(page.getByTestId('wl-stack')).toHaveText(wl0 ?? '');
});

test("Cornerstone's capabilities come from the GPU warm-up worker and agree with Cornerstone's own probe", async ({ page, request }) => {
  // The build answers Cornerstone's capability probe (WebGL, the texture formats it may sample) from a worker
  // (src/viewer/renderingCapabilities.ts); its own probe held the page's main thread 200-300 ms before the first
  // image. The answer must be the one Cornerstone finds itself: a wrong "float textures filter linearly" would draw
  // black images. The worker's script blocked, Cornerstone probes on the page: both answers are compared, and both
  // loads show the CT.
  const study = await studyUID(request, '/dicomweb', 'PatientID=PHANTOM-001');
  const answer = async (): Promise<{ answeredBy: string; capabilities: Record<string, unknown> }> => {
    await page.goto(`/viewer/?StudyInstanceUIDs=${study}`);
    await expectRendered(page, 'stack');
    const marks = await page.evaluate(() => performance.getEntriesByName('gpu:capabilities').map((e) => (e as PerformanceMark).detail as unknown));
    expect(marks, 'Cornerstone asked once').toHaveLength(1);
    return marks[0] as { answeredBy: string; capabilities: Record<string, unknown> };
  };
  const fromWorker = await answer();
  expect(fromWorker.answeredBy).toBe('worker');
  await page.route(/gpuWarmUp\.worker[^/]*\.js/, (route) => route.abort());
  const fromPage = await answer();
  expect(fromPage.answeredBy).toBe('page');
  expect(fromWorker.capabilities).toEqual(fromPage.capabilities);
  // What this machine's software WebGL offers (Cornerstone's probe says so too): the comparison is not of nothing.
  expect(fromPage.capabilities).toMatchObject({ webgl: true, webgl2: true, halfFloat: true });
});
