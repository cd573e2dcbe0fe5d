import { describe, expect, it } from 'vitest';
import { SlicePool } from './slicePool';

const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 20));

describe('SlicePool', () => {
  it('makes zeroed slices ready in the background and hands out only the size and width asked for', async () => {
    const pool = new SlicePool();
    pool.prepare(100, 20, true);
    expect(pool.ready).toBe(0);
    for (let i = 0; i < 10 && pool.ready < 20; i++) await settle();
    expect(pool.ready).toBe(20);
    expect(pool.take(false, 100)).toBeUndefined();
    expect(pool.take(true, 99)).toBeUndefined();
    const s = pool.take(true, 100);
    expect(s).toBeInstanceOf(Uint16Array);
    expect(s?.length).toBe(100);
    expect(s?.every((v) => v === 0)).toBe(true);
    expect(pool.ready).toBe(19);
  });

  it('stops filling and lets go of its slices when cleared', async () => {
    const pool = new SlicePool();
    pool.prepare(10, 1000, false);
    await settle();
    pool.clear();
    expect(pool.ready).toBe(0);
    await settle();
    expect(pool.ready).toBe(0);
    expect(pool.take(false, 10)).toBeUndefined();
  });
});
