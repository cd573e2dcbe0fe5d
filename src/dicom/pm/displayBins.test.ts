import { describe, expect, it } from 'vitest';
import { binCentre, binOf } from './displayBins';

describe('map display bins', () => {
  it('puts min in bin 1, max in bin 255, and a value within half a bin of its bin centre', () => {
    const [min, max] = [-1000, 3000];
    const w = (max - min) / 255;
    expect(binOf(min, min, max)).toBe(1);
    expect(binOf(max, min, max)).toBe(255);
    for (const v of [-999.5, 0, 12.3456, 1500, 2999.9]) {
      const b = binOf(v, min, max);
      expect(Math.abs(binCentre(b, min, max) - v)).toBeLessThanOrEqual(w / 2 + 1e-9);
    }
    expect(binOf(Number.NaN, min, max)).toBe(0);
    expect(binOf(Number.POSITIVE_INFINITY, min, max)).toBe(0);
    expect(binOf(5, 5, 5)).toBe(1);
  });
});
