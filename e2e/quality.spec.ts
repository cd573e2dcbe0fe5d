// Checking a segmentation in the viewer: statistics per segment, the comparison of two SEGs (numbers equal to
// `npm run compare` on the same files), the agreement overlay's three colours where the second reader's
// known changes put them, the jump to the slice of largest disagreement, and the SR cross-check. Expected
// places and counts come from the phantom generator (src/samples), not from the code under test.
import { readFileSync } from 'node:fs';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { canvasToWorld, expectRendered, pixelsAt, settle, snapshot, studyUID, worldToCanvas } from './helpers';
import { QUALITY_DIR, QUALITY_MOUNT } from './qualityFixtures';
import { buildPhantom } from '../src/samples/phantomAnatomy';
import { labelSet, labelsToHU, maskFromLabels, paintSliceLabels } from '../src/samples/phantomSlice';
import { SAMPLE_SEGMENTS } from '../src/samples/sampleDefinitions';
import { LIVER_SHIFT_COLUMNS } from '../src/samples/sampleSecondReader';
import { PHANTOM_SEED } from '../src/samples/studyContext';
import { createVolumeGeometry } from '../src/samples/volumeGeometry';

// Each test takes 6-13 s here (this machine, 2026-12-06): a hung one fails within about 3x that.
test.setTimeout(40_000);

const REFERENCE = 'Phantom organs and tumour';
const TEST = 'Phantom organs, second reader';
const repoRoot = path.resolve(QUALITY_DIR, '..', '..');

/** The liver of the phantom, slice by slice, as the generator paints it (the reference SEG's Liver segment). */
function phantomLiver() {
  const geometry = createVolumeGeometry();
  const steps = buildPhantom(PHANTOM_SEED);
  const table = labelSet(SAMPLE_SEGMENTS[0].labels);
  const slices: Array<{ mask: Uint8Array | null; hu: Int16Array }> = [];
  for (let k = 0; k < geometry.slices; k++) {
    const labels = paintSliceLabels(steps, geometry, k);
    slices.push({ mask: maskFromLabels(labels, table), hu: labelsToHU(labels, PHANTOM_SEED, k) });
  }
  return { geometry, slices };
}
type Liver = ReturnType<typeof phantomLiver>;
let liverCache: Liver | null = null;
const liver = (): Liver => (liverCache ??= phantomLiver());

async function openQualityStudy(page: Page, layout: 'stack' | 'mpr' = 'stack'): Promise<void> {
  const root = `/dw/${QUALITY_MOUNT}`;
  const study = await studyUID(page.request, root, '');
  await page.goto(`/viewer/?dicomweb=${root}&StudyInstanceUIDs=${study}${layout === 'mpr' ? '&layout=mpr' : ''}`);
  await expectRendered(page, layout === 'mpr' ? 'mpr-axial' : 'stack');
  // The volume fills in as its slices arrive: compare pictures only once it is complete.
  if (layout === 'mpr') await page.waitForFunction(() => performance.getEntriesByName('viewer:series-loaded').length > 0, undefined, { timeout: 60_000 });
  // The second reader's SEG is the newer (same dates, higher series number) and loads by itself; the reference at a click.
  await segEntry(page, REFERENCE).getByRole('button', { name: `Load ${REFERENCE}` }).click();
  await expect(page.locator('[data-seg-key][data-status="ready"]')).toHaveCount(2, { timeout: 60_000 });
  await expect(page.locator('[data-rtstruct-key][data-status="ready"]')).toHaveCount(1, { timeout: 60_000 });
}

function segEntry(page: Page, label: string): Locator {
  return page.locator(`[data-seg-key]:has(.seg-series-label:text-is("${label}"))`);
}

async function compareSegs(page: Page): Promise<Locator> {
  const panel = page.getByRole('region', { name: 'Compare annotations' });
  await panel.getByLabel('Reference annotation').selectOption({ label: `SEG: ${REFERENCE}` });
  await panel.getByLabel('Test annotation').selectOption({ label: `SEG: ${TEST}` });
  await panel.getByRole('button', { name: 'Compare', exact: true }).click();
  const rows = panel.locator('table.pair-table tbody tr');
  await expect(rows).toHaveCount(7, { timeout: 60_000 });
  return panel;
}

interface CliPair {
  reference: string | null;
  test: string | null;
  dice: number | null;
  jaccard: number | null;
  referenceVolumeMl: number | null;
  testVolumeMl: number | null;
  volumeDifferencePercent: number | null;
  hausdorffMm: number | null;
  hausdorff95Mm: number | null;
  meanSurfaceDistanceMm: number | null;
  reason?: string;
}

/**
 * Long tasks on the page (printed, not asserted: Cornerstone's own rendering counts too, and timings belong in
 * benchmarks).
 */
async function watchLongTasks(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { __long: number[] };
    w.__long = [];
    new PerformanceObserver((l) => l.getEntries().forEach((e) => w.__long.push(e.duration))).observe({ type: 'longtask', buffered: true });
  });
}

async function reportLongTasks(page: Page, what: string): Promise<void> {
  const long = await page.evaluate(() => (window as unknown as { __long: number[] }).__long);
  console.log(`${what}: ${long.length} long tasks, longest ${Math.round(Math.max(0, ...long))} ms`);
}

test('statistics of a SEG: the liver voxel count and mean HU are the phantom\'s', async ({ page }) => {
  await watchLongTasks(page);
  await openQualityStudy(page);
  await page.evaluate(() => ((window as unknown as { __long: number[] }).__long.length = 0));
  const block = segEntry(page, REFERENCE).locator('[data-stats-key]');
  await block.getByRole('button', { name: /^Statistics of every region/ }).click();
  await expect(block).toHaveAttribute('data-status', 'ready', { timeout: 60_000 });
  const row = block.locator('tr[data-region-number="1"]');
  // Independent: the generator's liver mask and CT numbers.
  const { slices } = liver();
  let voxels = 0;
  let sum = 0;
  for (const s of slices) {
    if (!s.mask) continue;
    for (let i = 0; i < s.mask.length; i++) {
      if (!s.mask[i]) continue;
      voxels++;
      sum += s.hu[i];
    }
  }
  await reportLongTasks(page, 'statistics with image values');
  expect(Number(await row.getAttribute('data-voxels'))).toBe(voxels);
  expect(Number(await row.getAttribute('data-mean'))).toBeCloseTo(sum / voxels, 3);
  await expect(row.locator('td').nth(12)).toHaveText('HU');
  // Every segment has a row; the table copies as TSV and downloads as CSV.
  await expect(block.locator('tbody tr')).toHaveCount(SAMPLE_SEGMENTS.length);
  const download = page.waitForEvent('download');
  await block.getByRole('button', { name: /as CSV$/ }).click();
  expect((await download).suggestedFilename()).toMatch(/statistics\.csv$/);
});

test('the comparison panel shows the numbers `npm run compare` prints for the same two files', async ({ page }) => {
  const cli = spawnSync('npx', ['tsx', 'src/cli/compare.ts', '--json', path.join(QUALITY_DIR, 'SEG.dcm'), path.join(QUALITY_DIR, 'SEG_READER2.dcm'), '--images', path.join(QUALITY_DIR, 'CT')], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
  expect(cli.status, cli.stderr).toBe(0);
  const expected = (JSON.parse(cli.stdout) as { pairs: CliPair[] }).pairs;
  expect(expected.length).toBe(7);
  await openQualityStudy(page);
  const panel = await compareSegs(page);
  const keys = ['dice', 'jaccard', 'referenceVolumeMl', 'testVolumeMl', 'volumeDifferencePercent', 'hausdorffMm', 'hausdorff95Mm', 'meanSurfaceDistanceMm'] as const;
  for (const e of expected) {
    const row = panel.locator(`tr[data-reference="${e.reference}"][data-test="${e.test}"]`);
    await expect(row, `${e.reference} vs ${e.test}`).toHaveCount(1);
    for (const k of keys) {
      const shown = await row.getAttribute(`data-${k.toLowerCase()}`);
      if (e[k] === null) expect(shown, `${e.reference} ${k}`).toBe('');
      else expect(Number(shown), `${e.reference} ${k}`).toBeCloseTo(e[k] as number, 9);
    }
    // What a person reads: Dice to 4 decimals, or a dash and the reason.
    if (e.dice !== null) await expect(row.locator('td.num').first()).toHaveText(e.dice.toFixed(4));
    if (e.reason) await expect(row.locator('td.note')).toHaveText(e.reason);
  }
  // Worst Dice first; nothing reads NaN.
  await expect(panel.locator('table.pair-table tbody tr').first()).toHaveAttribute('data-reference', 'Spinal cord');
  await expect(panel.locator('table.pair-table')).not.toContainText('NaN');
  // Matched by type code, said so.
  await expect(panel.locator('tr[data-reference="Lungs"]')).toContainText('by type');
});

/**
 * Which overlay colour a pixel shows: on = off + a (colour - off) for the opacity a that fits best (the fill is
 * drawn at about 0.5, the outline opaque); the colour with the smallest misfit, if it fits at all.
 */
function overlayColour(on: [number, number, number], off: [number, number, number]): string {
  const colours: Record<string, [number, number, number]> = { both: [240, 228, 66], 'reference only': [0, 114, 178], 'test only': [213, 94, 0] };
  let best = '';
  let bestD = Infinity;
  for (const [name, c] of Object.entries(colours)) {
    const d = c.map((v, i) => v - off[i]);
    const seen = on.map((v, i) => v - off[i]);
    const a = Math.min(1, Math.max(0.2, (d[0] * seen[0] + d[1] * seen[1] + d[2] * seen[2]) / Math.max(1, d[0] ** 2 + d[1] ** 2 + d[2] ** 2)));
    const misfit = Math.hypot(...seen.map((v, i) => v - a * d[i]));
    if (misfit < bestD) [best, bestD] = [name, misfit];
  }
  return bestD < 30 ? best : `none (on ${on.join(',')}, off ${off.join(',')})`;
}

/**
 * Compares the two SEGs in `layout`, clicks the liver pair, and checks the slice shown in `viewport` and the
 * overlay's colour at a point of each class.
 */
async function agreementColours(page: Page, layout: 'stack' | 'mpr', viewport: string): Promise<void> {
  const { geometry, slices } = liver();
  const { columns, rows } = geometry;
  const dx = LIVER_SHIFT_COLUMNS;
  const at = (m: Uint8Array | null, r: number, c: number): number => (m && c >= 0 && c < columns ? m[r * columns + c] : 0);
  // Expected worst slice: most voxels in exactly one of liver and liver shifted dx columns.
  const disagreement = slices.map(({ mask }) => {
    let n = 0;
    if (mask) for (let r = 0; r < rows; r++) for (let c = 0; c < columns; c++) n += at(mask, r, c) ^ at(mask, r, c - dx);
    return n;
  });
  const most = Math.max(...disagreement);
  const worst = disagreement.indexOf(most);
  expect(disagreement.filter((d) => d === most).length, 'one slice of largest disagreement').toBe(1);
  // Points of each class on that slice with an 11x11 neighbourhood of the same class (away from every edge).
  const mask = slices[worst].mask as Uint8Array;
  const cls = (r: number, c: number): number => (at(mask, r, c) ? (at(mask, r, c - dx) ? 1 : 2) : at(mask, r, c - dx) ? 3 : 0);
  const points = new Map<number, [number, number]>();
  for (let r = 6; r < rows - 6 && points.size < 3; r += 3) {
    for (let c = 6; c < columns - 6; c++) {
      const v = cls(r, c);
      if (!v || points.has(v)) continue;
      let uniform = true;
      for (let y = -5; y <= 5 && uniform; y++) for (let x = -5; x <= 5 && uniform; x++) uniform = cls(r + y, c + x) === v;
      if (uniform) points.set(v, [r, c]);
    }
  }
  expect(points.size).toBe(3);

  await watchLongTasks(page);
  await openQualityStudy(page, layout);
  await page.evaluate(() => ((window as unknown as { __long: number[] }).__long.length = 0));
  // Only the agreement overlay tints the image: SEGs and contours off.
  for (const label of [REFERENCE, TEST]) await segEntry(page, label).locator('.seg-series-head input[type="checkbox"]').uncheck();
  await page.locator('[data-rtstruct-key] .seg-series-head input[type="checkbox"]').first().uncheck();
  const panel = await compareSegs(page);
  if (layout === 'stack') await page.keyboard.press('Home');
  await panel.locator('tr[data-reference="Liver"]').getByRole('button', { name: /^Show Liver vs Liver/ }).click();
  const legend = page.getByTestId('agreement-legend');
  await expect(legend.getByRole('checkbox')).toBeEnabled({ timeout: 60_000 });
  await expect(legend).toContainText('reference only');
  // The stack shows the generator's worst slice (by its patient z).
  await expect.poll(async () => (await canvasToWorld(page, viewport, 100, 100))[2], { timeout: 10_000 }).toBeCloseTo(geometry.sliceZ[worst], 2);
  await settle(page);
  await snapshot(page, viewport, 'on');
  await legend.getByRole('checkbox').uncheck();
  await settle(page);
  await snapshot(page, viewport, 'off');
  const names = ['', 'both', 'reference only', 'test only'];
  const world = [1, 2, 3].map((v) => {
    const [r, c] = points.get(v) as [number, number];
    return [geometry.originX + c * geometry.columnSpacing, geometry.originY + r * geometry.rowSpacing, geometry.sliceZ[worst]] as [number, number, number];
  });
  const canvas = await worldToCanvas(page, viewport, world);
  const on = await pixelsAt(page, 'on', canvas);
  const off = await pixelsAt(page, 'off', canvas);
  const seen = [0, 1, 2].map((i) => overlayColour(on[i], off[i]));
  expect(seen).toEqual([names[1], names[2], names[3]]);
  await reportLongTasks(page, `${layout}: comparing and drawing the agreement`);
  if (layout === 'stack') await screenshotHasImageAndLegend(page, viewport, canvas, on);
}

/** The Screenshot button saves the viewport as seen (overlay included) with the legend's colours drawn in. */
async function screenshotHasImageAndLegend(page: Page, viewport: string, points: Array<[number, number]>, expected: Array<[number, number, number]>): Promise<void> {
  const legend = page.getByTestId('agreement-legend');
  await legend.getByRole('checkbox').check();
  await settle(page);
  const download = page.waitForEvent('download');
  await legend.getByRole('button', { name: /Save the viewport/ }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/\.png$/);
  const bytes = readFileSync((await file.path()) as string);
  expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
  const result = await page.evaluate(
    async ({ b64, id, pts }) => {
      const blob = await (await fetch(`data:image/png;base64,${b64}`)).blob();
      const bmp = await createImageBitmap(blob);
      const c = document.createElement('canvas');
      c.width = bmp.width;
      c.height = bmp.height;
      const ctx = c.getContext('2d') as CanvasRenderingContext2D;
      ctx.drawImage(bmp, 0, 0);
      const { data } = ctx.getImageData(0, 0, c.width, c.height);
      const dpr = window.devicePixelRatio || 1;
      const px = pts.map(([x, y]) => {
        const i = (Math.round(y * dpr) * c.width + Math.round(x * dpr)) * 4;
        return [data[i], data[i + 1], data[i + 2]];
      });
      // Colours present anywhere in the lower left quarter (where the legend is drawn).
      const colours = new Set<string>();
      for (let y = Math.floor(c.height * 0.75); y < c.height; y++) for (let x = 0; x < c.width / 4; x++) {
        const i = (y * c.width + x) * 4;
        colours.add(`${data[i]},${data[i + 1]},${data[i + 2]}`);
      }
      const view = document.querySelector<HTMLCanvasElement>(`[data-viewport-id="${id}"] canvas.cornerstone-canvas`) as HTMLCanvasElement;
      return { width: c.width, height: c.height, viewWidth: view.width, viewHeight: view.height, px, colours: [...colours] };
    },
    { b64: bytes.toString('base64'), id: viewport, pts: points },
  );
  expect([result.width, result.height]).toEqual([result.viewWidth, result.viewHeight]);
  result.px.forEach((p, i) => p.forEach((ch, k) => expect(Math.abs(ch - expected[i][k]), `point ${i}: ${p} vs ${expected[i]}`).toBeLessThanOrEqual(3)));
  for (const rgb of ['240,228,66', '0,114,178', '213,94,0']) expect(result.colours, `legend swatch ${rgb}`).toContain(rgb);
}

test('a click on the liver pair jumps to its slice of largest disagreement and draws both / reference only / test only in their colours', async ({ page }) => {
  await agreementColours(page, 'stack', 'stack');
});

test('in MPR the agreement overlay is drawn in the axial view at the slice of largest disagreement', async ({ page }) => {
  await agreementColours(page, 'mpr', 'mpr-axial');
});

test('the SR cross-check recomputes the reported volumes and mean HU and finds them in agreement', async ({ page }) => {
  await openQualityStudy(page);
  const report = page.locator('[data-sr-key]');
  await expect(report).toHaveAttribute('data-status', 'ready', { timeout: 60_000 });
  await report.getByRole('button', { name: /^Recompute the segment measurements/ }).click();
  const block = report.locator('[data-crosscheck-status]');
  await expect(block).toHaveAttribute('data-crosscheck-status', 'ready', { timeout: 60_000 });
  // Each segment's group reports a volume and a mean (the generator wrote them from its own masks and HU).
  const volumes = block.locator('tr[data-quantity="volume"]');
  const means = block.locator('tr[data-quantity="mean"]');
  await expect(volumes).toHaveCount(SAMPLE_SEGMENTS.length);
  await expect(means).toHaveCount(SAMPLE_SEGMENTS.length);
  await expect(block.locator('tr[data-flagged="true"]')).toHaveCount(0);
  // Checked, not skipped: every volume within 1%, every mean within 1 HU of the recomputed value.
  for (const r of await volumes.all()) await expect(r).toContainText('agrees within 1%');
  for (const r of await means.all()) await expect(r).toContainText('agrees within 1 unit');
});
