// The project's own synthetic study (src/samples): its RTSTRUCT read back from Part 10 bytes and placed on
// its CT. Here the per-contour image references are right, so placement by position must agree with them.
import { describe, expect, it } from 'vitest';
import { slicePlanesOf, sliceStack, type SliceStack } from '../geometry/contourPlacement';
import { sortInstances } from '../geometry/sortSlices';
import { str, type DicomJsonDataset } from '../json';
import { readPart10 } from '../part10';
import { headerJson } from '../summary';
import { generateSampleStudy } from '../../samples';
import { roiSliceNesting } from './nesting';
import { decodeStructureSetPart10 } from './part10';
import { placeStructureSet } from './placement';
import { summarizeStructureSet } from './summary';

const files = generateSampleStudy({ rows: 64, columns: 64, slices: 10 });
const buffer = (bytes: Uint8Array): ArrayBuffer =>
  bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
const json = (bytes: Uint8Array): DicomJsonDataset => headerJson(readPart10(buffer(bytes), 'CT').dict);
const cts = sortInstances(files.filter((f) => f.name.startsWith('CT/')).map((f) => json(f.bytes))).instances;
const rtFile = files.find((f) => f.name === 'RTSTRUCT.dcm');
const set = decodeStructureSetPart10(buffer(rtFile?.bytes ?? new Uint8Array()), 'RTSTRUCT.dcm');
const stack = sliceStack(slicePlanesOf(cts)).stack as SliceStack;
const placed = placeStructureSet(set, stack, {
  frameOfReferenceUID: str(cts[0], '00200052'),
  seriesName: 'Phantom CT',
});

describe('sample study RTSTRUCT', () => {
  it('decodes the five ROIs with their names, types and colours, without problems', () => {
    expect(set.problems).toEqual([]);
    const summary = summarizeStructureSet(set);
    expect(summary.label).toBe('PHANTOM');
    expect(summary.rois.map((r) => [r.number, r.name, r.interpretedType, r.color, r.geometricTypes])).toEqual([
      [1, 'Body', 'EXTERNAL', [0, 200, 0], { CLOSED_PLANAR: 10 }],
      [2, 'GTV', 'GTV', [255, 0, 0], { CLOSED_PLANAR: 1 }],
      [3, 'Liver', 'ORGAN', [221, 130, 101], { CLOSED_PLANAR: 11 }],
      [4, 'Spinal cord', 'ORGAN', [255, 255, 0], { CLOSED_PLANAR: 10 }],
      [5, 'Isocenter', 'ISOCENTER', [0, 255, 255], { POINT: 1 }],
    ]);
    expect(set.rois[0].roiDescription).toBe('External body outline');
    expect(set.rois[2].roiGenerationAlgorithm).toBe('AUTOMATIC');
  });

  it('places every contour on the slice its image reference names', () => {
    expect(stack.spacing).toBe(25);
    expect(placed.problems).toEqual([]);
    let checked = 0;
    set.rois.forEach((roi, r) => {
      expect(placed.rois[r].problems).toEqual([]);
      roi.contours.forEach((contour, c) => {
        const p = placed.rois[r].placements[c];
        expect(p.kind).toBe('slice');
        if (p.kind !== 'slice') return;
        expect(stack.planes[p.sliceIndex].sopInstanceUID).toBe(contour.contourImages[0].referencedSOPInstanceUID);
        checked++;
      });
    });
    expect(checked).toBe(33);
  });

  it('jumps to the middle slice of each ROI', () => {
    // CT is sorted by position (z -112.5 ... 112.5); the isocentre and GTV sit on the tumour slice z = -12.5.
    expect(placed.rois.map((r) => stack.positions[r.middleSliceIndex ?? -1])).toEqual([
      -12.5, -12.5, -37.5, -12.5, -12.5,
    ]);
    expect(placed.rois[2].sliceIndices.map((i) => stack.positions[i])).toEqual([
      -87.5, -62.5, -37.5, -12.5, 12.5, 37.5,
    ]);
  });

  it('finds the vena cava as a hole in the liver', () => {
    const liver = set.rois[2];
    for (const [z, centre] of [
      [-37.5, [-19.4, 17.4]],
      [-12.5, [-18.7, 14.8]],
    ] as const) {
      const slice = stack.positions.indexOf(z);
      const nesting = roiSliceNesting(liver, placed.rois[2], stack, slice);
      const holes = nesting.filter((n) => n.isHole);
      expect(holes.length, `z ${z}`).toBe(1);
      expect(nesting.filter((n) => !n.isHole).length).toBe(1);
      const p = liver.contours[holes[0].contourIndex].points;
      let x = 0;
      let y = 0;
      for (let i = 0; i < p.length; i += 3) {
        x += p[i];
        y += p[i + 1];
      }
      const n = p.length / 3;
      // The tube's axis at this z; pixels are 6.4 mm here, so the traced hole is coarse.
      expect(Math.hypot(x / n - centre[0], y / n - centre[1])).toBeLessThan(5);
    }
  });
});
