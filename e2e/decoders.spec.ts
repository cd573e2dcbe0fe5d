// Every compressed and multi-frame image in ../shared/data renders through the image loader's workers.
import { expect, test } from '@playwright/test';
import { COMPRESSED_MOUNTS } from './fixtures';
import { expectNoErrors, expectRendered, studyUID } from './helpers';

for (const m of COMPRESSED_MOUNTS) {
  test(`renders ${m.name} (${m.file.split('/').pop()})`, async ({ page, request }) => {
    const root = `/dw/${m.name}`;
    const study = await studyUID(request, root, '');
    await page.goto(`/viewer/?dicomweb=${root}&StudyInstanceUIDs=${study}`);
    await expectRendered(page, 'stack');
    await expect(page.getByTestId('slice-stack')).toHaveText(/^Slice \d+\/\d+$/);
    await expectNoErrors(page);
  });
}
