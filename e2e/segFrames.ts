// What the SEG end-to-end tests expect to see, computed in Node from the files with the viewer's own decoder.
import { expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { readPart10 } from '../src/dicom/part10';
import { parseSegmentation } from '../src/dicom/seg/parse';
import { segmentationPixels, type FramePixels } from '../src/dicom/seg/pixels';
import { segmentDisplayName, type Segment, type SegmentationFrame } from '../src/dicom/seg/model';
import { shared } from '../src/testing/sharedData';
import { SEG_MOUNTS } from './fixtures';

export interface FractionSample {
  /** centre of the SEG pixel, patient mm */
  world: [number, number, number];
  /** pixel value / MaximumFractionalValue */
  fraction: number;
}

/**
 * The frame of the fractional SEG with the most distinct values (zero included), read in Node with the viewer's
 * own decoder: each pixel's centre in patient space and its fraction, the segment's name and display colour.
 */
export function fractionalFrame(): { z: number; samples: FractionSample[]; label: string; color: [number, number, number] } {
  const b = readFileSync(shared(SEG_MOUNTS.fractional.seg));
  const p10 = readPart10(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer, 'fractional.dcm');
  const seg = parseSegmentation(p10, 'fractional.dcm');
  expect(seg.segmentationType).toBe('FRACTIONAL');
  const pixels = segmentationPixels(p10, seg);
  const max = seg.maximumFractionalValue ?? 255;
  const distinct = (f: SegmentationFrame): number => new Set((pixels.frame(f.frameIndex) as FramePixels).data).size;
  const frame = [...seg.frames].sort((a, b) => distinct(b) - distinct(a))[0];
  const { data, rows, columns } = pixels.frame(frame.frameIndex) as FramePixels;
  const ipp = frame.imagePositionPatient as [number, number, number];
  const [x, y] = frame.imageOrientationPatient as [[number, number, number], [number, number, number]];
  const [rowSpacing, columnSpacing] = frame.pixelSpacing as [number, number];
  const samples: FractionSample[] = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < columns; c++) {
      const world = [0, 1, 2].map((k) => ipp[k] + c * columnSpacing * x[k] + r * rowSpacing * y[k]) as [number, number, number];
      samples.push({ world, fraction: data[r * columns + c] / max });
    }
  }
  const segment = seg.segments.find((s) => s.segmentNumber === frame.referencedSegmentNumber) as Segment;
  return { z: ipp[2], samples, label: segmentDisplayName(segment), color: segment.displayColor };
}
