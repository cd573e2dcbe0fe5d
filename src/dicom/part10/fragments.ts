// Encapsulated values (PS3.5 A.4) for the fast Part 10 reader, in the shape dcmjs gives them: without a Basic
// Offset Table, one entry per fragment; with one, one entry per frame (the fragment itself, or the list of its
// fragments when there are several or none; inside items dcmjs joins those into one buffer instead). Frames
// are found the way dcmjs finds them: from each table offset, fragments up to the next offset or the delimiter.
import type { DatasetReader } from './parser';
import { ITEM, SEQUENCE_END, tagText } from './vr';
import { concatBytes as joined } from '../bytes';

/** The value starting at `start` (its Basic Offset Table item) in a container ending at `end`; sets r.pos. */
export function encapsulated(r: DatasetReader, start: number, end: number): unknown[] {
  const { view, little } = r;
  if (start + 8 > end) r.short(start, 'encapsulated value is cut off', start + 8, end);
  if (r.tagAt(start) !== ITEM) r.fail(start, 'encapsulated value does not start with an item');
  const tableLength = view.getUint32(start + 4, little);
  if (tableLength % 4 !== 0 || start + 8 + tableLength > end) {
    r.fail(start, `Basic Offset Table of ${tableLength} bytes`);
  }
  const first = start + 8 + tableLength;
  // Fragments from `from` until `stop` or the sequence delimiter, into `into`; returns where it ended.
  const run = (from: number, stop: number, into: Uint8Array[]): number => {
    let p = from;
    while (p < stop) {
      if (p + 8 > end) r.short(p, 'encapsulated value is cut off', p + 8, end);
      const tag = r.tagAt(p);
      if (tag === ITEM) {
        const length = view.getUint32(p + 4, little);
        if (p + 8 + length > end) r.short(p, `a fragment needs ${length} bytes, only ${end - p - 8} remain`, p + 8 + length, end);
        into.push(r.bytes.subarray(p + 8, p + 8 + length));
        p += 8 + length;
      } else if (tag === SEQUENCE_END) {
        if (view.getUint32(p + 4, little) !== 0) r.fail(p, 'sequence delimiter with a non-zero length');
        return p + 8;
      } else {
        r.fail(p, `expected a fragment item, found ${tagText(tag)}`);
      }
    }
    if (stop === end) r.short(p, 'encapsulated value has no sequence delimiter', p + 8, end);
    return p;
  };
  if (tableLength === 0) {
    const all: Uint8Array[] = [];
    r.pos = run(first, end, all);
    return all;
  }
  const starts: number[] = [];
  for (let o = start + 8; o < first; o += 4) starts.push(first + view.getUint32(o, little));
  starts.push(end);
  const frames: unknown[] = [];
  let p = first;
  for (let i = 0; i + 1 < starts.length; i++) {
    const parts: Uint8Array[] = [];
    p = run(starts[i], starts[i + 1], parts);
    frames.push(parts.length === 1 ? parts[0] : r.depth > 0 ? joined(parts) : parts);
  }
  r.pos = p;
  return frames;
}
