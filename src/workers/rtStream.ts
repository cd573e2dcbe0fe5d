// An RTSTRUCT decoded in the worker while its pieces arrive (dicom/rtstruct/progressive.ts): ROIs whose contours
// are in go to the page in parts ('rtstruct-part'), the first two at once (the ROIs listed, then the first ROI
// drawn), later ones at most every 250 ms (each costs the page a placement and a redraw). The answer is the
// whole decode once every byte is in: the parts only show the ROIs sooner.
import { ProgressiveStructureSetDecoder, type RtPart } from '../dicom/rtstruct/progressive';
import { PART_INTERVAL_MS } from './segStream';

/** No piece for this long: the download paused (see feed). */
const IDLE_MS = 150;

export class RtStream {
  private readonly decoder: ProgressiveStructureSetDecoder;
  private pending: RtPart | null = null;
  private sent = 0;
  private lastPost = -Infinity;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private ended = false;
  private idle: ReturnType<typeof setTimeout> | undefined;

  constructor(
    name: string,
    private readonly send: (part: RtPart) => void,
  ) {
    this.decoder = new ProgressiveStructureSetDecoder(name, { precision: 'float32' });
  }

  /** More of the file came: `prefix` is all of it so far. */
  feed(prefix: Uint8Array): void {
    if (this.ended) return;
    this.advance(prefix, false);
    // The download pauses (or the link is slow): what came is read whole, an ROI cut before is looked at again.
    if (this.idle) clearTimeout(this.idle);
    this.idle = setTimeout(() => this.advance(prefix, true), IDLE_MS);
  }

  private advance(prefix: Uint8Array, force: boolean): void {
    if (this.ended) return;
    try {
      // Twice: the first call may only read the header (announced in a part of its own).
      for (let i = 0; i < 2; i++) {
        this.decoder.advance(prefix, force);
        this.take(this.decoder.part());
      }
    } catch {
      // Found again, and said, by the whole decode at the end.
    }
  }

  private take(part: RtPart | null): void {
    if (!part) return;
    if (this.pending) {
      this.pending.complete.push(...part.complete);
      this.pending.header ??= part.header;
    } else this.pending = part;
    const wait = this.lastPost + PART_INTERVAL_MS - performance.now();
    if (this.sent < 2 || wait <= 0) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), wait);
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.ended || !this.pending) return;
    const part = this.pending;
    this.pending = null;
    this.sent++;
    this.lastPost = performance.now();
    this.send(part);
  }

  /** The whole file is in: no more parts (the answer says everything). */
  end(): void {
    this.ended = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.idle) clearTimeout(this.idle);
  }
}
