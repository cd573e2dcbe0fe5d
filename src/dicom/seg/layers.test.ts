// SEG -> label layers on a displayed grid: overlap, many segments, other grids, fractional and label map SEGs,
// and the synthetic sample study end to end.
import { describe, expect, it } from 'vitest';
import { generateSampleStudy } from '../../samples/index';
import { readPart10 } from '../part10';
import { headerJson } from '../summary';
import { imagePlanesOf } from '../geometry/imagePlanes';
import { buildLabelmapLayers, denseFractions, denseLabels, type LabelmapLayers } from './labelmapLayers';

const lab = (l: LabelmapLayers, i: number): Uint8Array | Uint16Array => denseLabels(l.layers[i], l.rows * l.columns);
import { parseSegmentation } from './parse';
import { segmentationPixels } from './pixels';
import { summarizeSegmentation } from './summary';
import { decodeLabel, packLayer } from './packLayers';
import { FOR_UID, axialSeries, buildSeg, type FixtureFrame, type FixtureOptions } from './testFixtures';

async function layersOf(
  o: FixtureOptions,
  target = axialSeries(4, { rows: o.rows, columns: o.columns }),
  maxLayers?: number,
): Promise<LabelmapLayers> {
  const p10 = buildSeg(o, 'layers.dcm');
  const seg = parseSegmentation(p10, 'layers.dcm');
  return buildLabelmapLayers(
    seg,
    segmentationPixels(p10, seg),
    { frameOfReferenceUID: FOR_UID, planes: target },
    { maxLayers },
  );
}

/** A rows x columns mask with the box [r0, r1) x [c0, c1) set. */
function box(rows: number, columns: number, r0: number, r1: number, c0: number, c1: number): number[] {
  return Array.from({ length: rows * columns }, (_, i) => {
    const r = Math.floor(i / columns);
    const c = i % columns;
    return r >= r0 && r < r1 && c >= c0 && c < c1 ? 1 : 0;
  });
}

const count = (a: ArrayLike<number>, v?: number): number =>
  Array.from(a).filter((x) => (v === undefined ? x !== 0 : x === v)).length;

describe('labelmap layers', () => {
  it('puts overlapping segments on separate layers and keeps a disjoint one on the first', async () => {
    const frames: FixtureFrame[] = [
      { segmentNumber: 1, position: [0, 0, 2], pixels: box(8, 8, 0, 4, 0, 4) },
      { segmentNumber: 2, position: [0, 0, 2], pixels: box(8, 8, 2, 6, 2, 6) },
      { segmentNumber: 3, position: [0, 0, 2], pixels: box(8, 8, 6, 8, 6, 8) },
      { segmentNumber: 1, position: [0, 0, 4], pixels: box(8, 8, 0, 8, 0, 8) },
    ];
    const l = await layersOf({
      rows: 8,
      columns: 8,
      type: 'BINARY',
      segments: [{ number: 1 }, { number: 2 }, { number: 3 }],
      frames,
    });
    expect(l.segments.map((s) => [s.segmentNumber, s.layer, s.labelValue, s.voxels])).toEqual([
      [1, 0, 1, 16 + 64],
      [2, 1, 1, 16],
      [3, 0, 2, 4],
    ]);
    expect(l.segments[0]).toMatchObject({ firstSlice: 1, lastSlice: 2, peakSlice: 2, peakSliceVoxels: 64 });
    expect(l.layers.map((x) => x.segmentNumbers)).toEqual([[1, 3], [2]]);
    // Slice 1 of layer 1 is segment 2 only; layer 0 keeps all of segment 1 there, including the shared corner.
    expect(count(lab(l, 1).subarray(64, 128), 1)).toBe(16);
    expect(lab(l, 0)[64 + 3 * 8 + 3]).toBe(1);
  });

  it('holds 120 segments in Uint8 and 300 in Uint16 labels', async () => {
    for (const n of [120, 300]) {
      // Segment s sets pixel s - 1 of a 20x20 slice: all disjoint, so one layer.
      const frames: FixtureFrame[] = Array.from({ length: n }, (_, s) => ({
        segmentNumber: s + 1,
        position: [0, 0, 2 * (s % 3)],
        pixels: Array.from({ length: 400 }, (_, i) => (i === s ? 1 : 0)),
      }));
      const segments = Array.from({ length: n }, (_, s) => ({ number: s + 1 }));
      const l = await layersOf(
        { rows: 20, columns: 20, type: 'BINARY', segments, frames },
        axialSeries(3, { rows: 20, columns: 20 }),
      );
      expect(l.layers).toHaveLength(1);
      expect(lab(l, 0)).toBeInstanceOf(n > 255 ? Uint16Array : Uint8Array);
      expect(l.segments.every((s) => s.voxels === 1 && s.layer === 0)).toBe(true);
      // Each segment's voxel holds its own label on its own slice.
      for (const s of [1, 77, n]) {
        const layout = l.segments[s - 1];
        expect(lab(l, 0)[layout.firstSlice * 400 + s - 1]).toBe(layout.labelValue);
        expect(l.layers[0].segmentNumbers[layout.labelValue - 1]).toBe(s);
      }
    }
  });

  it('draws what fits when segments overlap in more places than the layers allowed', async () => {
    const frames: FixtureFrame[] = [1, 2, 3].map((s) => ({
      segmentNumber: s,
      position: [0, 0, 0],
      pixels: box(4, 4, 0, 2 + s - 1, 0, 4),
    }));
    const l = await layersOf(
      { rows: 4, columns: 4, type: 'BINARY', segments: [{ number: 1 }, { number: 2 }, { number: 3 }], frames },
      undefined,
      2,
    );
    expect(l.segments.map((s) => [s.layer, s.voxels])).toEqual([
      [0, 8],
      [1, 12],
      [1, 4],
    ]);
    expect(l.problems).toEqual([
      'layers.dcm ("Fixture SEG"): segment 3 "Segment 3" overlaps segments in all 2 layers; drawn only where it does not overlap',
    ]);
  });

  it('shifts a smaller SEG grid with an offset onto the image grid', async () => {
    // 10x10 SEG whose first pixel centre is image pixel (row 2, column 1).
    const frames: FixtureFrame[] = [{ segmentNumber: 1, position: [1, 2, 0], pixels: box(10, 10, 0, 1, 0, 10) }];
    const l = await layersOf(
      { rows: 10, columns: 10, type: 'BINARY', segments: [{ number: 1 }], frames },
      axialSeries(2, { rows: 12, columns: 12 }),
    );
    const slice0 = lab(l, 0).subarray(0, 144);
    expect(count(slice0)).toBe(10);
    expect(Array.from({ length: 10 }, (_, c) => slice0[2 * 12 + 1 + c])).toEqual(Array(10).fill(1));
  });

  it('resamples a coarser SEG grid without holes (nearest neighbour)', async () => {
    // 4x4 SEG with 2 mm pixels over an 8x8 image with 1 mm pixels: each SEG pixel covers 2x2 image pixels.
    const frames: FixtureFrame[] = [{ segmentNumber: 1, position: [0.5, 0.5, 0], pixels: box(4, 4, 1, 3, 0, 2) }];
    const l = await layersOf(
      { rows: 4, columns: 4, type: 'BINARY', pixelSpacing: [2, 2], segments: [{ number: 1 }], frames },
      axialSeries(1, { rows: 8, columns: 8 }),
    );
    expect(l.placement.placements[0].mapping.kind).toBe('affine');
    expect(Array.from(lab(l, 0))).toEqual(box(8, 8, 2, 6, 0, 4));
  });

  it('keeps fractional values as opacity next to the labels', async () => {
    const frames: FixtureFrame[] = [{ segmentNumber: 1, position: [0, 0, 0], pixels: [0, 25, 50, 100] }];
    const l = await layersOf(
      { rows: 2, columns: 2, type: 'FRACTIONAL', maximumFractionalValue: 100, segments: [{ number: 1 }], frames },
      axialSeries(1, { rows: 2, columns: 2 }),
    );
    expect(Array.from(lab(l, 0))).toEqual([0, 1, 1, 1]);
    expect(Array.from(denseFractions(l.layers[0], l.rows * l.columns) ?? [])).toEqual([0, 64, 128, 255]);
    // Packed for the viewer: the opacity folds into the label as one of 16 steps of the segment's colour.
    const packed = packLayer(l.layers[0], l);
    expect(packed.levels).toBe(16);
    expect(Array.from(packed.slices[0] ?? [])).toEqual([0, 5, 9, 16]);
    expect([5, 9, 16].map((v) => decodeLabel(packed, v))).toEqual([
      { segment: 0, opacity: 5 / 16 },
      { segment: 0, opacity: 9 / 16 },
      { segment: 0, opacity: 1 },
    ]);
  });

  it('draws a LABELMAP as one layer without its background', async () => {
    const frames: FixtureFrame[] = [
      { position: [0, 0, 0], pixels: [0, 7, 7, 300] },
      { position: [0, 0, 2], pixels: [300, 0, 0, 0] },
    ];
    const l = await layersOf(
      {
        rows: 2,
        columns: 2,
        type: 'LABELMAP',
        bitsAllocated: 16,
        segments: [{ number: 0, label: 'Background' }, { number: 7 }, { number: 300 }],
        frames,
      },
      axialSeries(2, { rows: 2, columns: 2 }),
    );
    expect(l.layers).toHaveLength(1);
    expect(l.layers[0].segmentNumbers).toEqual([7, 300]);
    expect(Array.from(lab(l, 0))).toEqual([0, 1, 1, 2, 2, 0, 0, 0]);
    expect(l.segments.map((s) => [s.segmentNumber, s.layer, s.voxels, s.firstSlice, s.lastSlice])).toEqual([
      [0, -1, 0, -1, -1],
      [7, 0, 2, 0, 0],
      [300, 0, 2, 0, 1],
    ]);
  });

  it('leaves an oblique SEG out and says so', async () => {
    const a = Math.PI / 6;
    const frames: FixtureFrame[] = [{ segmentNumber: 1, position: [0, 0, 2], pixels: box(8, 8, 0, 8, 0, 8) }];
    const l = await layersOf({
      rows: 8,
      columns: 8,
      type: 'BINARY',
      orientation: [1, 0, 0, 0, Math.cos(a), Math.sin(a)],
      segments: [{ number: 1 }],
      frames,
    });
    expect(l.segments[0]).toMatchObject({ layer: -1, voxels: 0 });
    expect(count((l.layers[0] ? lab(l, 0) : []))).toBe(0);
    expect(l.problems.join('\n')).toMatch(/frame 1: not parallel to the image slices \(oblique\).*tilted 30\.0°/);
  });
});

describe('the synthetic sample study', () => {
  const files = generateSampleStudy({ rows: 64, columns: 64, slices: 12 });
  const read = (bytes: Uint8Array, name: string) =>
    readPart10(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer, name);
  const segFile = files.find((f) => f.name === 'SEG.dcm');
  const ct = files.filter((f) => f.name.startsWith('CT/')).map((f) => headerJson(read(f.bytes, f.name).dict));
  const planes = ct.flatMap(imagePlanesOf);

  it('gives every segment the same voxels on the CT grid as in the SEG, in either slice order', async () => {
    if (!segFile) throw new Error('the sample study has no SEG.dcm');
    const p10 = read(segFile.bytes, 'SEG.dcm');
    const seg = parseSegmentation(p10, 'SEG.dcm');
    const pixels = segmentationPixels(p10, seg);
    const summary = await summarizeSegmentation(seg, pixels);
    const forUID = ct[0]['00200052'].Value?.[0] as string;
    const up = await buildLabelmapLayers(seg, pixels, { frameOfReferenceUID: forUID, planes });
    const down = await buildLabelmapLayers(seg, pixels, { frameOfReferenceUID: forUID, planes: [...planes].reverse() });
    expect(up.segments.map((s) => s.voxels)).toEqual(summary.segments.map((s) => s.voxels));
    expect(summary.segments.every((s) => s.voxels > 0)).toBe(true);
    expect(up.placement.placements.every((p) => p.by === 'reference')).toBe(true);
    expect(up.problems).toEqual([]);
    up.segments.forEach((s, i) => {
      const d = down.segments[i];
      // Ties for the peak slice go to the first in display order, so compare the count, not the index.
      expect([d.voxels, d.firstSlice, d.lastSlice, d.peakSliceVoxels]).toEqual([
        s.voxels,
        11 - s.lastSlice,
        11 - s.firstSlice,
        s.peakSliceVoxels,
      ]);
    });
  });
});

describe('labelmap layers, combined', () => {
  it('keeps overlapping segments in one layer whose labels stand for the segments at each voxel', async () => {
    const frames: FixtureFrame[] = [
      { segmentNumber: 1, position: [0, 0, 2], pixels: box(8, 8, 0, 4, 0, 4) },
      { segmentNumber: 2, position: [0, 0, 2], pixels: box(8, 8, 2, 6, 2, 6) },
      { segmentNumber: 3, position: [0, 0, 2], pixels: box(8, 8, 3, 8, 3, 8) },
      { segmentNumber: 1, position: [0, 0, 4], pixels: box(8, 8, 0, 8, 0, 8) },
    ];
    const p10 = buildSeg({ rows: 8, columns: 8, type: 'BINARY', segments: [{ number: 1 }, { number: 2 }, { number: 3 }], frames }, 'combined.dcm');
    const seg = parseSegmentation(p10, 'combined.dcm');
    const target = axialSeries(4, { rows: 8, columns: 8 });
    const l = await buildLabelmapLayers(seg, segmentationPixels(p10, seg), { frameOfReferenceUID: FOR_UID, planes: target }, { overlap: 'combine' });
    expect(l.layers).toHaveLength(1);
    // Same voxels per segment as when they are kept on separate layers.
    const separate = await buildLabelmapLayers(seg, segmentationPixels(p10, seg), { frameOfReferenceUID: FOR_UID, planes: target });
    expect(l.segments.map((s) => s.voxels)).toEqual(separate.segments.map((s) => s.voxels));
    expect(l.segments.map((s) => s.voxels)).toEqual([16 + 64, 16, 25]);
    const labels = lab(l, 0);
    const at = (k: number, r: number, c: number): number[] => {
      const v = labels[k * 64 + r * 8 + c];
      return v ? l.layers[0].members[v - 1] : [];
    };
    const k = l.segments[0].firstSlice;
    expect(at(k, 0, 0)).toEqual([1]);
    expect(at(k, 2, 2)).toEqual([1, 2]);
    expect(at(k, 3, 3)).toEqual([1, 2, 3]);
    expect(at(k, 5, 5)).toEqual([2, 3]);
    expect(at(k, 7, 7)).toEqual([3]);
    expect(at(k, 0, 7)).toEqual([]);
    // Empty slices hold no buffer.
    expect(l.layers[0].slices.filter(Boolean)).toHaveLength(2);
  });

  it('widens to 16-bit labels when the sets of overlapping segments pass 255, and keeps every voxel', async () => {
    // 300 segments, each a different pair (i, i+1) of overlapping single-pixel-wide rows, on one 20x20 slice.
    const n = 300;
    const frames: FixtureFrame[] = Array.from({ length: n }, (_, i) => ({
      segmentNumber: i + 1,
      position: [0, 0, 2] as [number, number, number],
      pixels: Array.from({ length: 400 }, (_, p) => (p === i || p === i + 1 ? 1 : 0)),
    }));
    const p10 = buildSeg({ rows: 20, columns: 20, type: 'BINARY', segments: Array.from({ length: n }, (_, i) => ({ number: i + 1 })), frames }, 'wide.dcm');
    const seg = parseSegmentation(p10, 'wide.dcm');
    const target = axialSeries(2, { rows: 20, columns: 20 });
    const l = await buildLabelmapLayers(seg, segmentationPixels(p10, seg), { frameOfReferenceUID: FOR_UID, planes: target }, { overlap: 'combine' });
    expect(l.layers[0].wide).toBe(true);
    expect(l.segments.every((s) => s.voxels === 2)).toBe(true);
    const labels = lab(l, 0);
    const k = l.segments[0].firstSlice;
    for (let p = 1; p < n; p++) expect(l.layers[0].members[labels[k * 400 + p] - 1]).toEqual([p, p + 1]);
  });

  it('widens 8-bit labels half way when fewer than 64 segments make more than 255 sets', async () => {
    // 40 segments; pixel p of a 20x20 slice belongs to the p-th pair (i, j) of segments: 400 different sets.
    const pairs: Array<[number, number]> = [];
    for (let i = 1; i <= 40 && pairs.length < 400; i++) for (let j = i + 1; j <= 40 && pairs.length < 400; j++) pairs.push([i, j]);
    const frames: FixtureFrame[] = Array.from({ length: 40 }, (_, i) => ({
      segmentNumber: i + 1,
      position: [0, 0, 2] as [number, number, number],
      pixels: pairs.map(([a, b]) => (a === i + 1 || b === i + 1 ? 1 : 0)),
    }));
    const p10 = buildSeg({ rows: 20, columns: 20, type: 'BINARY', segments: Array.from({ length: 40 }, (_, i) => ({ number: i + 1 })), frames }, 'widen.dcm');
    const seg = parseSegmentation(p10, 'widen.dcm');
    const target = axialSeries(2, { rows: 20, columns: 20 });
    const l = await buildLabelmapLayers(seg, segmentationPixels(p10, seg), { frameOfReferenceUID: FOR_UID, planes: target }, { overlap: 'combine' });
    expect(l.layers[0].wide).toBe(true);
    const labels = lab(l, 0);
    const k = l.segments[0].firstSlice;
    pairs.forEach((pair, p) => expect(l.layers[0].members[labels[k * 400 + p] - 1]).toEqual(pair));
    expect(l.segments.map((s) => s.voxels)).toEqual(Array.from({ length: 40 }, (_, i) => pairs.filter((x) => x.includes(i + 1)).length));
  });

  it('writes into the slices it is given (memory made ready beforehand) with the same result', async () => {
    const frames: FixtureFrame[] = Array.from({ length: 70 }, (_, i) => ({
      segmentNumber: i + 1,
      position: [0, 0, 2 * (i % 3)] as [number, number, number],
      pixels: box(8, 8, 0, 1 + (i % 8), 0, 8),
    }));
    const p10 = buildSeg({ rows: 8, columns: 8, type: 'BINARY', segments: Array.from({ length: 70 }, (_, i) => ({ number: i + 1 })), frames }, 'given.dcm');
    const seg = parseSegmentation(p10, 'given.dcm');
    const target = { frameOfReferenceUID: FOR_UID, planes: axialSeries(4, { rows: 8, columns: 8 }) };
    const given: Uint16Array[] = [];
    const allocateSlice = (wide: boolean, size: number): Uint16Array | undefined => {
      expect([wide, size]).toEqual([true, 64]);
      const a = new Uint16Array(size);
      given.push(a);
      return a;
    };
    const withPool = await buildLabelmapLayers(seg, segmentationPixels(p10, seg), target, { overlap: 'combine', allocateSlice });
    const without = await buildLabelmapLayers(seg, segmentationPixels(p10, seg), target, { overlap: 'combine' });
    expect(given).toHaveLength(3);
    expect(withPool.layers[0].slices.filter(Boolean).every((s) => given.includes(s as Uint16Array))).toBe(true);
    expect(lab(withPool, 0)).toEqual(lab(without, 0));
    expect(withPool.segments).toEqual(without.segments);
  });
});

describe('decoded size ceiling on the image grid', () => {
  // Three segments, all overlapping on every slice of a 4-slice 8x6 grid: three layers of 4 slices, 48 bytes
  // each, 576 bytes of labels in all (a formula of the fixture, not of the code).
  const frames: FixtureFrame[] = [1, 2, 3].flatMap((n) =>
    [0, 2, 4, 6].map((z) => ({ segmentNumber: n, position: [0, 0, z] as [number, number, number], pixels: box(8, 6, 0, 8, 0, 6) })),
  );
  const o: FixtureOptions = { rows: 8, columns: 6, type: 'BINARY', segments: [{ number: 1 }, { number: 2 }, { number: 3 }], frames };
  const build = (maxDecodedBytes: number): Promise<LabelmapLayers> => {
    const p10 = buildSeg(o, 'overlaps.dcm');
    const seg = parseSegmentation(p10, 'overlaps.dcm');
    return buildLabelmapLayers(seg, segmentationPixels(p10, seg), { frameOfReferenceUID: FOR_UID, planes: axialSeries(4, { rows: 8, columns: 6, pixelSpacing: [0.7, 1.1] }) }, { maxDecodedBytes });
  };

  it('refuses, naming the SEG, labels that would pass the ceiling as overlapping segments add layers', async () => {
    await expect(build(3 * 4 * 48 - 1)).rejects.toThrow(/overlaps\.dcm.*: its labels on 4 slices of 8x6 .* over the/);
  });

  it('builds them at the ceiling', async () => {
    const l = await build(3 * 4 * 48);
    expect(l.layers).toHaveLength(3);
  });
});
