// A SEG drawn while it downloads: fed in small pieces of odd sizes (cutting header elements and frames), every
// segment it says is complete is drawn whole at that moment, and what the page puts together from the parts is,
// voxel for voxel, the segments the all-at-once decode gives.
import { describe, expect, it } from 'vitest';
import { generateBigSeg } from '../../samples/bigSeg';
import { readPart10 } from '../part10';
import { headerJson } from '../summary';
import { imagePlanesOf } from '../geometry/imagePlanes';
import type { TargetSeries } from '../geometry/placeFrames';
import { applyChange, labelledBand, ProgressiveSegDecoder, readSegHeader, type SegHeader, type SegPart, type SliceChange } from './progressive';
import { parseSegmentation } from './parse';
import { segmentationPixels } from './pixels';
import { buildLabelmapLayers, type LabelmapLayers } from './labelmapLayers';
import { FOR_UID, axialSeries, segBytes, type FixtureFrame } from './testFixtures';

/** The page's copy of the layer: slices as the parts and the final delta left them, and the label sets. */
interface PageLayer {
  slices: Map<number, Uint8Array | Uint16Array>;
  members: number[][];
}

function apply(page: PageLayer, changed: Iterable<SliceChange>, members: number[][], sliceSize: number): void {
  for (const c of changed) page.slices.set(c.slice, applyChange(page.slices.get(c.slice), c, sliceSize, c.labels instanceof Uint16Array));
  page.members = members;
}

/** The segments at every voxel, as sorted lists joined: one string per voxel of `slices` slices. */
function segmentsPerVoxel(slices: number, sliceSize: number, labelsAt: (k: number) => ArrayLike<number> | undefined, members: number[][]): string[] {
  const out: string[] = [];
  for (let k = 0; k < slices; k++) {
    const labels = labelsAt(k);
    for (let i = 0; i < sliceSize; i++) {
      const v = labels ? labels[i] : 0;
      out.push(v ? members[v - 1].join(',') : '');
    }
  }
  return out;
}

/** Voxels holding segment `n` in the page's copy. */
function voxelsOf(page: PageLayer, n: number): number {
  let count = 0;
  for (const labels of page.slices.values()) for (const v of labels) if (v && page.members[v - 1].includes(n)) count++;
  return count;
}

/** Pieces of these sizes, over and over: odd, and small enough to cut header elements and frames. */
function* pieces(bytes: Uint8Array, sizes: number[]): Generator<Uint8Array> {
  let at = 0;
  for (let i = 0; at < bytes.length; i++) {
    const end = Math.min(bytes.length, at + sizes[i % sizes.length]);
    yield bytes.subarray(0, end);
    at = end;
  }
}

interface Run {
  page: PageLayer;
  parts: Array<SegPart & { at: number }>;
  /** per segment, whether its voxels on the page when it was said complete were its final ones */
  wholeWhenComplete: boolean;
  whole: Awaited<ReturnType<ProgressiveSegDecoder['finish']>>;
}

async function progressively(bytes: Uint8Array, name: string, target: TargetSeries, sizes: number[], header?: SegHeader): Promise<Run> {
  const decoder = new ProgressiveSegDecoder(name, target, {}, header);
  const page: PageLayer = { slices: new Map(), members: [] };
  const parts: Run['parts'] = [];
  const said: Array<{ segmentNumber: number; voxels: number; onPage: number }> = [];
  for (const prefix of pieces(bytes, sizes)) {
    // The last piece's segments come with the answer (finish), as when the worker had not sent a part yet.
    if (prefix.length === bytes.length) break;
    await decoder.advance(prefix);
    const part = decoder.part();
    if (!part) continue;
    parts.push({ ...part, at: prefix.length });
    apply(page, part.changed, part.members, part.sliceSize);
    for (const l of part.complete) said.push({ segmentNumber: l.segmentNumber, voxels: l.voxels, onPage: voxelsOf(page, l.segmentNumber) });
  }
  const whole = await decoder.finish(bytes);
  const layer = whole.layers.layers[0];
  apply(page, [...whole.changed].map((k) => ({ slice: k, offset: 0, labels: layer.slices[k] as Uint8Array | Uint16Array })), layer.members, whole.layers.rows * whole.layers.columns);
  const final = new Map(whole.layers.segments.map((s) => [s.segmentNumber, s.voxels]));
  const wholeWhenComplete = said.every((s) => s.onPage === s.voxels && s.voxels === final.get(s.segmentNumber));
  return { page, parts, wholeWhenComplete, whole };
}

async function allAtOnce(bytes: Uint8Array, name: string, target: TargetSeries): Promise<LabelmapLayers> {
  const p10 = readPart10(bytes, name);
  const seg = parseSegmentation(p10, name);
  return buildLabelmapLayers(seg, segmentationPixels(p10, seg), target, { overlap: 'combine' });
}

/** A rows x columns mask with the box [r0, r1) x [c0, c1) set. */
function box(rows: number, columns: number, r0: number, r1: number, c0: number, c1: number): number[] {
  return Array.from({ length: rows * columns }, (_, i) => {
    const r = Math.floor(i / columns);
    const c = i % columns;
    return r >= r0 && r < r1 && c >= c0 && c < c1 ? 1 : 0;
  });
}

describe('a SEG drawn as it downloads', () => {
  // 6 x 10 pixels of 0.7 x 1.3 mm: 60 bits a frame, so frames start inside bytes.
  const rows = 6;
  const columns = 10;
  const pixelSpacing: [number, number] = [0.7, 1.3];
  const target: TargetSeries = { frameOfReferenceUID: FOR_UID, planes: axialSeries(5, { rows, columns, pixelSpacing }) };
  const frames: FixtureFrame[] = [
    // segment 1: three slices of a 4 x 6 box; 2 overlaps it on slice 1; 3 is disjoint; 4 overlaps 1 and 2
    ...[0, 1, 2].map((k) => ({ segmentNumber: 1, position: [0, 0, 2 * k] as [number, number, number], pixels: box(rows, columns, 0, 4, 0, 6) })),
    { segmentNumber: 2, position: [0, 0, 2], pixels: box(rows, columns, 2, 6, 3, 9) },
    { segmentNumber: 3, position: [0, 0, 8], pixels: box(rows, columns, 1, 3, 1, 3) },
    ...[1, 2].map((k) => ({ segmentNumber: 4, position: [0, 0, 2 * k] as [number, number, number], pixels: box(rows, columns, 3, 5, 4, 8) })),
  ];
  const bytes = new Uint8Array(segBytes({ rows, columns, pixelSpacing, type: 'BINARY', segments: [1, 2, 3, 4].map((number) => ({ number })), frames }));

  it('draws each segment whole as soon as its frames are in, and ends with the all-at-once voxels', async () => {
    const run = await progressively(bytes, 'small.dcm', target, [7, 13, 1, 29, 5]);
    const once = await allAtOnce(bytes, 'small.dcm', target);
    // Each box's size, counted here: 4x6 on three slices, 4x6, 2x2, 2x4 on two slices.
    expect(once.segments.map((s) => s.voxels)).toEqual([72, 24, 4, 16]);
    expect(run.whole.layers.segments).toEqual(once.segments.map((s) => ({ ...s, labelValue: expect.any(Number) })));
    const sliceSize = rows * columns;
    const onceLayer = once.layers[0];
    expect(segmentsPerVoxel(5, sliceSize, (k) => run.page.slices.get(k), run.page.members)).toEqual(
      segmentsPerVoxel(5, sliceSize, (k) => onceLayer.slices[k] ?? undefined, onceLayer.members),
    );
    expect(run.wholeWhenComplete).toBe(true);
    // The segments are listed before any is drawn; segment 1 is drawn before segment 2's frame is in.
    expect(run.parts[0].segmentation?.segments.map((s) => s.segmentNumber)).toEqual([1, 2, 3, 4]);
    expect(run.parts[0].changed).toEqual([]);
    const firstDrawn = run.parts.find((p) => p.complete.some((l) => l.segmentNumber === 1));
    expect(firstDrawn?.complete.map((l) => l.segmentNumber)).toEqual([1]);
    expect(firstDrawn!.at).toBeLessThan(bytes.length);
  });

  it('gives the same result whatever the piece sizes', async () => {
    const a = await progressively(bytes, 'small.dcm', target, [1]);
    const b = await progressively(bytes, 'small.dcm', target, [bytes.length]);
    const sliceSize = rows * columns;
    expect(segmentsPerVoxel(5, sliceSize, (k) => a.page.slices.get(k), a.page.members)).toEqual(
      segmentsPerVoxel(5, sliceSize, (k) => b.page.slices.get(k), b.page.members),
    );
    expect(a.wholeWhenComplete && b.wholeWhenComplete).toBe(true);
  });

  it('sends a slice whole the first time (the page takes it as it is), then only its labelled rows', async () => {
    // One segment a part: 1 (slices 0-2, rows 0-3), 2 (slice 1, rows 2-5), 3 (slice 4, rows 1-2), 4 (slices 1-2, rows 3-4).
    const decoder = new ProgressiveSegDecoder('whole.dcm', target);
    const sliceSize = rows * columns;
    const parts: SegPart[] = [];
    await decoder.advance(bytes);
    decoder.part();
    for (let i = 0; i < 4; i++) {
      await decoder.advance(bytes, 1);
      parts.push(decoder.part()!);
    }
    const shape = (p: SegPart) => p.changed.map((c) => [c.slice, c.offset, c.labels.length]);
    expect(shape(parts[0])).toEqual([0, 1, 2].map((k) => [k, 0, sliceSize]));
    // Slice 1 again: its labels now span rows 0-5, the whole slice.
    expect(shape(parts[1])).toEqual([[1, 0, sliceSize]]);
    expect(shape(parts[2])).toEqual([[4, 0, sliceSize]]);
    // Slices 1 and 2 again: slice 2's labels span rows 0-4 (segments 1 and 4), five rows of six.
    expect(shape(parts[3])).toEqual([
      [1, 0, sliceSize],
      [2, 0, 5 * columns],
    ]);
    // What the page makes of them is what the decoder has.
    const page: PageLayer = { slices: new Map(), members: [] };
    for (const p of parts) apply(page, p.changed, p.members, sliceSize);
    const whole = await decoder.finish(bytes);
    const layer = whole.layers.layers[0];
    expect(segmentsPerVoxel(5, sliceSize, (k) => page.slices.get(k), page.members)).toEqual(segmentsPerVoxel(5, sliceSize, (k) => layer.slices[k] ?? undefined, layer.members));
  });

  it('starts from a header read beforehand (before the series was known) with the same result', async () => {
    // The header alone: the bytes up to Pixel Data's value, and nothing is known from fewer.
    const header = readSegHeader(bytes, 'small.dcm');
    if (!header || 'fallback' in header) throw new Error('the fixture SEG is drawn progressively');
    expect(readSegHeader(bytes.subarray(0, header.valueStart - 1), 'small.dcm')).toBeNull();
    expect(readSegHeader(bytes.subarray(0, header.valueStart), 'small.dcm')).toMatchObject({ valueStart: header.valueStart });
    const ahead = await progressively(bytes, 'small.dcm', target, [17, 3], header);
    const plain = await progressively(bytes, 'small.dcm', target, [17, 3]);
    const sliceSize = rows * columns;
    expect(segmentsPerVoxel(5, sliceSize, (k) => ahead.page.slices.get(k), ahead.page.members)).toEqual(
      segmentsPerVoxel(5, sliceSize, (k) => plain.page.slices.get(k), plain.page.members),
    );
    expect(ahead.wholeWhenComplete).toBe(true);
  });

  it('waits for the end with compressed frames, a fractional SEG and a label map, and says why', async () => {
    const cases = [
      { type: 'BINARY' as const, encoding: 'rle-bits' as const, why: /compressed/ },
      { type: 'FRACTIONAL' as const, why: /FRACTIONAL/ },
    ];
    for (const c of cases) {
      const seg = new Uint8Array(segBytes({ rows, columns, type: c.type, encoding: c.encoding, segments: [{ number: 1 }], frames: frames.slice(0, 1) }));
      const decoder = new ProgressiveSegDecoder('other.dcm', target);
      await decoder.advance(seg);
      expect(decoder.streaming).toBe(false);
      expect(decoder.fallback).toMatch(c.why);
      expect(decoder.part()).toBeNull();
    }
    const labelmap = new Uint8Array(segBytes({ rows, columns, type: 'LABELMAP', segments: [{ number: 1 }], frames: [{ position: [0, 0, 0], pixels: box(rows, columns, 0, 2, 0, 2) }] }));
    const decoder = new ProgressiveSegDecoder('labelmap.dcm', target);
    await decoder.advance(labelmap);
    expect(decoder.fallback).toMatch(/LABELMAP/);
  });

  it('draws at most as many segments as asked at a time (the first alone, to show it sooner), the rest next time', async () => {
    // All but the last frame (60 bits; the last 8 bytes hold part of it): segments 1, 2 and 3 have all their
    // frames, 4 lacks its last.
    const most = bytes.subarray(0, bytes.length - 8);
    const decoder = new ProgressiveSegDecoder('first.dcm', target);
    await decoder.advance(most, 1);
    decoder.part();
    await decoder.advance(most, 1);
    expect(decoder.part()?.complete.map((l) => l.segmentNumber)).toEqual([1]);
    await decoder.advance(most);
    expect(decoder.part()?.complete.map((l) => l.segmentNumber)).toEqual([2, 3]);
  });

  it('waits for a header read elsewhere (null until then) instead of reading it itself', async () => {
    let header: ReturnType<typeof readSegHeader> = null;
    const decoder = new ProgressiveSegDecoder('elsewhere.dcm', target, {}, () => header);
    await decoder.advance(bytes);
    expect(decoder.part()).toBeNull();
    header = readSegHeader(bytes, 'elsewhere.dcm');
    await decoder.advance(bytes);
    expect(decoder.part()?.segmentation?.segments.map((s) => s.segmentNumber)).toEqual([1, 2, 3, 4]);
  });

  it('a SEG cut short: segments whose frames came are drawn, the rest never said complete', async () => {
    const cut = bytes.subarray(0, bytes.length - 10);
    const decoder = new ProgressiveSegDecoder('cut.dcm', target);
    // The header first (a part listing the segments, none drawn), then the segments whose frames are in.
    await decoder.advance(cut);
    expect(decoder.part()).toMatchObject({ complete: [], changed: [] });
    await decoder.advance(cut);
    const part = decoder.part();
    expect(part?.complete.map((l) => l.segmentNumber)).toEqual([1, 2, 3]);
    await expect(decoder.finish(cut)).rejects.toThrow(/not all in/);
  });
});

describe('the 70-segment benchmark SEG (16-bit labels), 24 x 40 pixels', () => {
  const files = generateBigSeg({ rows: 24, columns: 40, slices: 20, segments: 70 });
  const segFile = files[files.length - 1];
  const planes = files.slice(0, -1).flatMap((f) => imagePlanesOf(headerJson(readPart10(f.bytes, f.name).dict)));
  const forUID = headerJson(readPart10(files[0].bytes, files[0].name).dict)['00200052'].Value?.[0] as string;
  const target: TargetSeries = { frameOfReferenceUID: forUID, planes };

  it('puts together the same segments at every voxel as the all-at-once decode, in pieces of 4097 and 333 bytes', async () => {
    const run = await progressively(segFile.bytes, 'BIG_SEG.dcm', target, [4097, 333]);
    const once = await allAtOnce(segFile.bytes, 'BIG_SEG.dcm', target);
    expect(once.layers[0].wide).toBe(true);
    expect(run.whole.layers.layers[0].wide).toBe(true);
    const sliceSize = 24 * 40;
    expect(segmentsPerVoxel(20, sliceSize, (k) => run.page.slices.get(k), run.page.members)).toEqual(
      segmentsPerVoxel(20, sliceSize, (k) => once.layers[0].slices[k] ?? undefined, once.layers[0].members),
    );
    expect(run.whole.layers.segments.map((s) => s.voxels)).toEqual(once.segments.map((s) => s.voxels));
    expect(run.wholeWhenComplete).toBe(true);
    // Segments come one after another: many parts, each with segments drawn.
    expect(run.parts.filter((p) => p.complete.length).length).toBeGreaterThan(10);
  });
});

describe('the band of labelled rows a part carries', () => {
  // Written here from the definition: the first row holding a label through the last one, as element offsets.
  const expected = (labels: ArrayLike<number>, columns: number): [number, number] => {
    const rows: number[] = [];
    for (let i = 0; i < labels.length; i++) if (labels[i] !== 0) rows.push(Math.floor(i / columns));
    return rows.length ? [rows[0] * columns, (rows[rows.length - 1] + 1) * columns] : [0, 0];
  };

  it('is found in 8- and 16-bit slices, word-aligned or not, with labels at any column', () => {
    // mulberry32: every position equally likely (an LCG's low bits put every label on a word's first element).
    let seed = 7;
    const random = (n: number): number => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
    };
    const rows = 11;
    // 10 and 13 columns: rows that do not start on a word; 13 x 11: a slice that is no whole number of words.
    for (const [wide, columns] of [false, true].flatMap((w) => [10, 12, 13].map((c) => [w, c] as const))) {
      for (let trial = 0; trial < 200; trial++) {
        // One element in front when odd: a view that does not start on a 32-bit word.
        const shift = trial % 2;
        const room = wide ? new Uint16Array(rows * columns + 2) : new Uint8Array(rows * columns + 4);
        const labels = room.subarray(shift, shift + rows * columns);
        const set = trial % 10 === 0 ? 0 : 1 + random(4);
        for (let k = 0; k < set; k++) labels[random(labels.length)] = 1 + random(wide ? 600 : 200);
        expect(labelledBand(labels, columns), `trial ${trial}, ${wide ? '16' : '8'}-bit, ${columns} columns`).toEqual(expected(labels, columns));
      }
    }
  });
});
