// Local files: a folder or files picked or dropped, and Part 10 files named by `?url=` links, shown with their
// overlays without any DICOMweb server; and the shown series downloaded as a zip of its Part 10 files.
import { expect, test, type Page, type Request } from '@playwright/test';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expectNoErrors, expectRendered, studyUID } from './helpers';
import { sampleFiles, sopOf, writeFlat, writeNested, type SampleFile } from './localFixtures';
import { readZip } from '../src/testing/zipReader';

// Each test takes 2.6-5.6 s here (the zip test 16-18 s, its own limit below) (this machine, 2026-12-07): a hung one fails within about 3x that.
test.setTimeout(17_000);

let files: SampleFile[] = [];
let work = '';
test.beforeAll(() => {
  files = sampleFiles();
  work = mkdtempSync(path.join(os.tmpdir(), 'viewer-local-'));
});
test.afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Every request the page makes, to check that local files cause none but the app's own static files. */
function recordRequests(page: Page): Request[] {
  const seen: Request[] = [];
  page.on('request', (r) => seen.push(r));
  return seen;
}

function expectOnlyStaticFiles(seen: Request[], origin: string): void {
  const bad = seen.map((r) => r.url()).filter((u) => !u.startsWith('data:') && !u.startsWith('blob:') && (new URL(u).origin !== origin || /^\/(dicomweb|orthanc)(\/|$)/.test(new URL(u).pathname)));
  expect(bad, 'requests other than the app itself').toEqual([]);
}

/** The CT with its SEG (7 segments), RTSTRUCT and SR decoded and listed under it. */
async function expectStudyWithOverlays(page: Page): Promise<void> {
  await expectRendered(page, 'stack');
  await expect(page.getByTestId('slice-stack')).toHaveText(/^Slice \d+\/100$/);
  const ctGroup = page.locator('.series-group', { has: page.locator('.series-item .badge-ct') });
  for (const m of ['SEG', 'RTSTRUCT', 'SR']) await expect(ctGroup.locator(`.derived[data-modality="${m}"]`)).toHaveCount(1);
  await expect(page.locator('[data-seg-key]')).toHaveAttribute('data-status', 'ready');
  await expect(page.locator('[data-seg-key] li.segment')).toHaveCount(7);
  await expect(page.locator('[data-rtstruct-key]')).toHaveAttribute('data-status', 'ready');
  await expect(page.locator('[data-sr-key]')).toHaveAttribute('data-status', 'ready');
  await expect(page.getByTestId('patient')).toContainText('PHANTOM-001');
}

test('a folder nested as s5cmd writes it, picked, shows the CT with SEG, RTSTRUCT and SR, with no request but the app', async ({ page, baseURL }) => {
  const root = writeNested(files, path.join(work, 'nested'));
  const seen = recordRequests(page);
  await page.goto('/?files=1');
  await page.getByTestId('open-folder').setInputFiles(root);
  await expect(page.getByTestId('local-files-status')).toHaveText(new RegExp(`^Opened ${files.length} DICOM files of ${files.length + 2} \\(1 study\\)\\. Skipped 2 files that are not DICOM\\.`));
  await expectStudyWithOverlays(page);
  await expect(page.locator('.topbar .source')).toHaveText('Local files');
  await expectNoErrors(page);
  expectOnlyStaticFiles(seen, new URL(baseURL as string).origin);
});

test('flat UID-named files dropped on the page show the same study, with no request but the app', async ({ page, baseURL }) => {
  const flat = writeFlat(files, path.join(work, 'flat'));
  const seen = recordRequests(page);
  await page.goto('/?files=1');
  // A drop as the browser makes it: the files in a DataTransfer (put in the page through a file input of the test's own).
  await page.evaluate(() => {
    const input = document.createElement('input');
    input.type = 'file';
    input.multiple = true;
    input.id = 'test-drop-source';
    document.body.appendChild(input);
  });
  await page.setInputFiles('#test-drop-source', flat);
  await page.evaluate(() => {
    const input = document.getElementById('test-drop-source') as HTMLInputElement;
    const dt = new DataTransfer();
    for (const f of input.files ?? []) dt.items.add(f);
    input.remove();
    for (const type of ['dragenter', 'dragover', 'drop']) window.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
  });
  await expect(page.getByTestId('local-files-status')).toHaveText(new RegExp(`^Opened ${files.length} DICOM files of ${files.length} \\(1 study\\)\\.×$`));
  await expectStudyWithOverlays(page);
  expectOnlyStaticFiles(seen, new URL(baseURL as string).origin);
});

/** A static server on another loopback port that serves the sample files and records the headers it gets. */
async function fileServer(): Promise<{ origin: string; seen: IncomingHttpHeaders[]; close: () => Promise<void> }> {
  const byName = new Map(files.map((f) => [`/${f.sopUID}.dcm`, f.file]));
  const seen: IncomingHttpHeaders[] = [];
  const server = createServer((req, res) => {
    seen.push(req.headers);
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Access-Control-Allow-Headers', 'Authorization, Accept');
    if (req.method === 'OPTIONS') return void res.writeHead(204).end();
    const file = byName.get(req.url ?? '');
    if (!file) return void res.writeHead(404).end();
    res.writeHead(200, { 'Content-Type': 'application/dicom' }).end(readFileSync(file));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}

test('?url= links load Part 10 files over HTTP with no token, not even to the configured server', async ({ page }) => {
  const other = await fileServer();
  try {
    // The deployment's server is this origin's /dicomweb, with a token.
    await page.route('**/app-config.json', (route) => route.fulfill({ json: { dicomweb: '/dicomweb', bearerToken: 'e2e-deployment-token' } }));
    const sr = files.find((f) => f.modality === 'SR') as SampleFile;
    // The SR from the configured server itself (WADO-RS instance as application/dicom), the rest from the other origin.
    const own = `/dicomweb/studies/${sr.studyUID}/series/${sr.seriesUID}/instances/${sr.sopUID}`;
    const urls = [...files.filter((f) => f !== sr).map((f) => `${other.origin}/${f.sopUID}.dcm`), own];
    const toOwn: Array<Record<string, string>> = [];
    page.on('request', (r) => {
      if (new URL(r.url()).pathname.startsWith('/dicomweb')) toOwn.push(r.headers());
    });
    await page.goto(`/?${urls.map((u) => `url=${encodeURIComponent(u)}`).join('&')}`);
    await expectStudyWithOverlays(page);
    expect(other.seen.length).toBe(files.length - 1);
    for (const h of other.seen) expect(h.authorization, 'Authorization sent with a ?url= file').toBeUndefined();
    // The only request to the configured server is the linked file, and it carries no token either.
    expect(toOwn.length).toBe(1);
    expect(toOwn[0].authorization, 'Authorization sent with a ?url= file on the configured server').toBeUndefined();
  } finally {
    await other.close();
  }
});

async function downloadedSops(page: Page): Promise<string[]> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /Download the shown series/ }).click()]);
  const zipPath = await download.path();
  const entries = readZip(new Uint8Array(readFileSync(zipPath)));
  expect(download.suggestedFilename()).toMatch(/^PHANTOM-001_CT.*\.zip$/);
  for (const [name] of entries) expect(name).toMatch(/^[A-Za-z0-9._-]+\/[0-9.]+\.dcm$/);
  return [...entries.values()].map(sopOf).sort();
}

test('the zip of the shown series holds the CT and its SEG, RTSTRUCT and SR as Part 10 files: local files and DICOMweb', async ({ page, request }) => {
  // Two studies opened and zipped: about 18 s here.
  test.setTimeout(55_000);
  const expected = files.map((f) => f.sopUID).sort();
  const root = writeNested(files, path.join(work, 'zip'));
  await page.goto('/?files=1');
  await page.getByTestId('open-folder').setInputFiles(root);
  await expectStudyWithOverlays(page);
  expect(await downloadedSops(page)).toEqual(expected);
  // The same from the embedded DICOMweb server (WADO-RS instance retrieve).
  const study = await studyUID(request, '/dicomweb', 'PatientID=PHANTOM-001');
  await page.goto(`/viewer/?StudyInstanceUIDs=${study}`);
  await expectStudyWithOverlays(page);
  expect(await downloadedSops(page)).toEqual(expected);
});
