// Broken maps: each gives a readable error or problem naming the map (SeriesDescription or SOPInstanceUID) and
// what is wrong; never a crash or a silently wrong value.
import { describe, expect, it } from 'vitest';
import { DicomReadError } from '../part10';
import { decodeParametricMap } from './decode';
import { parseParametricMap } from './parse';
import { context, generatedMap, sampleCt, SIZE } from '../../testing/parametricMaps';

const ct = sampleCt();
const size = SIZE.rows * SIZE.columns;

describe('bad Parametric Maps', () => {
  it('no Real World Value Mapping: an error problem, stored values shown without units', async () => {
    const got = await decodeParametricMap(await generatedMap({ omitRealWorldValueMapping: true }), 'PM.dcm', ct);
    expect(got.problems).toEqual([
      {
        severity: 'error',
        message: 'PM.dcm ("Synthetic ADC"): has no Real World Value Mapping: stored values are shown as they are, without units',
      },
    ]);
    expect(got.map).toMatchObject({ measurementUnits: null, quantity: null, lutLabel: null, unitsDisplay: '', realWorldValueMappings: [] });
  });

  it('NaN and infinite values: counted, named, shown as no value, left out of the statistics', async () => {
    // Left of x = -50 mm NaN, right of x = 50 mm +Infinity on the first slice, -Infinity on the others.
    const value = (x: number, _y: number, z: number): number => (x < -50 ? NaN : x > 50 ? (z > 100 ? Infinity : -Infinity) : 7);
    const got = await decodeParametricMap(await generatedMap({ value }), 'PM.dcm', ct);
    const columnsLeft = ct.planes[0] ? Array.from({ length: SIZE.columns }, (_, c) => ct.planes[0].imagePositionPatient[0] + c * ct.planes[0].pixelSpacing[1]) : [];
    const nanPerSlice = columnsLeft.filter((x) => x < -50).length * SIZE.rows;
    const infPerSlice = columnsLeft.filter((x) => x > 50).length * SIZE.rows;
    expect(nanPerSlice).toBeGreaterThan(0);
    expect(infPerSlice).toBeGreaterThan(0);
    expect(got.statistics).toMatchObject({
      nanValues: nanPerSlice * SIZE.slices,
      infiniteValues: infPerSlice * SIZE.slices,
      min: 7,
      max: 7,
      mean: 7,
      values: (size - nanPerSlice - infPerSlice) * SIZE.slices,
    });
    expect(got.problems).toEqual([
      { severity: 'error', message: `PM.dcm ("Synthetic ADC"): ${infPerSlice * SIZE.slices} values are infinite (frames 1-10): shown as no value` },
      { severity: 'warning', message: `PM.dcm ("Synthetic ADC"): ${nanPerSlice * SIZE.slices} values are NaN (frames 1-10): shown as no value` },
    ]);
    const v = got.volume.values;
    expect(v.filter((x) => x === 7).length).toBe(got.statistics.values);
    expect(v.filter((x) => !Number.isFinite(x)).every(Number.isNaN)).toBe(true);
  });

  it('a frame count the pixel data cannot hold: an error naming the map and both counts', async () => {
    const p10 = await generatedMap({ overrides: { NumberOfFrames: 12 } });
    await expect(decodeParametricMap(p10, 'PM.dcm', ct)).rejects.toThrow(DicomReadError);
    await expect(decodeParametricMap(p10, 'PM.dcm', ct)).rejects.toThrow(
      /^PM\.dcm \("Synthetic ADC"\): its pixel data holds 76800 bytes, room for 10 frames of 48x40 float32 values, but NumberOfFrames is 12/,
    );
    // More pixel data than frames is a disagreement too.
    const fewer = await generatedMap({ overrides: { NumberOfFrames: 8 } });
    await expect(decodeParametricMap(fewer, 'PM.dcm', ct)).rejects.toThrow(/room for 10 frames .* but NumberOfFrames is 8/);
  });

  it('another Frame of Reference: an error naming the map and both frames of reference', async () => {
    const p10 = await generatedMap({ overrides: { FrameOfReferenceUID: '2.25.999' } });
    const error = await decodeParametricMap(p10, 'PM.dcm', ct).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DicomReadError);
    expect((error as Error).message).toMatch(/^PM\.dcm \("Synthetic ADC"\): none of its 10 frames gives values on the displayed series: /);
    expect((error as Error).message).toContain(`in another Frame of Reference than the displayed series; not shown (e.g. 2.25.999 vs ${context.frameOfReferenceUID})`);
  });

  it('oblique frames are refused with the tilt', async () => {
    const c = Math.cos((20 * Math.PI) / 180).toFixed(6);
    const s = Math.sin((20 * Math.PI) / 180).toFixed(6);
    const p10 = await generatedMap({ imageOrientationPatient: ['1', '0', '0', '0', c, s] });
    await expect(decodeParametricMap(p10, 'PM.dcm', ct)).rejects.toThrow(/not parallel to the image slices \(oblique\).*tilted 20\.0°/);
  });

  it('a map named by its SOPInstanceUID when it has no SeriesDescription', async () => {
    const p10 = await generatedMap({ omitRealWorldValueMapping: true, overrides: { SeriesDescription: '' } });
    expect(parseParametricMap(p10, 'map.dcm').problems[0].message).toMatch(/^map\.dcm \("2\.25\.1001"\): has no Real World Value Mapping/);
  });

  it('not a Parametric Map, or with no pixel data: errors that say so', async () => {
    const p10 = await generatedMap({ overrides: { SOPClassUID: '1.2.840.10008.5.1.4.1.1.2' } });
    expect(() => parseParametricMap(p10, 'PM.dcm')).toThrow(/PM\.dcm \("Synthetic ADC"\): is not a Parametric Map \(SOPClassUID 1\.2\.840\.10008\.5\.1\.4\.1\.1\.2\)/);
    const empty = await generatedMap({});
    delete empty.dict['7FE00008'];
    expect(() => parseParametricMap(empty, 'PM.dcm')).toThrow(/has no pixel data/);
  });
});
