import { expect, type APIRequestContext, type Page } from '@playwright/test';

export interface CanvasStats {
  width: number;
  height: number;
  distinct: number;
  mean: number;
  /** cheap fingerprint of the picture, to tell that it changed */
  hash: number;
}

/** Pixel statistics of the canvas Cornerstone draws into for a viewport. */
export async function canvasStats(page: Page, viewportId: string): Promise<CanvasStats | null> {
  return page.evaluate((id) => {
    const canvas = document.querySelector<HTMLCanvasElement>(`[data-viewport-id="${id}"] canvas`);
    if (!canvas || !canvas.width || !canvas.height) return null;
    const ctx = canvas.getContext('2d');
    if (!ctx) return null;
    const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
    const seen = new Set<number>();
    let sum = 0;
    let hash = 0;
    for (let i = 0; i < data.length; i += 4) {
      const v = data[i];
      seen.add(v);
      sum += v;
      hash = (hash * 31 + v + ((i >> 2) % 7)) >>> 0;
    }
    return { width: canvas.width, height: canvas.height, distinct: seen.size, mean: sum / (data.length / 4), hash };
  }, viewportId);
}

/** Waits until the viewport shows a real picture: many grey levels, not a uniform (blank) canvas. */
export async function expectRendered(page: Page, viewportId: string): Promise<CanvasStats> {
  let last: CanvasStats | null = null;
  await expect
    .poll(
      async () => {
        last = await canvasStats(page, viewportId);
        return last?.distinct ?? 0;
      },
      { timeout: 45_000, message: `viewport ${viewportId} never showed a non-uniform image` },
    )
    .toBeGreaterThan(20);
  return last as unknown as CanvasStats;
}

export async function sliceLabel(page: Page, viewportId = 'stack'): Promise<string> {
  return (await page.getByTestId(`slice-${viewportId}`).textContent()) ?? '';
}

/** Study UID by PatientID through QIDO-RS on the given DICOMweb root (paths on the test server). */
export async function studyUID(request: APIRequestContext, root: string, query: string): Promise<string> {
  const res = await request.get(`${root}/studies?${query}`);
  expect(res.status(), `QIDO ${root}/studies?${query}`).toBe(200);
  const rows = (await res.json()) as Array<Record<string, { Value?: string[] }>>;
  const uid = rows[0]?.['0020000D']?.Value?.[0];
  expect(uid, `a study for ${query}`).toBeTruthy();
  return uid as string;
}

/** No error banner is shown. */
/**
 * A derived object's download: its instance (WADO-RS instance), or its series when that holds it alone (the viewer
 * retrieves a one-instance series whole, without listing its instances first). Not its frames nor metadata.
 */
export function objectUrl(seriesUID: string, sopUID: string): RegExp {
  const esc = (u: string): string => u.replace(/\./g, '\\.');
  return new RegExp(`/series/${esc(seriesUID)}(/instances/${esc(sopUID)})?$`);
}

export async function expectNoErrors(page: Page): Promise<void> {
  await expect(page.locator('.banner.error')).toHaveCount(0);
}

/** Pixels of the contour overlay of a viewport drawn in this colour (stroke or translucent fill). */
export async function overlayColorPixels(page: Page, viewportId: string, rgb: [number, number, number]): Promise<number> {
  return page.evaluate(
    ({ id, c }) => {
      const canvas = document.querySelector<HTMLCanvasElement>(`[data-viewport-id="${id}"] canvas.contour-overlay`);
      const ctx = canvas?.getContext('2d');
      if (!canvas || !ctx || !canvas.width) return 0;
      const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
      let n = 0;
      for (let i = 0; i < data.length; i += 4) {
        if (data[i + 3] > 0 && Math.abs(data[i] - c[0]) <= 3 && Math.abs(data[i + 1] - c[1]) <= 3 && Math.abs(data[i + 2] - c[2]) <= 3) n++;
      }
      return n;
    },
    { id: viewportId, c: rgb },
  );
}

/** Keeps a copy of a viewport's canvas pixels in the page under `name`. */
export async function snapshot(page: Page, viewportId: string, name: string): Promise<void> {
  await page.evaluate(
    ({ id, n }) => {
      const canvas = document.querySelector<HTMLCanvasElement>(`[data-viewport-id="${id}"] canvas.cornerstone-canvas`) ??
        document.querySelector<HTMLCanvasElement>(`[data-viewport-id="${id}"] canvas`);
      const ctx = canvas?.getContext('2d');
      if (!canvas || !ctx) throw new Error(`no canvas in viewport ${id}`);
      const w = window as unknown as { __snaps?: Record<string, ImageData> };
      w.__snaps ??= {};
      w.__snaps[n] = ctx.getImageData(0, 0, canvas.width, canvas.height);
    },
    { id: viewportId, n: name },
  );
}

export interface SnapshotDiff {
  /** pixels that differ by more than 8 in some channel */
  count: number;
  /** centroid of those pixels in CSS pixels of the canvas */
  x: number;
  y: number;
  /** mean difference a - b per channel over those pixels */
  delta: [number, number, number];
}

export async function diffSnapshots(page: Page, a: string, b: string): Promise<SnapshotDiff> {
  return page.evaluate(
    ({ a, b }) => {
      const snaps = (window as unknown as { __snaps: Record<string, ImageData> }).__snaps;
      const A = snaps[a];
      const B = snaps[b];
      const dpr = window.devicePixelRatio || 1;
      let count = 0;
      let sx = 0;
      let sy = 0;
      const d = [0, 0, 0];
      for (let i = 0; i < A.data.length; i += 4) {
        const dr = A.data[i] - B.data[i];
        const dg = A.data[i + 1] - B.data[i + 1];
        const db = A.data[i + 2] - B.data[i + 2];
        if (Math.abs(dr) > 8 || Math.abs(dg) > 8 || Math.abs(db) > 8) {
          count++;
          sx += (i / 4) % A.width;
          sy += Math.floor(i / 4 / A.width);
          d[0] += dr;
          d[1] += dg;
          d[2] += db;
        }
      }
      const n = Math.max(1, count);
      return { count, x: sx / n / dpr, y: sy / n / dpr, delta: [d[0] / n, d[1] / n, d[2] / n] as [number, number, number] };
    },
    { a, b },
  );
}

/** Canvas CSS pixel -> patient mm through the viewer's automation handle. */
export async function canvasToWorld(page: Page, viewportId: string, x: number, y: number): Promise<[number, number, number]> {
  return page.evaluate(
    ({ id, p }) => {
      const v = (window as unknown as { idcViewer: { canvasToWorld: (id: string, p: [number, number]) => [number, number, number] } }).idcViewer;
      return v.canvasToWorld(id, p);
    },
    { id: viewportId, p: [x, y] as [number, number] },
  );
}

/**
 * Waits for the viewer to redraw after a change: two animation frames and a short settle, then until every
 * viewport's picture has stopped changing (a slice jumped to may still be loading its image on a busy machine, and
 * a snapshot of the old one beside the overlay of the new is a wrong picture): each stack shows its slice's image,
 * and nothing changes for 150 ms. Gives up waiting for stillness after 5 s of change.
 */
export async function settle(page: Page): Promise<void> {
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 300)))));
  await page
    .waitForFunction(() => {
      const v = (window as unknown as { idcViewer?: { showsCurrentImage: (id: string) => boolean } }).idcViewer;
      if (!v) return true;
      const ids = [...document.querySelectorAll<HTMLElement>('[data-viewport-id]')].map((e) => e.dataset.viewportId ?? '');
      return ids.every((id) => !document.querySelector(`[data-viewport-id="${id}"] canvas.cornerstone-canvas`) || v.showsCurrentImage(id));
    }, undefined, { timeout: 15_000 })
    .catch((e: Error) => {
      throw new Error(`settle: a viewport still did not show its current slice's image after 15 s (${e.message})`);
    });
  const picture = (): Promise<string> =>
    page.evaluate(() => {
      let out = '';
      for (const canvas of document.querySelectorAll<HTMLCanvasElement>('[data-viewport-id] canvas.cornerstone-canvas')) {
        const ctx = canvas.width && canvas.height ? canvas.getContext('2d') : null;
        if (!ctx) continue;
        const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
        let hash = 0;
        for (let i = 0; i < data.length; i++) hash = (hash * 31 + data[i]) >>> 0;
        out += `${canvas.width}x${canvas.height}:${hash};`;
      }
      return out;
    });
  let last = await picture();
  for (const end = Date.now() + 5000; Date.now() < end; ) {
    await page.waitForTimeout(150);
    const now = await picture();
    if (now === last) return;
    last = now;
  }
}

export interface ChangedPixels {
  /** pixels that differ by more than 8 in some channel */
  count: number;
  /** which pixels: one bit each, row by row (base64), to compare between pages */
  mask: string;
  /** fingerprint of snapshot `a` as a whole, colours included */
  hashA: number;
}

/** Which pixels differ between two snapshots of this page, in a form that outlives the page. */
export async function changedPixels(page: Page, a: string, b: string): Promise<ChangedPixels> {
  return page.evaluate(
    ({ a, b }) => {
      const snaps = (window as unknown as { __snaps: Record<string, ImageData> }).__snaps;
      const A = snaps[a].data;
      const B = snaps[b].data;
      const bits = new Uint8Array(Math.ceil(A.length / 32));
      let count = 0;
      let hashA = 0;
      for (let i = 0; i < A.length; i += 4) {
        const p = i >> 2;
        if (Math.abs(A[i] - B[i]) > 8 || Math.abs(A[i + 1] - B[i + 1]) > 8 || Math.abs(A[i + 2] - B[i + 2]) > 8) {
          bits[p >> 3] |= 1 << (p & 7);
          count++;
        }
        hashA = (hashA * 31 + A[i] * 7 + A[i + 1] * 3 + A[i + 2] + (p % 7)) >>> 0;
      }
      let text = '';
      for (let i = 0; i < bits.length; i += 0x8000) text += String.fromCharCode(...bits.subarray(i, i + 0x8000));
      return { count, mask: btoa(text), hashA };
    },
    { a, b },
  );
}

/** Pixels set in one mask and not in the other. */
export function maskDifference(a: string, b: string): number {
  const x = Buffer.from(a, 'base64');
  const y = Buffer.from(b, 'base64');
  let n = Math.abs(x.length - y.length) * 8;
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    let v = x[i] ^ y[i];
    while (v) {
      n += v & 1;
      v >>= 1;
    }
  }
  return n;
}

/** Patient mm -> canvas CSS pixels through the viewer's automation handle, many points in one call. */
export async function worldToCanvas(page: Page, viewportId: string, points: Array<[number, number, number]>): Promise<Array<[number, number]>> {
  return page.evaluate(
    ({ id, points }) => {
      const v = (window as unknown as { idcViewer: { worldToCanvas: (id: string, p: [number, number, number]) => [number, number] } }).idcViewer;
      return points.map((p) => v.worldToCanvas(id, p));
    },
    { id: viewportId, points },
  );
}

/** RGB of a kept snapshot at canvas CSS pixels. */
export async function pixelsAt(page: Page, name: string, points: Array<[number, number]>): Promise<Array<[number, number, number]>> {
  return page.evaluate(
    ({ n, points }) => {
      const snap = (window as unknown as { __snaps: Record<string, ImageData> }).__snaps[n];
      const dpr = window.devicePixelRatio || 1;
      return points.map(([x, y]) => {
        const i = (Math.round(y * dpr) * snap.width + Math.round(x * dpr)) * 4;
        return [snap.data[i], snap.data[i + 1], snap.data[i + 2]] as [number, number, number];
      });
    },
    { n: name, points },
  );
}

/**
 * Where the contour overlay strokes its straight horizontal and vertical lines: rows (columns) in which at least
 * `minRun[0]` (`minRun[1]`) pixels are mostly covered (alpha >= 128: the 1.5 px stroke, not the 0.2 translucent fill), grouped
 * into runs of adjacent rows; each run's centre (continuous). Only pixels inside `window` count, when given.
 */
export async function strokeLines(page: Page, viewportId: string, minRun: [number, number], window?: { left: number; right: number; top: number; bottom: number }): Promise<{ rows: number[]; columns: number[] }> {
  return page.evaluate(
    ({ id, minRun, window }) => {
      const canvas = document.querySelector<HTMLCanvasElement>(`[data-viewport-id="${id}"] canvas.contour-overlay`);
      const ctx = canvas?.getContext('2d');
      if (!canvas || !ctx) throw new Error(`no overlay in ${id}`);
      const { data, width, height } = ctx.getImageData(0, 0, canvas.width, canvas.height);
      const w = window ?? { left: 0, right: width, top: 0, bottom: height };
      const rowCount = new Array<number>(height).fill(0);
      const colCount = new Array<number>(width).fill(0);
      for (let y = Math.max(0, Math.floor(w.top)); y < Math.min(height, Math.ceil(w.bottom)); y++)
        for (let x = Math.max(0, Math.floor(w.left)); x < Math.min(width, Math.ceil(w.right)); x++)
          if (data[(y * width + x) * 4 + 3] >= 128) {
            rowCount[y]++;
            colCount[x]++;
          }
      const runs = (counts: number[], min: number): number[] => {
        const out: number[] = [];
        let start = -1;
        for (let i = 0; i <= counts.length; i++) {
          const on = i < counts.length && counts[i] >= min;
          if (on && start < 0) start = i;
          if (!on && start >= 0) {
            out.push((start + i) / 2);
            start = -1;
          }
        }
        return out;
      };
      return { rows: runs(rowCount, minRun[0]), columns: runs(colCount, minRun[1]) };
    },
    { id: viewportId, minRun, window },
  );
}
