// Masks packed 32 voxels to a 32-bit word, for the comparison: counting, intersecting and finding surfaces
// then work on 32 voxels per operation instead of one byte each (most of a comparison's time was such scans).
//
// Words are aligned to the grid's columns (word w holds columns 32w..32w+31, bit b column 32w+b), so masks of
// different boxes line up word for word and a union is a copy of rows, never a bit shift.
import type { Box, BoxMask } from './mask';

/** Words [w0, w0 + nw) of rows [y0, y0 + ny) of slices [z0, z0 + nz); word (z*ny + y)*nw + w, z and y local. */
export interface BitLayout {
  w0: number;
  nw: number;
  y0: number;
  ny: number;
  z0: number;
  nz: number;
}

/** A mask packed over a layout (the smallest that holds its box). */
export interface BitMask {
  layout: BitLayout;
  bits: Uint32Array;
}

export function layoutOfBox(b: Box): BitLayout {
  const w0 = b.x0 >>> 5;
  return { w0, nw: ((b.x0 + b.nx - 1) >>> 5) - w0 + 1, y0: b.y0, ny: b.ny, z0: b.z0, nz: b.nz };
}

export function layoutWords(l: BitLayout): number {
  return l.nw * l.ny * l.nz;
}

export function unionLayout(a: BitLayout | null, b: BitLayout | null): BitLayout | null {
  if (!a) return b;
  if (!b) return a;
  const w0 = Math.min(a.w0, b.w0);
  const y0 = Math.min(a.y0, b.y0);
  const z0 = Math.min(a.z0, b.z0);
  return {
    w0,
    y0,
    z0,
    nw: Math.max(a.w0 + a.nw, b.w0 + b.nw) - w0,
    ny: Math.max(a.y0 + a.ny, b.y0 + b.ny) - y0,
    nz: Math.max(a.z0 + a.nz, b.z0 + b.nz) - z0,
  };
}

/** Set bits in a SWAR count (no popcount instruction in JS). */
export function popcount(v: number): number {
  v -= (v >>> 1) & 0x55555555;
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}

/** Sets bits [from, to) of the row of words starting at bits[row] (from < to). */
export function setBitRange(bits: Uint32Array, row: number, from: number, to: number): void {
  let w = from >>> 5;
  const last = (to - 1) >>> 5;
  const head = -1 << (from & 31);
  const tail = -1 >>> (31 - ((to - 1) & 31));
  if (w === last) {
    bits[row + w] |= head & tail;
    return;
  }
  bits[row + w] |= head;
  for (w++; w < last; w++) bits[row + w] = -1;
  bits[row + last] |= tail;
}

/** `mask` copied into `out` laid out over `into` (which must contain its layout), zeroing the rest. */
export function embedBits(mask: BitMask, into: BitLayout, out: Uint32Array): Uint32Array {
  const view = out.subarray(0, layoutWords(into));
  view.fill(0);
  const m = mask.layout;
  const dw = m.w0 - into.w0;
  const dy = m.y0 - into.y0;
  const dz = m.z0 - into.z0;
  if (dw < 0 || dy < 0 || dz < 0 || dw + m.nw > into.nw || dy + m.ny > into.ny || dz + m.nz > into.nz) {
    throw new Error('embedBits: the layout does not contain the mask');
  }
  const bits = mask.bits;
  for (let z = 0, from = 0; z < m.nz; z++) {
    for (let y = 0; y < m.ny; y++) {
      // a plain loop: rows are a few words, and a subarray per row would be an object per row
      const to = ((z + dz) * into.ny + y + dy) * into.nw + dw;
      for (let w = 0; w < m.nw; w++) view[to + w] = bits[from++];
    }
  }
  return view;
}

/** A byte mask (mask.ts) packed over `into` (which must contain its box) into `out`, zeroing the rest. */
export function packBoxMask(mask: BoxMask, into: BitLayout, out: Uint32Array): Uint32Array {
  const view = out.subarray(0, layoutWords(into));
  view.fill(0);
  const b = mask.box;
  if (!b) return view;
  const x0 = b.x0 - 32 * into.w0;
  for (let z = 0; z < b.nz; z++) {
    for (let y = 0; y < b.ny; y++) {
      const row = ((z + b.z0 - into.z0) * into.ny + y + b.y0 - into.y0) * into.nw;
      const from = (z * b.ny + y) * b.nx;
      for (let x = 0; x < b.nx; x++) {
        if (!mask.data[from + x]) continue;
        const c = x0 + x;
        view[row + (c >>> 5)] |= 1 << (c & 31);
      }
    }
  }
  return view;
}

/** A surface over a layout: its voxels as bits, how many, and how many in each row r = z*ny + y and slice. */
export interface Surface {
  bits: Uint32Array;
  n: number;
  rows: Int32Array;
  slices: Int32Array;
}

/**
 * The surface of `mask` over `l`: voxels with at least one of their 6 face neighbours outside the mask, where
 * outside the layout counts as outside (the layout holds the whole mask, so that is the grid edge or voxels not
 * in it). Fills `out` (bits: words of the layout, rows: ny*nz, slices: nz).
 */
export function surfaceOf(mask: Uint32Array, l: BitLayout, out: Surface): Surface {
  const { nw, ny, nz } = l;
  const { bits, rows, slices } = out;
  const slice = nw * ny;
  let n = 0;
  for (let z = 0; z < nz; z++) {
    const zEdge = z === 0 || z === nz - 1;
    const before = n;
    for (let y = 0; y < ny; y++) {
      const r = z * ny + y;
      const row = r * nw;
      // on the first and last row and slice every voxel has a neighbour outside
      const edge = zEdge || y === 0 || y === ny - 1;
      let inRow = 0;
      for (let w = 0; w < nw; w++) {
        const i = row + w;
        const m = mask[i];
        if (!m) {
          bits[i] = 0;
          continue;
        }
        let s = m;
        if (!edge) {
          // neighbours x-1 and x+1 at each bit: this word shifted, with the next bit from the adjacent word
          const left = (m << 1) | (w > 0 ? mask[i - 1] >>> 31 : 0);
          const right = (m >>> 1) | (w < nw - 1 ? mask[i + 1] << 31 : 0);
          s = m & ~(left & right & mask[i - nw] & mask[i + nw] & mask[i - slice] & mask[i + slice]);
        }
        bits[i] = s;
        inRow += popcount(s);
      }
      rows[r] = inRow;
      n += inRow;
    }
    slices[z] = n - before;
  }
  out.n = n;
  return out;
}

/**
 * The voxels of `bits` over `l` as ascending indices (z*ny + y)*nx + x with nx = 32*nw (x from the layout's
 * first word) into `out`; returns how many.
 */
export function listBits(bits: Uint32Array, l: BitLayout, out: Int32Array): number {
  let n = 0;
  for (let i = 0, end = layoutWords(l); i < end; i++) {
    let s = bits[i];
    while (s) {
      const low = s & -s;
      out[n++] = i * 32 + 31 - Math.clz32(low);
      s ^= low;
    }
  }
  return n;
}
