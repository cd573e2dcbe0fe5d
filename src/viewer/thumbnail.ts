// Series thumbnails: Cornerstone draws an image into a plain canvas, so app/ (React) never imports Cornerstone.
import { Enums, imageLoader, imageLoadPoolManager, metaData, utilities, type Types } from '@cornerstonejs/core';

const SIZE = 256;

/** The image, loaded (and cached, as the viewport will use it) at thumbnail priority. */
function loadForThumbnail(imageId: string): Promise<Types.IImage> {
  return new Promise((resolve, reject) => {
    imageLoadPoolManager.addRequest(
      () => imageLoader.loadAndCacheImage(imageId, { priority: -5, requestType: Enums.RequestType.Thumbnail }).then(resolve, reject),
      Enums.RequestType.Thumbnail,
      { imageId },
      -5,
    );
  });
}

/**
 * Draws `imageId`, scaled to fit, into `canvas`. Rejects when the image cannot be loaded or decoded. Grey-scale
 * images are drawn on the CPU: Cornerstone's GPU path makes a rendering engine and a WebGL context of its own for
 * thumbnails, one 120-500 ms task with software WebGL on a 2-core machine while the study loads. Colour images,
 * which its CPU path wants in another pixel layout, still take the GPU path.
 */
export async function drawThumbnail(canvas: HTMLCanvasElement, imageId: string): Promise<void> {
  const image = await loadForThumbnail(imageId);
  if (image.color) {
    await utilities.loadImageToCanvas({ canvas, imageId, thumbnail: true });
    return;
  }
  canvas.width = SIZE;
  canvas.height = SIZE;
  canvas.style.width = `${SIZE / devicePixelRatio}px`;
  canvas.style.height = `${SIZE / devicePixelRatio}px`;
  const { modality } = (metaData.get(Enums.MetadataModules.GENERAL_SERIES, imageId) ?? {}) as { modality?: string };
  await utilities.renderToCanvasCPU(canvas, image, modality);
}
