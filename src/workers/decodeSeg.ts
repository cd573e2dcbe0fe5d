// What the decode worker does with a SEG: Part 10 bytes + the displayed series -> model, layout and packed
// labelmap slices. Its own module (no `self.onmessage`) so the benchmark times exactly the work the viewer pays for.
import { readPart10Async } from '../dicom/part10';
import { parseSegmentation } from '../dicom/seg/parse';
import { segmentationPixels, type FrameDecoder } from '../dicom/seg/pixels';
import { buildLabelmapLayers, type LabelmapLayers, type LayerOptions } from '../dicom/seg/labelmapLayers';
import { packLayer, type PackedLayer } from '../dicom/seg/packLayers';
import type { Segmentation } from '../dicom/seg/model';
import type { TargetSeries } from '../dicom/geometry/placeFrames';

export interface SegResult {
  /** the model without its per-frame list (the viewer needs segments and headers, not 5,000 frame records) */
  segmentation: Omit<Segmentation, 'frames'>;
  /**
   * Layout, statistics and problems; the voxels are in `packed`. Frame placements are counted, not listed: the
   * page draws from the slices, and 5,000 placement records took ~50 ms to receive there.
   */
  layers: Omit<LabelmapLayers, 'layers' | 'placement'> & { placedFrames: number; unplacedFrames: number };
  packed: PackedLayer[];
  /** where the worker's time went (ms), for `npm run bench` */
  timings: { read: number; parse: number; layers: number };
  /**
   * The SEG was decoded as it downloaded and sent in parts ('seg-part', progressive.ts): `packed` holds only the
   * slices written since the last part, null where the page has them from the parts already.
   */
  delta?: true;
}

/**
 * `decoder`: for SEGs whose frames are compressed in a syntax other than RLE (the worker passes its codecs);
 * `allocateSlice`: label slices made ready beforehand (see slicePool.ts).
 */
export async function decodeSeg(
  bytes: ArrayBuffer | Uint8Array,
  name: string,
  target: TargetSeries,
  decoder?: FrameDecoder,
  allocateSlice?: LayerOptions['allocateSlice'],
  maxDecodedBytes?: number,
): Promise<SegResult> {
  const t0 = performance.now();
  const p10 = await readPart10Async(bytes, name);
  const t1 = performance.now();
  const seg = parseSegmentation(p10, name, { maxDecodedBytes });
  const t2 = performance.now();
  // Overlapping BINARY segments share one label volume (labels stand for sets of segments): one volume of
  // memory however deep the overlap.
  const layers = await buildLabelmapLayers(seg, segmentationPixels(p10, seg, decoder), target, {
    overlap: 'combine',
    allocateSlice,
    maxDecodedBytes,
  });
  return segResultOf(seg, layers, { read: t1 - t0, parse: t2 - t1, layers: performance.now() - t2 });
}

/**
 * The answer for a decoded SEG. `changed`: it was sent in parts ('seg-part'), and the packed layer carries only
 * the slices written since the last part (see SegResult.delta).
 */
export function segResultOf(seg: Segmentation, all: LabelmapLayers, timings: SegResult['timings'], changed?: ReadonlySet<number>): SegResult {
  const { layers: dense, placement, ...rest } = all;
  const packed = dense.map((l) => packLayer(changed ? { ...l, slices: l.slices.map((sl, k) => (changed.has(k) ? sl : null)) } : l, all));
  const { frames: _frames, ...segmentation } = seg;
  return {
    segmentation,
    layers: { ...rest, placedFrames: placement.placements.length, unplacedFrames: placement.unplaced.length },
    packed,
    timings,
    ...(changed ? { delta: true as const } : {}),
  };
}
