// Without WebGL2 the viewer says what is wrong instead of showing a blank viewport.
import { expect, test } from '@playwright/test';

// Each test takes about 2 s here (this machine, 2026-12-06): a hung one fails within about 3x that.
test.setTimeout(15_000);

test.use({
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    // No GPU and no software rasteriser: Chromium then has no WebGL at all.
    args: ['--disable-gpu', '--disable-software-rasterizer', '--no-sandbox', '--disable-background-networking'],
  },
});

test('no WebGL2: a clear message, and the series list still works', async ({ page, request }) => {
  const res = await request.get('/dicomweb/studies?PatientID=PHANTOM-001');
  const uid = ((await res.json()) as Array<Record<string, { Value: string[] }>>)[0]['0020000D'].Value[0];
  await page.goto(`/viewer/?StudyInstanceUIDs=${uid}`);
  await expect(page.getByRole('alert')).toContainText('WebGL2 is not available');
  await expect(page.locator('.series-item')).toHaveCount(1);
});
