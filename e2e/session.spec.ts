// A viewer used all day: studies opened one after another in the same tab give their memory back, requests of
// a study that was left are cancelled, the image cache keeps to its bound, and a lost WebGL context comes back
// without a reload.
import { expect, test, type Page } from '@playwright/test';
import { diffSnapshots, expectRendered, settle, sliceLabel, snapshot, studyUID } from './helpers';

// Each test takes 3-7 s here; the twenty-study one about 50 s (its own limit below).
test.setTimeout(20_000);

const CT3_STUDY = '1.2.392.200103.20080913.113635.0.2009.6.22.21.43.10.22941.1';

/** Opens a study from the list by its row link (in the page, no reload) and waits until it and its overlays show. */
async function openFromList(page: Page, uid: string): Promise<void> {
  await page.locator(`tr[data-study-uid="${uid}"] a`).click();
  await expectRendered(page, 'stack');
  await expect(page.locator('[data-seg-key][data-status="loading"], [data-rtstruct-key][data-status="loading"]')).toHaveCount(0, { timeout: 60_000 });
}

async function backToList(page: Page): Promise<void> {
  await page.getByRole('link', { name: '← Studies' }).click();
  await expect(page.getByRole('table', { name: 'Studies' })).toBeVisible();
}

test('twenty studies opened one after another in the same tab: the heap returns to its level after the first ones', async ({ page, request }) => {
  test.setTimeout(140_000);
  const studies = [
    await studyUID(request, '/dicomweb', 'PatientID=PHANTOM-001'),
    await studyUID(request, '/dicomweb', 'PatientID=LUNG1-002'),
    await studyUID(request, '/dicomweb', `StudyInstanceUID=${CT3_STUDY}`),
  ];
  await page.goto('/');
  await expect(page.getByRole('table', { name: 'Studies' })).toBeVisible();
  // Set on the first page: still there at the end only if no study reloaded the page.
  await page.evaluate(() => ((window as unknown as { sameTab: boolean }).sameTab = true));
  const cdp = await page.context().newCDPSession(page);
  const heap = async (): Promise<{ used: number; buffers: number; nodes: number }> => {
    // Array buffers are given back some time after the objects holding them are collected.
    for (let i = 0; i < 3; i++) {
      await cdp.send('HeapProfiler.collectGarbage');
      await page.waitForTimeout(200);
    }
    const u = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number; backingStorageSize?: number };
    // Elements of closed studies kept alive (detached) count here too.
    const dom = (await cdp.send('Memory.getDOMCounters')) as { nodes: number };
    return { used: u.usedSize, buffers: u.backingStorageSize ?? 0, nodes: dom.nodes };
  };
  const levels: Array<{ used: number; buffers: number; nodes: number }> = [];
  for (let i = 0; i < 20; i++) {
    await openFromList(page, studies[i % studies.length]);
    await backToList(page);
    levels.push(await heap());
  }
  // The baseline: after the first of each kind of study (a SEG study, an RTSTRUCT study, two SEGs and an SR),
  // when the code each needs has been compiled: that code stays, and is not what a leak would grow.
  const firstRound = levels.slice(0, 3);
  const first = {
    used: Math.max(...firstRound.map((l) => l.used)),
    buffers: Math.max(...firstRound.map((l) => l.buffers)),
    nodes: Math.max(...firstRound.map((l) => l.nodes)),
  };
  const last = levels[levels.length - 1];
  const mb = (n: number): string => `${(n / 1e6).toFixed(1)} MB`;
  const trace = levels.map((l) => `${mb(l.used)}+${mb(l.buffers)} ${l.nodes} nodes`).join(', ');
  expect(await page.evaluate(() => (window as unknown as { sameTab?: boolean }).sameTab), 'no reload between studies').toBe(true);
  expect(last.used, `JS heap after each study: ${trace}`).toBeLessThanOrEqual(first.used * 1.2);
  expect(last.buffers, `array buffers after each study: ${trace}`).toBeLessThanOrEqual(first.buffers * 1.2);
  expect(last.nodes, `DOM nodes after each study: ${trace}`).toBeLessThanOrEqual(first.nodes * 1.2);
});

test('leaving a study cancels what it was still downloading', async ({ page, request }) => {
  const study = await studyUID(request, '/dicomweb', 'PatientID=PHANTOM-001');
  // The SEG (its whole Part 10 file, as its instance or its one-instance series; not frames) is held back at the
  // server's door.
  let segAsked: () => void = () => undefined;
  const asked = new Promise<void>((r) => (segAsked = r));
  await page.route(/\/dicomweb\/studies\/[^/]+\/series\/[^/]+(\/instances\/[^/]+)?$/, async (route) => {
    const accept = route.request().headers().accept ?? '';
    if (!accept.includes('application/dicom')) return route.continue();
    segAsked();
    await new Promise((r) => setTimeout(r, 4000));
    await route.continue().catch(() => undefined);
  });
  const failed: string[] = [];
  page.on('requestfailed', (r) => {
    if (/\/series\/[^/]+(\/instances\/[^/]+)?$/.test(r.url())) failed.push(r.failure()?.errorText ?? '');
  });
  await page.goto('/');
  await page.locator(`tr[data-study-uid="${study}"] a`).click();
  await expectRendered(page, 'stack');
  await asked;
  await backToList(page);
  await expect.poll(() => failed.length, { timeout: 10_000 }).toBeGreaterThan(0);
  expect(failed.every((f) => /ABORTED|abort/i.test(f)), failed.join('; ')).toBe(true);
});

test('the image cache keeps to its bound: slices scrolled past are evicted and loaded again when shown', async ({ page, request }) => {
  const study = await studyUID(request, '/dicomweb', 'PatientID=LUNG1-002');
  // 28 slices of 512 x 512 at 2-4 bytes a pixel are 14-28 MB: a bound of 6 MB holds a handful.
  await page.route('**/app-config.json', (route) => route.fulfill({ contentType: 'application/json', body: JSON.stringify({ imageCacheMB: 6 }) }));
  const frames = new Map<string, number>();
  page.on('request', (r) => {
    if (/\/frames\/\d+$/.test(r.url())) frames.set(r.url(), (frames.get(r.url()) ?? 0) + 1);
  });
  await page.goto(`/viewer/?StudyInstanceUIDs=${study}`);
  await expectRendered(page, 'stack');
  const total = Number((await sliceLabel(page)).split('/')[1]);
  expect(total, await sliceLabel(page)).toBe(28);
  // Every slice once (prefetch), then back to the ends: those left the cache long ago.
  await expect.poll(() => frames.size, { timeout: 30_000 }).toBe(28);
  for (const key of ['Home', 'End', 'Home']) {
    await page.locator('[data-viewport-id="stack"]').click();
    await page.keyboard.press(key);
    await expect.poll(() => sliceLabel(page)).toBe(key === 'Home' ? 'Slice 1/28' : 'Slice 28/28');
    await expectRendered(page, 'stack');
  }
  const again = [...frames.values()].filter((n) => n > 1).length;
  expect(again, 'frames requested a second time after eviction').toBeGreaterThan(0);
});

test('a lost WebGL context is recovered without a reload, with its overlays', async ({ page, request }) => {
  // Every WebGL context the page makes is kept, so that the test can lose them as a GPU reset would.
  await page.addInitScript(() => {
    const contexts: WebGLRenderingContext[] = [];
    (window as unknown as { glContexts: WebGLRenderingContext[] }).glContexts = contexts;
    const original = HTMLCanvasElement.prototype.getContext;
    HTMLCanvasElement.prototype.getContext = function (this: HTMLCanvasElement, type: string, ...rest: unknown[]) {
      const ctx = (original as (...a: unknown[]) => unknown).call(this, type, ...rest);
      if (ctx && /webgl/.test(type)) contexts.push(ctx as WebGLRenderingContext);
      return ctx;
    } as typeof original;
  });
  const study = await studyUID(request, '/dicomweb', 'PatientID=PHANTOM-001');
  await page.goto(`/viewer/?StudyInstanceUIDs=${study}`);
  await expectRendered(page, 'stack');
  await expect(page.locator('[data-seg-key][data-status="ready"]')).toHaveCount(1, { timeout: 60_000 });
  const segment = page.locator('li.segment').first();
  await segment.locator('button').first().click();
  await settle(page);
  await snapshot(page, 'stack', 'before');
  const slice = await sliceLabel(page);
  await page.evaluate(() => ((window as unknown as { sameTab: boolean }).sameTab = true));

  const lost = await page.evaluate(() => {
    const list = (window as unknown as { glContexts: WebGLRenderingContext[] }).glContexts;
    let n = 0;
    for (const gl of list) {
      const ext = gl.getExtension('WEBGL_lose_context');
      if (ext && !gl.isContextLost()) {
        ext.loseContext();
        n++;
      }
    }
    return n;
  });
  expect(lost).toBeGreaterThan(0);
  await expect.poll(() => page.evaluate(() => performance.getEntriesByName('viewer:context-restored').length), { timeout: 20_000 }).toBeGreaterThan(0);
  await settle(page);
  // The same slice, with the segment, as before the loss.
  expect(await sliceLabel(page)).toBe(slice);
  await snapshot(page, 'stack', 'after');
  expect((await diffSnapshots(page, 'before', 'after')).count, 'pixels that differ from before the loss').toBeLessThan(50);
  // And it draws again: hiding the segment takes its colour away (a dead context would leave the picture as is).
  await segment.getByRole('checkbox').uncheck();
  await settle(page);
  await snapshot(page, 'stack', 'hidden');
  expect((await diffSnapshots(page, 'after', 'hidden')).count, 'pixels the segment tinted').toBeGreaterThan(200);
  await page.locator('[data-viewport-id="stack"]').click();
  await page.keyboard.press('ArrowDown');
  await expect.poll(() => sliceLabel(page)).not.toBe(slice);
  expect(await page.evaluate(() => (window as unknown as { sameTab?: boolean }).sameTab)).toBe(true);
});

test("the browser's back and forward buttons move between the list and a study inside the page", async ({ page, request }) => {
  const study = await studyUID(request, '/dicomweb', 'PatientID=LUNG1-002');
  await page.goto('/');
  await expect(page.getByRole('table', { name: 'Studies' })).toBeVisible();
  await page.evaluate(() => ((window as unknown as { sameTab: boolean }).sameTab = true));
  await openFromList(page, study);
  await page.goBack();
  await expect(page.getByRole('table', { name: 'Studies' })).toBeVisible();
  await page.goForward();
  await expectRendered(page, 'stack');
  await expect(page.getByTestId('slice-stack')).toHaveText(/\/28$/);
  expect(await page.evaluate(() => (window as unknown as { sameTab?: boolean }).sameTab), 'no reload').toBe(true);
});
