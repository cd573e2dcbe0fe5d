// An RTSTRUCT drawn while it downloads: LUNG1-002's structure set (16 ROIs, 3.1 MB of contours, stored ROI by
// ROI) is held back by a proxy just after the contours of its second ROI (GTV-1). Meanwhile GTV-1 is drawn on its
// slices and PTV-1 around it (still coming) is not, and the panel lists the 14 ROIs still coming; once the rest
// arrives, PTV-1 is drawn too. No timing: the proxy holds the bytes until the test lets them go.
import { expect, test, type APIRequestContext } from '@playwright/test';
import { startFaultProxy, type FaultProxy } from '../src/server/faultProxy';
import { readPart10 } from '../src/dicom/part10';
import { expectRendered, objectUrl, overlayColorPixels, studyUID } from './helpers';

const UPSTREAM = `http://127.0.0.1:${process.env.E2E_PORT ?? 4173}`;

// About 4 s here (2026-12-07): a hung run fails within about 3x that.
test.setTimeout(15_000);

let proxy: FaultProxy;
test.beforeAll(async () => {
  proxy = await startFaultProxy(UPSTREAM);
});
test.afterAll(async () => {
  await proxy?.close();
});

const GTV: [number, number, number] = [64, 64, 255];
const PTV: [number, number, number] = [255, 32, 32];

/** The study's RTSTRUCT: its SOP Instance UID, and where its second ROIContourSequence item ends in the file. */
async function structureSet(request: APIRequestContext, study: string): Promise<{ seriesUID: string; sop: string; afterSecondRoi: number; roiNames: string[] }> {
  const series = (await (await request.get(`/dicomweb/studies/${study}/series?Modality=RTSTRUCT`)).json()) as Array<Record<string, { Value: string[] }>>;
  const seriesUID = series[0]['0020000E'].Value[0];
  const inst = (await (await request.get(`/dicomweb/studies/${study}/series/${seriesUID}/instances`)).json()) as Array<Record<string, { Value: string[] }>>;
  const sop = inst[0]['00080018'].Value[0];
  const answer = await request.get(`/dicomweb/studies/${study}/series/${seriesUID}/instances/${sop}`, { headers: { Accept: 'application/dicom' } });
  const bytes = new Uint8Array(await answer.body());
  // The file's own order (dcmjs's read): ROIContourSequence items refer to ROIs 1 (Patient) and 2 (GTV-1) first.
  const dict = readPart10(bytes, 'RTSTRUCT.dcm').dict;
  const items = dict['30060039'].Value as Array<Record<string, { Value: unknown[] }>>;
  expect(items.slice(0, 2).map((it) => Number(it['30060084'].Value[0]))).toEqual([1, 2]);
  const roiNames = (dict['30060020'].Value as Array<Record<string, { Value: unknown[] }>>).map((it) => String(it['30060026'].Value[0]));
  // ReferencedROINumber (3006,0084) is the last element of each item (ascending tags): the second one found
  // after ROIContourSequence's tag ends the second item: its tag, then 'IS' and a 2-byte length (explicit VR) or a
  // 4-byte length (implicit VR, as this file is written).
  const find = (tag: number[], from: number): number => {
    for (let i = from; i < bytes.length - 4; i++) if (tag.every((b, k) => bytes[i + k] === b)) return i;
    return -1;
  };
  const contours = find([0x06, 0x30, 0x39, 0x00], 0);
  const first = find([0x06, 0x30, 0x84, 0x00], contours);
  const second = find([0x06, 0x30, 0x84, 0x00], first + 4);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const explicit = String.fromCharCode(bytes[second + 4], bytes[second + 5]) === 'IS';
  const end = second + 8 + (explicit ? view.getUint16(second + 6, true) : view.getUint32(second + 4, true));
  expect(end).toBeLessThan(bytes.length / 2);
  return { seriesUID, sop, afterSecondRoi: end, roiNames };
}

test('the first ROIs are drawn while the rest of the RTSTRUCT downloads, listed as coming, then all are drawn', async ({ page, request }) => {
  const study = await studyUID(request, '/dicomweb', 'PatientID=LUNG1-002');
  const rt = await structureSet(request, study);
  expect(rt.roiNames.slice(0, 3)).toEqual(['Patient', 'GTV-1', 'PTV-1']);
  let release = (): void => undefined;
  const until = new Promise<void>((r) => (release = r));
  // Through the end of GTV-1's contours and 4 KB of PTV-1's item (46 KB): the answer's body may wrap the file in
  // a multipart part, whose head comes first.
  proxy.add({ match: objectUrl(rt.seriesUID, rt.sop), fault: { kind: 'hold', afterBytes: rt.afterSecondRoi + 4096, until }, times: 1 });

  await page.goto(`${proxy.origin}/viewer/?StudyInstanceUIDs=${study}`);
  await expectRendered(page, 'stack');
  const panel = page.locator('[data-rtstruct-key]');
  const roi = (name: string) => page.locator(`li[data-roi-name="${name}"]`);
  await expect(panel.locator('.seg-coming')).toHaveText('14 ROIs still coming', { timeout: 20_000 });
  await expect(panel).toHaveAttribute('data-status', 'loading');
  for (const name of ['Patient', 'GTV-1']) await expect(roi(name)).not.toHaveAttribute('data-coming');
  for (const name of rt.roiNames.slice(2)) {
    await expect(roi(name)).toHaveAttribute('data-coming', 'true');
    await expect(roi(name).locator('.segment-coming')).toHaveText('coming');
    await expect(roi(name).getByRole('checkbox')).toBeDisabled();
  }
  await expect(roi('GTV-1')).toContainText('26 contours');

  // On GTV-1's middle slice: GTV-1 drawn (Lung L and R share its colour, but they are still coming), PTV-1 not.
  await roi('GTV-1').getByRole('button', { name: 'GTV-1', exact: true }).click();
  await expect.poll(() => overlayColorPixels(page, 'stack', GTV)).toBeGreaterThan(100);
  expect(await overlayColorPixels(page, 'stack', PTV)).toBe(0);

  release();
  await expect(panel).toHaveAttribute('data-status', 'ready', { timeout: 20_000 });
  await expect(panel.locator('.seg-coming')).toHaveCount(0);
  await expect(panel.locator('li.segment[data-coming]')).toHaveCount(0);
  await expect(roi('PTV-1')).toContainText('36 contours');
  // PTV-1 surrounds GTV-1: on the same slice it is drawn now.
  await expect.poll(() => overlayColorPixels(page, 'stack', PTV)).toBeGreaterThan(100);
});
