// The page's side of a SEG drawn as it downloads: the worker's parts and its final delta (SegStream, as the worker
// runs it) put together into one layer hold, voxel for voxel, the segments the whole decode gives; the panel's
// list says which are still coming until the end.
import { describe, expect, it } from 'vitest';
import { SegStream } from '../workers/segStream';
import { decodeSeg } from '../workers/decodeSeg';
import type { SegPart } from '../dicom/seg/progressive';
import { FOR_UID, axialSeries, segBytes, type FixtureFrame } from '../dicom/seg/testFixtures';
import { SegAssembly } from './segAssembly';

const rows = 5;
const columns = 9;
/** A rows x columns mask with the box [r0, r1) x [c0, c1) set. */
const box = (r0: number, r1: number, c0: number, c1: number): number[] =>
  Array.from({ length: rows * columns }, (_, i) => {
    const r = Math.floor(i / columns);
    const c = i % columns;
    return r >= r0 && r < r1 && c >= c0 && c < c1 ? 1 : 0;
  });
const frames: FixtureFrame[] = [
  { segmentNumber: 1, position: [0, 0, 0], pixels: box(0, 3, 0, 5) },
  { segmentNumber: 1, position: [0, 0, 2], pixels: box(0, 3, 0, 5) },
  { segmentNumber: 2, position: [0, 0, 2], pixels: box(1, 5, 2, 9) },
  { segmentNumber: 3, position: [0, 0, 4], pixels: box(2, 4, 6, 8) },
];
const bytes = new Uint8Array(segBytes({ rows, columns, pixelSpacing: [0.6, 1.1], type: 'BINARY', segments: [1, 2, 3].map((number) => ({ number })), frames }));
const target = { frameOfReferenceUID: FOR_UID, planes: axialSeries(3, { rows, columns, pixelSpacing: [0.6, 1.1] }) };

/** The segments at each voxel of the layer, joined. */
function voxels(slices: Array<Uint8Array | Uint16Array | null>, members: number[][]): string[] {
  return slices.flatMap((s) => Array.from({ length: rows * columns }, (_, i) => (s && s[i] ? members[s[i] - 1].join('+') : '')));
}

describe('a SEG put together from its parts on the page', () => {
  it('ends with the whole decode voxel for voxel, listing the segments still coming meanwhile', async () => {
    const parts: SegPart[] = [];
    const stream = new SegStream('parts.dcm', target, (p) => parts.push(p), {});
    // The worker gets the file in odd pieces; its answer comes when all are in.
    // 45-bit frames at the end of the file (23 bytes): cuts inside frames 1, 2 and 3.
    for (const n of [bytes.length - 30, bytes.length - 17, bytes.length - 9, bytes.length - 3, bytes.length]) {
      stream.feed(bytes.subarray(0, Math.min(n, bytes.length)));
      // The worker's turn ends between pieces (a part may go out then).
      await new Promise((r) => setTimeout(r, 0));
    }
    const answer = await stream.end(bytes);
    const assembly = new SegAssembly('seg:P0', 'Parts', 3);
    const coming: number[][] = [];
    for (const p of parts) {
      assembly.add(p);
      coming.push([...(assembly.partial()?.coming ?? [])]);
    }
    // The first part lists all three, none drawn yet; then segment 1 is drawn; segments 2 and 3 come later.
    expect(coming[0]).toEqual([1, 2, 3]);
    expect(coming[1]).toEqual([2, 3]);
    expect(answer.delta).toBe(true);
    const changed = assembly.finish(answer);
    expect(changed).not.toBeNull();
    const whole = await decodeSeg(bytes, 'parts.dcm', target);
    const layer = assembly.layer!;
    expect(voxels(layer.packed.slices, layer.packed.members)).toEqual(voxels(whole.packed[0].slices, whole.packed[0].members));
    // Boxes counted here: 3x5 on two slices, 4x7, 2x2.
    expect([...layer.voxels.entries()].sort()).toEqual([
      [1, 30],
      [2, 28],
      [3, 4],
    ]);
  });

  it('a layer begun before any part (for the viewer to register meanwhile) is the one the parts fill', async () => {
    const parts: SegPart[] = [];
    const stream = new SegStream('parts.dcm', target, (p) => parts.push(p), {});
    stream.feed(bytes.subarray(0, bytes.length - 9));
    await new Promise((r) => setTimeout(r, 0));
    await stream.end(bytes);
    const assembly = new SegAssembly('seg:P0', 'Parts', 3);
    const begun = assembly.begin(rows * columns, false);
    expect(begun.packed.slices).toEqual([null, null, null]);
    expect(begun.colors.size).toBe(0);
    const created = parts.map((p) => assembly.add(p).created);
    // Filled in place: the viewer has this very layer, with the segments' colours from the first part on.
    expect(created.every((c) => !c)).toBe(true);
    expect(assembly.layer).toBe(begun);
    expect([...begun.colors.keys()].sort()).toEqual([1, 2, 3]);
    expect(begun.packed.slices.filter(Boolean).length).toBeGreaterThan(0);
    // Begun with the wrong label width: the first part replaces it by a layer of its own.
    const wrong = new SegAssembly('seg:P1', 'Parts', 3);
    const wide = wrong.begin(rows * columns, true);
    expect(wrong.add(parts[0]).created).toBe(true);
    expect(wrong.layer).not.toBe(wide);
    expect(wrong.layer?.wide).toBe(false);
    expect(wrong.layer?.segmentationId).not.toBe(wide.segmentationId);
  });

  it('an answer that comes whole (not a delta) is not mixed with the parts: its layers replace them', async () => {
    const parts: SegPart[] = [];
    const stream = new SegStream('parts.dcm', target, (p) => parts.push(p), {});
    stream.feed(bytes.subarray(0, bytes.length - 9));
    await new Promise((r) => setTimeout(r, 0));
    await stream.end(bytes);
    const assembly = new SegAssembly('seg:P0', 'Parts', 3);
    for (const p of parts) assembly.add(p);
    expect(assembly.partial()?.drawn.map((l) => l.segmentNumber)).toEqual([1]);
    expect(assembly.finish(await decodeSeg(bytes, 'parts.dcm', target))).toBeNull();
  });
});
