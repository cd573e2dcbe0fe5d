// Every compressed and multi-frame image in ../shared/data renders through the image loader's workers.
// The lossless encodings of one image must render to exactly the same picture as the uncompressed one.
import { expect, test } from '@playwright/test';
import { COMPRESSED_MOUNTS, GENERATED_MOUNTS } from './fixtures';
import { expectNoErrors, expectRendered, studyUID } from './helpers';

// Each test takes 1.5-3.5 s here (this machine, 2026-12-06): a hung one fails within about 3x that.
test.setTimeout(15_000);

const reference = new Map<string, number>();

for (const m of [...COMPRESSED_MOUNTS, ...GENERATED_MOUNTS]) {
  test(`renders ${m.name} (${m.file.split('/').pop()})`, async ({ page, request }) => {
    const root = `/dw/${m.name}`;
    const study = await studyUID(request, root, '');
    await page.goto(`/viewer/?dicomweb=${root}&StudyInstanceUIDs=${study}`);
    const stats = await expectRendered(page, 'stack');
    await expect(page.getByTestId('slice-stack')).toHaveText(/^Slice \d+\/\d+$/);
    await expectNoErrors(page);
    if (m.sameAs) {
      // Wait for the final picture (progressive rendering may show an intermediate one first).
      await expect.poll(async () => (await expectRendered(page, 'stack')).hash).toBe(reference.get(m.sameAs));
    } else reference.set(m.name, stats.hash);
  });
}
