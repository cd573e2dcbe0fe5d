// Synchronised viewports (the toolbar's Sync): within one Frame of Reference, scrolling one stack viewport takes
// every other whose slices are parallel to the slice nearest the same position along the normal (patient space,
// not slice numbers: the series may differ in spacing and extent), and a window change in one is made in the
// others. Ours rather than Cornerstone's synchronizers: its slice synchronizer registers viewports of different
// Frames of Reference by their first images, which is not a patient position at all.
import { Enums, type Types } from '@cornerstonejs/core';
import type { ImageStack } from './imageIds';

type AnyViewport = Types.IStackViewport | Types.IVolumeViewport;

export interface SyncHost {
  viewports(): AnyViewport[];
  stackOf(viewportId: string): ImageStack | undefined;
}

const dot = (a: readonly number[], b: readonly number[]): number => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];

export class ViewSync {
  enabled = true;
  /**
   * Slice indices each viewport was sent to and has not yet announced: its own new-image events for them are not
   * passed on again (a fast scroll sends several before the first arrives).
   */
  private sent = new Map<string, Set<number>>();
  private settingWindow = false;

  constructor(private readonly host: SyncHost) {}

  /** Viewports synchronised with `viewportId`: the others of its Frame of Reference. */
  private peers(viewportId: string): Array<{ vp: AnyViewport; stack: ImageStack }> {
    const own = this.host.stackOf(viewportId);
    if (!own?.frameOfReferenceUID) return [];
    return this.host
      .viewports()
      .filter((vp) => vp.id !== viewportId)
      .map((vp) => ({ vp, stack: this.host.stackOf(vp.id) as ImageStack }))
      .filter(({ stack }) => stack?.frameOfReferenceUID === own.frameOfReferenceUID);
  }

  /** A stack viewport shows a new slice: its peers of a parallel plane go to the nearest slice of theirs. */
  newImage(viewportId: string, index: number): void {
    if (this.sent.get(viewportId)?.delete(index)) return;
    const source = this.host.stackOf(viewportId)?.slices;
    if (!this.enabled || !source || index < 0 || index >= source.positions.length) return;
    const position = source.positions[index];
    for (const { vp, stack } of this.peers(viewportId)) {
      const s = stack.slices;
      if (vp.type !== Enums.ViewportType.STACK || !s) continue;
      const d = dot(s.normal, source.normal);
      if (Math.abs(d) < 0.999) continue;
      // Positions along the target's normal; opposite normals count the other way.
      const wanted = position * Math.sign(d);
      let best = 0;
      s.positions.forEach((p, i) => {
        if (Math.abs(p - wanted) < Math.abs(s.positions[best] - wanted)) best = i;
      });
      const target = vp as Types.IStackViewport;
      if (target.getCurrentImageIdIndex() === best) continue;
      const sent = this.sent.get(vp.id) ?? new Set<number>();
      sent.add(best);
      this.sent.set(vp.id, sent);
      void target.setImageIdIndex(best).catch(() => sent.delete(best));
    }
  }

  /** A viewport's window changed: its peers take the same. */
  windowChanged(viewportId: string, range: { lower: number; upper: number } | undefined): void {
    if (!this.enabled || this.settingWindow || !range) return;
    this.settingWindow = true;
    try {
      for (const { vp } of this.peers(viewportId)) {
        let voi: { lower: number; upper: number } | undefined;
        try {
          voi = (vp.getProperties() as { voiRange?: { lower: number; upper: number } }).voiRange;
        } catch {
          continue;
        }
        if (voi && Math.abs(voi.lower - range.lower) < 1e-6 && Math.abs(voi.upper - range.upper) < 1e-6) continue;
        vp.setProperties({ voiRange: { lower: range.lower, upper: range.upper } });
        vp.render();
      }
    } finally {
      this.settingWindow = false;
    }
  }

  /** The viewports were replaced: nothing is on its way. */
  reset(): void {
    this.sent.clear();
  }
}
