// Runs of equal labels along one row of a label slice. Label slices are mostly long runs (air, organs), so
// the rows are read a 32-bit word at a time (2 labels of 16 bits, 4 of 8) where the slice's memory allows:
// this halves the scans that index a labelmap and pack its segments (each reads every voxel).

/** Nonzero runs of one row: labels label[k] over columns [start[k], end[k]) for k < the count returned. */
export class RowRuns {
  readonly start: Int32Array;
  readonly end: Int32Array;
  readonly label: Int32Array;
  constructor(columns: number) {
    this.start = new Int32Array(columns);
    this.end = new Int32Array(columns);
    this.label = new Int32Array(columns);
  }
}

/** The slice as 32-bit words when rows start on word boundaries (else null: read label by label). */
export function wordView(s: Uint8Array | Uint16Array, columns: number): Uint32Array | null {
  const lanes = 4 / s.BYTES_PER_ELEMENT;
  if (s.byteOffset % 4 || columns % lanes || s.length % lanes) return null;
  return new Uint32Array(s.buffer, s.byteOffset, s.length / lanes);
}

/**
 * The nonzero runs of the row starting at s[row] (`columns` labels) into `runs`; returns how many. `words` is
 * wordView(s) (or null).
 */
export function readRow(s: Uint8Array | Uint16Array, words: Uint32Array | null, row: number, columns: number, runs: RowRuns): number {
  const lanes = 4 / s.BYTES_PER_ELEMENT;
  const shift = lanes === 2 ? 1 : 2;
  // a label repeated in every lane of a word: v * 0x00010001 or v * 0x01010101 (at most 2^32 - 1, exact)
  const repeat = lanes === 2 ? 0x10001 : 0x1010101;
  let n = 0;
  let x = 0;
  while (x < columns) {
    const v = s[row + x];
    const start = x++;
    if (words) {
      // label by label to a word boundary, then whole words, then label by label again
      while (x % lanes && x < columns && s[row + x] === v) x++;
      if (x % lanes === 0) {
        const vv = v * repeat;
        const end = (row + columns) >> shift;
        let i = (row + x) >> shift;
        while (i < end && words[i] === vv) i++;
        x = (i << shift) - row;
        while (x < columns && s[row + x] === v) x++;
      }
    } else {
      while (x < columns && s[row + x] === v) x++;
    }
    if (!v) continue;
    runs.start[n] = start;
    runs.end[n] = x;
    runs.label[n] = v;
    n++;
  }
  return n;
}
