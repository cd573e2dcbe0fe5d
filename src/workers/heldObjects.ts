// Derived objects' bytes in the decode worker (not on the page): put together from the pieces of their download,
// then kept for their decodes. A SEG stays (fetched once even when shown on another series of its Frame of
// Reference), an RTSTRUCT or SR is dropped once decoded; the most recent few, up to a budget. What waits for an
// object's bytes (a header read, a decode) waits here, and hears when they are in or their download failed.

const HELD_BYTES = 1024 * 1024 * 1024;

interface Arriving {
  bytes: Uint8Array;
  filled: number;
  /** bytes there were when the header was last tried from them */
  triedAt: number;
  /** the whole object's size, when the server said it */
  length: number | null;
}

export interface Waiter {
  /** the object's bytes are in */
  ready: (bytes: Uint8Array) => void;
  /** its download failed, or no bytes came */
  failed: (message: string) => void;
}

export class HeldObjects {
  private held = new Map<string, Uint8Array>();
  /**
   * Objects arriving piece by piece. Put together here, not on the page: the room for a big SEG is allocated (and
   * its memory first written) in this thread, while the download goes on.
   */
  private arriving = new Map<string, Arriving>();
  private waiters = new Map<string, Waiter[]>();

  get(key: string): Uint8Array | undefined {
    return this.held.get(key);
  }

  /** The bytes of `key`, let go of (decoded once). */
  take(key: string): Uint8Array | undefined {
    const bytes = this.held.get(key);
    this.held.delete(key);
    return bytes;
  }

  /** Whether pieces of `key` are arriving (its download under way). */
  isArriving(key: string): boolean {
    return this.arriving.has(key);
  }

  /** The pieces of `key` received so far, for reading its header early; null when there is nothing new to try. */
  partial(key: string, growth: number): Uint8Array | null {
    const a = this.arriving.get(key);
    if (!a || a.filled < growth * a.triedAt) return null;
    a.triedAt = a.filled;
    return a.bytes.subarray(0, a.filled);
  }

  /** Every byte of `key` received so far (a view on the room they are put together in), or null when none is arriving. */
  arrived(key: string): Uint8Array | null {
    const a = this.arriving.get(key);
    return a ? a.bytes.subarray(0, a.filled) : null;
  }

  /** The size `key` will have once all in, when its server said; null when not known (or nothing is arriving). */
  expected(key: string): number | null {
    return this.arriving.get(key)?.length ?? null;
  }

  receive(key: string, piece: Uint8Array, length: number | null): void {
    let a = this.arriving.get(key);
    if (!a) this.arriving.set(key, (a = { bytes: new Uint8Array(length ?? Math.max(1 << 20, piece.length)), filled: 0, triedAt: 0, length }));
    if (a.filled + piece.length > a.bytes.length) {
      // No length given, or a wrong one: grow by doubling.
      const bigger = new Uint8Array(Math.max(a.bytes.length * 2, a.filled + piece.length));
      bigger.set(a.bytes.subarray(0, a.filled));
      a.bytes = bigger;
    }
    a.bytes.set(piece, a.filled);
    a.filled += piece.length;
  }

  /** The download of `key` is complete: its bytes are held, and what waited for them runs. */
  end(key: string): Uint8Array | undefined {
    const a = this.arriving.get(key);
    this.arriving.delete(key);
    if (a) this.remember(key, a.bytes.subarray(0, a.filled));
    const bytes = this.held.get(key);
    const waiting = this.waiters.get(key) ?? [];
    this.waiters.delete(key);
    // Nothing came (an empty answer): say so, or what waits would wait forever, and the study with it.
    for (const w of waiting) {
      if (bytes) w.ready(bytes);
      else w.failed('the server sent no bytes for it');
    }
    return bytes;
  }

  /** The download of `key` starts over (`final`: it failed, and what waited for it fails). */
  drop(key: string, final: boolean): void {
    this.arriving.delete(key);
    if (!final) return;
    const waiting = this.waiters.get(key) ?? [];
    this.waiters.delete(key);
    for (const w of waiting) w.failed('its download failed');
  }

  /** Waits for the bytes of `key` (see Waiter). */
  wait(key: string, w: Waiter): void {
    const list = this.waiters.get(key) ?? [];
    list.push(w);
    this.waiters.set(key, list);
  }

  /** The bytes put together so far for `key` (a Parametric Map, decoded once), let go of. */
  takeArrived(key: string): Uint8Array | undefined {
    const a = this.arriving.get(key);
    this.arriving.delete(key);
    return a ? a.bytes.subarray(0, a.filled) : this.take(key);
  }

  private remember(key: string, bytes: Uint8Array): void {
    this.held.delete(key);
    this.held.set(key, bytes);
    let total = 0;
    for (const b of this.held.values()) total += b.byteLength;
    for (const [k, b] of this.held) {
      if (total <= HELD_BYTES || k === key) break;
      this.held.delete(k);
      total -= b.byteLength;
    }
  }
}
