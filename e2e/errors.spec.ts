// What a person sees when something is wrong: a message in the page, never a blank or frozen viewer.
import { expect, test } from '@playwright/test';
import { studyUID } from './helpers';

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
