// Keys, slices and the shown picture of one viewport, shared by the layout specs.
import { expect, type Page } from '@playwright/test';

/** Presses keys with nothing focused: the viewer's shortcuts, not a button's Space or Enter. */
export async function pressKeys(page: Page, ...keys: string[]): Promise<void> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  for (const k of keys) await page.keyboard.press(k);
}

/** A viewport's "Slice k/n" readout. */
export const sliceReadout = (page: Page, id: string) => page.getByTestId(`slice-${id}`);

/**
 * The active viewport to slice k (0-based) of `total`, one key at a time, each waited for (keys pressed faster
 * than images arrive may be lost by Cornerstone's stack, which is not what is tested here).
 */
export async function toSlice(page: Page, id: string, k: number, total: number): Promise<void> {
  await pressKeys(page, 'Home');
  await expect(sliceReadout(page, id)).toHaveText(`Slice 1/${total}`);
  for (let i = 1; i <= k; i++) {
    await pressKeys(page, 'ArrowDown');
    await expect(sliceReadout(page, id)).toHaveText(`Slice ${i + 1}/${total}`);
  }
}

/** The non-black picture's box on a viewport's canvas (device pixels, continuous), and the canvas size. */
export async function pictureBox(page: Page, id: string): Promise<{ left: number; right: number; top: number; bottom: number; width: number; height: number }> {
  return page.evaluate((vid) => {
    const canvas = document.querySelector<HTMLCanvasElement>(`[data-viewport-id="${vid}"] canvas.cornerstone-canvas`);
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) throw new Error(`no canvas in ${vid}`);
    const { data, width, height } = ctx.getImageData(0, 0, canvas.width, canvas.height);
    let [l, r, t, b] = [Infinity, -Infinity, Infinity, -Infinity];
    for (let y = 0; y < height; y++)
      for (let x = 0; x < width; x++) {
        const i = (y * width + x) * 4;
        if (Math.max(data[i], data[i + 1], data[i + 2]) > 20) [l, r, t, b] = [Math.min(l, x), Math.max(r, x + 1), Math.min(t, y), Math.max(b, y + 1)];
      }
    return { left: l, right: r, top: t, bottom: b, width, height };
  }, id);
}
