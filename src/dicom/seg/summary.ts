// The `segmentation` part of `inspect --json` (../shared/inspect-json.md): per segment, its frames, set pixels
// and their centroid in patient space, computed from each frame's own plane.
import type { Code } from '../codes/code';
import type { RGB } from '../codes/color';
import type { Part10 } from '../part10';
import { pixelAxes } from '../geometry/transform';
import type { SegmentationFrame, Segmentation, SegmentationType } from './model';
import { parseSegmentation } from './parse';
import { labelMoments, setPixelMoments, type PixelMoments } from './pixelScan';
import { segmentationPixels, type FrameDecoder, type FramePixels, type SegmentationPixels } from './pixels';

export interface SegmentSummary {
  number: number;
  label: string | null;
  algorithmType: string | null;
  category: Code | null;
  type: Code | null;
  color: RGB | null;
  /** frames holding this segment (LABELMAP: frames where its value occurs) */
  frames: number;
  /** pixels > 0 in its frames (LABELMAP: pixels equal to its number) */
  voxels: number;
  /** mean patient position (mm, rounded to 0.001) of those pixels; null if none or no frame has a plane */
  centroid: [number, number, number] | null;
}

export interface SegmentationSummary {
  type: SegmentationType;
  fractionalType: 'PROBABILITY' | 'OCCUPANCY' | null;
  rows: number;
  columns: number;
  frames: number;
  segments: SegmentSummary[];
}

const round3 = (v: number): number => Math.round(v * 1000) / 1000 || 0;

/** Running totals of one segment: pixel count, and patient-space sums over frames that have a plane. */
class Accumulator {
  frames = 0;
  voxels = 0;
  placed = 0;
  sum = [0, 0, 0];

  add(frame: SegmentationFrame, m: PixelMoments): void {
    this.voxels += m.count;
    const p = frame.imagePositionPatient;
    const o = frame.imageOrientationPatient;
    const s = frame.pixelSpacing;
    if (!p || !o || !s || m.count === 0) return;
    // The map is affine, so the sum of positions is count * origin + (sum of columns) * perColumn + (sum of rows) * perRow.
    const { origin, perColumn, perRow } = pixelAxes({ imagePositionPatient: p, imageOrientationPatient: o, pixelSpacing: s });
    for (let k = 0; k < 3; k++) this.sum[k] += m.count * origin[k] + m.sumColumn * perColumn[k] + m.sumRow * perRow[k];
    this.placed += m.count;
  }

  centroid(): [number, number, number] | null {
    if (!this.placed) return null;
    return [round3(this.sum[0] / this.placed), round3(this.sum[1] / this.placed), round3(this.sum[2] / this.placed)];
  }
}

async function binaryTotals(seg: Segmentation, pixels: SegmentationPixels): Promise<Map<number, Accumulator>> {
  const totals = new Map(seg.segments.map((s) => [s.segmentNumber, new Accumulator()]));
  for (const frame of seg.frames) {
    const acc = totals.get(frame.referencedSegmentNumber ?? -1);
    if (!acc) continue;
    acc.frames++;
    acc.add(frame, setPixelMoments(await pixels.frame(frame.frameIndex)));
  }
  return totals;
}

async function labelTotals(seg: Segmentation, pixels: SegmentationPixels): Promise<Map<number, Accumulator>> {
  const size = seg.bitsAllocated === 16 ? 65536 : 256;
  const totals = new Map(seg.segments.map((s) => [s.segmentNumber, new Accumulator()]));
  const count = new Float64Array(size);
  const sumRow = new Float64Array(size);
  const sumColumn = new Float64Array(size);
  for (const frame of seg.frames) {
    const data: FramePixels = await pixels.frame(frame.frameIndex);
    labelMoments(data, count, sumRow, sumColumn);
    // Only described values are read, so only they need zeroing for the next frame (not all 65536).
    for (const [n, acc] of totals) {
      if (n < 0 || n >= size || count[n] === 0) continue;
      acc.frames++;
      acc.add(frame, { count: count[n], sumRow: sumRow[n], sumColumn: sumColumn[n] });
      count[n] = sumRow[n] = sumColumn[n] = 0;
    }
  }
  return totals;
}

/** Summary of a parsed SEG and its pixels. */
export async function summarizeSegmentation(
  seg: Segmentation,
  pixels: SegmentationPixels,
): Promise<SegmentationSummary> {
  const totals = seg.segmentationType === 'LABELMAP' ? await labelTotals(seg, pixels) : await binaryTotals(seg, pixels);
  return {
    type: seg.segmentationType,
    fractionalType: seg.segmentationFractionalType,
    rows: seg.rows,
    columns: seg.columns,
    frames: seg.numberOfFrames,
    segments: seg.segments.map((s) => {
      const acc = totals.get(s.segmentNumber) as Accumulator;
      const type = s.segmentedPropertyType;
      return {
        number: s.segmentNumber,
        label: s.segmentLabel,
        algorithmType: s.segmentAlgorithmType,
        category: s.segmentedPropertyCategory,
        type: type ? { code: type.code, scheme: type.scheme, meaning: type.meaning } : null,
        color: s.color,
        frames: acc.frames,
        voxels: acc.voxels,
        centroid: acc.centroid(),
      };
    }),
  };
}

/**
 * Parse a SEG and summarise it. Throws DicomReadError naming the object when it is not a readable SEG;
 * `decoder` is needed only for JPEG 2000 / JPEG-LS frames.
 */
export async function segmentationSummary(
  p10: Part10,
  name: string,
  options: { decoder?: FrameDecoder } = {},
): Promise<SegmentationSummary> {
  const seg = parseSegmentation(p10, name);
  return summarizeSegmentation(seg, segmentationPixels(p10, seg, options.decoder));
}
