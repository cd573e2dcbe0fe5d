/** A stored SEG frame before assembly: which segment, which CT slice, and the packed bits. */
export interface SegFrame {
  segmentNumber: number;
  sliceIndex: number;
  /** ceil(rows * columns / 8) bytes, pixel i at bit (i % 8) of byte (i >> 3): DICOM's 1-bit packing. */
  bits: Uint8Array;
}

/** Pack a 0/1 mask into bits, first pixel in the least significant bit. */
export function packBits(mask: Uint8Array): Uint8Array {
  const bytes = new Uint8Array(Math.ceil(mask.length / 8));
  const whole = mask.length >> 3;
  for (let b = 0; b < whole; b++) {
    const i = b << 3;
    bytes[b] =
      mask[i] |
      (mask[i + 1] << 1) |
      (mask[i + 2] << 2) |
      (mask[i + 3] << 3) |
      (mask[i + 4] << 4) |
      (mask[i + 5] << 5) |
      (mask[i + 6] << 6) |
      (mask[i + 7] << 7);
  }
  for (let i = whole << 3; i < mask.length; i++) bytes[i >> 3] |= mask[i] << (i & 7);
  return bytes;
}

/** Unpack `pixels` bits starting at bit `offset` of a packed buffer (used by tests and checks). */
export function unpackBits(bytes: Uint8Array, pixels: number, offset = 0): Uint8Array {
  const mask = new Uint8Array(pixels);
  for (let i = 0; i < pixels; i++) {
    const bit = offset + i;
    mask[i] = (bytes[bit >> 3] >> (bit & 7)) & 1;
  }
  return mask;
}

/**
 * Concatenate frames into one Pixel Data value. Binary SEG frames are not byte-aligned when
 * rows * columns is not a multiple of 8: frame n starts at bit n * rows * columns.
 */
export function concatenateFrames(frames: readonly Uint8Array[], pixelsPerFrame: number): Uint8Array {
  const totalBytes = Math.ceil((frames.length * pixelsPerFrame) / 8);
  const out = new Uint8Array(totalBytes);
  if (pixelsPerFrame % 8 === 0) {
    const frameBytes = pixelsPerFrame / 8;
    frames.forEach((frame, n) => out.set(frame.subarray(0, frameBytes), n * frameBytes));
    return out;
  }
  frames.forEach((frame, n) => {
    const base = n * pixelsPerFrame;
    for (let i = 0; i < pixelsPerFrame; i++) {
      if ((frame[i >> 3] >> (i & 7)) & 1) {
        const bit = base + i;
        out[bit >> 3] |= 1 << (bit & 7);
      }
    }
  });
  return out;
}
