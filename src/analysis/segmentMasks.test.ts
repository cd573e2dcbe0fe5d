// Segment masks from label slices: the one-pass packed masks (label rows read a word at a time) and the boxes
// against a voxel-by-voxel reading of what a label means; a packed comparison against the byte-mask one.
import { describe, expect, it } from 'vitest';
import { embedBits, layoutWords, unionLayout } from './bitMask';
import { compareBits, compareMasks } from './compareMasks';
import { maskFromDense } from './mask';
import { percentile } from './percentile';
import { indexLabelmap, segmentBitMasks, type Labelmap } from './segmentMasks';

let seed = 987;
const rand = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;

/**
 * Random labelmap: one layer of `slices` slices, some empty, with runs of labels along rows; members are
 * overlapping sets of segments 1..6; `levels` labels per member set. Slices may sit at odd offsets of their
 * buffer (no word view then).
 */
function randomLabelmap(
  columns: number,
  rows: number,
  slices: number,
  wide: boolean,
  levels: number,
  offset: number,
): Labelmap {
  const members = [[1], [2], [1, 2], [3], [4, 5], [5], [6, 1], []];
  const maxLabel = members.length * levels + 2; // labels past the members: never a segment
  const layerSlices = Array.from({ length: slices }, (_, z) => {
    if (z === 2) return null;
    const buffer = wide ? new Uint16Array(columns * rows + offset) : new Uint8Array(columns * rows + offset);
    const s = buffer.subarray(offset);
    for (let i = 0; i < s.length;) {
      const v = rand() < 0.4 ? 0 : Math.floor(rand() * (maxLabel + 1));
      // short runs, and runs over whole words (set a word at a time)
      const run = rand() < 0.3 ? 30 + Math.floor(rand() * 70) : 1 + Math.floor(rand() * 20);
      s.fill(v, i, Math.min(s.length, i + run));
      i += run;
    }
    return s;
  });
  return { columns, rows, layers: [{ slices: layerSlices, members, levels }] };
}

/** Segment n at a voxel, read literally: label v > 0 of a member set holding n. */
function denseSegment(l: Labelmap, n: number): Uint8Array {
  const { columns, rows } = l;
  const layer = l.layers[0];
  const levels = layer.levels ?? 1;
  const out = new Uint8Array(columns * rows * layer.slices.length);
  layer.slices.forEach((s, z) => {
    if (!s) return;
    for (let i = 0; i < columns * rows; i++) {
      const v = s[i];
      if (v > 0 && v <= layer.members.length * levels && layer.members[Math.floor((v - 1) / levels)].includes(n))
        out[z * columns * rows + i] = 1;
    }
  });
  return out;
}

const CASES = [
  { columns: 70, rows: 9, wide: true, levels: 1, offset: 0 },
  { columns: 64, rows: 7, wide: true, levels: 3, offset: 1 },
  { columns: 45, rows: 8, wide: true, levels: 1, offset: 0 },
  { columns: 68, rows: 6, wide: false, levels: 2, offset: 0 },
  { columns: 37, rows: 5, wide: false, levels: 1, offset: 3 },
];

describe('segment masks from label slices', () => {
  for (const c of CASES) {
    it(`${c.columns}x${c.rows}, ${c.wide ? '16' : '8'}-bit labels, ${c.levels} level(s), slice offset ${c.offset}: boxes and packed masks as voxel by voxel`, () => {
      const l = randomLabelmap(c.columns, c.rows, 6, c.wide, c.levels, c.offset);
      const index = indexLabelmap(l);
      expect(index.runs[0]).not.toBeNull();
      // from the runs the index kept, and from the label slices (layers with too many runs to keep)
      for (const packed of [
        segmentBitMasks(l, index, [1, 2, 3, 4, 5, 6]),
        segmentBitMasks(l, { ...index, runs: [null] }, [1, 2, 3, 4, 5, 6]),
      ])
        for (let n = 1; n <= 6; n++) {
          const want = maskFromDense(denseSegment(l, n), c.columns, c.rows, 6);
          expect(index.boxes.get(n) ?? null).toEqual(want.box);
          const got = packed.get(n);
          if (!want.box) {
            expect(got).toBeUndefined();
            continue;
          }
          if (!got) throw new Error(`segment ${n} not packed`);
          // bit by bit over the mask's own layout
          const { layout, bits } = got;
          for (let z = 0; z < layout.nz; z++)
            for (let y = 0; y < layout.ny; y++)
              for (let x = 32 * layout.w0; x < 32 * (layout.w0 + layout.nw); x++) {
                const w = bits[(z * layout.ny + y) * layout.nw + (x >>> 5) - layout.w0];
                const inBox = x >= want.box.x0 && x < want.box.x0 + want.box.nx;
                const v = inBox
                  ? want.data[
                      ((z + layout.z0 - want.box.z0) * want.box.ny + y + layout.y0 - want.box.y0) * want.box.nx +
                        x -
                        want.box.x0
                    ]
                  : 0;
                expect((w >>> (x & 31)) & 1).toBe(v);
              }
        }
    });
  }

  it('a pair compared from packed label masks equals the comparison of the byte masks', () => {
    const l = randomLabelmap(70, 9, 6, true, 1, 0);
    const grid = { spacing: [0.8, 1.1, 2.5] as [number, number, number], slices: 6 };
    const packed = segmentBitMasks(l, indexLabelmap(l), [1, 2, 5]);
    for (const [r, t] of [
      [1, 2],
      [5, 1],
      [2, 5],
    ]) {
      const a = packed.get(r)!;
      const b = packed.get(t)!;
      const layout = unionLayout(a.layout, b.layout)!;
      const got = compareBits(
        grid,
        layout,
        embedBits(a, layout, new Uint32Array(layoutWords(layout))),
        embedBits(b, layout, new Uint32Array(layoutWords(layout))),
      );
      const want = compareMasks(
        grid,
        maskFromDense(denseSegment(l, r), 70, 9, 6),
        maskFromDense(denseSegment(l, t), 70, 9, 6),
      );
      expect(got).toEqual(want);
    }
  });
});

describe('percentile with zeros not stored', () => {
  it('equals the percentile of the values with the zeros', () => {
    for (let trial = 0; trial < 50; trial++) {
      const zeros = Math.floor(rand() * 20) * (trial % 3);
      const values = Float64Array.from({ length: Math.floor(rand() * 30) + (zeros ? 0 : 1) }, () =>
        rand() < 0.2 ? 0 : rand() * 10,
      );
      const all = Float64Array.from([...values, ...new Array<number>(zeros).fill(0)]);
      for (const p of [0, 5, 50, 95, 99.9, 100])
        expect(percentile(values.slice(), p, zeros)).toBe(percentile(all.slice(), p));
    }
    expect(percentile(new Float64Array(0), 95, 3)).toBe(0);
    expect(percentile(new Float64Array(0), 95)).toBeNaN();
  });
});
