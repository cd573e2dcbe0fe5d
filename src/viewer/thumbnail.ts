// Series thumbnails: Cornerstone draws an image into a plain canvas, so app/ (React) never imports Cornerstone.
import { utilities } from '@cornerstonejs/core';

/** Draws `imageId`, scaled to fit, into `canvas`. Rejects when the image cannot be loaded or decoded. */
export async function drawThumbnail(canvas: HTMLCanvasElement, imageId: string): Promise<void> {
  await utilities.loadImageToCanvas({ canvas, imageId, thumbnail: true });
}
