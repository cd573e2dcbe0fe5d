// What measure.spec.ts and srexport.spec.ts share on measureFixtures.ts's CT: waiting for it to be drawn, finding
// its white markers on the screen (and from them, where each image pixel is on the page), drawing with a tool,
// and reading the Measurements panel.
import { expect, type Page } from '@playwright/test';
import { canvasStats, settle, snapshot } from './helpers';
import { MARKERS, PIXEL_SPACING } from './measureFixtures';

/** Waits until the viewport shows this study: not one colour (black background, grey regions, white markers). */
export async function expectDrawn(page: Page, viewportId: string): Promise<void> {
  await expect.poll(async () => (await canvasStats(page, viewportId))?.distinct ?? 0, { message: `viewport ${viewportId} never showed the image` }).toBeGreaterThanOrEqual(2);
}

export interface Blob2 {
  x: number;
  y: number;
  size: number;
}

/** White blobs (grey >= 250) on a viewport's canvas, largest first, centroids in page CSS pixels. */
export async function whiteBlobs(page: Page, viewportId: string): Promise<Blob2[]> {
  await settle(page);
  await snapshot(page, viewportId, 'blobs');
  return page.evaluate((id) => {
    const img = (window as unknown as { __snaps: Record<string, ImageData> }).__snaps.blobs;
    const canvas = document.querySelector<HTMLCanvasElement>(`[data-viewport-id="${id}"] canvas.cornerstone-canvas`) ?? document.querySelector<HTMLCanvasElement>(`[data-viewport-id="${id}"] canvas`);
    const rect = (canvas as HTMLCanvasElement).getBoundingClientRect();
    const sx = rect.width / img.width;
    const sy = rect.height / img.height;
    const seen = new Uint8Array(img.width * img.height);
    const white = (i: number): boolean => img.data[i * 4] >= 250 && img.data[i * 4 + 1] >= 250 && img.data[i * 4 + 2] >= 250;
    const blobs: Array<{ x: number; y: number; size: number }> = [];
    for (let start = 0; start < seen.length; start++) {
      if (seen[start] || !white(start)) continue;
      const stack = [start];
      seen[start] = 1;
      let [n, sumX, sumY] = [0, 0, 0];
      while (stack.length) {
        const i = stack.pop() as number;
        const [x, y] = [i % img.width, Math.floor(i / img.width)];
        n++;
        sumX += x + 0.5;
        sumY += y + 0.5;
        for (const [dx, dy] of [[1, 0], [-1, 0], [0, 1], [0, -1]]) {
          const [nx, ny] = [x + dx, y + dy];
          const j = ny * img.width + nx;
          if (nx >= 0 && ny >= 0 && nx < img.width && ny < img.height && !seen[j] && white(j)) {
            seen[j] = 1;
            stack.push(j);
          }
        }
      }
      blobs.push({ x: rect.left + (sumX / n) * sx, y: rect.top + (sumY / n) * sy, size: n });
    }
    return blobs.sort((a, b) => b.size - a.size);
  }, viewportId);
}

/** Image pixel (row, column) -> page position, from where markers A and B are seen (axial, as acquired). */
export async function pixelMap(page: Page): Promise<(row: number, column: number) => [number, number]> {
  const blobs = await whiteBlobs(page, 'stack');
  expect(blobs.length, 'the two white markers on the screen').toBe(2);
  const [a, b] = blobs;
  const sx = (b.x - a.x) / (MARKERS.b.column - MARKERS.a.column);
  const sy = (b.y - a.y) / (MARKERS.b.row - MARKERS.a.row);
  return (row, column) => [a.x + (column - MARKERS.a.column) * sx, a.y + (row - MARKERS.a.row) * sy];
}

export async function drag(page: Page, from: [number, number], to: [number, number]): Promise<void> {
  await page.mouse.move(...from);
  await page.mouse.down();
  await page.mouse.move(...to, { steps: 8 });
  await page.mouse.up();
}

export const panel = (page: Page) => page.getByRole('region', { name: 'Measurements' });
export const toolButton = (page: Page, name: string) => page.getByRole('group', { name: 'Left mouse button tool' }).getByRole('button', { name, exact: true });

/** The number and unit the panel shows for a quantity of the measurement drawn with `tool`. */
export async function shown(page: Page, tool: string, quantity: string): Promise<{ value: number; unit: string }> {
  const cell = panel(page).locator(`li[data-tool="${tool}"] [data-quantity="${quantity}"]`);
  await expect(cell).toHaveCount(1);
  const m = /^\S+ (-?[\d.]+)(?: (.+))?$/.exec((await cell.textContent()) ?? '');
  expect(m, `${tool} ${quantity} as shown`).toBeTruthy();
  return { value: Number(m?.[1]), unit: m?.[2] ?? '' };
}

/**
 * Waits until the panel shows `expected` (within `tolerance`) in `unit`. Cornerstone computes a drawn shape's
 * values as the mouse moves, at most every 100 ms, so the last ones come a moment after the mouse is released.
 */
export async function expectShown(page: Page, tool: string, quantity: string, expected: number, tolerance: number, unit: string): Promise<number> {
  let last = { value: Number.NaN, unit: '' };
  await expect
    .poll(async () => {
      last = await shown(page, tool, quantity);
      return last.unit === unit && Math.abs(last.value - expected) <= tolerance;
    }, { message: `${tool} ${quantity}: expected ${expected.toFixed(2)} ${unit} within ${tolerance}` })
    .toBe(true);
  return last.value;
}

/** The distance between the markers' centres in patient mm: the generator's pixel indices times PixelSpacing. */
export const MARKER_DISTANCE = Math.hypot((MARKERS.b.row - MARKERS.a.row) * PIXEL_SPACING[0], (MARKERS.b.column - MARKERS.a.column) * PIXEL_SPACING[1]);
