// RTSTRUCT at scale: 50 ROIs / 100,000 points on the phantom CT. Worker decode time, time from navigation to
// contours visible, overlay redraw times, the longest main-thread task while the structure set loads and
// while interacting, and frame intervals while scrolling, panning and zooming, with the contours shown and
// (side by side, same page) hidden: the difference is what the contours cost.
import { newBenchContext } from './browserContext';
import type { Browser, Page } from '@playwright/test';

export interface FrameStats {
  frames: number;
  p95Ms: number;
  maxMs: number;
  /** frame intervals over 50 ms (a visible stutter) */
  over50: number;
  longestTaskMs: number;
}

export interface RtstructResult {
  decodeMs: number;
  workerMs: number;
  contoursVisibleMs: number;
  redraws: number;
  redrawMaxMs: number;
  redrawMeanMs: number;
  /** longest task between the structure set's bytes arriving and the contours being visible */
  longestLoadTaskMs: number;
  /** longest task anywhere before the contours were visible (page start-up included) */
  longestStartupTaskMs: number;
  shown: FrameStats;
  /** shown without the translucent fill */
  outline: FrameStats;
  hidden: FrameStats;
}

/** Scroll 40 slices, pan and zoom by mouse drags on the stack viewport while recording frame intervals. */
async function interact(page: Page): Promise<FrameStats> {
  const box = await page.locator('[data-viewport-id="stack"]').boundingBox();
  if (!box) throw new Error('no stack viewport');
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  await page.evaluate(`(() => {
    window.__frames = []; window.__tasks = []; window.__rec = true;
    let last = performance.now();
    const tick = (t) => { if (!window.__rec) return; window.__frames.push(t - last); last = t; requestAnimationFrame(tick); };
    requestAnimationFrame((t) => { last = t; requestAnimationFrame(tick); });
  })()`);
  await page.keyboard.press('Home');
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('ArrowDown');
    await page.waitForTimeout(30);
  }
  const afterScroll = (await page.evaluate(`performance.getEntriesByName('contours:redraw').length`)) as number;
  // Pan with the middle button, zoom with the right button (the viewer's bindings).
  await page.mouse.move(cx, cy);
  await page.mouse.down({ button: 'middle' });
  for (let i = 1; i <= 20; i++) await page.mouse.move(cx + i * 8, cy + i * 4);
  await page.mouse.up({ button: 'middle' });
  await page.mouse.move(cx, cy);
  await page.mouse.down({ button: 'right' });
  for (let i = 1; i <= 20; i++) await page.mouse.move(cx, cy - i * 6);
  await page.mouse.up({ button: 'right' });
  await page.waitForTimeout(300);
  const afterAll = (await page.evaluate(`performance.getEntriesByName('contours:redraw').length`)) as number;
  if (process.env.RT_DEBUG) console.log('redraws: scroll', afterScroll, 'total', afterAll);
  return (await page.evaluate(`(() => {
    window.__rec = false;
    const f = window.__frames.slice(1).sort((a, b) => a - b);
    const tasks = window.__tasks;
    return {
      frames: f.length,
      p95Ms: f.length ? f[Math.floor(f.length * 0.95)] : 0,
      maxMs: f.length ? f[f.length - 1] : 0,
      over50: f.filter((x) => x > 50).length,
      longestTaskMs: Math.max(0, ...tasks),
    };
  })()`)) as FrameStats;
}

export async function measureRtstruct(browser: Browser, baseUrl: string, root: string, studyUID: string): Promise<RtstructResult> {
  const context = await newBenchContext(browser);
  const page = await context.newPage();
  // Every long task (>50 ms) with its start, so load and interaction can be told apart.
  await page.addInitScript(`
    window.__long = []; window.__tasks = [];
    new PerformanceObserver((l) => { for (const e of l.getEntries()) { window.__long.push([e.startTime, e.duration]); if (window.__rec) window.__tasks.push(e.duration); } })
      .observe({ type: 'longtask', buffered: true });
  `);
  await page.goto(`${baseUrl}/viewer/?dicomweb=${root}&StudyInstanceUIDs=${studyUID}`);
  await page.waitForFunction(`performance.getEntriesByName('contours:visible').length > 0`, undefined, { timeout: 120_000 });
  await page.waitForTimeout(1000);
  const load = (await page.evaluate(`(() => {
    const dec = performance.getEntriesByName('rtstruct:decode')[0];
    const vis = performance.getEntriesByName('contours:visible')[0];
    const from = dec ? dec.startTime : 0;
    const to = vis ? vis.startTime : 0;
    const during = window.__long.filter(([s, d]) => s + d >= from && s <= to).map(([, d]) => d);
    const before = window.__long.filter(([s]) => s <= to).map(([, d]) => d);
    return {
      decodeMs: dec ? dec.duration : -1,
      workerMs: dec && dec.detail ? dec.detail.workerMs : -1,
      contoursVisibleMs: to || -1,
      longestLoadTaskMs: Math.max(0, ...during),
      longestStartupTaskMs: Math.max(0, ...before),
    };
  })()`)) as Pick<RtstructResult, 'decodeMs' | 'workerMs' | 'contoursVisibleMs' | 'longestLoadTaskMs' | 'longestStartupTaskMs'>;
  // Interact only once the whole CT is loaded, so image decoding does not land in either phase.
  await page.waitForFunction(`performance.getEntriesByName('viewer:series-loaded').length > 0`, undefined, { timeout: 120_000 });
  await page.waitForTimeout(500);
  // The first pass over the slices warms caches (textures, decoded images): done once, not counted, so that
  // the three measured passes start equal.
  await interact(page);
  await page.keyboard.press('r');
  const setCheckbox = async (selector: string, on: boolean): Promise<void> => {
    const box = page.locator(selector).first();
    if (on) await box.check();
    else await box.uncheck();
    // Keys go to the viewer again, not to the checkbox.
    await page.evaluate(`document.activeElement && document.activeElement.blur()`);
    await page.keyboard.press('r');
  };
  const setBox = '[data-rtstruct-key] .seg-series-head input[type="checkbox"]';
  const fillBox = '[data-rtstruct-key] label:has-text("fill") input';
  await setCheckbox(setBox, false);
  const hidden = await interact(page);
  await setCheckbox(setBox, true);
  await page.evaluate(`performance.clearMeasures('contours:redraw')`);
  const shown = await interact(page);
  const redraws = (await page.evaluate(`performance.getEntriesByName('contours:redraw').map((e) => e.duration)`)) as number[];
  await setCheckbox(fillBox, false);
  const outline = await interact(page);
  await context.close();
  return {
    ...load,
    redraws: redraws.length,
    redrawMaxMs: Math.max(0, ...redraws),
    redrawMeanMs: redraws.reduce((a, b) => a + b, 0) / Math.max(1, redraws.length),
    shown,
    outline,
    hidden,
  };
}
