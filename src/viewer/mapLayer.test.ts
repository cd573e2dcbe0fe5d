import { describe, expect, it } from 'vitest';
import { binColour, hiddenBins } from './mapLayer';
import { colormapTable } from './colormaps';
import { binOf } from '../dicom/pm/displayBins';

const range = { min: 0, max: 3000 };

describe('map layer colours', () => {
  it('gives a value the colour map entry of its place in the window (ends clamp)', () => {
    const d = { colormap: 'grey' as const, lower: 1000, upper: 2000, threshold: null, opacity: 1 };
    // 1500 is half way: grey 127 or 128 (the bin centre is within half a bin of 1500)
    const mid = binColour(binOf(1500, range.min, range.max), range, d);
    expect(mid[0]).toBeGreaterThanOrEqual(125);
    expect(mid[0]).toBeLessThanOrEqual(130);
    expect(binColour(binOf(100, range.min, range.max), range, d)).toEqual([0, 0, 0, 255]);
    expect(binColour(binOf(2900, range.min, range.max), range, d)).toEqual([255, 255, 255, 255]);
    const hot = { ...d, colormap: 'hot-iron' as const };
    expect(binColour(binOf(2900, range.min, range.max), range, hot).slice(0, 3)).toEqual(colormapTable('hot-iron')[255]);
  });

  it('hides exactly the bins below the threshold', () => {
    const d = { colormap: 'viridis' as const, lower: 0, upper: 3000, threshold: 600, opacity: 1 };
    const hidden = hiddenBins(range, d);
    // bin width 3000/255: bins 1..51 end at or below 600 (51 * 11.76 = 600)
    expect(hidden.has(51)).toBe(true);
    expect(hidden.has(52)).toBe(false);
    expect(hidden.size).toBe(51);
    expect(hiddenBins(range, { ...d, threshold: null }).size).toBe(0);
  });
});
