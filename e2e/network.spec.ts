// Network faults, through a fault-injecting proxy in front of the viewer's server (its /dicomweb and its /orthanc
// proxy): each fault is asked again a bounded number of times (counted at the proxy), what cannot be recovered is
// said naming the server and what failed, the Retry button asks again for only that, and what is shown stays.
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { startFaultProxy, type FaultProxy } from '../src/server/faultProxy';
import { expectRendered, objectUrl, sliceLabel, studyUID } from './helpers';

const UPSTREAM = `http://127.0.0.1:${process.env.E2E_PORT ?? 4173}`;
/** What the page is told (app-config.json): 2 retries, short back-off and stall time so that tests stay short. */
const NETWORK = { retries: 2, backoffMs: 200, stallSeconds: 2, maxRetryAfterSeconds: 5 };
const ATTEMPTS = 1 + NETWORK.retries;
const SEG_LABEL = 'Phantom organs and tumour';

// The slowest test (stall: three 2 s stalls) takes about 12 s here.
test.setTimeout(35_000);

let proxy: FaultProxy;
let server: string;
let study: string;
const sops: Record<string, string> = {};
const seriesOf: Record<string, string> = {};

async function firstSop(request: APIRequestContext, root: string, modality: string): Promise<string> {
  const series = (await (await request.get(`${root}/studies/${study}/series?Modality=${modality}`)).json()) as Array<Record<string, { Value: string[] }>>;
  const uid = series[0]['0020000E'].Value[0];
  seriesOf[modality] = uid;
  const inst = (await (await request.get(`${root}/studies/${study}/series/${uid}/instances`)).json()) as Array<Record<string, { Value: string[] }>>;
  return inst[0]['00080018'].Value[0];
}

test.beforeAll(async ({ request }) => {
  proxy = await startFaultProxy(UPSTREAM);
  server = new URL(proxy.origin).host;
  study = await studyUID(request, '/dicomweb', 'PatientID=PHANTOM-001');
  for (const m of ['SEG', 'RTSTRUCT', 'SR']) sops[m] = await firstSop(request, '/dicomweb', m);
});
test.afterAll(async () => {
  await proxy?.close();
});
test.beforeEach(async ({ page }) => {
  proxy.clear();
  await page.route('**/app-config.json', (route) => route.fulfill({ json: { network: NETWORK } }));
});

/** The sample study, through the proxy (same origin for the page, its DICOMweb requests and its frames). */
async function open(page: Page, root = '/dicomweb'): Promise<void> {
  await page.goto(`${proxy.origin}/viewer/?dicomweb=${root}&StudyInstanceUIDs=${study}`);
}

const failure = (page: Page, text: string | RegExp) => page.locator('.messages .failure').filter({ hasText: text });
const seg = (page: Page) => page.locator('[data-seg-key]');
/** Only the object itself, not its frames or metadata. */
const exactly = (m: string): RegExp => objectUrl(seriesOf[m], sops[m]);

test('503 with Retry-After on the SEG, twice: it waits, asks a third time and the SEG shows, with no message', async ({ page }) => {
  proxy.add({ match: exactly('SEG'), fault: { kind: 'status', status: 503, retryAfter: '1' }, times: 2 });
  await open(page);
  await expectRendered(page, 'stack');
  await expect(seg(page)).toHaveAttribute('data-status', 'ready', { timeout: 15_000 });
  expect(proxy.count(exactly('SEG'))).toBe(3);
  await expect(page.locator('.messages .failure')).toHaveCount(0);
});

test('a SEG that keeps answering 500: asked 1 + retries times, named with the server; the images stay; Retry asks for the SEG only and it shows', async ({ page }) => {
  proxy.add({ match: exactly('SEG'), fault: { kind: 'status', status: 500, body: 'backend exploded' } });
  await open(page);
  await expectRendered(page, 'stack');
  const slice = await sliceLabel(page);
  const f = failure(page, SEG_LABEL);
  await expect(f).toContainText(`${server} answered 500 for /dicomweb/studies/…`, { timeout: 15_000 });
  await expect(f).toContainText(`(${ATTEMPTS} attempts)`);
  expect(proxy.count(exactly('SEG'))).toBe(ATTEMPTS);
  // The images are still shown and still work.
  await expectRendered(page, 'stack');
  expect(await sliceLabel(page)).toBe(slice);
  await expect(page.locator('[data-rtstruct-key]')).toHaveAttribute('data-status', 'ready');
  proxy.clear();
  await f.getByRole('button', { name: 'Retry' }).click();
  await expect(seg(page)).toHaveAttribute('data-status', 'ready', { timeout: 15_000 });
  await expect(page.locator('.messages .failure')).toHaveCount(0);
  // Only the SEG was asked again: no study, series or metadata request.
  expect(proxy.requests.map((r) => r.url).filter((u) => !u.includes('/frames/'))).toEqual([expect.stringMatching(exactly('SEG'))]);
});

test("a bare 429 (no Retry-After, no body: IDC's quota answer) on the RTSTRUCT is said to look like a daily quota; Retry loads it", async ({ page }) => {
  proxy.add({ match: exactly('RTSTRUCT'), fault: { kind: 'status', status: 429 } });
  await open(page);
  const f = failure(page, /without saying when to retry, as IDC's public proxy does when a daily download quota is used up/);
  await expect(f).toContainText(`${server} answered 429`, { timeout: 15_000 });
  expect(proxy.count(exactly('RTSTRUCT'))).toBe(ATTEMPTS);
  await expectRendered(page, 'stack');
  proxy.clear();
  await f.getByRole('button', { name: 'Retry' }).click();
  await expect(page.locator('[data-rtstruct-key]')).toHaveAttribute('data-status', 'ready', { timeout: 15_000 });
  expect(proxy.count(exactly('RTSTRUCT'))).toBe(1);
});

test('429 with Retry-After: 1 is waited for; Retry-After beyond the cap is not retried and the message says when', async ({ page }) => {
  proxy.add({ match: exactly('SR'), fault: { kind: 'status', status: 429, retryAfter: '1', body: 'slow down' }, times: 1 });
  proxy.add({ match: exactly('RTSTRUCT'), fault: { kind: 'status', status: 429, retryAfter: '3600', body: 'slow down' } });
  await open(page);
  await expect(page.locator('[data-sr-key]')).toHaveAttribute('data-status', 'ready', { timeout: 15_000 });
  expect(proxy.count(exactly('SR'))).toBe(2);
  const f = failure(page, /asks to retry in 60 min \(at \d\d:\d\d:\d\d\)/);
  await expect(f).toContainText(`${server} answered 429`);
  expect(proxy.count(exactly('RTSTRUCT'))).toBe(1);
  await expect(f.getByRole('button', { name: 'Retry' })).toBeVisible();
});

test('a connection reset mid-multipart: the SEG download starts over and the SEG shows whole', async ({ page, request }) => {
  const size = Number((await request.get(`/dicomweb/studies/${study}/series/x/instances/${sops.SEG}`.replace('/series/x', await seriesPath(request)))).headers()['content-length']);
  proxy.add({ match: exactly('SEG'), fault: { kind: 'reset', afterBytes: Math.floor(size / 2) }, times: 1 });
  await open(page);
  await expect(seg(page)).toHaveAttribute('data-status', 'ready', { timeout: 15_000 });
  expect(proxy.count(exactly('SEG'))).toBe(2);
  expect(await seg(page).locator('li.segment').count()).toBeGreaterThan(0);
  await expect(page.locator('.messages .failure')).toHaveCount(0);
});

test('a body ended early, its closing boundary missing (twice): asked a third time and the SEG shows; cut every time: said so, bounded', async ({ page }) => {
  proxy.add({ match: exactly('SEG'), fault: { kind: 'truncate', dropBytes: 64 }, times: 2 });
  proxy.add({ match: exactly('SR'), fault: { kind: 'truncate', dropBytes: 64 } });
  await open(page);
  await expect(seg(page)).toHaveAttribute('data-status', 'ready', { timeout: 15_000 });
  expect(proxy.count(exactly('SEG'))).toBe(3);
  // The SR streams into the decode worker as the SEG does: 64 bytes cut from the end leave its part short of the
  // Content-Length it declared. Said once (the study's message, not again by the report panel), after 1 + retries;
  // named as asked for: the SR's series (it holds that one instance, retrieved whole).
  const f = failure(page, /incomplete: the part ends \d+ bytes short of its Content-Length/);
  await expect(f).toContainText(`SR "`, { timeout: 15_000 });
  await expect(f).toContainText(`${server} sent series …${seriesOf.SR.slice(-12)}`);
  await expect(f).toContainText(`(${ATTEMPTS} attempts)`);
  expect(proxy.count(exactly('SR'))).toBe(ATTEMPTS);
});

test('a server that stalls mid-answer is given up after the stall time and asked again; the SEG shows', async ({ page }) => {
  proxy.add({ match: exactly('SEG'), fault: { kind: 'stall', afterBytes: 2000 }, times: 1 });
  proxy.add({ match: exactly('SR'), fault: { kind: 'stall' } });
  await open(page);
  await expect(seg(page)).toHaveAttribute('data-status', 'ready', { timeout: 15_000 });
  expect(proxy.count(exactly('SEG'))).toBe(2);
  // One that never answers: said, after 1 + retries attempts of 2 s each.
  await expect(failure(page, /stopped sending before answering \(nothing for 2 s\)/)).toContainText(server, { timeout: 15_000 });
  expect(proxy.count(exactly('SR'))).toBe(ATTEMPTS);
});

test('a sign-in page (text/html) where DICOM JSON was expected: named as such, not retried; Retry loads the study', async ({ page }) => {
  const seriesQuery = new RegExp(`/studies/${study}/series(\\?|$)`);
  proxy.add({ match: seriesQuery, fault: { kind: 'replace', contentType: 'text/html; charset=utf-8', body: '<!doctype html><title>Sign in</title><form>…</form>' } });
  await open(page);
  const f = failure(page, study);
  await expect(f).toContainText(`${server} answered text/html (a web page: a sign-in page, or a proxy not set up for DICOMweb?) where DICOM JSON was expected`);
  // Asked once each: the full series list and the list of image series (viewer/studyModel asks both at once).
  expect(proxy.count(new RegExp(`/studies/${study}/series$`))).toBe(1);
  expect(proxy.count(new RegExp(`/studies/${study}/series\\?Modality=`))).toBe(1);
  proxy.clear();
  await f.getByRole('button', { name: 'Retry' }).click();
  await expectRendered(page, 'stack');
  await expect(page.locator('.messages .failure')).toHaveCount(0);
});

test('a server that is down: each request asked 1 + retries times, "Cannot reach" naming it; Retry once it is back loads the study', async ({ page }) => {
  proxy.add({ match: '/dicomweb/', fault: { kind: 'down' } });
  await open(page);
  const f = failure(page, study);
  await expect(f).toContainText(`Cannot reach ${server} (${proxy.origin}/dicomweb)`, { timeout: 15_000 });
  await expect(f).toContainText(`(${ATTEMPTS} attempts)`);
  // The study's three QIDO requests (study, series, image series), each asked 1 + retries times. The message shows
  // when the first of them has given up; the others may still be in their last back-off, so wait for them, then
  // for longer than a further back-off would take, and count again: never more.
  const perRequest = (): number[] => {
    const n = new Map<string, number>();
    for (const r of proxy.requests) if (r.url.includes('/dicomweb/')) n.set(r.url, (n.get(r.url) ?? 0) + 1);
    return [...n.values()];
  };
  await expect.poll(perRequest).toEqual([ATTEMPTS, ATTEMPTS, ATTEMPTS]);
  await page.waitForTimeout(4 * NETWORK.backoffMs * ATTEMPTS);
  expect(perRequest()).toEqual([ATTEMPTS, ATTEMPTS, ATTEMPTS]);
  proxy.clear();
  await f.getByRole('button', { name: 'Retry' }).click();
  await expectRendered(page, 'stack');
});

test('image frames that fail (503): retried, then one message naming the series, the frame and the server; Retry shows the image without reloading the rest', async ({ page }) => {
  proxy.add({ match: '/frames/', fault: { kind: 'status', status: 503 } });
  await open(page);
  const f = failure(page, /could not be loaded or decoded/);
  await expect(f).toContainText(new RegExp(`Image …\\S+ frame 1 could not be loaded or decoded( \\(and \\d+ more\\))?: ${server.replace(/\./g, '\\.')} answered 503 \\(service unavailable\\) for /dicomweb/studies/…\\S+/frames/1 \\(${ATTEMPTS} attempts\\)`), { timeout: 15_000 });
  // Bounded: no frame asked more than 1 + retries times.
  const perFrame = new Map<string, number>();
  for (const r of proxy.requests) if (r.url.includes('/frames/')) perFrame.set(r.url, (perFrame.get(r.url) ?? 0) + 1);
  expect(Math.max(...perFrame.values())).toBe(ATTEMPTS);
  proxy.clear();
  await f.getByRole('button', { name: 'Retry' }).click();
  await expectRendered(page, 'stack');
  await expect(page.locator('.messages .failure')).toHaveCount(0);
  // Only frames were asked again (no study, series or metadata request).
  expect(proxy.requests.filter((r) => !r.url.includes('/frames/'))).toEqual([]);
});

test('Orthanc behind the viewer\'s proxy: a reset mid-multipart and a 503 with Retry-After on its SEG are recovered', async ({ page }) => {
  proxy.add({ match: exactly('SEG'), fault: { kind: 'status', status: 503, retryAfter: '1' }, times: 1 });
  proxy.add({ match: exactly('SEG'), fault: { kind: 'reset', afterBytes: 5000 }, times: 1 });
  await open(page, '/orthanc/dicom-web');
  await expectRendered(page, 'stack');
  await expect(seg(page)).toHaveAttribute('data-status', 'ready', { timeout: 15_000 });
  expect(proxy.count(exactly('SEG'))).toBe(3);
  expect(proxy.requests.some((r) => r.url.startsWith('/orthanc/dicom-web/'))).toBe(true);
});

async function seriesPath(request: APIRequestContext): Promise<string> {
  const series = (await (await request.get(`/dicomweb/studies/${study}/series?Modality=SEG`)).json()) as Array<Record<string, { Value: string[] }>>;
  return `/series/${series[0]['0020000E'].Value[0]}`;
}
