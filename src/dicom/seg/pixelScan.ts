// Scans over the set pixels of one frame. Segmentation frames are mostly empty, so the loops skip zero bytes
// of packed frames and never unpack a frame into a copy.
import type { FramePixels } from './pixels';

/**
 * Calls `visit(pixelIndex, value)` for every non-zero pixel, in raster order (pixelIndex = row * columns +
 * column). `value` is 1 for bit-packed frames, the stored value otherwise.
 */
export function forEachSetPixel(frame: FramePixels, visit: (pixelIndex: number, value: number) => void): void {
  const n = frame.rows * frame.columns;
  if (frame.kind !== 'bits') {
    const data = frame.data;
    for (let i = 0; i < n; i++) if (data[i] !== 0) visit(i, data[i]);
    return;
  }
  const { data, bitOffset } = frame;
  const lastByte = (bitOffset + n - 1) >> 3;
  for (let b = 0; b <= lastByte; b++) {
    let v = data[b];
    if (v === 0) continue;
    const base = (b << 3) - bitOffset;
    // Only the first and last byte can hold bits of neighbouring frames.
    if (b === 0 || b === lastByte) {
      for (let bit = 0; bit < 8; bit++) {
        const i = base + bit;
        if ((v >> bit) & 1 && i >= 0 && i < n) visit(i, 1);
      }
      continue;
    }
    while (v !== 0) {
      const low = v & -v;
      visit(base + 31 - Math.clz32(low), 1);
      v ^= low;
    }
  }
}


/** Count and sums of row and column indexes of the set pixels, for a centroid without unpacking. */
export interface PixelMoments {
  count: number;
  sumRow: number;
  sumColumn: number;
}

/** Moments of all non-zero pixels. */
export function setPixelMoments(frame: FramePixels): PixelMoments {
  const { rows, columns } = frame;
  let count = 0;
  let sumRow = 0;
  let sumColumn = 0;
  if (frame.kind !== 'bits') {
    const data = frame.data;
    for (let r = 0, i = 0; r < rows; r++) {
      for (let c = 0; c < columns; c++, i++) {
        if (data[i] === 0) continue;
        count++;
        sumRow += r;
        sumColumn += c;
      }
    }
    return { count, sumRow, sumColumn };
  }
  const { data, bitOffset } = frame;
  const n = rows * columns;
  const lastByte = (bitOffset + n - 1) >> 3;
  let r = 0;
  let rowEnd = columns;
  for (let b = 0; b <= lastByte; b++) {
    let v = data[b];
    if (v === 0) continue;
    const first = (b << 3) - bitOffset;
    if (v === 255 && first >= 0 && first + 8 <= n) {
      while (first >= rowEnd) {
        r++;
        rowEnd += columns;
      }
      // Eight set pixels on one row, the common case inside a mask.
      if (first + 8 <= rowEnd) {
        count += 8;
        sumRow += 8 * r;
        sumColumn += 8 * (first - (rowEnd - columns)) + 28;
        continue;
      }
    }
    while (v !== 0) {
      const low = v & -v;
      v ^= low;
      const i = first + 31 - Math.clz32(low);
      if (i < 0 || i >= n) continue;
      // Bits come in pixel order, so the row only advances: no division per pixel.
      while (i >= rowEnd) {
        r++;
        rowEnd += columns;
      }
      count++;
      sumRow += r;
      sumColumn += i - (rowEnd - columns);
    }
  }
  return { count, sumRow, sumColumn };
}

/** Moments per pixel value (LABELMAP), including value 0, accumulated into arrays indexed by value. */
export function labelMoments(
  frame: FramePixels,
  count: Float64Array,
  sumRow: Float64Array,
  sumColumn: Float64Array,
): void {
  if (frame.kind === 'bits') throw new Error('a label map frame cannot be bit-packed');
  const { data, columns, rows } = frame;
  for (let r = 0, i = 0; r < rows; r++) {
    for (let c = 0; c < columns; c++, i++) {
      const v = data[i];
      count[v]++;
      sumRow[v] += r;
      sumColumn[v] += c;
    }
  }
}
