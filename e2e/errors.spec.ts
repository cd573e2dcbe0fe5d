// What a person sees when something is wrong: a message in the page, never a blank or frozen viewer.
import { expect, test } from '@playwright/test';
import { canvasToWorld, expectNoErrors, expectRendered, studyUID } from './helpers';

// Each test takes 2-6 s here (this machine, 2026-12-06): a hung one fails within about 3x that.
test.setTimeout(20_000);

test('an unknown study UID is named in a message', async ({ page }) => {
  await page.goto('/viewer/?StudyInstanceUIDs=1.2.3.4.5.6.7.8.9');
  await expect(page.getByRole('alert')).toContainText('1.2.3.4.5.6.7.8.9');
  await expect(page.getByRole('alert')).toContainText(/not found/i);
});

test('an unreachable server is reported as such', async ({ page }) => {
  await page.goto('/viewer/?dicomweb=http://127.0.0.1:9/dicomweb&StudyInstanceUIDs=1.2.3.4');
  await expect(page.getByRole('alert')).toContainText(/Cannot reach/, { timeout: 60_000 });
});

test('a server error is reported with its status', async ({ page }) => {
  await page.goto('/?dicomweb=/no-such-dicomweb');
  await expect(page.getByRole('alert')).toContainText(/404|does not know/);
});

test('a malformed UID in the link is reported', async ({ page }) => {
  await page.goto('/viewer/?StudyInstanceUIDs=abc');
  await expect(page.getByRole('alert')).toContainText(/not a DICOM UID: abc/);
});

test('an image that cannot be decoded is reported, naming the frame', async ({ page, request }) => {
  const study = await studyUID(request, '/dw/broken', '');
  await page.goto(`/viewer/?dicomweb=/dw/broken&StudyInstanceUIDs=${study}`);
  await expect(page.getByRole('alert')).toContainText(/could not be loaded or decoded/);
  await expect(page.getByRole('alert')).toContainText(/frame 1 .*No decoder for transfer syntax 1.2.840.10008.1.2.4.95/);
});

test('a SEG cut short is named with what is wrong; the images and the structure set still show', async ({ page, request }) => {
  const study = await studyUID(request, '/dw/bad-seg', 'PatientID=PHANTOM-001');
  await page.goto(`/viewer/?dicomweb=/dw/bad-seg&StudyInstanceUIDs=${study}`);
  await expectRendered(page, 'stack');
  const seg = page.locator('[data-seg-key]');
  await expect(seg).toHaveAttribute('data-status', 'error', { timeout: 60_000 });
  await expect(seg).toContainText('Phantom organs and tumour');
  await expect(seg).toContainText(/damaged and cannot be drawn: value of \(7FE0,0010\) needs \d+ bytes, only \d+ remain/);
  // The rest of the study is unaffected.
  await expect(page.locator('[data-rtstruct-key]')).toHaveAttribute('data-status', 'ready');
  await page.keyboard.press('ArrowDown');
  await expectRendered(page, 'stack');
});

test('every instance of a SEG series is listed and told apart (not only the first); one loads by itself, the other at a click', async ({ page, request }) => {
  const study = await studyUID(request, '/dw/two-seg-instances', 'PatientID=PHANTOM-001');
  await page.goto(`/viewer/?dicomweb=/dw/two-seg-instances&StudyInstanceUIDs=${study}`);
  await expectRendered(page, 'stack');
  const segs = page.locator('[data-seg-key]');
  await expect(segs).toHaveCount(2);
  await expect(page.locator('[data-seg-key][data-status="ready"]')).toHaveCount(1, { timeout: 30_000 });
  // Copies of one SEG: only the SOP Instance UID tells them apart, and each row shows its tail.
  const keys = await segs.evaluateAll((els) => els.map((e) => e.getAttribute('data-seg-key') ?? ''));
  for (const [i, k] of keys.entries()) await expect(segs.nth(i).locator('.seg-about')).toContainText(`…${k.slice(-12)}`);
  await page.locator('[data-seg-key][data-status="available"]').getByRole('button', { name: /^Load / }).click();
  await expect(page.locator('[data-seg-key][data-status="ready"]')).toHaveCount(2, { timeout: 30_000 });
  await expect(segs.nth(0).locator('.seg-series-label')).toHaveText(/\(instance 1 of 2\)$/);
  await expect(segs.nth(1).locator('.seg-series-label')).toHaveText(/\(instance 2 of 2\)$/);
  // Both are decoded: each lists its segments.
  for (const i of [0, 1]) expect(await segs.nth(i).locator('li.segment').count()).toBeGreaterThan(0);
});

test('a study-date range in the list link filters the studies (it was dropped and every study listed); a date that cannot be read is said', async ({ page, request }) => {
  const study = await studyUID(request, '/dicomweb', 'PatientID=PHANTOM-001');
  // The sample study is dated 2024-01-15 (src/samples/studyContext.ts).
  for (const [range, listed] of [
    ['20240101-20241231', true],
    ['2024-01-01-2024-01-31', true],
    ['20250101-20251231', false],
    ['-20231231', false],
  ] as const) {
    await page.goto(`/?date=${range}`);
    // The search has answered: a table of studies, or none.
    await expect(page.locator('table.studies').or(page.getByText('No studies match.'))).toBeVisible();
    await expect(page.locator(`tr[data-study-uid="${study}"]`)).toHaveCount(listed ? 1 : 0);
  }
  await page.goto('/?date=2024-13-01');
  await expect(page.getByRole('alert')).toContainText(/Study date "2024-13-01"/);
});

test('a link that repeats StudyInstanceUIDs opens every study it names (it opened only the first)', async ({ page, request }) => {
  const sample = await studyUID(request, '/dicomweb', 'PatientID=PHANTOM-001');
  const lung = await studyUID(request, '/dicomweb', 'PatientID=LUNG1-002');
  await page.goto(`/viewer/?StudyInstanceUIDs=${sample}&StudyInstanceUIDs=${lung}`);
  await expectRendered(page, 'stack');
  // The series of both studies are listed: the phantom's CT and LUNG1-002's.
  await expect(page.locator('.series-item')).toHaveCount(2);
  await expect(page.locator('nav.series-browser')).toContainText(/phantom/i);
});

test('initialSOPInstanceUID opens the series at that image (it was ignored)', async ({ page, request }) => {
  const study = await studyUID(request, '/dicomweb', 'PatientID=PHANTOM-001');
  const series = ((await (await request.get(`/dicomweb/studies/${study}/series?Modality=CT`)).json()) as Array<Record<string, { Value: string[] }>>)[0]['0020000E'].Value[0];
  const md = (await (await request.get(`/dicomweb/studies/${study}/series/${series}/metadata`)).json()) as Array<Record<string, { Value: Array<string | number> }>>;
  // An image far from the middle one (shown by default), by its own position.
  const byZ = [...md].sort((a, b) => Number(a['00200032'].Value[2]) - Number(b['00200032'].Value[2]));
  const pick = byZ[5];
  const sop = String(pick['00080018'].Value[0]);
  const z = Number(pick['00200032'].Value[2]);
  await page.goto(`/viewer/?StudyInstanceUIDs=${study}&initialSOPInstanceUID=${sop}`);
  await expectRendered(page, 'stack');
  const box = (await page.locator('[data-viewport-id="stack"]').boundingBox()) as { width: number; height: number };
  expect((await canvasToWorld(page, 'stack', box.width / 2, box.height / 2))[2]).toBeCloseTo(z, 2);
});

test('SEG, RTSTRUCT and SR load without their series metadata, the SEG asked for before the CT metadata is in (issue #11)', async ({ page, request }) => {
  const study = await studyUID(request, '/dicomweb', 'PatientID=PHANTOM-001');
  const seriesRows = (await (await request.get(`/dicomweb/studies/${study}/series`)).json()) as Array<Record<string, { Value: string[] }>>;
  const byModality = new Map(seriesRows.map((r) => [r['00080060'].Value[0], r['0020000E'].Value[0]]));
  const derived = ['SEG', 'RTSTRUCT', 'SR'].map((m) => byModality.get(m) as string);
  const ct = byModality.get('CT') as string;
  const log: Array<{ url: string; at: number; kind: 'start' | 'end' }> = [];
  const t0 = Date.now();
  page.on('request', (r) => log.push({ url: r.url(), at: Date.now() - t0, kind: 'start' }));
  page.on('requestfinished', (r) => log.push({ url: r.url(), at: Date.now() - t0, kind: 'end' }));
  // The CT's metadata is held until the SEG is asked for (10 s at most): the local server answers both in about a
  // second, so without this the order below is a race; with it, a viewer that waits for the image metadata before
  // asking for the SEG fails the last check, however fast the server.
  const segObject = new RegExp(`/series/${derived[0]}(/instances/[0-9.]+)?$`);
  let segAsked = (): void => undefined;
  const segRequested = new Promise<void>((r) => (segAsked = r));
  page.on('request', (r) => segObject.test(r.url()) && segAsked());
  await page.route(new RegExp(`/series/${ct}/metadata`), async (route) => {
    await Promise.race([segRequested, new Promise((r) => setTimeout(r, 10_000))]);
    await route.continue();
  });
  await page.goto(`/viewer/?StudyInstanceUIDs=${study}`);
  await expectRendered(page, 'stack');
  await expect(page.locator('[data-seg-key]')).toHaveAttribute('data-status', 'ready', { timeout: 30_000 });
  await expect(page.locator('[data-rtstruct-key]')).toHaveAttribute('data-status', 'ready');
  await expect(page.locator('[data-sr-key]')).toHaveAttribute('data-status', 'ready');
  // No request for a derived series' metadata, at any point.
  for (const uid of derived) expect(log.filter((l) => l.url.includes(`/series/${uid}/metadata`))).toEqual([]);
  // The SEG object is asked for before the CT's metadata has finished arriving.
  const segStart = log.find((l) => l.kind === 'start' && segObject.test(l.url));
  const ctMetaEnd = log.find((l) => l.kind === 'end' && l.url.includes(`/series/${ct}/metadata`));
  expect(segStart, 'the SEG instance was requested').toBeTruthy();
  expect(ctMetaEnd, 'the CT metadata was requested').toBeTruthy();
  expect(segStart?.at ?? Infinity).toBeLessThanOrEqual(ctMetaEnd?.at ?? -1);
});

test('a link naming only a SEG series opens the CT it annotates, with that SEG (it said the study had no image series)', async ({ page, request }) => {
  const study = await studyUID(request, '/dicomweb', 'PatientID=PHANTOM-001');
  const res = await request.get(`/dicomweb/studies/${study}/series?Modality=SEG`);
  const rows = (await res.json()) as Array<Record<string, { Value?: string[] }>>;
  expect(rows).toHaveLength(1);
  const segSeries = rows[0]['0020000E'].Value?.[0];
  await page.goto(`/viewer/?StudyInstanceUIDs=${study}&SeriesInstanceUIDs=${segSeries}`);
  await expectRendered(page, 'stack');
  // The phantom CT (100 slices), its SEG decoded, and not the series the link left out (the RTSTRUCT).
  await expect(page.getByTestId('slice-stack')).toHaveText(/\/100$/);
  await expect(page.locator('[data-seg-key]')).toHaveAttribute('data-status', 'ready', { timeout: 60_000 });
  await expect(page.locator('[data-rtstruct-key]')).toHaveCount(0);
  await expectNoErrors(page);
});

test('a link naming a SEG series asks for the SEG before the study lists its series, once; a link naming the CT never asks for the CT whole (issue #11)', async ({ page, request }) => {
  const study = await studyUID(request, '/dicomweb', 'PatientID=PHANTOM-001');
  const rows = (await (await request.get(`/dicomweb/studies/${study}/series`)).json()) as Array<Record<string, { Value: string[] }>>;
  const uidOf = (m: string): string => rows.find((r) => r['00080060'].Value[0] === m)?.['0020000E'].Value[0] ?? '';
  const [segSeries, ct] = [uidOf('SEG'), uidOf('CT')];
  const log: Array<{ url: string; kind: 'start' | 'end' | 'failed' }> = [];
  page.on('request', (r) => log.push({ url: r.url(), kind: 'start' }));
  page.on('requestfailed', (r) => log.push({ url: r.url(), kind: 'failed' }));
  page.on('requestfinished', (r) => log.push({ url: r.url(), kind: 'end' }));
  // The study's full series list is held until the SEG is asked for (10 s at most): a viewer that waits for that
  // list before asking for the SEG fails the order check below, however fast the server.
  const segObject = new RegExp(`/series/${segSeries}(/instances/[0-9.]+)?$`);
  let segAsked = (): void => undefined;
  const segRequested = new Promise<void>((r) => (segAsked = r));
  page.on('request', (r) => segObject.test(r.url()) && segAsked());
  const fullList = new RegExp(`/studies/${study}/series$`);
  await page.route(fullList, async (route) => {
    await Promise.race([segRequested, new Promise((r) => setTimeout(r, 10_000))]);
    await route.continue();
  });
  await page.goto(`/viewer/?StudyInstanceUIDs=${study}&SeriesInstanceUIDs=${segSeries}`);
  await expectRendered(page, 'stack');
  await expect(page.locator('[data-seg-key]')).toHaveAttribute('data-status', 'ready', { timeout: 30_000 });
  const segStarts = log.filter((l) => l.kind === 'start' && segObject.test(l.url));
  expect(segStarts, 'the SEG was downloaded once').toHaveLength(1);
  const listEnd = log.findIndex((l) => l.kind === 'end' && fullList.test(l.url));
  expect(log.indexOf(segStarts[0]), 'the SEG was asked for before the series list was in').toBeLessThan(listEnd);
  await expectNoErrors(page);

  // The CT named instead: its series is never asked for whole (IDC's proxy counts what it sends against a quota).
  log.length = 0;
  await page.unroute(fullList);
  await page.goto(`/viewer/?StudyInstanceUIDs=${study}&SeriesInstanceUIDs=${ct}`);
  await expectRendered(page, 'stack');
  await expect(page.getByTestId('slice-stack')).toHaveText(/\/100$/);
  await expect(page.locator('[data-seg-key]')).toHaveAttribute('data-status', 'ready', { timeout: 30_000 });
  expect(log.filter((l) => new RegExp(`/series/${ct}$`).test(l.url)).map((l) => l.url), 'the CT series asked for whole').toEqual([]);
});

test("a link naming a SEG shows the study's one image series while the study's full series list is still held back (issue #11)", async ({ page, request }) => {
  const study = await studyUID(request, '/dicomweb', 'PatientID=PHANTOM-001');
  const rows = (await (await request.get(`/dicomweb/studies/${study}/series`)).json()) as Array<Record<string, { Value: string[] }>>;
  const segSeries = rows.find((r) => r['00080060'].Value[0] === 'SEG')?.['0020000E'].Value[0] ?? '';
  // The list Orthanc answers late when the study holds a big SEG (it reads the SEG to list it): held until the CT
  // is on screen, 30 s at most (longer than the first image may take here: a viewer waiting for it fails below).
  let release = (): void => undefined;
  const held = new Promise<void>((r) => (release = r));
  let answered = false;
  await page.route(new RegExp(`/studies/${study}/series$`), async (route) => {
    await Promise.race([held, new Promise((r) => setTimeout(r, 30_000))]);
    answered = true;
    await route.continue();
  });
  await page.goto(`/viewer/?StudyInstanceUIDs=${study}&SeriesInstanceUIDs=${segSeries}`);
  await expectRendered(page, 'stack');
  await expect(page.getByTestId('slice-stack')).toHaveText(/\/100$/);
  expect(answered, 'the CT was shown before the full series list came').toBe(false);
  release();
  await expect(page.locator('[data-seg-key]')).toHaveAttribute('data-status', 'ready', { timeout: 30_000 });
  await expectNoErrors(page);
});

test('a link with keys it does not understand and UIDs the study lacks names them all in one banner; the study still shows', async ({ page, request }) => {
  const study = await studyUID(request, '/dicomweb', 'PatientID=PHANTOM-001');
  const ct = ((await (await request.get(`/dicomweb/studies/${study}/series?Modality=CT`)).json()) as Array<Record<string, { Value: string[] }>>)[0]['0020000E'].Value[0];
  await page.goto(`/viewer/?StudyInstanceUIDs=${study},abc&SeriesInstanceUIDs=${ct},9.9.9.9&initialSOPInstanceUID=8.8.8.8&hangingProtocolId=mpr&foo=1`);
  await expectRendered(page, 'stack');
  const banner = page.locator('.link-banner');
  await expect(banner).toHaveCount(1);
  await expect(banner).toContainText('not understood, ignored: hangingProtocolId, foo');
  await expect(banner).toContainText('not a DICOM UID: abc');
  await expect(banner).toContainText('SeriesInstanceUIDs not in the loaded study: 9.9.9.9');
  await expect(banner).toContainText('initialSOPInstanceUID 8.8.8.8 is not in the loaded series');
  // Nothing else shouts about the same link.
  await expect(page.locator('.banner.error')).toHaveCount(1);
});

test("OHIF's study-list keys filter the study list (patientName, mrn, modalities, startDate/endDate, description, accession)", async ({ page, request }) => {
  const sample = await studyUID(request, '/dicomweb', 'PatientID=PHANTOM-001');
  const lung = await studyUID(request, '/dicomweb', 'PatientID=LUNG1-002');
  // The sample: Phantom^Sample, PHANTOM-001, 2024-01-15, "Synthetic CT phantom", accession PHANTOM0001, CT/SEG/RTSTRUCT/SR
  // (src/samples/studyContext.ts); LUNG1-002: CT and RTSTRUCT, no SEG.
  for (const [query, sampleListed, lungListed] of [
    ['patientName=Phantom', true, false],
    ['mrn=LUNG1-002', false, true],
    ['modalities=SEG,SR', true, false],
    ['modalities=RTSTRUCT', true, true],
    ['startDate=20240101&endDate=20240131', true, false],
    ['startDate=20250101', false, false],
    ['description=synthetic', true, false],
    ['accession=PHANTOM0001', true, false],
  ] as const) {
    await page.goto(`/?${query}`);
    await expect(page.locator('table.studies').or(page.getByText('No studies match.'))).toBeVisible();
    await expect(page.locator(`tr[data-study-uid="${sample}"]`), `${query}: the sample`).toHaveCount(sampleListed ? 1 : 0);
    await expect(page.locator(`tr[data-study-uid="${lung}"]`), `${query}: LUNG1-002`).toHaveCount(lungListed ? 1 : 0);
    await expect(page.locator('.link-banner'), `${query}: no key is unknown`).toHaveCount(0);
  }
  await page.goto('/?startDate=20240101&endDate=20240131');
  await expect(page.getByLabel('Study date')).toHaveValue('20240101-20240131');
});
