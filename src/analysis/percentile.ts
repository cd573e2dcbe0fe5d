// Percentiles by selection (no full sort: a body outline has a million surface voxels).

/** Rearranges a[lo..hi] so that a[k] is the value a full sort would put there (Hoare selection). */
function select(a: Float64Array, k: number, lo: number, hi: number): number {
  while (hi > lo) {
    const mid = (lo + hi) >> 1;
    // median of three as the pivot, so sorted input is not the worst case
    const m = a[mid];
    const x = a[lo];
    const y = a[hi];
    let p = y;
    if ((x <= m && m <= y) || (y <= m && m <= x)) p = m;
    else if ((m <= x && x <= y) || (y <= x && x <= m)) p = x;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < p) i++;
      while (a[j] > p) j--;
      if (i <= j) {
        const t = a[i];
        a[i] = a[j];
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k];
  }
  return a[k];
}

/**
 * The p-th percentile (0..100) of `values` with linear interpolation between the closest ranks (rank
 * h = p/100 * (n - 1), as numpy's default); reorders `values`. NaN for no values (callers say why first).
 * `zeros` more values of 0 stand with `values` (then all >= 0) without being stored: most surface distances
 * of two readings are 0, and selection among the rest is then all the work.
 */
export function percentile(values: Float64Array, p: number, zeros = 0): number {
  const m = values.length;
  const n = m + zeros;
  if (!n) return NaN;
  const h = (p / 100) * (n - 1);
  const lo = Math.floor(h);
  const a = lo < zeros ? 0 : select(values, lo - zeros, 0, m - 1);
  if (lo + 1 >= n || h === lo) return a;
  // the next rank: a zero, else the minimum of what selection left right of lo (all >= a)
  let b = 0;
  if (lo + 1 >= zeros) {
    b = Infinity;
    for (let i = lo < zeros ? 0 : lo - zeros + 1; i < m; i++) if (values[i] < b) b = values[i];
  }
  return a + (h - lo) * (b - a);
}

/** Median with the same rule (reorders `values`). */
export function median(values: Float64Array): number {
  return percentile(values, 50);
}
