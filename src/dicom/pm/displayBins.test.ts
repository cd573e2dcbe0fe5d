import { describe, expect, it } from 'vitest';
import { MAP_BINS, binCentre, binOf, binSlices } from './displayBins';

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

  it('bins slices the same way, leaves NaN at 0 and drops empty slices', () => {
    const s = new Float32Array([0, 0.5, 1, Number.NaN, 0.25]);
    const [a, b] = binSlices([s, new Float32Array([Number.NaN, Number.NaN])], 0, 1);
    expect(Array.from(a as Uint8Array)).toEqual([1, Math.floor(0.5 * MAP_BINS) + 1, MAP_BINS, 0, binOf(0.25, 0, 1)]);
    expect(b).toBeNull();
    expect(binSlices([null], 0, 1)).toEqual([null]);
  });
});
