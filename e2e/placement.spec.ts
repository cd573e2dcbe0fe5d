// Absolute placement: SEG, RTSTRUCT and SR regions drawn at the canvas pixels where the test's own arithmetic puts
// them, within 1 canvas pixel, on the geometry generator's studies (src/testing/geometryStudy.ts: 48 x 64 pixels
// of 0.7 x 1.1 mm, and a 0.9 mm square-pixel control), in the stack and in MPR.
//
// The expected positions never come from the viewer (nor from Cornerstone's worldToCanvas): the generator says where
// its shapes are in patient space (the ellipsoid centred on pixel (20, 37) of slice 7, the box of half-widths
// BOX_MM, the SR's SCOORD3D point and polygon), and the test maps patient mm to the canvas with the rule by which
// Cornerstone fits an image to a viewport (resetCamera: the displayed extent, voxel edges included, fills the
// canvas in its limiting direction, its centre at the canvas centre; the stack shows the image as stored, rows
// down and columns right; MPR cameras look along Cornerstone's MPR_CAMERA_VALUES). That rule is checked once per
// view against the picture itself: where the non-black image ends and where the white pixel (0, 0) lands.
//
// All positions are in device pixels of the canvas, continuous: pixel i covers [i, i + 1).
//
// Break-checked (each made these tests fail, then reverted): PixelSpacing swapped in src/viewer/imagePlaneModule.ts
// (labelmap images: SEG centroid off by ~210 px in the stack, ~70 px in MPR; the square-pixel study passes, as it
// must), PixelSpacing swapped in the CT metadata src/viewer/imageIds.ts hands Cornerstone (SEG centroid off), the
// contour overlay's mapping shifted 2 px (RTSTRUCT edges), SCOORD3D points moved 0.4 mm (SR polygon edges), the
// SR point's cross shifted 2 px (SR point), the labelmap slices' ImagePositionPatient moved 1.5 mm in z
// (the axial study's sagittal view: SEG centroid 15 px off), the SEG-to-CT column shift one pixel more in
// src/dicom/geometry/plane.ts (the real liver SEG: centroid 0.82 mm off in x, with 0.57 mm allowed), the RTSTRUCT
// cut's slab 0.3 mm higher in src/dicom/rtstruct/planeCut.ts (sagittal box's top edge 2.9 px off).
//
// A real file too: dcmqi's liver SEG on its GE CT, read here with dcmjs for the CT planes; the drawn voxels of
// its three slices, mapped back to patient mm by the same rule, have MANIFEST.json's centroid and voxel count.
import { expect, test, type Page } from '@playwright/test';
import dcmjs from 'dcmjs';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { shared } from '../src/testing/sharedData';
import { SEG_MOUNTS } from './fixtures';
import { expectNoErrors, expectRendered, settle, snapshot, strokeLines, studyUID } from './helpers';
import { PLACEMENT_STUDIES } from './placementFixtures';
import { BOX_SLICES, CENTRE, CENTRE_COLUMN, CENTRE_ROW, CENTRE_SLICE, COLUMNS, ROWS, SLICES, SLICE_SPACING, SR_POINT_SLICES, SR_POLYGON_SLICE, GeometryStudy, type V3 } from '../src/testing/geometryStudy';

// Each test takes 3-5 s here.
test.setTimeout(20_000);

const dot = (a: V3, b: V3): number => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const TOLERANCE = 1;

/** How a view shows patient space: which way screen right and screen down point, and what it shows. */
interface View {
  width: number;
  height: number;
  right: V3;
  down: V3;
  /** voxel-edge corners of what is displayed (the image, or the whole volume in MPR) */
  corners: V3[];
}

/** Patient mm -> canvas device pixels, by the fit rule (see the top of this file). */
function toCanvas(v: View, p: V3): [number, number] {
  const along = (dir: V3) => v.corners.map((c) => dot(c, dir));
  const span = (xs: number[]) => Math.max(...xs) - Math.min(...xs);
  const mid = (xs: number[]) => (Math.max(...xs) + Math.min(...xs)) / 2;
  const [xs, ys] = [along(v.right), along(v.down)];
  const scale = Math.min(v.width / span(xs), v.height / span(ys));
  return [v.width / 2 + (dot(p, v.right) - mid(xs)) * scale, v.height / 2 + (dot(p, v.down) - mid(ys)) * scale];
}

/** Voxel-edge corners of slices k0..k1 (physical) of the study's image grid. */
function gridCorners(study: GeometryStudy, k0: number, k1: number): V3[] {
  const out: V3[] = [];
  for (const k of [k0 - 0.5, k1 + 0.5]) for (const r of [-0.5, ROWS - 0.5]) for (const c of [-0.5, COLUMNS - 0.5]) out.push(study.voxelCentre(k, r, c));
  return out;
}

/** The stack showing physical slice k: the image as stored (columns to the right, rows down). */
function stackView(study: GeometryStudy, k: number, size: { width: number; height: number }): View {
  return { ...size, right: study.geometryCase.rowDirection, down: study.geometryCase.columnDirection, corners: gridCorners(study, k, k) };
}

/** Cornerstone's MPR cameras (MPR_CAMERA_VALUES): screen right = viewRight, screen down = -viewUp. */
const MPR_CAMERAS: Record<string, { right: V3; down: V3 }> = {
  'mpr-axial': { right: [1, 0, 0], down: [0, 1, 0] },
  'mpr-sagittal': { right: [0, 1, 0], down: [0, 0, -1] },
  'mpr-coronal': { right: [1, 0, 0], down: [0, 0, -1] },
};

function mprView(study: GeometryStudy, viewportId: string, size: { width: number; height: number }): View {
  return { ...size, ...MPR_CAMERAS[viewportId], corners: gridCorners(study, 0, SLICES - 1) };
}

interface Box {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/** The Cornerstone canvas: its size, the extent of the non-black picture, and of its white pixels. */
async function picture(page: Page, viewportId: string): Promise<{ width: number; height: number; image: Box | null; white: Box | null }> {
  return page.evaluate((id) => {
    const canvas = document.querySelector<HTMLCanvasElement>(`[data-viewport-id="${id}"] canvas.cornerstone-canvas`);
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) throw new Error(`no canvas in ${id}`);
    const { data, width, height } = ctx.getImageData(0, 0, canvas.width, canvas.height);
    const grow = (b: { left: number; right: number; top: number; bottom: number } | null, x: number, y: number) =>
      b ? { left: Math.min(b.left, x), right: Math.max(b.right, x + 1), top: Math.min(b.top, y), bottom: Math.max(b.bottom, y + 1) } : { left: x, right: x + 1, top: y, bottom: y + 1 };
    let image = null;
    let white = null;
    for (let y = 0; y < height; y++)
      for (let x = 0; x < width; x++) {
        const i = (y * width + x) * 4;
        const m = Math.max(data[i], data[i + 1], data[i + 2]);
        if (m > 20) image = grow(image, x, y);
        if (Math.min(data[i], data[i + 1], data[i + 2]) > 245) white = grow(white, x, y);
      }
    return { width, height, image, white };
  }, viewportId);
}

/** Pixels that differ (> 8 in a channel) between two kept snapshots: count, centroid and extent (continuous). */
async function changed(page: Page, a: string, b: string): Promise<{ count: number; x: number; y: number; box: Box }> {
  return page.evaluate(
    ({ a, b }) => {
      const snaps = (window as unknown as { __snaps: Record<string, ImageData> }).__snaps;
      const [A, B] = [snaps[a], snaps[b]];
      let count = 0;
      let sx = 0;
      let sy = 0;
      const box = { left: Infinity, right: -Infinity, top: Infinity, bottom: -Infinity };
      for (let p = 0; p < A.width * A.height; p++) {
        const i = p * 4;
        if (Math.abs(A.data[i] - B.data[i]) > 8 || Math.abs(A.data[i + 1] - B.data[i + 1]) > 8 || Math.abs(A.data[i + 2] - B.data[i + 2]) > 8) {
          const x = p % A.width;
          const y = Math.floor(p / A.width);
          count++;
          sx += x + 0.5;
          sy += y + 0.5;
          box.left = Math.min(box.left, x);
          box.right = Math.max(box.right, x + 1);
          box.top = Math.min(box.top, y);
          box.bottom = Math.max(box.bottom, y + 1);
        }
      }
      return { count, x: sx / Math.max(1, count), y: sy / Math.max(1, count), box };
    },
    { a, b },
  );
}

/** The outline of an axis-aligned rectangle on the overlay: its first and last stroked rows and columns. */
async function strokedRectangle(page: Page, viewportId: string, minRun: [number, number]): Promise<Box> {
  const { rows, columns } = await strokeLines(page, viewportId, minRun);
  expect(rows.length, `stroked rows ${rows}`).toBeGreaterThanOrEqual(2);
  expect(columns.length, `stroked columns ${columns}`).toBeGreaterThanOrEqual(2);
  return { left: columns[0], right: columns[columns.length - 1], top: rows[0], bottom: rows[rows.length - 1] };
}

function expectNear(actual: number, expected: number, what: string, tolerance = TOLERANCE): void {
  expect(Math.abs(actual - expected), `${what}: drawn at ${actual.toFixed(2)}, expected ${expected.toFixed(2)} (±${tolerance} px)`).toBeLessThanOrEqual(tolerance);
}

/** Expected canvas rectangle of patient points (the extremes of their projections). */
function rectangleOf(view: View, points: V3[]): Box {
  const xy = points.map((p) => toCanvas(view, p));
  return {
    left: Math.min(...xy.map((p) => p[0])),
    right: Math.max(...xy.map((p) => p[0])),
    top: Math.min(...xy.map((p) => p[1])),
    bottom: Math.max(...xy.map((p) => p[1])),
  };
}

function expectBox(actual: Box, expected: Box, what: string, tolerance = TOLERANCE): void {
  for (const side of ['left', 'right', 'top', 'bottom'] as const) expectNear(actual[side], expected[side], `${what}, ${side} edge`, tolerance);
}

/** The test's check of the fit rule: the picture spans the image's (or volume's) extent, pixel (0, 0) where it belongs. */
async function expectFitRule(page: Page, viewportId: string, study: GeometryStudy, view: (size: { width: number; height: number }) => View, k: number): Promise<View> {
  const p = await picture(page, viewportId);
  const v = view(p);
  expect(p.image, 'a non-black picture').not.toBeNull();
  const corners = gridCorners(study, k, k);
  expectBox(p.image as Box, rectangleOf(v, corners), `${viewportId}: the image's extent`);
  // Pixel (0, 0) is white: it shows inside the canvas rectangle of that pixel (linear interpolation keeps the
  // white towards the image's edge, so only containment is asked, within the tolerance).
  const first = rectangleOf(v, [study.voxelCentre(k, -0.5, -0.5), study.voxelCentre(k, 0.5, 0.5), study.voxelCentre(k, -0.5, 0.5), study.voxelCentre(k, 0.5, -0.5)]);
  expect(p.white, 'white pixel (0, 0) shown').not.toBeNull();
  const white = p.white as Box;
  expect(white.left, `white ${JSON.stringify(white)} within pixel (0, 0) ${JSON.stringify(first)}`).toBeGreaterThanOrEqual(first.left - TOLERANCE);
  expect(white.right).toBeLessThanOrEqual(first.right + TOLERANCE);
  expect(white.top, `white ${JSON.stringify(white)} within pixel (0, 0) ${JSON.stringify(first)}`).toBeGreaterThanOrEqual(first.top - TOLERANCE);
  expect(white.bottom).toBeLessThanOrEqual(first.bottom + TOLERANCE);
  return v;
}

async function open(page: Page, mount: string, layout?: 'mpr'): Promise<void> {
  const root = `/dw/${mount}`;
  const study = await studyUID(page.request, root, '');
  await page.goto(`/viewer/?dicomweb=${root}&StudyInstanceUIDs=${study}${layout ? `&layout=${layout}` : ''}`);
  await expectRendered(page, layout ? 'mpr-axial' : 'stack');
  const seg = page.locator('[data-seg-key]');
  await expect(seg).toHaveAttribute('data-status', /ready|error/, { timeout: 60_000 });
  expect(await seg.getAttribute('data-status'), (await seg.textContent()) ?? '').toBe('ready');
  await expect(page.locator('li[data-roi-name="Box"]')).toBeVisible();
  await expectNoErrors(page);
  if (layout) await page.waitForFunction(() => performance.getEntriesByName('viewer:series-loaded').length > 0, undefined, { timeout: 60_000 });
}

const ellipsoidRow = (page: Page) => page.locator('li.segment', { hasText: 'Ellipsoid' }).first();

/** SEG pixels: jump to the ellipsoid, snapshot with it shown and hidden (and leave it hidden); what changed per viewport. */
async function segDrawn(page: Page, viewportIds: string[]): Promise<Record<string, Awaited<ReturnType<typeof changed>>>> {
  const row = ellipsoidRow(page);
  await row.getByRole('button', { name: 'Ellipsoid', exact: true }).click();
  await settle(page);
  for (const id of viewportIds) await snapshot(page, id, `on-${id}`);
  await row.getByRole('checkbox').uncheck();
  await settle(page);
  const out: Record<string, Awaited<ReturnType<typeof changed>>> = {};
  for (const id of viewportIds) {
    await snapshot(page, id, `off-${id}`);
    out[id] = await changed(page, `on-${id}`, `off-${id}`);
  }
  return out;
}

/** The SEG's rasterised ellipse on the centre slice: its voxel-edge extent (rows, columns), from the generator's mask. */
function ellipseExtent(study: GeometryStudy): { r0: number; r1: number; c0: number; c1: number } {
  const mask = study.ellipsoidPixels(CENTRE_SLICE);
  let [r0, r1, c0, c1] = [Infinity, -Infinity, Infinity, -Infinity];
  mask.forEach((v, i) => {
    if (!v) return;
    const [r, c] = [Math.floor(i / COLUMNS), i % COLUMNS];
    [r0, r1, c0, c1] = [Math.min(r0, r), Math.max(r1, r), Math.min(c0, c), Math.max(c1, c)];
  });
  return { r0: r0 - 0.5, r1: r1 + 0.5, c0: c0 - 0.5, c1: c1 + 0.5 };
}

async function toSlice(page: Page, k: number): Promise<void> {
  // The keys go to the page, not to a checkbox that kept the focus.
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press('Home');
  for (let i = 0; i < k; i++) await page.keyboard.press('ArrowDown');
  await expect(page.getByTestId('slice-stack')).toHaveText(`Slice ${k + 1}/${SLICES}`);
  await settle(page);
}

for (const s of Object.values(PLACEMENT_STUDIES)) {
  test(`stack, ${s.case.name} (${(s.case.pixelSpacing ?? [0.7, 1.1]).join(' x ')} mm pixels): SEG, RTSTRUCT and SR drawn where the geometry puts them`, async ({ page }) => {
    const study = new GeometryStudy(s.case);
    await open(page, s.mount);
    // The SEG: jump to it (the middle slice of the ellipsoid, CENTRE_SLICE), then shown minus hidden.
    const d = (await segDrawn(page, ['stack'])).stack;
    await expect(page.getByTestId('slice-stack')).toHaveText(`Slice ${CENTRE_SLICE + 1}/${SLICES}`);
    const view = stackView(study, CENTRE_SLICE, await picture(page, 'stack'));
    expect(d.count, 'SEG pixels drawn').toBeGreaterThan(200);
    // The drawn pixels are symmetric about the ellipsoid's centre (it sits on a pixel centre): their centroid is it.
    const [cx, cy] = toCanvas(view, CENTRE);
    expectNear(d.x, cx, 'SEG centroid x');
    expectNear(d.y, cy, 'SEG centroid y');
    // And they cover the generator's rasterised ellipse: same extent.
    const e = ellipseExtent(study);
    const extent = rectangleOf(view, [study.voxelCentre(CENTRE_SLICE, e.r0, e.c0), study.voxelCentre(CENTRE_SLICE, e.r1, e.c1)]);
    expectBox(d.box, extent, 'SEG extent');
    // The fit rule those expectations rest on, checked on the picture itself (the SEG hidden).
    await expectFitRule(page, 'stack', study, (size) => stackView(study, CENTRE_SLICE, size), CENTRE_SLICE);

    // RTSTRUCT: the box on slice 5 (the first of BOX_SLICES; no SR region there).
    await toSlice(page, 5);
    const boxView = stackView(study, 5, view);
    const box = rectangleOf(boxView, chunk(study.boxOutline(5)));
    const drawnBox = await strokedRectangle(page, 'stack', halfSides(box));
    expectBox(drawnBox, box, 'RTSTRUCT box');

    // SR: the SCOORD3D polygon (the box outline on SR_POLYGON_SLICE), labelled above (the label is no long line).
    await toSlice(page, SR_POLYGON_SLICE);
    const polygon = rectangleOf(stackView(study, SR_POLYGON_SLICE, view), chunk(study.boxOutline(SR_POLYGON_SLICE)));
    expectBox(await strokedRectangle(page, 'stack', halfSides(polygon)), polygon, 'SR polygon');

    // SR: the SCOORD3D point, a cross of 12 px arms, on CENTRE_SLICE + SR_POINT_SLICES (with the RTSTRUCT hidden).
    await page.locator('[data-rtstruct-key] .seg-series-head input[type="checkbox"]').first().uncheck();
    const k = CENTRE_SLICE + SR_POINT_SLICES;
    await toSlice(page, k);
    const point: V3 = CENTRE.map((v, i) => v + study.normal[i] * SR_POINT_SLICES * SLICE_SPACING) as V3;
    const [px, py] = toCanvas(stackView(study, k, view), point);
    // Looked for within the cross's reach of where it belongs (its label starts 8 px to the right).
    const cross = await strokeLines(page, 'stack', [8, 8], { left: px - 7.5, right: px + 7.5, top: py - 7.5, bottom: py + 7.5 });
    expect(cross.rows.length, `the point's horizontal arm near (${px.toFixed(1)}, ${py.toFixed(1)})`).toBe(1);
    expect(cross.columns.length, `the point's vertical arm near (${px.toFixed(1)}, ${py.toFixed(1)})`).toBe(1);
    expectNear(cross.columns[0], px, 'SR point x');
    expectNear(cross.rows[0], py, 'SR point y');
  });
}

/** In MPR, the viewport whose plane is each study's acquisition plane. */
const MPR_CASES = [
  { study: PLACEMENT_STUDIES.axial, viewportId: 'mpr-axial' },
  { study: PLACEMENT_STUDIES.sagittal, viewportId: 'mpr-sagittal' },
  { study: PLACEMENT_STUDIES.coronal, viewportId: 'mpr-coronal' },
];

for (const { study: s, viewportId } of MPR_CASES) {
  test(`MPR, ${viewportId} of the ${s.case.name} study (0.7 x 1.1 mm pixels): SEG and RTSTRUCT drawn where the geometry puts them`, async ({ page }) => {
    const study = new GeometryStudy(s.case);
    await open(page, s.mount, 'mpr');
    // Jumping to the segment moves every plane through its centre: this viewport shows slice CENTRE_SLICE.
    const d = (await segDrawn(page, [viewportId]))[viewportId];
    const view = mprView(study, viewportId, await picture(page, viewportId));
    expect(d.count, 'SEG pixels drawn').toBeGreaterThan(200);
    const [cx, cy] = toCanvas(view, CENTRE);
    expectNear(d.x, cx, 'SEG centroid x');
    expectNear(d.y, cy, 'SEG centroid y');
    const e = ellipseExtent(study);
    expectBox(d.box, rectangleOf(view, [study.voxelCentre(CENTRE_SLICE, e.r0, e.c0), study.voxelCentre(CENTRE_SLICE, e.r1, e.c1)]), 'SEG extent');
    await expectFitRule(page, viewportId, study, (size) => mprView(study, viewportId, size), CENTRE_SLICE);
    // The box is on this slice too (with the SR's small SCOORD point at its centre: no long line).
    const box = rectangleOf(view, chunk(study.boxOutline(CENTRE_SLICE)));
    expectBox(await strokedRectangle(page, viewportId, halfSides(box)), box, 'RTSTRUCT box');
  });
}

/** Half the width and half the height of a rectangle: a stroked side is at least that long, a label is not. */
const halfSides = (b: Box): [number, number] => [(b.right - b.left) / 2, (b.bottom - b.top) / 2];

function chunk(flat: number[]): V3[] {
  const out: V3[] = [];
  for (let i = 0; i < flat.length; i += 3) out.push([flat[i], flat[i + 1], flat[i + 2]]);
  return out;
}

/**
 * The ellipsoid's voxels cut by a plane through CENTRE holding the slice normal: sagittal (the column of CENTRE)
 * or coronal (the row of CENTRE) of the axial study; their voxel-edge corners in patient space, from the
 * generator's masks.
 */
function crossSectionCorners(study: GeometryStudy, cut: 'column' | 'row'): V3[] {
  const out: V3[] = [];
  for (let k = 0; k < SLICES; k++) {
    const mask = study.ellipsoidPixels(k);
    const along = cut === 'column' ? ROWS : COLUMNS;
    for (let i = 0; i < along; i++) {
      const [r, c] = cut === 'column' ? [i, CENTRE_COLUMN] : [CENTRE_ROW, i];
      if (!mask[r * COLUMNS + c]) continue;
      for (const dk of [-0.5, 0.5]) for (const dr of [-0.5, 0.5]) for (const dc of [-0.5, 0.5]) out.push(study.voxelCentre(k + dk, r + dr, c + dc));
    }
  }
  return out;
}

test('MPR, the axial study (0.7 x 1.1 mm pixels) across its slices: the SEG in the sagittal and coronal views, the SR point in the axial view, where the geometry puts them', async ({ page }) => {
  const s = PLACEMENT_STUDIES.axial;
  const study = new GeometryStudy(s.case);
  await open(page, s.mount, 'mpr');
  // Jumping to the segment moves the sagittal and coronal planes through CENTRE: the column and the row of CENTRE.
  const drawn = await segDrawn(page, ['mpr-sagittal', 'mpr-coronal']);
  for (const [id, cut] of [['mpr-sagittal', 'column'], ['mpr-coronal', 'row']] as const) {
    const d = drawn[id];
    const view = mprView(study, id, await picture(page, id));
    // The picture is the volume seen from the side: its extent is the volume's, voxel edges included.
    expectBox((await picture(page, id)).image as Box, rectangleOf(view, gridCorners(study, 0, SLICES - 1)), `${id}: the volume's extent`);
    expect(d.count, `${id}: SEG pixels drawn`).toBeGreaterThan(100);
    const [cx, cy] = toCanvas(view, CENTRE);
    expectNear(d.x, cx, `${id}: SEG centroid x`);
    expectNear(d.y, cy, `${id}: SEG centroid y`);
    expectBox(d.box, rectangleOf(view, crossSectionCorners(study, cut)), `${id}: SEG extent`);
  }
  // The SR's SCOORD3D point, SR_POINT_SLICES slices above CENTRE: its group takes the axial view to its slice.
  await page.locator('[data-rtstruct-key] .seg-series-head input[type="checkbox"]').first().uncheck();
  await page.locator('.group-row button.group-toggle', { hasText: 'point 3D' }).click();
  await settle(page);
  const point: V3 = CENTRE.map((v, i) => v + study.normal[i] * SR_POINT_SLICES * SLICE_SPACING) as V3;
  const [px, py] = toCanvas(mprView(study, 'mpr-axial', await picture(page, 'mpr-axial')), point);
  const cross = await strokeLines(page, 'mpr-axial', [8, 8], { left: px - 7.5, right: px + 7.5, top: py - 7.5, bottom: py + 7.5 });
  expect(cross.rows.length, `the point's horizontal arm near (${px.toFixed(1)}, ${py.toFixed(1)})`).toBe(1);
  expect(cross.columns.length, `the point's vertical arm near (${px.toFixed(1)}, ${py.toFixed(1)})`).toBe(1);
  expectNear(cross.columns[0], px, 'SR point x');
  expectNear(cross.rows[0], py, 'SR point y');
});

test('MPR, the axial study: the RTSTRUCT box in the sagittal and coronal views, each slice standing for its slab, where the geometry puts it', async ({ page }) => {
  const s = PLACEMENT_STUDIES.axial;
  const study = new GeometryStudy(s.case);
  await open(page, s.mount, 'mpr');
  // Only the box: the SR's regions (its polygon is the box outline one slice lower) hidden.
  await page.getByRole('checkbox', { name: 'Show report regions on the images' }).uncheck();
  await settle(page);
  // The views start through the volume's centre, which the box's cross-section contains. In them, the box is the
  // outline of its contours from the first box slice's slab bottom to the last one's top (half a slice spacing
  // beyond each), between its sides along the view's horizontal.
  const halfSlab = (k: number, sign: number): V3[] => chunk(study.boxOutline(k)).map((p) => p.map((v, i) => v + sign * study.normal[i] * (SLICE_SPACING / 2)) as V3);
  const corners = [...halfSlab(BOX_SLICES[0], -1), ...halfSlab(BOX_SLICES[BOX_SLICES.length - 1], 1)];
  for (const id of ['mpr-sagittal', 'mpr-coronal']) {
    const view = mprView(study, id, await picture(page, id));
    const box = rectangleOf(view, corners);
    expectBox(await strokedRectangle(page, id, halfSides(box)), box, `${id}: RTSTRUCT box`);
  }
});

/** A real CT slice's plane, read from its file here (dcmjs), not by the viewer. */
interface RealPlane {
  ipp: V3;
  rowDirection: V3;
  columnDirection: V3;
  /** PixelSpacing: [between rows, between columns] */
  spacing: [number, number];
  rows: number;
  columns: number;
}

function realPlanes(folder: string): RealPlane[] {
  const planes = readdirSync(folder).map((name) => {
    const ds = dcmjs.data.DicomMetaDictionary.naturalizeDataset(dcmjs.data.DicomMessage.readFile(readFileSync(path.join(folder, name)).buffer).dict);
    const iop = (ds.ImageOrientationPatient as number[]).map(Number);
    return {
      ipp: (ds.ImagePositionPatient as number[]).map(Number) as V3,
      rowDirection: iop.slice(0, 3) as V3,
      columnDirection: iop.slice(3, 6) as V3,
      spacing: (ds.PixelSpacing as number[]).map(Number) as [number, number],
      rows: Number(ds.Rows),
      columns: Number(ds.Columns),
    };
  });
  // Slice 1 of the stack is the first along the normal (row x column direction), as the viewer numbers them.
  const normal = (p: RealPlane): V3 => {
    const [a, b] = [p.rowDirection, p.columnDirection];
    return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
  };
  return planes.sort((p, q) => dot(p.ipp, normal(p)) - dot(q.ipp, normal(q)));
}

/** Centre of pixel (row, column) of a real plane, in patient mm: IPP + column x column spacing along the row direction + row x row spacing along the column direction. */
const realPixel = (p: RealPlane, row: number, column: number): V3 =>
  [0, 1, 2].map((i) => p.ipp[i] + column * p.spacing[1] * p.rowDirection[i] + row * p.spacing[0] * p.columnDirection[i]) as V3;

/** Canvas point -> patient mm on the stack's plane p: the fit rule's map inverted (it is affine in row and column). */
function canvasToPatient(view: View, p: RealPlane, x: number, y: number): V3 {
  const [o, r1, c1] = [toCanvas(view, realPixel(p, 0, 0)), toCanvas(view, realPixel(p, 1, 0)), toCanvas(view, realPixel(p, 0, 1))];
  const [dr, dc] = [[r1[0] - o[0], r1[1] - o[1]], [c1[0] - o[0], c1[1] - o[1]]];
  const det = dr[0] * dc[1] - dr[1] * dc[0];
  const [u, v] = [x - o[0], y - o[1]];
  const row = (u * dc[1] - v * dc[0]) / det;
  const column = (dr[0] * v - dr[1] * u) / det;
  return realPixel(p, row, column);
}

test("a real SEG: dcmqi's liver on the GE CT, its drawn voxels' 3D centroid within 1 canvas pixel of MANIFEST.json's", async ({ page }) => {
  const manifest = JSON.parse(readFileSync(shared('MANIFEST.json'), 'utf8')) as {
    derived: Array<{ path: string; segmentation?: { segments: Array<{ label: string; voxels: number; centroid: V3 }> } }>;
  };
  const liver = manifest.derived.find((d) => d.path === 'dcmqi/segmentations/liver.dcm')?.segmentation?.segments[0];
  if (!liver) throw new Error('MANIFEST.json has no liver segment');
  const planes = realPlanes(shared('dcmqi/segmentations/ct-3slice'));
  const root = `/dw/${SEG_MOUNTS.liverNative.name}`;
  await page.goto(`/viewer/?dicomweb=${root}&StudyInstanceUIDs=${await studyUID(page.request, root, '')}`);
  await expectRendered(page, 'stack');
  await expect(page.locator('[data-seg-key]')).toHaveAttribute('data-status', 'ready', { timeout: 30_000 });
  await expectNoErrors(page);
  const row = page.locator('li.segment', { hasText: 'Liver' }).first();
  const toRealSlice = async (k: number): Promise<void> => {
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('Home');
    for (let i = 0; i < k; i++) await page.keyboard.press('ArrowDown');
    await expect(page.getByTestId('slice-stack')).toHaveText(`Slice ${k + 1}/${planes.length}`);
    await settle(page);
  };
  for (const k of planes.keys()) {
    await toRealSlice(k);
    await snapshot(page, 'stack', `on-${k}`);
  }
  await row.getByRole('checkbox').uncheck();
  let [weight, drawnVoxels] = [0, 0];
  const sum: V3 = [0, 0, 0];
  for (const [k, p] of planes.entries()) {
    await toRealSlice(k);
    await snapshot(page, 'stack', `off-${k}`);
    const d = await changed(page, `on-${k}`, `off-${k}`);
    const size = await picture(page, 'stack');
    const corners = [realPixel(p, -0.5, -0.5), realPixel(p, p.rows - 0.5, p.columns - 0.5), realPixel(p, -0.5, p.columns - 0.5), realPixel(p, p.rows - 0.5, -0.5)];
    const view: View = { width: size.width, height: size.height, right: p.rowDirection, down: p.columnDirection, corners };
    // Canvas pixels per voxel: the fit rule's scale, squared.
    const [o, r1, c1] = [toCanvas(view, realPixel(p, 0, 0)), toCanvas(view, realPixel(p, 1, 0)), toCanvas(view, realPixel(p, 0, 1))];
    const voxelArea = Math.abs((r1[0] - o[0]) * (c1[1] - o[1]) - (r1[1] - o[1]) * (c1[0] - o[0]));
    const w = d.count / voxelArea;
    drawnVoxels += w;
    const at = canvasToPatient(view, p, d.x, d.y);
    for (const i of [0, 1, 2]) sum[i] += at[i] * w;
    weight += w;
  }
  const centroid = sum.map((v) => v / weight);
  // One canvas pixel, in mm, on this canvas (the largest pixel spacing over the scale).
  const p0 = planes[0];
  const size = await picture(page, 'stack');
  const view0: View = { width: size.width, height: size.height, right: p0.rowDirection, down: p0.columnDirection, corners: [realPixel(p0, -0.5, -0.5), realPixel(p0, p0.rows - 0.5, p0.columns - 0.5)] };
  const mmPerCanvasPixel = 1 / Math.hypot(...[0, 1].map((i) => toCanvas(view0, realPixel(p0, 0, 1))[i] - toCanvas(view0, realPixel(p0, 0, 0))[i])) * Math.max(...p0.spacing);
  for (const i of [0, 1, 2])
    expect(Math.abs(centroid[i] - liver.centroid[i]), `centroid[${i}]: drawn ${centroid[i].toFixed(2)} mm, MANIFEST ${liver.centroid[i]} mm (±${mmPerCanvasPixel.toFixed(2)} mm)`).toBeLessThanOrEqual(mmPerCanvasPixel);
  // And as many voxels as the independent decoder counted, to the edge pixels' rounding (0.5%; 0.04% here).
  expect(Math.abs(drawnVoxels - liver.voxels) / liver.voxels, `voxels drawn ${drawnVoxels.toFixed(0)}, MANIFEST ${liver.voxels}`).toBeLessThan(0.005);
});

/** Where a canvas point goes when the view is turned clockwise by `quarterTurns` x 90 degrees about the canvas centre and then mirrored left-right (`mirrored`), as the user sees it. */
function turned(p: [number, number], size: { width: number; height: number }, quarterTurns: number, mirrored: boolean): [number, number] {
  let [dx, dy] = [p[0] - size.width / 2, p[1] - size.height / 2];
  // Clockwise on screen (y down): the top-left corner goes to the top-right, (dx, dy) -> (-dy, dx).
  for (let i = 0; i < ((quarterTurns % 4) + 4) % 4; i++) [dx, dy] = [-dy, dx];
  if (mirrored) dx = -dx;
  return [size.width / 2 + dx, size.height / 2 + dy];
}

const turnedBox = (b: Box, size: { width: number; height: number }, quarterTurns: number, mirrored: boolean): Box => {
  const corners = [turned([b.left, b.top], size, quarterTurns, mirrored), turned([b.right, b.bottom], size, quarterTurns, mirrored)];
  return { left: Math.min(corners[0][0], corners[1][0]), right: Math.max(corners[0][0], corners[1][0]), top: Math.min(corners[0][1], corners[1][1]), bottom: Math.max(corners[0][1], corners[1][1]) };
};

test('rotated (R, L) and flipped (H, V) with OHIF’s keys, the image and its SEG and RTSTRUCT turn together; Space puts everything back', async ({ page }) => {
  // 13 s here (33 s on a machine loaded by three test runs)
  test.setTimeout(40_000);
  const s = PLACEMENT_STUDIES.axial;
  const study = new GeometryStudy(s.case);
  await open(page, s.mount);
  await page.locator('[data-rtstruct-key] .seg-series-head input[type="checkbox"]').first().uncheck();
  const row = ellipsoidRow(page);
  await row.getByRole('button', { name: 'Ellipsoid', exact: true }).click();
  const size = await picture(page, 'stack');
  const view = stackView(study, CENTRE_SLICE, size);
  const centre = toCanvas(view, CENTRE);
  const pixel00 = rectangleOf(view, [study.voxelCentre(CENTRE_SLICE, -0.5, -0.5), study.voxelCentre(CENTRE_SLICE, 0.5, 0.5)]);
  const imageBox = rectangleOf(view, gridCorners(study, CENTRE_SLICE, CENTRE_SLICE));
  const press = async (key: string): Promise<void> => {
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press(key);
    await settle(page);
  };
  /** The picture, the white pixel (0, 0) and the SEG's centroid, as turned; the SEG is shown again after. */
  const expectTurned = async (quarterTurns: number, mirrored: boolean, label: string): Promise<void> => {
    await expect(page.getByTestId('view-stack')).toHaveText(label);
    const p = await picture(page, 'stack');
    // (a quarter turn of a wide image overflows the canvas: what shows is clipped to it)
    const t = turnedBox(imageBox, size, quarterTurns, mirrored);
    const clipped = { left: Math.max(0, t.left), right: Math.min(size.width, t.right), top: Math.max(0, t.top), bottom: Math.min(size.height, t.bottom) };
    expectBox(p.image as Box, clipped, `${label || 'as acquired'}: the image's extent`);
    const expected = turnedBox(pixel00, size, quarterTurns, mirrored);
    if (expected.top < 0 || expected.bottom > size.height || expected.left < 0 || expected.right > size.width) {
      expect(p.white, `${label}: white pixel (0, 0) belongs off the canvas, at ${JSON.stringify(expected)}`).toBeNull();
    } else {
      const white = p.white as Box;
      expect(white, `${label}: white pixel (0, 0) shown`).not.toBeNull();
      const [wx, wy] = [(white.left + white.right) / 2, (white.top + white.bottom) / 2];
      expect(wx >= expected.left - TOLERANCE && wx <= expected.right + TOLERANCE && wy >= expected.top - TOLERANCE && wy <= expected.bottom + TOLERANCE, `${label}: white pixel (0, 0) at (${wx}, ${wy}), expected in ${JSON.stringify(expected)}`).toBe(true);
    }
    await snapshot(page, 'stack', 'turned-on');
    await row.getByRole('checkbox').uncheck();
    await settle(page);
    await snapshot(page, 'stack', 'turned-off');
    const d = await changed(page, 'turned-on', 'turned-off');
    const [cx, cy] = turned(centre, size, quarterTurns, mirrored);
    expectNear(d.x, cx, `${label}: SEG centroid x`);
    expectNear(d.y, cy, `${label}: SEG centroid y`);
    await row.getByRole('checkbox').check();
    await settle(page);
  };
  await expectTurned(0, false, '');
  await press('r');
  await expectTurned(1, false, 'Rotated 90°');
  await press('r');
  await expectTurned(2, false, 'Rotated 180°');
  await press('l');
  await expectTurned(1, false, 'Rotated 90°');
  await press('h');
  // Cornerstone states the turn of a mirrored view after the mirror: mirrored then turned 270° is what shows.
  await expectTurned(1, true, 'Rotated 270° · Flipped left-right');
  // Mirrored up-down as well: a half turn of the mirror image... which is the picture turned three quarters, not mirrored.
  await press('v');
  await expectTurned(3, false, 'Rotated 90° · Flipped left-right · Flipped up-down');
  // The RTSTRUCT box (slice 5) turned with the image.
  await page.locator('[data-rtstruct-key] .seg-series-head input[type="checkbox"]').first().check();
  await toSlice(page, 5);
  const box = turnedBox(rectangleOf(stackView(study, 5, size), chunk(study.boxOutline(5))), size, 3, false);
  expectBox(await strokedRectangle(page, 'stack', halfSides(box)), box, 'RTSTRUCT box, turned');
  await press(' ');
  await expect(page.getByTestId('view-stack')).toHaveText('');
  expectBox((await strokedRectangle(page, 'stack', halfSides(box))), rectangleOf(stackView(study, 5, size), chunk(study.boxOutline(5))), 'RTSTRUCT box, after Space');
});
