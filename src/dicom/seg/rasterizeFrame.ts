// Writes one SEG frame into one slice of a label volume, through the grid mapping found by placeFrames:
// whole-pixel shifts write the set pixels directly; any other mapping samples the source at every target pixel
// it covers (nearest neighbour), so a coarser or rotated SEG grid leaves no holes.
import type { GridMapping } from '../geometry/plane';
import type { FramePixels } from './pixels';

export interface SliceTarget {
  /** the label volume (or a single slice); the slice starts at `offset` */
  labels: Uint8Array | Uint16Array;
  offset: number;
  rows: number;
  columns: number;
  /** FRACTIONAL: opacity 0..255 per voxel, same indexing as `labels` */
  fractions?: Uint8Array | null;
}

export interface RasterizeOptions {
  /** label written for a set pixel (ignored when `labelLookup` is given) */
  value: number;
  /** LABELMAP: source pixel value -> label to write (0 = leave the voxel alone) */
  labelLookup?: Uint8Array | Uint16Array;
  /** FRACTIONAL: MaximumFractionalValue, the stored value that means opacity 255 */
  maximumFractionalValue?: number;
  /** a voxel that already holds another label: take it over, keep the old label, or stop at once */
  onConflict: 'overwrite' | 'keep' | 'abort';
  /**
   * Combine instead: a set pixel turns the voxel's label c into combine.next(c) (the label of c's segment set
   * plus this segment), so overlapping segments share one label volume. `written` counts changed voxels and
   * `value`, `labelLookup` and `onConflict` are ignored.
   */
  combine?: LabelCombiner;
}

/** Label c -> label of (segments of c) + one more segment; `table` caches answers (-1 = not known yet). */
export interface LabelCombiner {
  table: Int32Array;
  next: (current: number) => number;
}

export interface RasterizeResult {
  /** voxels that went from 0 to a label */
  written: number;
  /** true when a voxel held another label (with 'abort', writing stopped there) */
  conflict: boolean;
}

/** Mutable state of one call, shared by the inner loops so that each voxel costs one small function call. */
interface Pass {
  labels: Uint8Array | Uint16Array;
  fractions: Uint8Array | null;
  value: number;
  lookup: Uint8Array | Uint16Array | null;
  fractionMax: number;
  mode: RasterizeOptions['onConflict'];
  combine: LabelCombiner | null;
  written: number;
  conflict: boolean;
}

/** Combine mode: one voxel takes the label of its segments plus this one. */
function combineAt(s: Pass, idx: number): void {
  const c = s.combine as LabelCombiner;
  const current = s.labels[idx];
  let next = current < c.table.length ? c.table[current] : -1;
  if (next < 0) next = c.next(current);
  if (next !== current) {
    s.labels[idx] = next;
    s.written++;
  }
}

/** Write source value `v` (non-zero) at volume index `idx`; false when the pass must stop. */
function put(s: Pass, idx: number, v: number): boolean {
  if (s.combine) {
    combineAt(s, idx);
    return true;
  }
  const label = s.lookup ? s.lookup[v] : s.value;
  if (label === 0) return true;
  const current = s.labels[idx];
  if (current !== label) {
    if (current === 0) s.written++;
    else {
      s.conflict = true;
      if (s.mode === 'abort') return false;
      if (s.mode === 'keep') return true;
    }
    s.labels[idx] = label;
  }
  if (s.fractions) {
    const f = Math.min(255, Math.round((v * 255) / s.fractionMax));
    if (f > s.fractions[idx]) s.fractions[idx] = f;
  }
  return true;
}

/** Spans of one label up to this long are written element by element (a fill call costs more). */
const SHORT_SPAN = 16;

/**
 * Bit-packed frame, whole-pixel shift, combine mode: every set pixel's voxel takes the label of its segments
 * plus this one. The hot loop of big BINARY SEGs (a body outline sets ~100,000 pixels per frame), so the
 * lookup is inlined and full bytes on one row are written without walking their bits.
 */
function shiftedBitsCombine(frame: FramePixels & { kind: 'bits' }, mapping: GridMapping, target: SliceTarget, s: Pass): void {
  const { rows, columns, data, bitOffset } = frame;
  const { rowShift: dr, columnShift: dc } = mapping;
  const { rows: tRows, columns: tCols, offset } = target;
  const labels = s.labels;
  const combine = s.combine as LabelCombiner;
  let table = combine.table;
  const n = rows * columns;
  const lastByte = (bitOffset + n - 1) >> 3;
  const clip = dr < 0 || dc < 0 || rows + dr > tRows || columns + dc > tCols;
  let written = 0;
  let r = 0;
  let rowEnd = columns;
  const step = (idx: number): void => {
    const current = labels[idx];
    let next = current < table.length ? table[current] : -1;
    if (next < 0) {
      next = combine.next(current);
      table = combine.table;
    }
    if (next !== current) {
      labels[idx] = next;
      written++;
    }
  };
  // Masks are mostly empty (94 % of the 104-segment benchmark SEG's pixels): empty stretches are skipped a 32-bit
  // word (32 pixels) at a time, read as words from the frame's first 4-byte boundary in its buffer, in a loop of their
  // own (four byte reads a word before: with the spans below, the 173 MB SEG's decode went from ~0.95 to ~0.65 s in
  // Node, alone on the machine).
  const align = (4 - (data.byteOffset & 3)) & 3;
  const words = new Uint32Array(data.buffer, data.byteOffset + align, Math.max(0, (lastByte + 1 - align) >> 2));
  const wordCount = words.length;
  for (let b = 0; b <= lastByte; b++) {
    const fromAlign = b - align;
    if (fromAlign >= 0 && (fromAlign & 3) === 0) {
      let w = fromAlign >> 2;
      if (w < wordCount && words[w] === 0) {
        while (w + 1 < wordCount && words[w + 1] === 0) w++;
        b = align + (w << 2) + 3;
        continue;
      }
    }
    let v = data[b];
    if (v === 0) continue;
    const first = (b << 3) - bitOffset;
    if (v === 255 && first >= 0 && first + 8 <= n && !clip) {
      while (first >= rowEnd) {
        r++;
        rowEnd += columns;
      }
      if (first + 8 <= rowEnd) {
        // A run of full bytes on this row (organs and the body are mostly runs): one tight loop for all of it.
        let last = b;
        while (last < lastByte && data[last + 1] === 255 && ((last + 1) << 3) - bitOffset + 8 <= rowEnd) last++;
        const start = offset + (r + dr) * tCols + first - (rowEnd - columns) + dc;
        const end = start + ((last - b + 1) << 3);
        b = last;
        // Neighbours mostly share a label (spans of 49 voxels on average in the 104-segment benchmark SEG): the run is
        // taken span by span, each looked up once and written at once.
        for (let idx = start; idx < end; ) {
          const current = labels[idx];
          let spanEnd = idx + 1;
          while (spanEnd < end && labels[spanEnd] === current) spanEnd++;
          let after = current < table.length ? table[current] : -1;
          if (after < 0) {
            after = combine.next(current);
            table = combine.table;
          }
          if (after !== current) {
            if (spanEnd - idx > SHORT_SPAN) labels.fill(after, idx, spanEnd);
            else for (let k = idx; k < spanEnd; k++) labels[k] = after;
            written += spanEnd - idx;
          }
          idx = spanEnd;
        }
        continue;
      }
    }
    while (v !== 0) {
      const low = v & -v;
      v ^= low;
      const i = first + 31 - Math.clz32(low);
      if (i < 0 || i >= n) continue;
      while (i >= rowEnd) {
        r++;
        rowEnd += columns;
      }
      const tr = r + dr;
      const tc = i - (rowEnd - columns) + dc;
      if (clip && (tr < 0 || tr >= tRows || tc < 0 || tc >= tCols)) continue;
      step(offset + tr * tCols + tc);
    }
  }
  s.written += written;
}

/** Bit-packed frame, whole-pixel shift: the hot loop of big BINARY SEGs, so no per-pixel call or division. */
function shiftedBits(frame: FramePixels & { kind: 'bits' }, mapping: GridMapping, target: SliceTarget, s: Pass): void {
  if (s.combine) return shiftedBitsCombine(frame, mapping, target, s);
  const { rows, columns, data, bitOffset } = frame;
  const { rowShift: dr, columnShift: dc } = mapping;
  const { rows: tRows, columns: tCols, offset } = target;
  const labels = s.labels;
  const label = s.value;
  const mode = s.mode;
  // Whether some source pixels can fall outside the target slice.
  const clip = dr < 0 || dc < 0 || rows + dr > tRows || columns + dc > tCols;
  const n = rows * columns;
  const lastByte = (bitOffset + n - 1) >> 3;
  const words =
    labels instanceof Uint8Array && labels.byteOffset % 4 === 0 && label < 256
      ? new Uint32Array(labels.buffer, labels.byteOffset, labels.length >> 2)
      : null;
  const fill = (label * 0x01010101) >>> 0;
  let written = 0;
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
      // Eight set pixels on one row (most set bytes of a mask are full): write them in a row.
      if (first + 8 <= rowEnd && !clip) {
        const start = offset + (r + dr) * tCols + first - (rowEnd - columns) + dc;
        // Eight empty Uint8 voxels on a word boundary (the usual case for same-grid SEGs): two word writes.
        if (words && (start & 7) === 0 && words[start >> 2] === 0 && words[(start >> 2) + 1] === 0) {
          words[start >> 2] = fill;
          words[(start >> 2) + 1] = fill;
          written += 8;
          continue;
        }
        for (let idx = start; idx < start + 8; idx++) {
          const current = labels[idx];
          if (current === label) continue;
          if (current !== 0) {
            s.conflict = true;
            if (mode === 'abort') {
              s.written += written;
              return;
            }
            if (mode === 'keep') continue;
          } else written++;
          labels[idx] = label;
        }
        continue;
      }
    }
    while (v !== 0) {
      const low = v & -v;
      v ^= low;
      const i = first + 31 - Math.clz32(low);
      if (i < 0 || i >= n) continue;
      // Rows only ever advance, as bits are visited in pixel order.
      while (i >= rowEnd) {
        r++;
        rowEnd += columns;
      }
      const c = i - (rowEnd - columns);
      if (clip && (r + dr < 0 || r + dr >= tRows || c + dc < 0 || c + dc >= tCols)) continue;
      const idx = offset + (r + dr) * tCols + c + dc;
      const current = labels[idx];
      if (current === label) continue;
      if (current !== 0) {
        s.conflict = true;
        if (mode === 'abort') {
          s.written += written;
          return;
        }
        if (mode === 'keep') continue;
      } else written++;
      labels[idx] = label;
    }
  }
  s.written += written;
}

function shifted(frame: FramePixels, mapping: GridMapping, target: SliceTarget, s: Pass): void {
  if (frame.kind === 'bits') return shiftedBits(frame, mapping, target, s);
  const { rows, columns } = frame;
  const { rowShift: dr, columnShift: dc } = mapping;
  const tRows = target.rows;
  const tCols = target.columns;
  const base = target.offset;
  const data = frame.data;
  for (let r = 0, i = 0; r < rows; r++) {
    const tr = r + dr;
    if (tr < 0 || tr >= tRows) {
      i += columns;
      continue;
    }
    const rowBase = base + tr * tCols + dc;
    for (let c = 0; c < columns; c++, i++) {
      const v = data[i];
      if (v === 0) continue;
      const tc = c + dc;
      if (tc < 0 || tc >= tCols) continue;
      if (!put(s, rowBase + c, v)) return;
    }
  }
}

function resampled(frame: FramePixels, mapping: GridMapping, target: SliceTarget, s: Pass): void {
  const { rows, columns } = frame;
  const m = mapping.toTarget;
  const inv = mapping.toSource;
  // Target pixels the source grid covers: the box around its four corners (pixel edges, hence +-0.5).
  let minR = Infinity;
  let maxR = -Infinity;
  let minC = Infinity;
  let maxC = -Infinity;
  for (const r of [-0.5, rows - 0.5]) {
    for (const c of [-0.5, columns - 0.5]) {
      const tc = m[0] * c + m[1] * r + m[2];
      const tr = m[3] * c + m[4] * r + m[5];
      minR = Math.min(minR, tr);
      maxR = Math.max(maxR, tr);
      minC = Math.min(minC, tc);
      maxC = Math.max(maxC, tc);
    }
  }
  const r0 = Math.max(0, Math.ceil(minR - 0.5));
  const r1 = Math.min(target.rows - 1, Math.floor(maxR + 0.5));
  const c0 = Math.max(0, Math.ceil(minC - 0.5));
  const c1 = Math.min(target.columns - 1, Math.floor(maxC + 0.5));
  const bits = frame.kind === 'bits';
  const data = frame.data;
  const bitOffset = bits ? frame.bitOffset : 0;
  for (let tr = r0; tr <= r1; tr++) {
    let sc = inv[0] * c0 + inv[1] * tr + inv[2];
    let sr = inv[3] * c0 + inv[4] * tr + inv[5];
    const rowBase = target.offset + tr * target.columns;
    for (let tc = c0; tc <= c1; tc++, sc += inv[0], sr += inv[3]) {
      // Round half up consistently (Math.round), so neighbouring target pixels never both miss a source pixel.
      const c = Math.round(sc);
      const r = Math.round(sr);
      if (r < 0 || r >= rows || c < 0 || c >= columns) continue;
      const i = r * columns + c;
      let v: number;
      if (bits) {
        const bit = bitOffset + i;
        v = (data[bit >> 3] >> (bit & 7)) & 1;
      } else v = data[i];
      if (v !== 0 && !put(s, rowBase + tc, v)) return;
    }
  }
}

/**
 * Write the set pixels of `frame` into the slice `target` as seen through `mapping` (source -> target grid).
 * Voxels outside the target slice are dropped.
 */
export function rasterizeFrameIntoSlice(
  frame: FramePixels,
  mapping: GridMapping,
  target: SliceTarget,
  options: RasterizeOptions,
): RasterizeResult {
  const pass: Pass = {
    labels: target.labels,
    fractions: target.fractions ?? null,
    value: options.value,
    lookup: options.labelLookup ?? null,
    fractionMax: options.maximumFractionalValue || 255,
    mode: options.onConflict,
    combine: options.combine ?? null,
    written: 0,
    conflict: false,
  };
  if (mapping.kind === 'shift') shifted(frame, mapping, target, pass);
  else resampled(frame, mapping, target, pass);
  return { written: pass.written, conflict: pass.conflict };
}

/** Undo: clear every voxel of one slice that holds `label` (and its opacity). */
export function clearLabelInSlice(target: SliceTarget, label: number): void {
  const { labels, fractions, offset } = target;
  const end = offset + target.rows * target.columns;
  for (let i = offset; i < end; i++) {
    if (labels[i] === label) {
      labels[i] = 0;
      if (fractions) fractions[i] = 0;
    }
  }
}
