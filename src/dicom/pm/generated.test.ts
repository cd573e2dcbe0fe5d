// Maps the project generates on its sample CT (src/samples/parametricMap.ts), decoded onto the CT as read back
// from its files, checked value by value against the generator's formula at each CT voxel's patient position.
import { describe, expect, it } from 'vitest';
import { pixelToPatient } from '../geometry/transform';
import { storedValue, mapGrid, type MapGrid } from '../../samples/parametricMap';
import { decodeParametricMap, decodeParametricMapAlone, type DecodedParametricMap } from './decode';
import { parametricMapSummary } from './summary';
import { SIZE, context, generatedMap, mapInput, ramp, sampleCt, type MapOptions } from '../../testing/parametricMaps';

const ct = sampleCt();
const size = SIZE.rows * SIZE.columns;

/** Voxels where `got` differs from `want(k, r, c)` (NaN must meet NaN), as a short list. */
function mismatches(got: DecodedParametricMap, want: (k: number, r: number, c: number) => number, tolerance = 0): string[] {
  const out: string[] = [];
  for (let k = 0; k < SIZE.slices; k++) {
    for (let r = 0; r < SIZE.rows; r++) {
      for (let c = 0; c < SIZE.columns; c++) {
        const v = got.volume.values[k * size + r * SIZE.columns + c];
        const w = want(k, r, c);
        const ok = Number.isNaN(w) ? Number.isNaN(v) : Math.abs(v - w) <= tolerance * Math.max(1, Math.abs(w));
        if (!ok && out.length < 5) out.push(`[${k},${r},${c}] got ${v}, want ${w}`);
      }
    }
  }
  return out;
}

/** The generator's value at CT voxel (k, r, c): its formula at the voxel's patient position, as stored. */
function atVoxel(options: MapOptions): (k: number, r: number, c: number) => number {
  const input = mapInput(options);
  return (k, r, c) => {
    const [x, y, z] = pixelToPatient(ct.planes[k], r, c);
    const stored = storedValue(input, input.value(x, y, z));
    return Math.fround(input.pixelType === 'uint16' ? stored * (input.slope ?? 1) + (input.intercept ?? 0) : stored);
  };
}

async function onCt(options: MapOptions): Promise<DecodedParametricMap> {
  return decodeParametricMap(await generatedMap(options), 'PM.dcm', ct);
}

describe('generated Parametric Maps on the sample CT', () => {
  it('float32 on the CT grid: every voxel is the formula at its position', async () => {
    const got = await onCt({});
    expect(got.problems).toEqual([]);
    expect(got.volume).toMatchObject({ slices: 10, rows: 48, columns: 40, filledSlices: 10, interpolatedSlices: 0 });
    expect(mismatches(got, atVoxel({}))).toEqual([]);
    expect(got.map).toMatchObject({ pixelType: 'float32', lutLabel: 'ADC', unitsDisplay: 'µm²/s', contentCreatorName: 'Generator, Phantom' });
    expect(got.map.quantity).toEqual({ code: '113041', scheme: 'DCM', meaning: 'Apparent Diffusion Coefficient' });
  });

  it('uint16 with slope and intercept: slope x stored + intercept, stored as the generator rounds it', async () => {
    const options: MapOptions = { pixelType: 'uint16', slope: 0.25, intercept: 300 };
    const got = await onCt(options);
    expect(got.problems).toEqual([]);
    expect(mismatches(got, atVoxel(options))).toEqual([]);
    // Not the formula itself by accident: quantisation shows.
    expect(mismatches(got, atVoxel({})).length).toBeGreaterThan(0);
  });

  it('float64 and deflated frames give the same values', async () => {
    for (const options of [{ pixelType: 'float64' }, { encoding: 'deflated' }, { pixelType: 'uint16', slope: 0.25, intercept: 300, encoding: 'deflated' }] as MapOptions[]) {
      const got = await onCt(options);
      expect(got.problems).toEqual([]);
      expect(mismatches(got, atVoxel(options))).toEqual([]);
    }
  });

  it('frames stored in reverse order land on their own slices', async () => {
    const options: MapOptions = { sliceIndexes: [9, 8, 7, 6, 5, 4, 3, 2, 1, 0] };
    const got = await onCt(options);
    expect(got.problems).toEqual([]);
    expect(mismatches(got, atVoxel(options))).toEqual([]);
  });

  it('a subset of slices: values on those, trilinear in between, none beyond or across a gap', async () => {
    // Frames every other slice from 1 to 5, then slice 9: slices 2 and 4 lie between two frames; 6-8 in a gap.
    const options: MapOptions = { sliceIndexes: [5, 1, 3, 9] };
    const got = await onCt(options);
    const exact = atVoxel(options);
    const want = (k: number, r: number, c: number): number => ([1, 2, 3, 4, 5, 9].includes(k) ? exact(k, r, c) : NaN);
    expect(mismatches(got, want, 1e-6)).toEqual([]);
    expect(got.volume).toMatchObject({ filledSlices: 6, interpolatedSlices: 2, usedFrames: 4 });
    expect(got.problems.map((p) => p.message)).toEqual([expect.stringMatching(/PM\.dcm \("Synthetic ADC"\): 3 slices .* gaps of the map/)]);
  });

  it('rows != columns and non-square pixels on another grid: bilinear in the plane, trilinear between frames', async () => {
    const grid: MapGrid = { rows: 23, columns: 31, rowSpacing: 7.3, columnSpacing: 5.1, originX: -70.35, originY: -90.2 };
    // Frames on every third slice: slices between them sit a third and two thirds of the way.
    const options: MapOptions = { grid, sliceIndexes: [0, 3, 6, 9] };
    const got = await onCt(options);
    const g = mapGrid({ context, grid });
    // Independently of the decoder's grid maths: the map pixel under each CT voxel centre, clamped within half a
    // pixel of the edge; the formula is linear, so interpolation gives it exactly there.
    const want = (k: number, r: number, c: number): number => {
      const [x, y, z] = pixelToPatient(ct.planes[k], r, c);
      const mc = (x - g.originX) / g.columnSpacing;
      const mr = (y - g.originY) / g.rowSpacing;
      if (mc < -0.5 || mr < -0.5 || mc > g.columns - 0.5 || mr > g.rows - 0.5) return NaN;
      const cc = Math.min(Math.max(mc, 0), g.columns - 1);
      const rr = Math.min(Math.max(mr, 0), g.rows - 1);
      return ramp(g.originX + cc * g.columnSpacing, g.originY + rr * g.rowSpacing, z);
    };
    expect(mismatches(got, want, 2e-6)).toEqual([]);
    expect(got.volume.interpolatedSlices).toBe(6);
    // Some voxels are outside the map, and some inside: both cases are checked above.
    const nan = got.volume.values.subarray(0, size).filter(Number.isNaN).length;
    expect(nan).toBeGreaterThan(50);
    expect(nan).toBeLessThan(size - 50);

    // Alone, on its own grid: 23 x 31 x 4, the stored values themselves.
    const alone = await decodeParametricMapAlone(await generatedMap(options), 'PM.dcm');
    expect(alone.volume).toMatchObject({ slices: 4, rows: 23, columns: 31, filledSlices: 4, interpolatedSlices: 0 });
    expect(alone.problems).toEqual([]);
    const zs = alone.series.planes.map((p) => p.imagePositionPatient[2]);
    expect(zs).toEqual([...zs].sort((a, b) => a - b));
    let differ = 0;
    alone.series.planes.forEach((p, k) => {
      for (let r = 0; r < 23; r++) {
        for (let c = 0; c < 31; c++) {
          const v = alone.volume.values[k * 23 * 31 + r * 31 + c];
          if (v !== Math.fround(ramp(g.originX + c * g.columnSpacing, g.originY + r * g.rowSpacing, p.imagePositionPatient[2]))) differ++;
        }
      }
    });
    expect(differ).toBe(0);
  });

  it('statistics and inspect summary: min, max and mean of the formula over the map grid', async () => {
    const options: MapOptions = { pixelType: 'float64', sliceIndexes: [2, 3] };
    const g = mapGrid({ context });
    const values: number[] = [];
    for (const k of [2, 3]) {
      const z = Number(context.geometry.sliceZ[k].toFixed(6));
      for (let r = 0; r < g.rows; r++) for (let c = 0; c < g.columns; c++) values.push(ramp(g.originX + c * g.columnSpacing, g.originY + r * g.rowSpacing, z));
    }
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const summary = await parametricMapSummary(await generatedMap(options), 'PM.dcm');
    expect(summary).toMatchObject({ rows: 48, columns: 40, frames: 2, pixelType: 'float64', lutLabel: 'ADC' });
    expect(summary.unit).toEqual({ code: 'um2/s', scheme: 'UCUM', meaning: 'um2/s' });
    expect(summary.min).toBeCloseTo(Math.min(...values), 9);
    expect(summary.max).toBeCloseTo(Math.max(...values), 9);
    expect(summary.mean).toBeCloseTo(mean, 9);
    const got = await onCt(options);
    expect(got.statistics).toMatchObject({ min: summary.min, max: summary.max, mean: summary.mean, values: values.length, nanValues: 0 });
    expect(got.statistics.histogram.counts.reduce((a, b) => a + b, 0)).toBe(values.length);
  });
});
