// `npm run build` output works from any static host under any base path: here dist/ is served under
// /some/sub/path/ by a plain static server (with the DICOMweb endpoints proxied below it), and an IDC-style
// link ending in /viewer/?StudyInstanceUIDs=... renders; the SEG worker finds its codec's WebAssembly there too.
import { expect, test } from '@playwright/test';
import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expectRendered, studyUID } from './helpers';
import { SEG_MOUNTS } from './fixtures';

// Each test takes 2-3.5 s here (this machine, 2026-12-06): a hung one fails within about 3x that.
test.setTimeout(15_000);

const DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../dist');
const BASE = '/some/sub/path/';
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm', '.json': 'application/json' };

let server: Server;
let origin = '';

test.beforeAll(async ({ baseURL }) => {
  server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://x');
      if (!url.pathname.startsWith(BASE)) return void res.writeHead(404).end();
      const rest = url.pathname.slice(BASE.length);
      if (rest.startsWith('dicomweb') || rest.startsWith('dw/')) {
        const upstream = await fetch(`${baseURL}/${rest}${url.search}`, { headers: { accept: req.headers.accept ?? '*/*' } });
        res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/octet-stream' });
        return void res.end(Buffer.from(await upstream.arrayBuffer()));
      }
      const file = path.join(DIST, rest.endsWith('/') || rest === '' ? `${rest}index.html` : rest);
      try {
        const body = await readFile(file);
        res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' }).end(body);
      } catch {
        res.writeHead(404).end();
      }
    })();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

test.afterAll(async () => {
  // A browser's keep-alive connection would hold close() until the hook timed out (as in security.spec).
  const closed = new Promise<void>((r) => server.close(() => r()));
  server.closeAllConnections();
  await closed;
});

test('an IDC-style link under a sub-path of a plain static host renders the study', async ({ page, request }) => {
  const study = await studyUID(request, '/dicomweb', 'PatientID=PHANTOM-001');
  await page.goto(`${origin}${BASE}viewer/?StudyInstanceUIDs=${study}`);
  await expectRendered(page, 'stack');
  await expect(page.getByTestId('slice-stack')).toHaveText(/^Slice \d+\/100$/);
  await page.goto(`${origin}${BASE}`);
  await expect(page.locator(`tr[data-study-uid="${study}"]`)).toBeVisible();
});

test("the IDC portal's /v3/viewer/ path renders the study, and the list is one link away", async ({ page, request }) => {
  const study = await studyUID(request, '/dicomweb', 'PatientID=PHANTOM-001');
  await page.goto(`${origin}${BASE}v3/viewer/?StudyInstanceUIDs=${study}`);
  await expectRendered(page, 'stack');
  await expect(page.getByTestId('slice-stack')).toHaveText(/^Slice \d+\/100$/);
  await page.getByRole('link', { name: '← Studies' }).click();
  await expect(page.locator(`tr[data-study-uid="${study}"]`)).toBeVisible();
  expect(new URL(page.url()).pathname).toBe(BASE);
});

test('under a sub-path the worker loads the JPEG 2000 codec for a SEG from the built files', async ({ page, request }) => {
  const root = `/dw/${SEG_MOUNTS.liverJ2k.name}`;
  const study = await studyUID(request, root, '');
  const wasm: string[] = [];
  page.on('requestfinished', (r) => {
    if (r.url().endsWith('.wasm')) wasm.push(r.url());
  });
  await page.goto(`${origin}${BASE}viewer/?dicomweb=${BASE}${root.slice(1)}&StudyInstanceUIDs=${study}`);
  await expectRendered(page, 'stack');
  const seg = page.locator('[data-seg-key]');
  await expect(seg).toHaveAttribute('data-status', /ready|error/, { timeout: 60_000 });
  expect(await seg.getAttribute('data-status'), (await seg.textContent()) ?? '').toBe('ready');
  await expect(seg.locator('li.segment', { hasText: 'Liver' })).toBeVisible();
  expect(wasm.some((u) => u.startsWith(`${origin}${BASE}assets/openjpegwasm_decode`)), wasm.join(', ')).toBe(true);
});
