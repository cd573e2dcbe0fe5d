// The `parametricMap` part of `inspect --json` (../shared/inspect-json.md): size, pixel type, what the values are,
// and their real world range over all frames.
import type { Code } from '../codes/code';
import type { FrameDecoder } from '../frameCodecs';
import type { Part10 } from '../part10';
import type { ParametricMap, PixelType } from './model';
import { parseParametricMap } from './parse';
import { parametricMapPixels, type ParametricMapPixels } from './pixels';
import { MapStatistics, realWorldFrame } from './realWorldValues';

export interface ParametricMapSummary {
  rows: number;
  columns: number;
  frames: number;
  pixelType: PixelType;
  lutLabel: string | null;
  quantity: Code | null;
  unit: Code | null;
  /** real world values (slope x stored + intercept) over all frames; null when none is finite */
  min: number | null;
  max: number | null;
  mean: number | null;
}

/** Real world statistics of every frame, without putting the map on any grid. */
async function mapStatistics(map: ParametricMap, pixels: ParametricMapPixels): Promise<MapStatistics> {
  const stats = new MapStatistics();
  const scratch = new Float32Array(map.rows * map.columns);
  for (const frame of map.frames) {
    const mapping = frame.mappingIndex === null ? null : map.realWorldValueMappings[frame.mappingIndex];
    realWorldFrame(await pixels.frame(frame.frameIndex), mapping, scratch, stats, frame.frameIndex);
  }
  return stats;
}

async function summarizeParametricMap(map: ParametricMap, pixels: ParametricMapPixels): Promise<ParametricMapSummary> {
  const stats = await mapStatistics(map, pixels);
  return {
    rows: map.rows,
    columns: map.columns,
    frames: map.numberOfFrames,
    pixelType: map.pixelType,
    lutLabel: map.lutLabel,
    quantity: map.quantity,
    unit: map.measurementUnits,
    min: stats.values ? stats.min : null,
    max: stats.values ? stats.max : null,
    mean: stats.mean,
  };
}

/** Parse a map and summarise it. Throws DicomReadError naming the map when its values cannot be read. */
export async function parametricMapSummary(
  p10: Part10,
  name: string,
  options: { decoder?: FrameDecoder } = {},
): Promise<ParametricMapSummary> {
  const map = parseParametricMap(p10, name);
  return summarizeParametricMap(map, parametricMapPixels(p10, map, options.decoder));
}
