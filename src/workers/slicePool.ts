// Label slices made ready while a SEG is still downloading. On this kind of VM the first write to fresh memory
// costs about 3 ms per MB (page faults): 0.3-0.6 s for the 157 MB label volume of a 104-segment SEG on a
// 300-slice CT, paid in the decode itself unless the memory is touched earlier. The worker is idle during the
// download, so it allocates and touches the slices then, a few per task so that other requests are not held up.

const SLICES_PER_TASK = 8;

export class SlicePool {
  private arrays: Array<Uint8Array | Uint16Array> = [];
  private size = 0;
  private wide = false;
  /** bumped on every prepare/clear: a fill loop of an older generation stops */
  private generation = 0;

  /** Start making `count` zeroed slices of `size` labels ready (16-bit when `wide`); replaces what was there. */
  prepare(size: number, count: number, wide: boolean): void {
    this.clear();
    this.size = size;
    this.wide = wide;
    const generation = this.generation;
    const fill = (): void => {
      if (generation !== this.generation) return;
      for (let i = 0; i < SLICES_PER_TASK && this.arrays.length < count; i++) {
        const a = wide ? new Uint16Array(size) : new Uint8Array(size);
        // Writing the zeros is the point: it takes the page faults now rather than in the decode.
        a.fill(0);
        this.arrays.push(a);
      }
      if (this.arrays.length < count) setTimeout(fill, 0);
    };
    setTimeout(fill, 0);
  }

  /** A ready slice of this width and size, or undefined (the caller allocates). */
  take = (wide: boolean, size: number): Uint8Array | Uint16Array | undefined =>
    wide === this.wide && size === this.size ? this.arrays.pop() : undefined;

  /** Stop filling and let go of the slices not taken. */
  clear(): void {
    this.generation++;
    this.arrays = [];
  }

  get ready(): number {
    return this.arrays.length;
  }
}
