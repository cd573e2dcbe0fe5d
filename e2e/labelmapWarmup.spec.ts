// The viewer draws an empty labelmap on the first image for two frames (src/viewer/labelmapWarmup.ts), so that a
// SEG's first frame finds vtk.js's shaders ready. The person looking must never see it: a CT with no SEG stays
// grey. (SEGs drawn after it, in their colours and places: seg.spec.ts, progressive.spec.ts, placement.spec.ts.)
import { expect, test } from '@playwright/test';
import { expectNoErrors, expectRendered, settle, studyUID } from './helpers';

// The test takes about 4 s here (2-core machine, 2026-12-07): a hung one fails within about 3x that.
test.setTimeout(15_000);

/**
 * Counts, in every picture Cornerstone draws (each IMAGE_RENDERED), the pixels of its canvas that are not grey
 * (r, g and b apart by more than 2): the warm-up lasts two frames, so each frame is looked at as it is drawn.
 */
interface Tint {
  frames: number;
  maxTinted: number;
  pixels: number;
}

function watchTint(): void {
  const w = window as unknown as { __tint: Tint };
  w.__tint = { frames: 0, maxTinted: 0, pixels: 0 };
  document.addEventListener(
    'CORNERSTONE_IMAGE_RENDERED',
    (e) => {
      const canvas = (e.target as HTMLElement).querySelector<HTMLCanvasElement>('canvas.cornerstone-canvas');
      const ctx = canvas?.getContext('2d');
      if (!canvas || !ctx || !canvas.width) return;
      const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
      let tinted = 0;
      for (let i = 0; i < data.length; i += 4) {
        if (Math.max(data[i], data[i + 1], data[i + 2]) - Math.min(data[i], data[i + 1], data[i + 2]) > 2) tinted++;
      }
      const t = w.__tint;
      t.frames++;
      t.pixels = data.length / 4;
      t.maxTinted = Math.max(t.maxTinted, tinted);
    },
    true,
  );
}

test('the labelmap warm-up leaves a CT without SEG grey, with no error', async ({ page, request }) => {
  // LUNG1-002's subset: a CT and an RTSTRUCT (drawn on its own canvas above), no SEG.
  const study = await studyUID(request, '/dicomweb', 'PatientID=LUNG1-002');
  await page.addInitScript(watchTint);
  await page.goto(`/viewer/?StudyInstanceUIDs=${study}`);
  await expectRendered(page, 'stack');
  await page.waitForFunction(() => performance.getEntriesByName('viewer:labelmaps-warmed').length > 0);
  await settle(page);
  const seen = await page.evaluate(() => (window as unknown as { __tint: Tint }).__tint);
  // The warm-up's two frames and the one after it, at least, each looked at.
  expect(seen.frames).toBeGreaterThanOrEqual(3);
  expect(seen.pixels).toBeGreaterThan(10_000);
  expect(seen.maxTinted, 'pixels of the CT tinted by a colour, in the most tinted frame').toBe(0);
  await expectNoErrors(page);
});
