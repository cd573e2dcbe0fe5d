// A picture of a viewport as the person sees it: the rendered image with its overlays (the contour canvas on
// top), and a legend drawn into the picture, so a figure keeps its key.
export interface LegendItem {
  colour: readonly [number, number, number, ...number[]];
  text: string;
}

export interface Legend {
  title: string;
  items: LegendItem[];
}

/** The viewport's picture with `legend` in its lower left corner, as a PNG. */
export async function viewportScreenshot(viewportId: string, legend: Legend | null): Promise<Blob> {
  const root = document.querySelector<HTMLElement>(`[data-viewport-id="${viewportId}"]`);
  const base = root?.querySelector<HTMLCanvasElement>('canvas.cornerstone-canvas') ?? root?.querySelector<HTMLCanvasElement>('canvas');
  if (!root || !base || !base.width) throw new Error(`viewport ${viewportId} shows nothing to save`);
  const out = document.createElement('canvas');
  out.width = base.width;
  out.height = base.height;
  const ctx = out.getContext('2d');
  if (!ctx) throw new Error('no 2D canvas to draw the screenshot into');
  ctx.drawImage(base, 0, 0);
  // RTSTRUCT contours and report regions are drawn on a canvas of their own over the image.
  for (const layer of root.querySelectorAll<HTMLCanvasElement>('canvas.contour-overlay')) {
    if (layer.width) ctx.drawImage(layer, 0, 0, out.width, out.height);
  }
  if (legend) drawLegend(ctx, legend, window.devicePixelRatio || 1);
  return new Promise((resolve, reject) => out.toBlob((b) => (b ? resolve(b) : reject(new Error('the screenshot could not be encoded'))), 'image/png'));
}

function drawLegend(ctx: CanvasRenderingContext2D, legend: Legend, scale: number): void {
  const pad = 8 * scale;
  const line = 18 * scale;
  const swatch = 12 * scale;
  ctx.font = `${13 * scale}px sans-serif`;
  const width = Math.max(ctx.measureText(legend.title).width, ...legend.items.map((i) => ctx.measureText(i.text).width + swatch + 6 * scale)) + 2 * pad;
  const height = pad * 2 + line * (legend.items.length + 1);
  const x = pad;
  const y = ctx.canvas.height - height - pad;
  ctx.fillStyle = 'rgba(0, 0, 0, 0.75)';
  ctx.fillRect(x, y, width, height);
  ctx.fillStyle = '#fff';
  ctx.textBaseline = 'middle';
  ctx.fillText(legend.title, x + pad, y + pad + line / 2);
  legend.items.forEach((item, i) => {
    const cy = y + pad + line * (i + 1.5);
    ctx.fillStyle = `rgb(${item.colour[0]}, ${item.colour[1]}, ${item.colour[2]})`;
    ctx.fillRect(x + pad, cy - swatch / 2, swatch, swatch);
    ctx.fillStyle = '#fff';
    ctx.fillText(item.text, x + pad + swatch + 6 * scale, cy);
  });
}
