// One frame's real world values into one slice of the volume, through the grid mapping of its plane onto the
// slice: whole-pixel shifts copy, any other mapping samples bilinearly at each slice pixel centre. Slice pixels
// outside the frame (beyond half a pixel from its edge pixel centres) get NaN: no value there.
import type { GridMapping } from '../geometry/plane';

export interface SliceWrite {
  volume: Float32Array;
  /** index of the slice's first voxel in `volume` */
  offset: number;
  rows: number;
  columns: number;
  /** this frame's share of each value (1, or 1 - t and t between two frames) */
  weight: number;
  /** add to what an earlier frame wrote (the second of two frames) instead of writing */
  add: boolean;
}

/** Write `values` (a frames of `rows` x `columns`) into the slice `w` as seen through `mapping`. */
export function sampleFrameIntoSlice(values: Float32Array, rows: number, columns: number, mapping: GridMapping, w: SliceWrite): void {
  const { volume, offset, weight, add } = w;
  const tRows = w.rows;
  const tCols = w.columns;
  if (mapping.kind === 'shift') {
    const dr = mapping.rowShift;
    const dc = mapping.columnShift;
    if (dr === 0 && dc === 0 && rows === tRows && columns === tCols && weight === 1 && !add) {
      volume.set(values, offset);
      return;
    }
    for (let tr = 0; tr < tRows; tr++) {
      const r = tr - dr;
      const o = offset + tr * tCols;
      for (let tc = 0; tc < tCols; tc++) {
        const c = tc - dc;
        const v = r >= 0 && r < rows && c >= 0 && c < columns ? values[r * columns + c] * weight : NaN;
        volume[o + tc] = add ? volume[o + tc] + v : v;
      }
    }
    return;
  }
  const m = mapping.toSource;
  const lastRow = rows - 1;
  const lastColumn = columns - 1;
  for (let tr = 0; tr < tRows; tr++) {
    let sc = m[1] * tr + m[2];
    let sr = m[4] * tr + m[5];
    const o = offset + tr * tCols;
    for (let tc = 0; tc < tCols; tc++, sc += m[0], sr += m[3]) {
      let v: number;
      if (sc < -0.5 || sr < -0.5 || sc > lastColumn + 0.5 || sr > lastRow + 0.5) v = NaN;
      else {
        // Within half a pixel of the edge pixel centres: the edge value (clamped), as nearest neighbour would.
        const c = sc < 0 ? 0 : sc > lastColumn ? lastColumn : sc;
        const r = sr < 0 ? 0 : sr > lastRow ? lastRow : sr;
        const c0 = Math.floor(c);
        const r0 = Math.floor(r);
        const fc = c - c0;
        const fr = r - r0;
        const c1 = c0 < lastColumn ? c0 + 1 : c0;
        const r1 = r0 < lastRow ? r0 + 1 : r0;
        const i0 = r0 * columns;
        const i1 = r1 * columns;
        // Zero weights must not carry a neighbour's NaN into an exact hit.
        const top = fc === 0 ? values[i0 + c0] : values[i0 + c0] * (1 - fc) + values[i0 + c1] * fc;
        const bottom = fc === 0 ? values[i1 + c0] : values[i1 + c0] * (1 - fc) + values[i1 + c1] * fc;
        v = (fr === 0 ? top : top * (1 - fr) + bottom * fr) * weight;
      }
      volume[o + tc] = add ? volume[o + tc] + v : v;
    }
  }
}
