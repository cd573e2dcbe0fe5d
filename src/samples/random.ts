import { createHash } from 'node:crypto';

/** 32-bit seed from any string, so every stream of random numbers is named rather than numbered by hand. */
export function seedFromString(text: string): number {
  return createHash('sha256').update(text, 'utf8').digest().readUInt32LE(0);
}

/** Small, fast, seeded PRNG (mulberry32). Returns unsigned 32-bit integers. */
export function createRandomUint32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/** The same PRNG as floats in [0, 1). */
export function createRandom(seed: number): () => number {
  const next = createRandomUint32(seed);
  return () => next() / 4294967296;
}

/**
 * Standard-normal quantiles at (i + 0.5) / 65536, found by integrating the density on a fine grid once.
 * Indexed by 16 random bits, one 32-bit draw gives two normal samples (quantised to 65536 levels, plenty
 * for CT noise): fast enough for tens of millions of voxels.
 */
export const NORMAL_QUANTILES = (() => {
  const size = 65536;
  const table = new Float64Array(size);
  const step = 1e-4;
  const density = (x: number): number => Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
  let cdf = 0;
  let x = -8;
  for (let i = 0; i < size; i++) {
    const target = (i + 0.5) / size;
    while (cdf < target) {
      cdf += 0.5 * (density(x) + density(x + step)) * step;
      x += step;
    }
    table[i] = x;
  }
  return table;
})();
