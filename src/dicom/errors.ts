// The error every decoder throws on input it cannot use, and the ceiling on what one object may decode to.
// Its own module (re-exported by part10/index.ts) so the low-level readers can throw it without an import cycle.

export class DicomReadError extends Error {
  constructor(what: string, problem: string) {
    super(`${what}: ${problem}`);
    this.name = 'DicomReadError';
  }
}

/**
 * Default ceiling on one object's decoded size (bytes): masks, label volumes, value volumes. Far above any real
 * derived object (the 512x512x300 benchmark SEG's label volume is 157 MB, its 300 MB float map 600 MB with
 * its display copy), far below what takes a browser tab down. Decoders that allocate from declared sizes take
 * `maxDecodedBytes` to change it.
 */
export const MAX_DECODED_BYTES = 1024 * 1024 * 1024;

const mb = (n: number): string => `${(n / 1e6).toFixed(n < 1e7 ? 1 : 0)} MB`;

/**
 * Refuse, before allocating, a decoded size over the ceiling. `what` says what would be allocated and from
 * which declared sizes, e.g. "label volume of 512x512x300 at 2 bytes".
 */
export function checkDecodedSize(objectName: string, what: string, bytes: number, limit = MAX_DECODED_BYTES): void {
  if (!(bytes <= limit)) {
    throw new DicomReadError(
      objectName,
      `${what} would take ${Number.isFinite(bytes) ? mb(bytes) : `${bytes} bytes`}, over the ${mb(limit)} a single object may decode to`,
    );
  }
}
