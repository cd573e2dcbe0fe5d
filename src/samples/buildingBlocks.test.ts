import { describe, expect, it } from 'vitest';
import { polygonArea, traceContours } from './contours';
import { Label } from './phantomAnatomy';
import type { LabelValue } from './phantomAnatomy';
import { labelSet, maskFromLabels, packedMasksFromLabels } from './phantomSlice';
import { concatenateFrames, packBits, unpackBits } from './segFrames';
import { deterministicUid } from './uids';
import { formatDS, rgbToDicomLab } from './valueFormat';

const grid = (rows: string[]): { mask: Uint8Array; rows: number; columns: number } => ({
  mask: Uint8Array.from(rows.join('').split(''), (ch) => (ch === '#' ? 1 : 0)),
  rows: rows.length,
  columns: rows[0].length,
});

describe('traceContours', () => {
  it('outlines a single pixel as a diamond through the edge midpoints', () => {
    const { mask, rows, columns } = grid(['...', '.#.', '...']);
    const [polygon, ...rest] = traceContours(mask, rows, columns);
    expect(rest).toEqual([]);
    expect(polygon).toHaveLength(4);
    expect(polygonArea(polygon)).toBe(0.5);
  });

  it('finds one loop per 4-connected component, and an inner loop for a hole', () => {
    expect(traceContours(grid(['#.', '.#']).mask, 2, 2)).toHaveLength(2);
    const ring = grid(['#####', '#...#', '#...#', '#...#', '#####']);
    const loops = traceContours(ring.mask, ring.rows, ring.columns);
    expect(loops).toHaveLength(2);
  });

  it('keeps only the corners of straight runs', () => {
    const block = grid(['......', '.####.', '.####.', '.####.', '......']);
    const [polygon] = traceContours(block.mask, block.rows, block.columns);
    expect(polygon).toHaveLength(8); // an octagon: four sides, four cut corners
    expect(polygonArea(polygon)).toBe(12 - 0.5);
  });

  it('handles masks that touch the image border', () => {
    const full = grid(['##', '##']);
    expect(traceContours(full.mask, 2, 2)).toHaveLength(1);
    expect(traceContours(new Uint8Array(4), 2, 2)).toEqual([]);
  });
});

describe('bit packing', () => {
  it('packs the first pixel into the least significant bit', () => {
    expect([...packBits(Uint8Array.from([1, 0, 0, 0, 0, 0, 0, 1, 1]))]).toEqual([0x81, 0x01]);
  });

  it('concatenates frames bit-contiguously when a frame is not a whole number of bytes', () => {
    const a = Uint8Array.from([1, 0, 1, 1, 0, 1, 0, 0, 1, 1]); // 10 pixels
    const b = Uint8Array.from([0, 1, 1, 0, 1, 0, 0, 1, 0, 1]);
    const joined = concatenateFrames([packBits(a), packBits(b)], 10);
    expect(joined.length).toBe(3);
    expect(unpackBits(joined, 10, 0)).toEqual(a);
    expect(unpackBits(joined, 10, 10)).toEqual(b);
  });
});

describe('packedMasksFromLabels', () => {
  it('equals packing each label set separately, with null for absent sets', () => {
    const labels = Uint8Array.from({ length: 1003 }, (_, i) => (i * 7919) % 26);
    const tables = [[1, 2, 3], [3, 4], [25], [0], [Label.Tumour], []].map((set) => labelSet(set as LabelValue[]));
    const packed = packedMasksFromLabels(labels, tables);
    tables.forEach((table, s) => {
      const mask = maskFromLabels(labels, table);
      expect(packed[s]).toEqual(mask ? packBits(mask) : null);
    });
    expect(packed[5]).toBeNull();
  });
});

describe('values', () => {
  it('formats DS within 16 characters without exponents', () => {
    expect(formatDS(0.8)).toBe('0.8');
    expect(formatDS(-0)).toBe('0');
    expect(formatDS(2.5)).toBe('2.5');
    expect(formatDS(0.8333333333)).toBe('0.833333');
    expect(formatDS(-123456789.123456).length).toBeLessThanOrEqual(16);
    expect(formatDS(1e-9)).toBe('0');
  });

  it('scales CIELab like PS3.3 C.10.7.1.1: white is L=65535, a=b=about 32896', () => {
    const [L, a, b] = rgbToDicomLab([255, 255, 255]);
    expect(L).toBe(65535);
    expect(Math.abs(a - 32896)).toBeLessThan(40);
    expect(Math.abs(b - 32896)).toBeLessThan(40);
    expect(rgbToDicomLab([0, 0, 0])[0]).toBe(0);
  });

  it('derives valid, stable 2.25 UIDs from seed and role', () => {
    const uid = deterministicUid('seed', 'role');
    expect(uid).toBe(deterministicUid('seed', 'role'));
    expect(uid).not.toBe(deterministicUid('seed', 'other'));
    expect(uid).toMatch(/^2\.25\.(0|[1-9][0-9]*)$/);
    expect(uid.length).toBeLessThanOrEqual(64);
  });
});
