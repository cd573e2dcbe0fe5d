import { describe, expect, it } from 'vitest';
import { rowWindow } from './virtualWindow';

const H = 24;

describe('rowWindow', () => {
  it('draws the visible rows plus overscan, and stands in for the rest with space', () => {
    const w = rowWindow({ scrollTop: 0, viewportHeight: 240, rowHeight: H, count: 21_000, overscan: 5 });
    expect(w).toEqual({ start: 0, end: 15, before: 0, after: (21_000 - 15) * H });
  });

  it('follows the scroll position and keeps the total height whatever the window', () => {
    const count = 21_000;
    for (const scrollTop of [1, 2400, 123_457, count * H - 240]) {
      const w = rowWindow({ scrollTop, viewportHeight: 240, rowHeight: H, count, overscan: 5 });
      const first = Math.floor(scrollTop / H);
      expect(w.start).toBe(Math.max(0, first - 5));
      expect(w.end - w.start).toBeLessThanOrEqual(10 + 11);
      expect(w.before + (w.end - w.start) * H + w.after).toBe(count * H);
      expect(w.start * H <= scrollTop && w.end * H >= Math.min(count * H, scrollTop + 240)).toBe(true);
    }
  });

  it('draws everything for a short list and nothing for an empty one', () => {
    expect(rowWindow({ scrollTop: 0, viewportHeight: 400, rowHeight: H, count: 7 })).toEqual({ start: 0, end: 7, before: 0, after: 0 });
    expect(rowWindow({ scrollTop: 50, viewportHeight: 400, rowHeight: H, count: 0 })).toEqual({ start: 0, end: 0, before: 0, after: 0 });
  });

  it('copes with a scroll position past the end (list shrank) and a not yet measured viewport', () => {
    const w = rowWindow({ scrollTop: 1e6, viewportHeight: 240, rowHeight: H, count: 10, overscan: 2 });
    expect(w.end).toBe(10);
    expect(w.start).toBeLessThan(10);
    const unmeasured = rowWindow({ scrollTop: 0, viewportHeight: Number.NaN, rowHeight: H, count: 100, overscan: 2 });
    expect(unmeasured.end).toBeGreaterThan(0);
  });
});
