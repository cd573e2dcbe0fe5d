// Labelmap overlays in every grid cell of their Frame of Reference (layoutFixtures.ts, LAYOUT_SEG_MOUNT): series A
// (the geometry generator's 48 x 64 pixels of 0.7 x 1.1 mm, 1.5 mm slices) with the ellipsoid SEG on it, series B
// (40 x 30 pixels of 0.9 x 1.3 mm, 2.2 mm slices from another height) in A's Frame of Reference, and series C on
// B's grid in another Frame of Reference. The SEG's pixels in a cell are those that change when its segment is
// hidden; where they must lie comes from the generator (the ellipsoid centred at CENTRE with semi-axes
// ELLIPSOID_MM) and the rule by which Cornerstone fits an image to its viewport (placement.spec.ts), never from
// the viewer.
//
// Break-checked (made the test fail, then reverted): copies carried onto any series whatever its Frame of Reference
// (49,563 SEG pixels drawn on C, expected 0).
import { expect, test, type Page } from '@playwright/test';
import { expectRendered, settle, snapshot, studyUID } from './helpers';
import { pressKeys, sliceReadout, toSlice } from './viewportHelpers';
import { LAYOUT_SEG_MOUNT, SERIES_B, SERIES_C } from './layoutFixtures';
import { CENTRE, CENTRE_SLICE, COLUMNS, ELLIPSOID_MM, PIXEL_SPACING, ROWS, SLICES, SLICE_SPACING } from '../src/testing/geometryStudy';

// The test takes about 15 s here (this machine, 2026-12-07, shared with other test runs).
test.setTimeout(45_000);

const ROOT = `/dw/${LAYOUT_SEG_MOUNT}`;
const cell = (page: Page, id: string) => page.locator(`[data-viewport-id="${id}"]`);
const slice = sliceReadout;


async function segReady(page: Page): Promise<void> {
  const seg = page.locator('[data-seg-key]');
  await expect(seg).toHaveAttribute('data-status', /ready|error/, { timeout: 30_000 });
  expect(await seg.getAttribute('data-status'), (await seg.textContent()) ?? '').toBe('ready');
}

interface Drawn {
  count: number;
  x: number;
  y: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
  canvasWidth: number;
  canvasHeight: number;
}

/** Pixels of each cell that change when the ellipsoid segment is hidden (it is shown again after). */
async function segPixels(page: Page, ids: string[]): Promise<Record<string, Drawn>> {
  const toggle = page.locator('li.segment', { hasText: 'Ellipsoid' }).first().getByRole('checkbox');
  await expect(toggle).toBeChecked();
  await settle(page);
  for (const id of ids) await snapshot(page, id, `on-${id}`);
  await toggle.uncheck();
  await settle(page);
  const out: Record<string, Drawn> = {};
  for (const id of ids) {
    await snapshot(page, id, `off-${id}`);
    out[id] = await page.evaluate(
      ({ a, b }) => {
        const snaps = (window as unknown as { __snaps: Record<string, ImageData> }).__snaps;
        const [A, B] = [snaps[a], snaps[b]];
        const d = { count: 0, x: 0, y: 0, left: Infinity, right: -Infinity, top: Infinity, bottom: -Infinity, canvasWidth: A.width, canvasHeight: A.height };
        for (let p = 0; p < A.width * A.height; p++) {
          const i = p * 4;
          if (Math.max(Math.abs(A.data[i] - B.data[i]), Math.abs(A.data[i + 1] - B.data[i + 1]), Math.abs(A.data[i + 2] - B.data[i + 2])) <= 8) continue;
          const [x, y] = [p % A.width, Math.floor(p / A.width)];
          d.count++;
          d.x += x + 0.5;
          d.y += y + 0.5;
          [d.left, d.right, d.top, d.bottom] = [Math.min(d.left, x), Math.max(d.right, x + 1), Math.min(d.top, y), Math.max(d.bottom, y + 1)];
        }
        d.x /= Math.max(1, d.count);
        d.y /= Math.max(1, d.count);
        return d;
      },
      { a: `on-${id}`, b: `off-${id}` },
    );
  }
  await toggle.check();
  await settle(page);
  return out;
}

/**
 * An axial image fitted to its canvas (columns right along +x, rows down along +y): patient (x, y) -> canvas
 * device pixels, and the scale (pixels per mm). `origin` is the patient (x, y) of pixel (0, 0).
 */
function fit(d: Drawn, origin: [number, number], spacing: [number, number], rows: number, columns: number) {
  const [x0, x1] = [origin[0] - spacing[1] / 2, origin[0] + (columns - 0.5) * spacing[1]];
  const [y0, y1] = [origin[1] - spacing[0] / 2, origin[1] + (rows - 0.5) * spacing[0]];
  const scale = Math.min(d.canvasWidth / (x1 - x0), d.canvasHeight / (y1 - y0));
  return { scale, at: (x: number, y: number): [number, number] => [d.canvasWidth / 2 + (x - (x0 + x1) / 2) * scale, d.canvasHeight / 2 + (y - (y0 + y1) / 2) * scale] };
}

/**
 * The drawn ellipse in a cell: its centroid at CENTRE (within `centreMm`), its extent that of the ellipsoid's
 * section at patient z (within `edgeMm`, plus the 2 px outline).
 */
function expectEllipse(d: Drawn, f: ReturnType<typeof fit>, z: number, centreMm: number, edgeMm: number, what: string): void {
  expect(d.count, `${what}: SEG pixels drawn`).toBeGreaterThan(200);
  const [cx, cy] = f.at(CENTRE[0], CENTRE[1]);
  expect(Math.hypot(d.x - cx, d.y - cy) / f.scale, `${what}: centroid (${d.x.toFixed(1)}, ${d.y.toFixed(1)}) vs CENTRE at (${cx.toFixed(1)}, ${cy.toFixed(1)}), mm`).toBeLessThanOrEqual(centreMm);
  const k = Math.sqrt(1 - ((z - CENTRE[2]) / ELLIPSOID_MM[2]) ** 2);
  const [hx, hy] = [ELLIPSOID_MM[0] * k * f.scale, ELLIPSOID_MM[1] * k * f.scale];
  const slack = edgeMm * f.scale + 2;
  for (const [got, want, side] of [[d.left, cx - hx, 'left'], [d.right, cx + hx, 'right'], [d.top, cy - hy, 'top'], [d.bottom, cy + hy, 'bottom']] as const)
    expect(Math.abs(got - want), `${what}: ${side} edge at ${got}, expected ${want.toFixed(1)} ± ${slack.toFixed(1)} px`).toBeLessThanOrEqual(slack);
}

const zA = (k: number): number => CENTRE[2] + (k - CENTRE_SLICE) * SLICE_SPACING;
const zB = (j: number): number => SERIES_B.z0 + j * SERIES_B.spacing;
/** A's pixel (0, 0), patient x and y (axial: columns along +x, rows along +y). */
const A_ORIGIN: [number, number] = [CENTRE[0] - 37 * PIXEL_SPACING[1], CENTRE[1] - 20 * PIXEL_SPACING[0]];

test('1x2 and 2x2: the SEG on A drawn on B (same Frame of Reference) at the ellipsoid, on A when B is the panels\' series, never on C (another Frame of Reference)', async ({ page }) => {
  const study = await studyUID(page.request, ROOT, '');
  await page.goto(`/viewer/?dicomweb=${ROOT}&StudyInstanceUIDs=${study}&layout=1x2`);
  await expectRendered(page, 'stack');
  await segReady(page);
  const aUid = (await page.locator('button.series-item', { hasText: 'Geometry axial' }).getAttribute('data-series-uid')) ?? '';
  await expect(cell(page, 'stack')).toHaveAttribute('data-cell-series', aUid);

  // B in the second cell, at its slice 5 (patient z 47.0: through the ellipsoid, 0.75 mm from its centre).
  await page.getByLabel('Series in viewport 2').selectOption(SERIES_B.uid);
  await expectRendered(page, 'stack-2');
  await pressKeys(page, 'ArrowRight');
  await expect(cell(page, 'stack-2')).toHaveAttribute('data-active', 'true');
  const jB = 5;
  await toSlice(page, 'stack-2', jB, SERIES_B.slices);
  // B's labels come from A's slices (A's slice nearest B's z, the SEG's own rows and columns): the centroid within
  // half a pixel of B and of A (1.3 / 2 + 1.1 / 2 mm), the edges likewise.
  let d = await segPixels(page, ['stack', 'stack-2']);
  const onB = fit(d['stack-2'], SERIES_B.origin, SERIES_B.pixelSpacing, SERIES_B.rows, SERIES_B.columns);
  const kA = Math.round((zB(jB) - zA(0)) / SLICE_SPACING);
  expectEllipse(d['stack-2'], onB, zA(kA), 1.2, 1.2, 'B in cell 2');
  expect(d.stack.count, 'A in cell 1 shows the SEG too').toBeGreaterThan(200);

  // C (another Frame of Reference, B's very grid and positions) in the second cell: nothing drawn on it.
  await page.getByLabel('Series in viewport 2').selectOption(SERIES_C.uid);
  await expectRendered(page, 'stack-2');
  await expect(cell(page, 'stack-2')).toHaveAttribute('data-cell-series', SERIES_C.uid);
  await toSlice(page, 'stack-2', jB, SERIES_C.slices);
  d = await segPixels(page, ['stack', 'stack-2']);
  expect(d['stack-2'].count, 'SEG pixels on C').toBe(0);
  expect(d.stack.count, 'SEG pixels on A meanwhile').toBeGreaterThan(200);

  // B becomes the panels' series (first cell), A goes to the second: the SEG is placed on B's slices (its frames
  // on A's slices 5, 8 and 11 lie within B's tolerance of B's slices 4, 6 and 8; the others on none, as the panel
  // says) and carried from there onto A: A's slice 5 (z 44.75) shows the ellipse again, from B's slice 4.
  await page.getByLabel('Series in viewport 1').selectOption(SERIES_B.uid);
  await expect(cell(page, 'stack')).toHaveAttribute('data-cell-series', SERIES_B.uid);
  await expectRendered(page, 'stack');
  await segReady(page);
  await page.getByLabel('Series in viewport 2').selectOption(aUid);
  await expectRendered(page, 'stack-2');
  await pressKeys(page, 'ArrowRight');
  await expect(cell(page, 'stack-2')).toHaveAttribute('data-active', 'true');
  const kOnB = 5;
  await toSlice(page, 'stack-2', kOnB, SLICES);
  await expect(slice(page, 'stack')).toHaveText(`Slice 5/${SERIES_B.slices}`);
  d = await segPixels(page, ['stack', 'stack-2']);
  const onA = fit(d['stack-2'], A_ORIGIN, PIXEL_SPACING, ROWS, COLUMNS);
  // Through B's grid and back: within half a pixel of B plus half of A.
  expectEllipse(d['stack-2'], onA, zA(kOnB), 1.2, 1.2, 'A in cell 2');
  expect(d.stack.count, 'B in cell 1 shows the SEG too').toBeGreaterThan(100);

  // 2x2 with C in the third cell: still nothing on C, the ellipse on A.
  await page.getByRole('toolbar', { name: 'Viewer tools' }).getByRole('button', { name: '2x2', exact: true }).click();
  await page.getByLabel('Series in viewport 3').selectOption(SERIES_C.uid);
  await expectRendered(page, 'stack-3');
  await expect(cell(page, 'stack-3')).toHaveAttribute('data-cell-series', SERIES_C.uid);
  // C's middle slice (z 49.2) crosses the ellipsoid in patient z: were Frames of Reference ignored, it would show.
  await expect(slice(page, 'stack-2')).toHaveText(`Slice ${kOnB + 1}/${SLICES}`);
  d = await segPixels(page, ['stack-2', 'stack-3']);
  expect(d['stack-3'].count, 'SEG pixels on C in 2x2').toBe(0);
  expect(d['stack-2'].count, 'SEG pixels on A in 2x2').toBeGreaterThan(200);
});
