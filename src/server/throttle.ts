// A bandwidth limit for whole-object responses of the embedded server (`npm start -- --throttle 20`, the bench's
// slow-link case): what a SEG costs over a typical link to IDC's proxy (~20 MB/s) rather than over loopback.
import { Transform, type TransformCallback } from 'node:stream';

/** Bytes per piece: small enough that the pace is even, big enough that timers stay few (~300 a second at 20 MB/s). */
const PIECE = 64 * 1024;

/** A stream that lets `bytesPerSecond` through, in pieces, on schedule from its first byte. */
export function throttled(bytesPerSecond: number): Transform {
  let start = 0;
  let sent = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, done: TransformCallback) {
      if (!start) start = performance.now();
      let at = 0;
      const next = (): void => {
        if (at >= chunk.length) return done();
        const piece = chunk.subarray(at, at + PIECE);
        at += piece.length;
        sent += piece.length;
        this.push(piece);
        // When the bytes sent so far are due, by the rate.
        const due = start + (sent / bytesPerSecond) * 1000 - performance.now();
        if (due > 1) setTimeout(next, due);
        else next();
      };
      next();
    },
  });
}
