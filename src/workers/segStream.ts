// A SEG decoded in the worker while its pieces arrive (dicom/seg/progressive.ts): segments whose frames are all in
// are drawn and sent to the page in parts ('seg-part'), 250 ms to 1 s apart so that the page gets a few short
// tasks rather than one per frame; the last part is the decode's answer. A SEG that cannot be drawn this way
// is decoded once all its bytes are in, as before.
import { ProgressiveSegDecoder, type SegPart } from '../dicom/seg/progressive';
import type { TargetSeries } from '../dicom/geometry/placeFrames';
import type { LayerOptions } from '../dicom/seg/labelmapLayers';
import { decodeSeg, segResultOf, type SegResult } from './decodeSeg';
import type { FrameDecoder } from '../dicom/seg/pixels';

/** Parts are sent at most this often: each costs the page a task (new slices into Cornerstone, a redraw). */
export const PART_INTERVAL_MS = 250;
/**
 * Later parts further apart, up to this: every part carries the labelled rows of each slice written since the last
 * (a copy: the worker keeps writing into its own), and the slices of a big SEG are written again by many segments,
 * so each part sends much of the label volume again (about 36 parts at 250 ms for the 173 MB benchmark SEG's 9 s download, 9-10 this way).
 */
const PART_INTERVAL_MAX_MS = 1000;
/** Feeds the pace of the download is judged over (see endIsNear) */
const ARRIVAL_WINDOW = 8;

export class SegStream {
  private readonly decoder: ProgressiveSegDecoder;
  /** pieces are taken in one after another (drawing a batch awaits) */
  private work: Promise<void> = Promise.resolve();
  private lastPost = -Infinity;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private sentParts = 0;
  private firstPost = -1;
  private toldFallback = false;
  /** the answer is being made: what is left goes with it, not in a part */
  private ended = false;
  /** the last few feeds (when, how many bytes in then): how fast the rest is coming */
  private arrival: Array<{ at: number; bytes: number }> = [];
  /** the file's size, when its server said */
  private total: number | null = null;
  /** a part held back because the end was near (see endIsNear): when it goes all the same */
  private heldUntil = -1;

  constructor(
    private readonly name: string,
    private readonly target: TargetSeries,
    private readonly send: (part: SegPart) => void,
    /** `onFallback`: the SEG turned out to be one decoded once all its bytes are in (progressive.ts) */
    private readonly options: LayerOptions & { decoder?: FrameDecoder; onFallback?: () => void },
    /** the SEG's header, when read beforehand (readSegHeader), or where to find it once read (see progressive.ts) */
    header?: ConstructorParameters<typeof ProgressiveSegDecoder>[3],
  ) {
    this.decoder = new ProgressiveSegDecoder(name, target, options, header);
  }

  /** More of the file came: `prefix` is all of it so far, of `total` bytes when its server said. */
  feed(prefix: Uint8Array, total: number | null = null): void {
    this.arrival.push({ at: performance.now(), bytes: prefix.length });
    if (this.arrival.length > ARRIVAL_WINDOW) this.arrival.shift();
    this.total = total;
    this.work = this.work
      .then(() => this.decoder.advance(prefix, this.sentParts > 1 ? Infinity : 1))
      .then(() => this.flush(false))
      // Again: the first call may only have read the header (announced at once), the second draws the first
      // segment alone (sent at once), the third the others whose frames are in.
      .then(() => this.decoder.advance(prefix, this.sentParts > 1 ? Infinity : 1))
      .then(() => this.flush(false))
      .then(() => this.decoder.advance(prefix))
      .then(() => this.flush(false))
      // A problem here is found again, and said, by the decode at the end.
      .catch(() => undefined);
  }

  private flush(now: boolean): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.decoder.fallback && !this.toldFallback) {
      this.toldFallback = true;
      this.options.onFallback?.();
    }
    if (this.ended) return;
    // 250 ms apart for the first second of parts, then further apart (a quarter of the time since the first).
    const at = performance.now();
    const interval = Math.min(PART_INTERVAL_MAX_MS, Math.max(PART_INTERVAL_MS, this.firstPost < 0 ? 0 : (at - this.firstPost) / 4));
    const wait = this.lastPost + interval - at;
    // The first part (the segments, then the first segment drawn) goes at once; later ones are batched.
    if (!now && this.sentParts > 1) {
      // The rest of the file due before the next part would be: this one waits for the answer, which carries its
      // slices anyway (a part copies every slice written since the last; the 173 MB benchmark SEG's last part
      // came ~0.3 s before the answer and cost the worker ~0.2 s). Held one interval at most, should the rest stall.
      if (this.heldUntil < 0 && this.endIsNear(at, interval)) this.heldUntil = at + interval;
      const due = Math.max(wait, this.heldUntil - at);
      if (due > 0) {
        // Through the queue: a batch half drawn must not be sent.
        this.timer = setTimeout(() => void (this.work = this.work.then(() => this.flush(true))), due);
        return;
      }
    }
    this.heldUntil = -1;
    const part = this.decoder.part();
    if (!part) return;
    this.lastPost = performance.now();
    if (this.firstPost < 0) this.firstPost = this.lastPost;
    this.sentParts++;
    this.send(part);
  }

  /** Whether the rest of the file comes within `ms`, at the pace of the last few feeds (never when its size is unknown). */
  private endIsNear(at: number, ms: number): boolean {
    const last = this.arrival[this.arrival.length - 1];
    if (this.total === null || !last) return false;
    if (last.bytes >= this.total) return true;
    const first = this.arrival[0];
    const perMs = (last.bytes - first.bytes) / Math.max(1, at - first.at);
    return perMs > 0 && (this.total - last.bytes) / perMs < ms;
  }

  /** The whole file is in: the answer, as a delta of the parts sent when there were any. */
  async end(whole: Uint8Array): Promise<SegResult> {
    this.ended = true;
    await this.work;
    if (this.timer) clearTimeout(this.timer);
    const t0 = performance.now();
    if (this.decoder.streaming && this.sentParts) {
      try {
        const { seg, layers, changed } = await this.decoder.finish(whole);
        return segResultOf(seg, layers, { read: 0, parse: 0, layers: performance.now() - t0 }, changed);
      } catch {
        // Cut short, or widened at the end: the whole decode says what is wrong, or gives every slice.
      }
    }
    const { decoder, allocateSlice, maxDecodedBytes } = this.options;
    return decodeSeg(whole, this.name, this.target, decoder, allocateSlice, maxDecodedBytes);
  }
}
