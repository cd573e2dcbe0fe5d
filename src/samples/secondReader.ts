// A deterministic "second reader" of the benchmark SEG: each structure's masks perturbed the way two readers
// differ (a one-pixel shift, a one-pixel wider outline, a slab one slice off), so agreement metrics have
// something to measure on a realistic scale.
import { packBits, unpackBits } from './segFrames';

export type Perturbation = 'shift-column' | 'dilate' | 'next-slice';

/** Structure s gets perturbation s mod 3. */
export function perturbationOf(structure: number): Perturbation {
  return (['shift-column', 'dilate', 'next-slice'] as const)[structure % 3];
}

/** In-plane perturbation of one packed frame (`next-slice` moves frames, not pixels: returned as is). */
export function perturbFrame(bits: Uint8Array, rows: number, columns: number, how: Perturbation): Uint8Array {
  if (how === 'next-slice') return bits;
  const mask = unpackBits(bits, rows * columns);
  const out = new Uint8Array(mask.length);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < columns; c++) {
      const i = r * columns + c;
      if (!mask[i]) continue;
      if (how === 'shift-column') {
        if (c + 1 < columns) out[i + 1] = 1;
        continue;
      }
      out[i] = 1;
      if (c > 0) out[i - 1] = 1;
      if (c + 1 < columns) out[i + 1] = 1;
      if (r > 0) out[i - columns] = 1;
      if (r + 1 < rows) out[i + columns] = 1;
    }
  }
  return packBits(out);
}

/** A packed frame moved `dx` columns to the right (towards higher column indices); pixels leaving the frame are lost. */
export function shiftFrameColumns(bits: Uint8Array, rows: number, columns: number, dx: number): Uint8Array {
  const mask = unpackBits(bits, rows * columns);
  const out = new Uint8Array(mask.length);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < columns; c++) {
      const to = c + dx;
      if (mask[r * columns + c] && to >= 0 && to < columns) out[r * columns + to] = 1;
    }
  }
  return packBits(out);
}
