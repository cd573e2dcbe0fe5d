// What the decode worker does with a Parametric Map: Part 10 bytes + the displayed series (or none: the map on its
// own grid) -> model, statistics and the real world value volume. Its own module (no `self.onmessage`) so the
// benchmark times exactly the work the viewer pays for.
import { readPart10Async } from '../dicom/part10';
import type { FrameDecoder } from '../dicom/frameCodecs';
import type { TargetSeries } from '../dicom/geometry/placeFrames';
import { parametricMapSeries, resampleParametricMap, type DecodedParametricMap } from '../dicom/pm/decode';
import { parseParametricMap } from '../dicom/pm/parse';
import { parametricMapPixels } from '../dicom/pm/pixels';

export interface PmResult extends DecodedParametricMap {
  /** the grid of `volume`: the target given, or the map's own (parametricMapSeries) */
  series: TargetSeries;
  /**
   * The values binned for display (dicom/pm/displayBins.ts) over [statistics.min, statistics.max]: per slice of
   * `series`, or null for a slice without values. Empty when the map has no finite value.
   */
  bins: Array<Uint8Array | null>;
  /** where the worker's time went (ms), for `npm run bench` */
  /** `values` includes the display bins (made in the histogram's pass) */
  timings: { read: number; parse: number; values: number };
}

/**
 * `target`: the displayed series to put the values on; null opens the map alone on its own grid. `decoder`: for
 * integer maps whose frames are JPEG 2000 / JPEG-LS / JPEG Lossless / HTJ2K. Post the result with
 * `pmTransferables(result)` as the transfer list: the volume moves, it is not copied.
 */
export async function decodePm(
  bytes: ArrayBuffer | Uint8Array,
  name: string,
  target: TargetSeries | null,
  decoder?: FrameDecoder,
  maxDecodedBytes?: number,
): Promise<PmResult> {
  const t0 = performance.now();
  const p10 = await readPart10Async(bytes, name);
  const t1 = performance.now();
  const map = parseParametricMap(p10, name, { maxDecodedBytes });
  const series = target ?? parametricMapSeries(map);
  const t2 = performance.now();
  const { displayBins, ...decoded } = await resampleParametricMap(map, parametricMapPixels(p10, map, decoder), series, { displayBins: true, maxDecodedBytes });
  const t3 = performance.now();
  const bins = displayBins ?? [];
  return { ...decoded, series, bins, timings: { read: t1 - t0, parse: t2 - t1, values: t3 - t2 } };
}

/** The buffers to transfer with a PmResult. */
export function pmTransferables(result: PmResult): ArrayBuffer[] {
  return [result.volume.values.buffer as ArrayBuffer, ...result.bins.filter((b): b is Uint8Array => b !== null).map((b) => b.buffer as ArrayBuffer)];
}
