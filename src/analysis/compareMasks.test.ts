// Dice, volumes and surface distances on synthetic masks, against answers from formulas and from a brute-force
// reading of the definitions (every surface voxel against every other: O(n²), independent of the transform).
import { describe, expect, it } from 'vitest';
import { compareMasks } from './compareMasks';
import { maskFromDense, type BoxMask } from './mask';

type Spacing = [number, number, number];

/** both ways of finding distances (the search, the full transform) and the automatic choice */
const METHODS = ['search', 'transform', 'auto'] as const;

interface Grid {
  columns: number;
  rows: number;
  slices: number;
  spacing: Spacing;
}

const grid = (columns: number, rows: number, slices: number, spacing: Spacing): Grid & { dense: () => Uint8Array } => ({
  columns,
  rows,
  slices,
  spacing,
  dense: () => new Uint8Array(columns * rows * slices),
});

function fill(g: Grid, d: Uint8Array, inside: (x: number, y: number, z: number) => boolean): Uint8Array {
  for (let z = 0, i = 0; z < g.slices; z++) for (let y = 0; y < g.rows; y++) for (let x = 0; x < g.columns; x++, i++) d[i] = inside(x, y, z) ? 1 : 0;
  return d;
}

const cube = (g: Grid, x0: number, y0: number, z0: number, s: number): Uint8Array =>
  fill(g, new Uint8Array(g.columns * g.rows * g.slices), (x, y, z) => x >= x0 && x < x0 + s && y >= y0 && y < y0 + s && z >= z0 && z < z0 + s);

const mask = (g: Grid, d: Uint8Array): BoxMask => maskFromDense(d, g.columns, g.rows, g.slices);

/** The definitions, read literally. */
function bruteForce(g: Grid, a: Uint8Array, b: Uint8Array) {
  const at = (d: Uint8Array, x: number, y: number, z: number): number =>
    x < 0 || y < 0 || z < 0 || x >= g.columns || y >= g.rows || z >= g.slices ? 0 : d[(z * g.rows + y) * g.columns + x];
  const surface = (d: Uint8Array): Array<[number, number, number]> => {
    const out: Array<[number, number, number]> = [];
    for (let z = 0; z < g.slices; z++)
      for (let y = 0; y < g.rows; y++)
        for (let x = 0; x < g.columns; x++) {
          if (!at(d, x, y, z)) continue;
          const n = [at(d, x - 1, y, z), at(d, x + 1, y, z), at(d, x, y - 1, z), at(d, x, y + 1, z), at(d, x, y, z - 1), at(d, x, y, z + 1)];
          if (n.some((v) => !v)) out.push([x, y, z]);
        }
    return out;
  };
  const [sx, sy, sz] = g.spacing;
  const directed = (from: Array<[number, number, number]>, to: Array<[number, number, number]>): number[] =>
    from.map(([x, y, z]) => Math.min(...to.map(([u, v, w]) => Math.hypot((x - u) * sx, (y - v) * sy, (z - w) * sz))));
  const p95 = (v: number[]): number => {
    const s = [...v].sort((p, q) => p - q);
    const h = 0.95 * (s.length - 1);
    const lo = Math.floor(h);
    return lo + 1 < s.length ? s[lo] + (h - lo) * (s[lo + 1] - s[lo]) : s[lo];
  };
  const sa = surface(a);
  const sb = surface(b);
  const ab = directed(sa, sb);
  const ba = directed(sb, sa);
  let na = 0, nb = 0, both = 0;
  for (let i = 0; i < a.length; i++) {
    na += a[i];
    nb += b[i];
    both += a[i] & b[i];
  }
  return {
    dice: (2 * both) / (na + nb),
    jaccard: both / (na + nb - both),
    hausdorff: Math.max(...ab, ...ba),
    hd95: Math.max(p95(ab), p95(ba)),
    msd: (ab.reduce((s, v) => s + v, 0) + ba.reduce((s, v) => s + v, 0)) / (ab.length + ba.length),
  };
}

/** compareMasks with each way of finding distances gives what the definitions, read literally, give. */
function expectBruteForce(g: Grid, a: Uint8Array, b: Uint8Array): void {
  const want = bruteForce(g, a, b);
  for (const distanceMethod of METHODS) {
    const r = compareMasks(g, mask(g, a), mask(g, b), { distanceMethod });
    expect(r.dice).toBeCloseTo(want.dice, 12);
    expect(r.jaccard).toBeCloseTo(want.jaccard, 12);
    expect(r.hausdorffMm).toBeCloseTo(want.hausdorff, 5);
    expect(r.hausdorff95Mm).toBeCloseTo(want.hd95, 5);
    expect(r.meanSurfaceDistanceMm).toBeCloseTo(want.msd, 5);
  }
}

describe('compareMasks', () => {
  it('cube against a copy shifted by t slices: Dice (s-t)/s, Jaccard (s-t)/(s+t), Hausdorff t x slice step', () => {
    const g = grid(20, 16, 24, [0.7, 0.9, 2.5]);
    const s = 8;
    const t = 3;
    const r = compareMasks(g, mask(g, cube(g, 4, 3, 5, s)), mask(g, cube(g, 4, 3, 5 + t, s)));
    expect(compareMasks(g, mask(g, cube(g, 4, 3, 5, s)), mask(g, cube(g, 4, 3, 5 + t, s)), { distanceMethod: 'transform' }).hausdorffMm).toBeCloseTo(t * 2.5, 5);
    expect(r.dice).toBeCloseTo((s - t) / s, 12);
    expect(r.jaccard).toBeCloseTo((s - t) / (s + t), 12);
    const mm3 = 0.7 * 0.9 * 2.5;
    expect(r.referenceVolumeMl).toBeCloseTo((s ** 3 * mm3) / 1000, 12);
    expect(r.testVolumeMl).toBeCloseTo((s ** 3 * mm3) / 1000, 12);
    expect(r.volumeDifferencePercent).toBe(0);
    expect(r.hausdorffMm).toBeCloseTo(t * 2.5, 5);
    // per slice: the t slices at each end hold one mask only; the s - t in between agree
    expect(r.sliceDice.slice(5, 5 + t)).toEqual([0, 0, 0]);
    expect(r.sliceDice.slice(5 + t, 5 + s)).toEqual(new Array(s - t).fill(1));
    expect(r.sliceDice[4]).toBeNull();
    expect(r.worstSlice).toBe(5);
    expect(r.worstSliceVoxels).toBe(s * s);
    expect(r.reason).toBeNull();
  });

  it('one-voxel masks: the distance between their centres, with non-square pixels', () => {
    const g = grid(9, 7, 5, [0.5, 1.25, 3]);
    const a = g.dense();
    const b = g.dense();
    a[(1 * 7 + 2) * 9 + 3] = 1;
    b[(4 * 7 + 6) * 9 + 8] = 1;
    const d = Math.hypot(5 * 0.5, 4 * 1.25, 3 * 3);
    for (const distanceMethod of METHODS) {
      const r = compareMasks(g, mask(g, a), mask(g, b), { distanceMethod });
      expect(r.dice).toBe(0);
      expect(r.hausdorffMm).toBeCloseTo(d, 5);
      expect(r.hausdorff95Mm).toBeCloseTo(d, 5);
      expect(r.meanSurfaceDistanceMm).toBeCloseTo(d, 5);
    }
    const same = compareMasks(g, mask(g, a), mask(g, a));
    expect([same.dice, same.jaccard, same.hausdorffMm, same.meanSurfaceDistanceMm]).toEqual([1, 1, 0, 0]);
  });

  it('spheres of different radius and centre, anisotropic, rows != columns: as the brute-force definitions', () => {
    const g = grid(23, 17, 13, [0.8, 1.1, 1.7]);
    const sphere = (cx: number, cy: number, cz: number, r: number): Uint8Array =>
      fill(g, g.dense(), (x, y, z) => ((x - cx) * 0.8) ** 2 + ((y - cy) * 1.1) ** 2 + ((z - cz) * 1.7) ** 2 <= r * r);
    for (const [a, b] of [
      [sphere(11, 8, 6, 6), sphere(12, 8.5, 6.4, 4.5)],
      [sphere(11, 8, 6, 6), sphere(11, 8, 6, 6.9)],
      // touching the grid edge: the edge counts as outside
      [sphere(2, 8, 6, 5), sphere(20, 2, 11, 7)],
    ]) {
      const want = bruteForce(g, a, b);
      for (const distanceMethod of METHODS) {
        const r = compareMasks(g, mask(g, a), mask(g, b), { distanceMethod });
        expect(r.dice).toBeCloseTo(want.dice, 12);
        expect(r.jaccard).toBeCloseTo(want.jaccard, 12);
        expect(r.hausdorffMm).toBeCloseTo(want.hausdorff, 5);
        expect(r.hausdorff95Mm).toBeCloseTo(want.hd95, 5);
        expect(r.meanSurfaceDistanceMm).toBeCloseTo(want.msd, 5);
      }
    }
  });

  it('random blobs with holes, one word wide and several (masks packed 32 columns to a word): as the brute-force definitions', () => {
    let seed = 12345;
    const rand = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let trial = 0; trial < 5; trial++) {
      const g = grid(14, 11, 9, [1, 0.6, 2.2]);
      const a = fill(g, g.dense(), () => rand() < 0.35);
      const b = fill(g, g.dense(), () => rand() < 0.2);
      expectBruteForce(g, a, b);
    }
    // wider than two words, boxes starting off word boundaries, rows != columns: ellipsoids with holes, the
    // second reader's shifted by a voxel or two (most surface voxels shared, some not), or another blob
    for (let trial = 0; trial < 4; trial++) {
      const g = grid(71, 23, 10, [0.7, 1.3, 2.1]);
      const blob = (cx: number, cy: number, cz: number, rx: number, ry: number, rz: number, holes: number): Uint8Array =>
        fill(g, g.dense(), (x, y, z) => ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 + ((z - cz) / rz) ** 2 <= 1 && rand() >= holes);
      const cx = 20 + rand() * 30;
      const a = blob(cx, 11, 4.5, 8 + rand() * 20, 4 + rand() * 6, 2 + rand() * 3, 0.03);
      const b = trial === 3 ? blob(70 - cx, 12, 5, 6, 9, 4, 0.1) : blob(cx + trial - 1, 11 + (trial % 2), 4.5, 9 + rand() * 20, 4 + rand() * 6, 2 + rand() * 3, 0.01);
      expectBruteForce(g, a, b);
    }
  });

  it('empty masks: reasons, never NaN', () => {
    const g = grid(6, 6, 6, [1, 1, 1]);
    const c = mask(g, cube(g, 1, 1, 1, 2));
    const empty = mask(g, g.dense());
    const both = compareMasks(g, empty, empty);
    expect(both).toMatchObject({ dice: null, jaccard: null, hausdorffMm: null, volumeDifferencePercent: null, reason: 'both empty' });
    const noTest = compareMasks(g, c, empty);
    expect(noTest).toMatchObject({ dice: 0, jaccard: 0, volumeDifferencePercent: -100, hausdorffMm: null, hausdorff95Mm: null, meanSurfaceDistanceMm: null });
    expect(noTest.reason).toMatch(/test is empty/);
    const noRef = compareMasks(g, empty, c);
    expect(noRef).toMatchObject({ dice: 0, volumeDifferencePercent: null, hausdorffMm: null });
    expect(noRef.reason).toMatch(/reference is empty/);
    for (const r of [both, noTest, noRef]) expect(JSON.stringify(r)).not.toMatch(/NaN|null,"reason":null/);
  });
});
