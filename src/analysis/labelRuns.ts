// Runs of equal labels along one row of a label slice. Label slices are mostly long runs (air, organs), so
// the rows are read a 32-bit word at a time (2 labels of 16 bits, 4 of 8) where the slice's memory allows:
// this halves the scans that index a labelmap and pack its segments (each reads every voxel).

/** Nonzero runs of one row: labels label[k] over columns [start[k], end[k]) for k < the count returned. */
class RowRuns {
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
function wordView(s: Uint8Array | Uint16Array, columns: number): Uint32Array | null {
  const lanes = 4 / s.BYTES_PER_ELEMENT;
  if (s.byteOffset % 4 || columns % lanes || s.length % lanes) return null;
  return new Uint32Array(s.buffer, s.byteOffset, s.length / lanes);
}

/**
 * The nonzero runs of the row starting at s[row] (`columns` labels) into `runs`; returns how many. `words` is
 * wordView(s) (or null).
 */
function readRow(s: Uint8Array | Uint16Array, words: Uint32Array | null, row: number, columns: number, runs: RowRuns): number {
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

/** One layer's label slices as their nonzero runs: row r = z*rows + y holds runs rowStart[r]..rowStart[r + 1]. */
export interface LayerRuns {
  rowStart: Int32Array;
  start: Uint16Array;
  end: Uint16Array;
  label: Uint16Array;
}

/** Runs per voxel above which a layer is not recorded (noise-like labels: the copy would near the labels' size). */
const MAX_RUNS_PER_VOXEL = 1 / 16;

function grown<T extends Uint16Array>(a: T, n: number, make: (k: number) => T): T {
  if (a.length >= n) return a;
  const b = make(Math.max(n, 2 * a.length));
  b.set(a);
  return b;
}

/**
 * The runs of a layer's slices (`slices.length` slices of rows x columns labels, columns < 65536), read once:
 * indexing, then packing each segment, read these instead of the labels. Null when there are too many.
 */
export function recordRuns(slices: ReadonlyArray<Uint8Array | Uint16Array | null>, columns: number, rows: number): LayerRuns | null {
  if (columns >= 65536) return null;
  const cap = Math.max(1 << 16, Math.floor(slices.length * rows * columns * MAX_RUNS_PER_VOXEL));
  const rowStart = new Int32Array(slices.length * rows + 1);
  const make = (k: number): Uint16Array => new Uint16Array(k);
  let start = make(1 << 16);
  let end = make(1 << 16);
  let label = make(1 << 16);
  const runs = new RowRuns(columns);
  let n = 0;
  for (let z = 0; z < slices.length; z++) {
    const s = slices[z];
    const words = s && wordView(s, columns);
    for (let y = 0; y < rows; y++) {
      rowStart[z * rows + y] = n;
      if (!s) continue;
      const k = readRow(s, words, y * columns, columns, runs);
      if (n + k > cap) return null;
      start = grown(start, n + k, make);
      end = grown(end, n + k, make);
      label = grown(label, n + k, make);
      for (let j = 0; j < k; j++, n++) {
        start[n] = runs.start[j];
        end[n] = runs.end[j];
        label[n] = runs.label[j];
      }
    }
  }
  rowStart[slices.length * rows] = n;
  return { rowStart, start: start.slice(0, n), end: end.slice(0, n), label: label.slice(0, n) };
}

/** The nonzero runs of a row: label[k] over columns [start[k], end[k]) for k in [from, to). */
export type RunVisitor = (z: number, y: number, start: ArrayLike<number>, end: ArrayLike<number>, label: ArrayLike<number>, from: number, to: number) => void;

/** Visits the rows of a layer with their nonzero runs: from `recorded` when there, else read from the slices. */
export function forEachRow(slices: ReadonlyArray<Uint8Array | Uint16Array | null>, columns: number, rows: number, recorded: LayerRuns | null, visit: RunVisitor): void {
  if (recorded) {
    const { rowStart, start, end, label } = recorded;
    for (let r = 0; r < slices.length * rows; r++) {
      if (rowStart[r] < rowStart[r + 1]) visit(Math.floor(r / rows), r % rows, start, end, label, rowStart[r], rowStart[r + 1]);
    }
    return;
  }
  const runs = new RowRuns(columns);
  slices.forEach((s, z) => {
    if (!s) return;
    const words = wordView(s, columns);
    for (let y = 0; y < rows; y++) {
      const n = readRow(s, words, y * columns, columns, runs);
      if (n) visit(z, y, runs.start, runs.end, runs.label, 0, n);
    }
  });
}
