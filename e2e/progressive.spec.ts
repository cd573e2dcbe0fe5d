// A SEG drawn while it downloads: the sample SEG (7 segments, frames segment by segment) is held back by a proxy
// after the frames of its first three segments. Meanwhile the liver is drawn where its frame is and the lungs
// (still coming) are not, and the panel lists the four segments still coming; once the rest arrives, every
// segment is drawn. No timing: the proxy holds the bytes until the test lets them go.
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { startFaultProxy, type FaultProxy } from '../src/server/faultProxy';
import { readPart10 } from '../src/dicom/part10';
import { readPart10Fast } from '../src/dicom/part10/reader';
import { parseSegmentation } from '../src/dicom/seg/parse';
import { segmentationPixels, type FramePixels } from '../src/dicom/seg/pixels';
import type { Segmentation } from '../src/dicom/seg/model';
import { canvasToWorld, expectRendered, objectUrl, pixelsAt, settle, snapshot, studyUID, worldToCanvas } from './helpers';

const UPSTREAM = `http://127.0.0.1:${process.env.E2E_PORT ?? 4173}`;

// About 8 s (stack) and 12 s (MPR) here (2026-12-07): a hung run fails within 3x that.
test.setTimeout(35_000);

let proxy: FaultProxy;
test.beforeAll(async () => {
  proxy = await startFaultProxy(UPSTREAM);
});
test.afterAll(async () => {
  await proxy?.close();
});

interface SampleSeg {
  seriesUID: string;
  sop: string;
  bytes: Uint8Array;
  seg: Segmentation;
  pixels: ReturnType<typeof segmentationPixels>;
  /** byte offset of Pixel Data's value in the file */
  valueStart: number;
}

async function sampleSeg(request: APIRequestContext, study: string): Promise<SampleSeg> {
  const series = (await (await request.get(`/dicomweb/studies/${study}/series?Modality=SEG`)).json()) as Array<Record<string, { Value: string[] }>>;
  const seriesUID = series[0]['0020000E'].Value[0];
  const inst = (await (await request.get(`/dicomweb/studies/${study}/series/${seriesUID}/instances`)).json()) as Array<Record<string, { Value: string[] }>>;
  const sop = inst[0]['00080018'].Value[0];
  const answer = await request.get(`/dicomweb/studies/${study}/series/${seriesUID}/instances/${sop}`, { headers: { Accept: 'application/dicom' } });
  const bytes = new Uint8Array(await answer.body());
  const p10 = readPart10(bytes, 'SEG.dcm');
  const seg = parseSegmentation(p10, 'SEG.dcm');
  const at = readPart10Fast(bytes, 'SEG.dcm', { untilPixelData: true }).pixelDataAt;
  if (at === undefined) throw new Error('the sample SEG has no Pixel Data');
  return { seriesUID, sop, bytes, seg, pixels: segmentationPixels(p10, seg), valueStart: at + 12 };
}

/** Patient positions of the centres of pixels set in segment `n`'s frame at `z` (and in none of `not`), every `step`th. */
function pointsOf(s: SampleSeg, n: number, z: number, not: number[], step: number): Array<[number, number, number]> {
  const frameAt = (m: number) => s.seg.frames.find((f) => f.referencedSegmentNumber === m && Math.abs((f.imagePositionPatient?.[2] ?? NaN) - z) < 0.01);
  const set = (m: number): ((r: number, c: number) => boolean) => {
    const f = frameAt(m);
    if (!f) return () => false;
    const px = s.pixels.frame(f.frameIndex) as FramePixels & { kind: 'bits' };
    return (r, c) => {
      const bit = px.bitOffset + r * px.columns + c;
      return (px.data[bit >> 3] & (1 << (bit & 7))) !== 0;
    };
  };
  const frame = frameAt(n);
  if (!frame) return [];
  const mine = set(n);
  const others = not.map(set);
  const ipp = frame.imagePositionPatient as [number, number, number];
  const [x, y] = frame.imageOrientationPatient as [[number, number, number], [number, number, number]];
  const [rowSpacing, columnSpacing] = frame.pixelSpacing as [number, number];
  const out: Array<[number, number, number]> = [];
  let i = 0;
  for (let r = 2; r < s.seg.rows - 2; r++) {
    for (let c = 2; c < s.seg.columns - 2; c++) {
      // Two pixels inside on every side: off the outline the viewer draws at a segment's edge.
      const inside = [-2, 0, 2].every((dr) => [-2, 0, 2].every((dc) => mine(r + dr, c + dc) && others.every((o) => !o(r + dr, c + dc))));
      if (inside && i++ % step === 0) out.push([0, 1, 2].map((k) => ipp[k] + c * columnSpacing * x[k] + r * rowSpacing * y[k]) as [number, number, number]);
    }
  }
  return out;
}

const changed = (a: Array<[number, number, number]>, b: Array<[number, number, number]>): number =>
  a.filter((p, i) => [0, 1, 2].some((k) => Math.abs(p[k] - b[i][k]) > 8)).length;

const row = (page: Page, label: string) => page.locator('[data-seg-key] li.segment', { has: page.locator(`.segment-name:text-is("${label}")`) });

/**
 * Opens the sample study (`layout`) with its SEG held after segment 3, checks what `viewport` draws and the panel
 * lists meanwhile, lets the rest through and checks again.
 */
async function heldThenReleased(page: Page, request: APIRequestContext, layout: '' | '&layout=mpr', viewport: string): Promise<void> {
  const study = await studyUID(request, '/dicomweb', 'PatientID=PHANTOM-001');
  const s = await sampleSeg(request, study);
  // Frames are stored segment by segment (the generator writes them so): let the bytes through the last frame of
  // segment 3 (Right kidney) plus half a frame, and hold the rest.
  const frameBits = s.seg.rows * s.seg.columns;
  const lastOf3 = Math.max(...s.seg.frames.filter((f) => f.referencedSegmentNumber === 3).map((f) => f.frameIndex));
  expect(s.seg.frames.filter((f) => f.frameIndex > lastOf3).every((f) => (f.referencedSegmentNumber ?? 0) > 3)).toBe(true);
  const cut = s.valueStart + Math.ceil(((lastOf3 + 1.5) * frameBits) / 8);
  let release = (): void => undefined;
  const until = new Promise<void>((r) => (release = r));
  proxy.add({ match: objectUrl(s.seriesUID, s.sop), fault: { kind: 'hold', afterBytes: cut, until }, times: 1 });

  await page.goto(`${proxy.origin}/viewer/?StudyInstanceUIDs=${study}${layout}`);
  await expectRendered(page, viewport);
  // The volume fills in as its slices arrive: compare pictures only once it is complete.
  if (layout) await page.waitForFunction(() => performance.getEntriesByName('viewer:series-loaded').length > 0, undefined, { timeout: 20_000 });
  const panel = page.locator('[data-seg-key]');
  // Held: segments 1-3 drawn, 4-7 coming.
  await expect(panel.locator('.seg-coming')).toHaveText('4 segments still coming', { timeout: 20_000 });
  await expect(panel).toHaveAttribute('data-status', 'loading');
  for (const label of ['Liver', 'Liver tumour', 'Right kidney']) await expect(row(page, label)).not.toHaveAttribute('data-coming');
  for (const label of ['Left kidney', 'Lungs', 'Vertebral column', 'Spinal cord']) {
    await expect(row(page, label)).toHaveAttribute('data-coming', 'true');
    await expect(row(page, label).locator('.segment-coming')).toHaveText('coming');
    await expect(row(page, label).getByRole('checkbox')).toBeDisabled();
  }

  // To the liver's largest slice (a drawn segment can be jumped to).
  await row(page, 'Liver').getByRole('button', { name: 'Liver', exact: true }).click();
  await settle(page);
  const box = (await page.locator(`[data-viewport-id="${viewport}"]`).boundingBox()) as { width: number; height: number };
  const z = (await canvasToWorld(page, viewport, box.width / 2, box.height / 2))[2];
  const liver = await worldToCanvas(page, viewport, pointsOf(s, 1, z, [2, 5, 6, 7], 97));
  const lungs = await worldToCanvas(page, viewport, pointsOf(s, 5, z, [1, 2, 6, 7], 7));
  expect(liver.length, `liver points at z ${z}`).toBeGreaterThan(50);
  expect(lungs.length, `lung points at z ${z}`).toBeGreaterThan(50);

  await snapshot(page, viewport, 'held');
  // The bare image: the drawn segments on this slice switched off.
  await row(page, 'Liver').getByRole('checkbox').uncheck();
  await row(page, 'Liver tumour').getByRole('checkbox').uncheck();
  await settle(page);
  await snapshot(page, viewport, 'bare');
  const bareLiver = await pixelsAt(page, 'bare', liver);
  const bareLungs = await pixelsAt(page, 'bare', lungs);
  // The liver is drawn where its frame is; the lungs, still coming, nowhere.
  expect(changed(await pixelsAt(page, 'held', liver), bareLiver)).toBe(liver.length);
  expect(changed(await pixelsAt(page, 'held', lungs), bareLungs)).toBe(0);
  await row(page, 'Liver').getByRole('checkbox').check();
  await row(page, 'Liver tumour').getByRole('checkbox').check();

  release();
  await expect(panel).toHaveAttribute('data-status', 'ready', { timeout: 20_000 });
  await expect(panel.locator('.seg-coming')).toHaveCount(0);
  await expect(panel.locator('li.segment[data-coming]')).toHaveCount(0);
  await settle(page);
  expect((await canvasToWorld(page, viewport, box.width / 2, box.height / 2))[2]).toBeCloseTo(z, 2);
  await snapshot(page, viewport, 'all');
  expect(changed(await pixelsAt(page, 'all', liver), bareLiver)).toBe(liver.length);
  expect(changed(await pixelsAt(page, 'all', lungs), bareLungs)).toBe(lungs.length);
}

test('the first segments are drawn while the rest of the SEG downloads, listed as coming, then all are drawn', async ({ page, request }) => {
  await heldThenReleased(page, request, '', 'stack');
});

test('in MPR too: the axial plane draws the segments that came, and the rest once they come', async ({ page, request }) => {
  await heldThenReleased(page, request, '&layout=mpr', 'mpr-axial');
});
