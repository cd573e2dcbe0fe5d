// Series thumbnails: Cornerstone draws an image into a plain canvas, so app/ (React) never imports Cornerstone.
import { Enums, imageLoader, imageLoadPoolManager, utilities, type Types } from '@cornerstonejs/core';

const SIZE = 256;

/** The image, loaded (and cached, as the viewport will use it) at thumbnail priority. */
function loadForThumbnail(imageId: string): Promise<Types.IImage> {
  return new Promise((resolve, reject) => {
    imageLoadPoolManager.addRequest(
      () => {
        // Cornerstone throws at once when no loader takes the image id (none registered yet, or another scheme); its
        // request pool swallows that, and the thumbnail would wait for ever.
        try {
          return imageLoader.loadAndCacheImage(imageId, { priority: -5, requestType: Enums.RequestType.Thumbnail }).then(resolve, reject);
        } catch (e) {
          reject(e instanceof Error ? e : new Error(String(e)));
          return Promise.resolve();
        }
      },
      Enums.RequestType.Thumbnail,
      { imageId },
      -5,
    );
  });
}

const firstNumber = (v: number | number[] | undefined): number | undefined => (Array.isArray(v) ? v[0] : v);

/**
 * A grey-scale image into `canvas` by our own loop: the modality rescale (unless the loader applied it), the
 * image's first window (else its range, as Cornerstone does), linear VOI (PS3.3 C.11.2.1.2), MONOCHROME1 inverted,
 * scaled to fit by nearest neighbour. Cornerstone's GPU path made a rendering engine and a WebGL context of its own
 * for thumbnails, and its CPU path reads a GPU canvas back: each one 120-500 ms in one task with software WebGL on
 * a 2-core machine, while the study loads. This takes a few ms.
 */
function drawGrey(canvas: HTMLCanvasElement, image: Types.IImage): void {
  const { width, height } = image;
  const pixels = image.getPixelData();
  const scaled = !!image.preScale?.scaled;
  const slope = scaled ? 1 : (image.slope ?? 1);
  const intercept = scaled ? 0 : (image.intercept ?? 0);
  let wc = firstNumber(image.windowCenter);
  let ww = firstNumber(image.windowWidth);
  if (wc === undefined || !ww || ww < 1) {
    const lo = image.minPixelValue * slope + intercept;
    const hi = image.maxPixelValue * slope + intercept;
    wc = (lo + hi) / 2;
    ww = Math.max(1, hi - lo);
  }
  const scale = Math.min(SIZE / width, SIZE / height);
  const w = Math.max(1, Math.round(width * scale));
  const h = Math.max(1, Math.round(height * scale));
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  ctx.fillStyle = 'black';
  ctx.fillRect(0, 0, SIZE, SIZE);
  const out = ctx.createImageData(w, h);
  const low = wc - 0.5 - (ww - 1) / 2;
  const high = wc - 0.5 + (ww - 1) / 2;
  for (let y = 0; y < h; y++) {
    const row = Math.min(height - 1, Math.floor(y / scale)) * width;
    for (let x = 0; x < w; x++) {
      const v = pixels[row + Math.min(width - 1, Math.floor(x / scale))] * slope + intercept;
      let g = v <= low ? 0 : v > high ? 255 : ((v - (wc - 0.5)) / (ww - 1) + 0.5) * 255;
      if (image.invert) g = 255 - g;
      const i = 4 * (y * w + x);
      out.data[i] = out.data[i + 1] = out.data[i + 2] = g;
      out.data[i + 3] = 255;
    }
  }
  ctx.putImageData(out, Math.floor((SIZE - w) / 2), Math.floor((SIZE - h) / 2));
}

/** Draws `imageId`, scaled to fit, into `canvas`. Rejects when the image cannot be loaded or decoded. */
export async function drawThumbnail(canvas: HTMLCanvasElement, imageId: string): Promise<void> {
  const image = await loadForThumbnail(imageId);
  if (image.color) {
    // Colour images keep Cornerstone's drawing (the image is in the cache by now).
    await utilities.loadImageToCanvas({ canvas, imageId, thumbnail: true });
    return;
  }
  canvas.width = SIZE;
  canvas.height = SIZE;
  canvas.style.width = `${SIZE / devicePixelRatio}px`;
  canvas.style.height = `${SIZE / devicePixelRatio}px`;
  drawGrey(canvas, image);
}
