// A deployment's ceiling on what one derived object may decode to (app-config.json `maxDecodedMB`): a SEG over
// it is refused with a message naming it, before its memory is taken, and the rest of the study still shows.
import { expect, test } from '@playwright/test';
import { expectRendered, studyUID } from './helpers';

// Each test takes 2-4 s here.
test.setTimeout(20_000);

test('a SEG over the deployment\'s decoded-size ceiling is refused by name; the images and the structure set still show', async ({ page, request }) => {
  const study = await studyUID(request, '/dicomweb', 'PatientID=PHANTOM-001');
  // The phantom SEG's frames are 512 x 512 one-byte pixels (0.26 MB each as decoded): over a 0.1 MB ceiling.
  await page.route('**/app-config.json', (route) => route.fulfill({ contentType: 'application/json', body: JSON.stringify({ maxDecodedMB: 0.1 }) }));
  await page.goto(`/viewer/?StudyInstanceUIDs=${study}`);
  await expectRendered(page, 'stack');
  const seg = page.locator('[data-seg-key]');
  await expect(seg).toHaveAttribute('data-status', 'error', { timeout: 60_000 });
  await expect(seg).toContainText(/one frame of 512x512 pixels would take 0\.3 MB, over the 0\.1 MB a single object may decode to/);
  await expect(page.locator('[data-rtstruct-key]')).toHaveAttribute('data-status', 'ready', { timeout: 60_000 });
});

test('without a ceiling in app-config.json the same SEG decodes', async ({ page, request }) => {
  const study = await studyUID(request, '/dicomweb', 'PatientID=PHANTOM-001');
  await page.route('**/app-config.json', (route) => route.fulfill({ contentType: 'application/json', body: '{}' }));
  await page.goto(`/viewer/?StudyInstanceUIDs=${study}`);
  await expect(page.locator('[data-seg-key]')).toHaveAttribute('data-status', 'ready', { timeout: 60_000 });
});
