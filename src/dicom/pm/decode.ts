// Parametric Map -> real world values on the grid of a displayed series (or on its own grid), with the statistics
// of the map. One pass over the frames: each is decoded once, mapped to real world values, counted, and sampled
// into the slices it gives (slicePlan.ts); then one pass over the volume for the histogram.
import type { FrameDecoder } from '../frameCodecs';
import { frameRanges } from '../geometry/frameRanges';
import type { PlacementOptions, TargetSeries } from '../geometry/placeFrames';
import { planeNormal, type ImagePlane } from '../geometry/plane';
import { dot } from '../geometry/sortSlices';
import { DicomReadError, type Part10 } from '../part10';
import { checkDecodedSize } from '../errors';
import type { ParametricMap, ParametricMapProblem } from './model';
import { parseParametricMap } from './parse';
import { parametricMapPixels, type ParametricMapPixels } from './pixels';
import { MapStatistics, realWorldFrame } from './realWorldValues';
import { sampleFrameIntoSlice } from './sampleFrame';
import { MAP_BINS } from './displayBins';
import { planSlices, type SliceSource } from './slicePlan';

/** Equal-width bins from `min` to `max` (the map's real world range); the last bin includes `max`. */
export interface Histogram {
  min: number;
  max: number;
  counts: number[];
}

/** Over every frame of the map (not only what lands on the displayed series). */
export interface ParametricMapStatistics {
  /** of the finite real world values; null when there are none */
  min: number | null;
  max: number | null;
  mean: number | null;
  values: number;
  nanValues: number;
  infiniteValues: number;
  unmappedValues: number;
  /** of the values in the volume (what is shown), between min and max */
  histogram: Histogram;
}

export interface ParametricMapVolume {
  /**
   * slices x rows x columns real world values, slice k on target.planes[k], each slice row by row (column
   * fastest); NaN where the map gives no value. Float64 maps are narrowed to float32 here (statistics are not).
   */
  values: Float32Array;
  slices: number;
  rows: number;
  columns: number;
  /** slices holding values of the map (others are all NaN) */
  filledSlices: number;
  /** of those, slices between two frames of the map (interpolated) */
  interpolatedSlices: number;
  /** frames of the map that gave values to some slice */
  usedFrames: number;
}

export interface DecodedParametricMap {
  /** the model without its per-frame list */
  map: Omit<ParametricMap, 'frames' | 'problems'>;
  statistics: ParametricMapStatistics;
  volume: ParametricMapVolume;
  /** the map's own problems, placement and values: readable, each naming the map */
  problems: ParametricMapProblem[];
  /** with `displayBins`: per slice its display bins over [min, max], null for a slice without values */
  displayBins?: Array<Uint8Array | null>;
}

export interface DecodeOptions extends PlacementOptions {
  /** for JPEG 2000 / JPEG-LS / JPEG Lossless / HTJ2K frames of integer maps (RLE and deflate need none) */
  decoder?: FrameDecoder;
  /** default 128 */
  histogramBins?: number;
  /** also bin the volume for display (displayBins.ts), slice by slice, in the histogram's pass */
  displayBins?: boolean;
  /** ceiling on the value volume's bytes (default MAX_DECODED_BYTES) */
  maxDecodedBytes?: number;
}

function gridOf(target: TargetSeries, objectName: string): { rows: number; columns: number } {
  const { rows, columns } = target.planes[0] ?? { rows: 0, columns: 0 };
  if (!target.planes.length) throw new DicomReadError(objectName, 'the displayed series has no images to put its values on');
  if (target.planes.some((p) => p.rows !== rows || p.columns !== columns)) {
    throw new DicomReadError(objectName, 'the displayed series mixes image sizes, so it has no single voxel grid for the map');
  }
  return { rows, columns };
}

/**
 * The histogram of the volume's values, and with `display` the display bins of each slice (displayBins.ts) in the
 * same pass: one pass over a 300 MB volume less (0.5-0.8 s in a browser worker on this machine).
 */
function histogramOf(
  values: Float32Array,
  min: number | null,
  max: number | null,
  bins: number,
  display: { sliceSize: number } | null,
): { histogram: Histogram; displayBins: Array<Uint8Array | null> | undefined } {
  const counts = new Array<number>(bins).fill(0);
  if (min === null || max === null) return { histogram: { min: 0, max: 0, counts }, displayBins: display ? [] : undefined };
  const scale = max > min ? bins / (max - min) : 0;
  const displayScale = max > min ? MAP_BINS / (max - min) : 0;
  const last = bins - 1;
  const raw = new Float64Array(bins);
  const size = display?.sliceSize ?? values.length;
  const slices = Math.ceil(values.length / size);
  const displayBins: Array<Uint8Array | null> | undefined = display ? new Array(slices).fill(null) : undefined;
  for (let k = 0; k < slices; k++) {
    let out: Uint8Array | null = null;
    const end = Math.min(values.length, (k + 1) * size);
    for (let i = k * size; i < end; i++) {
      const v = values[i];
      if (v !== v) continue;
      let b = Math.floor((v - min) * scale);
      if (b > last) b = last;
      else if (b < 0) b = 0;
      raw[b]++;
      if (displayBins && v >= min && v <= max) {
        out ??= new Uint8Array(size);
        const d = Math.floor((v - min) * displayScale) + 1;
        out[i - k * size] = d > MAP_BINS ? MAP_BINS : d;
      }
    }
    if (displayBins) displayBins[k] = out;
  }
  for (let b = 0; b < bins; b++) counts[b] = raw[b];
  return { histogram: { min, max, counts }, displayBins };
}

function valueProblems(map: ParametricMap, stats: MapStatistics): ParametricMapProblem[] {
  const out: ParametricMapProblem[] = [];
  const where = stats.framesWithoutValues.length ? ` (${frameRanges(stats.framesWithoutValues)})` : '';
  const say = (severity: ParametricMapProblem['severity'], text: string): void =>
    void out.push({ severity, message: `${map.objectName}: ${text}${where}: shown as no value` });
  if (stats.infiniteValues) say('error', `${stats.infiniteValues} values are infinite`);
  if (stats.nanValues) say('warning', `${stats.nanValues} values are NaN`);
  if (stats.unmappedValues) say('warning', `${stats.unmappedValues} stored values lie outside the range its Real World Value Mapping maps`);
  if (!stats.values) out.push({ severity: 'error', message: `${map.objectName}: has no finite value at all` });
  return out;
}

/** Map -> volume on `target`: the work behind decodeParametricMap, for a parsed map and its pixels. */
export async function resampleParametricMap(
  map: ParametricMap,
  pixels: ParametricMapPixels,
  target: TargetSeries,
  options: DecodeOptions = {},
): Promise<DecodedParametricMap> {
  const { rows, columns } = gridOf(target, map.objectName);
  const plan = planSlices(map, target, options);
  const filled = plan.slices.filter(Boolean).length;
  if (!filled) {
    throw new DicomReadError(
      map.objectName,
      `none of its ${map.numberOfFrames} frames gives values on the displayed series: ` +
        (plan.problems.map((p) => p.message.replace(`${map.objectName}: `, '')).join('; ') || 'no frame lies on its slices'),
    );
  }
  const size = rows * columns;
  checkDecodedSize(map.objectName, `its values on ${plan.slices.length} slices of ${rows}x${columns}`, plan.slices.length * size * 4, options.maxDecodedBytes);
  const volume = new Float32Array(plan.slices.length * size);
  // Frame -> the slices it gives, with the weights; slices with two frames are written by the first, added by the second.
  const byFrame = new Map<number, Array<{ slice: number; source: SliceSource }>>();
  plan.slices.forEach((sources, k) => {
    if (!sources) volume.fill(NaN, k * size, (k + 1) * size);
    for (const source of sources ?? []) {
      const list = byFrame.get(source.frameIndex);
      if (list) list.push({ slice: k, source });
      else byFrame.set(source.frameIndex, [{ slice: k, source }]);
    }
  });
  const written = new Uint8Array(plan.slices.length);
  const stats = new MapStatistics();
  const scratch = new Float32Array(map.rows * map.columns);
  for (const frame of map.frames) {
    const stored = await pixels.frame(frame.frameIndex);
    const mapping = frame.mappingIndex === null ? null : map.realWorldValueMappings[frame.mappingIndex];
    const real = realWorldFrame(stored, mapping, scratch, stats, frame.frameIndex);
    for (const { slice, source } of byFrame.get(frame.frameIndex) ?? []) {
      sampleFrameIntoSlice(real, map.rows, map.columns, source.mapping, {
        volume,
        offset: slice * size,
        rows,
        columns,
        weight: source.weight,
        add: written[slice]++ > 0,
      });
    }
  }
  const mean = stats.mean;
  const min = stats.values ? stats.min : null;
  const max = stats.values ? stats.max : null;
  const { frames: _frames, problems: own, ...header } = map;
  const { histogram, displayBins } = histogramOf(volume, min, max, options.histogramBins ?? 128, options.displayBins ? { sliceSize: size } : null);
  return {
    map: header,
    statistics: {
      min,
      max,
      mean,
      values: stats.values,
      nanValues: stats.nanValues,
      infiniteValues: stats.infiniteValues,
      unmappedValues: stats.unmappedValues,
      histogram,
    },
    volume: {
      values: volume,
      slices: plan.slices.length,
      rows,
      columns,
      filledSlices: filled,
      interpolatedSlices: plan.interpolatedSlices,
      usedFrames: plan.usedFrames,
    },
    problems: [...own, ...plan.problems, ...valueProblems(map, stats)],
    displayBins,
  };
}

/**
 * Parse a map and put its real world values on `target` (the displayed series). Throws DicomReadError naming
 * the map when it cannot be read or none of its frames lands on the series; everything else is in `problems`.
 */
export async function decodeParametricMap(
  p10: Part10,
  name: string,
  target: TargetSeries,
  options: DecodeOptions = {},
): Promise<DecodedParametricMap> {
  const map = parseParametricMap(p10, name);
  return resampleParametricMap(map, parametricMapPixels(p10, map, options.decoder), target, options);
}

/**
 * The map as a series of its own: one plane per distinct frame position, in order along the normal of its
 * first positioned frame (frames at an angle to it are then refused as oblique, with the reason).
 */
export function parametricMapSeries(map: ParametricMap): TargetSeries {
  const positioned = map.frames.filter((f) => f.imagePositionPatient && f.imageOrientationPatient && f.pixelSpacing);
  if (!positioned.length) {
    throw new DicomReadError(map.objectName, 'has no frame with ImagePositionPatient, ImageOrientationPatient and PixelSpacing: it has no grid of its own');
  }
  const first = positioned[0];
  const normal = planeNormal({ imageOrientationPatient: first.imageOrientationPatient as ImagePlane['imageOrientationPatient'] });
  const planes: ImagePlane[] = [];
  const seen: number[] = [];
  for (const f of [...positioned].sort((a, b) => dot(a.imagePositionPatient!, normal) - dot(b.imagePositionPatient!, normal))) {
    const d = dot(f.imagePositionPatient!, normal);
    if (seen.some((s) => Math.abs(s - d) < 1e-3)) continue;
    seen.push(d);
    planes.push({
      sopInstanceUID: map.sopInstanceUID ?? '',
      frameNumber: f.frameIndex + 1,
      imagePositionPatient: f.imagePositionPatient!,
      imageOrientationPatient: first.imageOrientationPatient!,
      pixelSpacing: f.pixelSpacing!,
      rows: map.rows,
      columns: map.columns,
    });
  }
  return { frameOfReferenceUID: map.frameOfReferenceUID, planes };
}

/** Open a map alone: its values on its own grid (parametricMapSeries), with that grid's planes. */
export async function decodeParametricMapAlone(
  p10: Part10,
  name: string,
  options: DecodeOptions = {},
): Promise<DecodedParametricMap & { series: TargetSeries }> {
  const map = parseParametricMap(p10, name);
  const series = parametricMapSeries(map);
  return { ...(await resampleParametricMap(map, parametricMapPixels(p10, map, options.decoder), series, options)), series };
}
