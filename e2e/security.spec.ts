// The deployment's bearer token stays with the deployment's server, whatever server a crafted link names.
import { expect, test, type Page } from '@playwright/test';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expectRendered, studyUID } from './helpers';
import { HOSTILE_MOUNT, PAYLOAD } from './hostileFixtures';

// Each test takes 2-7 s here (this machine, 2026-12-06): a hung one fails within about 3x that.
test.setTimeout(25_000);

const TOKEN = 'e2e-deployment-token';

/** Another origin (another port on loopback) that records what reaches it and allows any CORS request. */
async function recordingServer(): Promise<{ origin: string; seen: IncomingHttpHeaders[]; close: () => Promise<void> }> {
  const seen: IncomingHttpHeaders[] = [];
  const server: Server = createServer((req, res) => {
    seen.push(req.headers);
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Access-Control-Allow-Headers', 'Authorization, Accept');
    if (req.method === 'OPTIONS') {
      res.writeHead(204).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/dicom+json' }).end('[]');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  // closeAllConnections: the page's keep-alive connections would hold close() open until the test times out.
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

/** The deployment's app-config.json: its own server (this origin's /dicomweb) and a token for it. */
async function deployWithToken(page: Page): Promise<void> {
  await page.route('**/app-config.json', (route) => route.fulfill({ json: { dicomweb: '/dicomweb', bearerToken: TOKEN } }));
}

test('the configured token reaches the configured server (so the next test can fail)', async ({ page, request }) => {
  await deployWithToken(page);
  const auth: string[] = [];
  page.on('request', (r) => {
    if (new URL(r.url()).pathname.startsWith('/dicomweb/')) auth.push(r.headers()['authorization'] ?? '');
  });
  const study = await studyUID(request, '/dicomweb', 'PatientID=PHANTOM-001');
  await page.goto(`/viewer/?StudyInstanceUIDs=${study}`);
  await expectRendered(page, 'stack');
  expect(auth.length).toBeGreaterThan(0);
  expect(new Set(auth)).toEqual(new Set([`Bearer ${TOKEN}`]));
});

for (const param of ['dicomweb', 'DICOMweb']) {
  test(`a crafted ?${param}= link to another origin gets no token`, async ({ page }) => {
    const other = await recordingServer();
    try {
      await deployWithToken(page);
      await page.goto(`/viewer/?StudyInstanceUIDs=1.2.3.4&${param}=${encodeURIComponent(`${other.origin}/dicomWeb`)}`);
      // The viewer asks that server for the study and says it is not there.
      await expect(page.getByRole('alert')).toContainText(/1\.2\.3\.4/);
      expect(other.seen.length).toBeGreaterThan(0);
      for (const h of other.seen) {
        expect(h.authorization, 'Authorization sent to another origin').toBeUndefined();
        expect(String(h['access-control-request-headers'] ?? '')).not.toMatch(/authorization/i);
      }
    } finally {
      await other.close();
    }
  });
}

test('the built viewer runs under its Content-Security-Policy: images, SEG, RTSTRUCT, SR, MPR and a parametric map load with no violation', async ({ page, request }) => {
  await page.addInitScript(() => {
    const w = window as unknown as { __csp: string[] };
    w.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => w.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const study = await studyUID(request, '/dicomweb', 'PatientID=PHANTOM-001');
  await page.goto(`/viewer/?StudyInstanceUIDs=${study}`);
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  // Scripts from this origin only: no inline script, no eval (WebAssembly compilation is all the codecs need).
  const scriptSrc = (csp ?? '').split(';').map((d) => d.trim()).find((d) => d.startsWith('script-src'));
  expect(scriptSrc).toBe("script-src 'self' 'wasm-unsafe-eval'");
  await expectRendered(page, 'stack');
  await expect(page.locator('[data-seg-key][data-status="ready"]')).toHaveCount(1, { timeout: 60_000 });
  await expect(page.locator('[data-rtstruct-key][data-status="ready"]')).toHaveCount(1);
  await expect(page.getByRole('region', { name: /report/i }).first()).toBeVisible();
  await page.getByRole('button', { name: 'MPR', exact: true }).click();
  for (const id of ['mpr-axial', 'mpr-sagittal', 'mpr-coronal']) await expectRendered(page, id);
  // A float map (its worker decode and the image codecs' WebAssembly run under the same policy).
  const pm = await studyUID(request, '/dw/pm-sample', '');
  await page.goto(`/viewer/?dicomweb=/dw/pm-sample&StudyInstanceUIDs=${pm}`);
  await expect(page.locator('[data-map-key]')).toHaveAttribute('data-status', 'ready', { timeout: 30_000 });
  expect(await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp)).toEqual([]);
});

test('script payloads in series descriptions, segment labels, ROI names, code meanings and SR text are shown as text and never run', async ({ page, request }) => {
  const root = `/dw/${HOSTILE_MOUNT}`;
  const study = await studyUID(request, root, 'PatientID=PHANTOM-001');
  await page.goto(`/viewer/?dicomweb=${root}&StudyInstanceUIDs=${study}`);
  await expectRendered(page, 'stack');
  await expect(page.locator('[data-seg-key][data-status="ready"]')).toHaveCount(1, { timeout: 60_000 });
  await expect(page.locator('[data-rtstruct-key][data-status="ready"]')).toHaveCount(1);
  // The payload is on screen as the characters it is made of: segment labels, ROI names, series descriptions,
  // the report's findings and, once a group is expanded, its measurement names (code meanings).
  await expect(page.locator('[data-seg-key] li.segment').filter({ hasText: PAYLOAD }).first()).toBeVisible();
  await expect(page.locator('[data-rtstruct-key]').filter({ hasText: PAYLOAD }).first()).toBeVisible();
  await expect(page.locator('nav.series-browser').filter({ hasText: PAYLOAD })).toBeVisible();
  const report = page.locator('[data-sr-key]');
  await expect(report.locator('[role="cell"]').filter({ hasText: PAYLOAD }).first()).toBeVisible({ timeout: 30_000 });
  await report.locator('.group-toggle').first().click();
  await expect(report.locator('.measurement .item-name').filter({ hasText: PAYLOAD }).first()).toBeVisible();
  // No element was made from it, and it never ran.
  expect(await page.locator('img[src="x"]').count()).toBe(0);
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
});
