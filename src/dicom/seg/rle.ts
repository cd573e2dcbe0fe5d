// RLE Lossless (PS3.5 Annex G): a 64-byte header of segment offsets, then one PackBits stream per byte plane.

/** PackBits-decode `src` into `out` from `start` up to `end` (exclusive); returns the number of bytes written. */
function unpackBits(src: Uint8Array, start: number, end: number, out: Uint8Array): number {
  let i = start;
  let o = 0;
  const max = out.length;
  while (i < end && o < max) {
    const n = src[i++];
    if (n < 128) {
      // Literal run of n + 1 bytes.
      const count = Math.min(n + 1, end - i, max - o);
      out.set(src.subarray(i, i + count), o);
      i += n + 1;
      o += count;
    } else if (n > 128) {
      // Replicate the next byte 257 - n times.
      if (i >= end) break;
      const count = Math.min(257 - n, max - o);
      out.fill(src[i++], o, o + count);
      o += count;
    }
    // n === 128 is a no-op by definition.
  }
  return o;
}

export interface RleFrame {
  /** Byte planes in header order (most significant plane first for multi-byte samples). */
  planes: Uint8Array[];
  /** Bytes each plane decoded to (planes are sized for `bytesPerPlane` but a stream may be shorter). */
  lengths: number[];
}

/**
 * Decode one RLE frame into its byte planes. `bytesPerPlane` bounds the output: a 1-bit SEG frame may have been
 * encoded one byte per pixel or bit-packed, so callers size it for the larger and look at `lengths`.
 */
export function decodeRle(frame: Uint8Array, bytesPerPlane: number): RleFrame {
  if (frame.length < 64) throw new Error(`RLE frame of ${frame.length} bytes is shorter than its 64-byte header`);
  const view = new DataView(frame.buffer, frame.byteOffset, 64);
  const count = view.getUint32(0, true);
  if (count < 1 || count > 15) throw new Error(`RLE header names ${count} segments (1 to 15 allowed)`);
  const offsets: number[] = [];
  for (let s = 0; s < count; s++) offsets.push(view.getUint32(4 + 4 * s, true));
  const planes: Uint8Array[] = [];
  const lengths: number[] = [];
  for (let s = 0; s < count; s++) {
    const start = offsets[s];
    const end = s + 1 < count ? offsets[s + 1] : frame.length;
    if (start < 64 || start > frame.length || end < start) {
      throw new Error(`RLE segment ${s + 1} starts at byte ${start}, outside the ${frame.length}-byte frame`);
    }
    const out = new Uint8Array(bytesPerPlane);
    lengths.push(unpackBits(frame, start, end, out));
    planes.push(out);
  }
  return { planes, lengths };
}
