// Stored values -> real world values (slope x stored + intercept), frame by frame, with the statistics of the
// whole map: min, max, mean of the finite values, and counts of what has no value (NaN, infinite, or an integer
// outside the mapping's first..last value mapped).
import type { RealWorldValueMapping } from './model';
import type { StoredValues } from './pixels';

export interface ValueCounts {
  /** finite real world values */
  values: number;
  nanValues: number;
  infiniteValues: number;
  /** integer stored values outside RealWorldValueFirstValueMapped..LastValueMapped */
  unmappedValues: number;
}

export class MapStatistics implements ValueCounts {
  values = 0;
  nanValues = 0;
  infiniteValues = 0;
  unmappedValues = 0;
  min = Infinity;
  max = -Infinity;
  sum = 0;
  /** 0-based frames holding NaN, infinite or unmapped values */
  framesWithoutValues: number[] = [];

  get mean(): number | null {
    return this.values ? this.sum / this.values : null;
  }
}

/** Count a value without a real world value, by kind. */
function countBad(v: number, stats: MapStatistics): void {
  if (Number.isNaN(v)) stats.nanValues++;
  else stats.infiniteValues++;
}

/**
 * Real world values of one frame into `out` (NaN where there is none). Returns `stored` itself when it already
 * is the answer (float32, identity mapping, all finite), so the common float map costs no copy.
 */
export function realWorldFrame(
  stored: StoredValues,
  mapping: RealWorldValueMapping | null,
  out: Float32Array,
  stats: MapStatistics,
  frameIndex: number,
): Float32Array {
  const slope = mapping?.slope ?? 1;
  const intercept = mapping?.intercept ?? 0;
  const isFloat = stored instanceof Float32Array || stored instanceof Float64Array;
  // The value range applies to integer stored values; float maps write it as 0..1 or leave it out.
  const first = !isFloat && mapping?.firstValueMapped != null ? mapping.firstValueMapped : -Infinity;
  const last = !isFloat && mapping?.lastValueMapped != null ? mapping.lastValueMapped : Infinity;
  const identity = stored instanceof Float32Array && slope === 1 && intercept === 0;
  const n = stored.length;
  let min = stats.min;
  let max = stats.max;
  let sum = 0;
  let count = 0;
  const before = stats.nanValues + stats.infiniteValues + stats.unmappedValues;
  if (identity) {
    let bad = false;
    for (let i = 0; i < n; i++) {
      const v = stored[i];
      // v - v is 0 for finite v only (NaN for NaN and both infinities)
      if (v - v !== 0) {
        bad = true;
        continue;
      }
      if (v < min) min = v;
      if (v > max) max = v;
      sum += v;
      count++;
    }
    if (bad) {
      for (let i = 0; i < n; i++) {
        const v = stored[i];
        if (v - v !== 0) {
          countBad(v, stats);
          out[i] = NaN;
        } else out[i] = v;
      }
    }
  } else {
    for (let i = 0; i < n; i++) {
      const s = stored[i];
      if (s < first || s > last) {
        stats.unmappedValues++;
        out[i] = NaN;
        continue;
      }
      const v = s * slope + intercept;
      if (v - v !== 0) {
        countBad(v, stats);
        out[i] = NaN;
        continue;
      }
      out[i] = v;
      if (v < min) min = v;
      if (v > max) max = v;
      sum += v;
      count++;
    }
  }
  stats.min = min;
  stats.max = max;
  stats.sum += sum;
  stats.values += count;
  const bad = stats.nanValues + stats.infiniteValues + stats.unmappedValues - before;
  if (bad) stats.framesWithoutValues.push(frameIndex);
  return identity && !bad ? stored : out;
}
