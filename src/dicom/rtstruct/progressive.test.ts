// An RTSTRUCT decoded while it downloads: fed in pieces of any size (cutting elements, items and contour data),
// every ROI said complete has the contours and colour the all-at-once decode gives it, each ROI is said complete
// once, the header (all ROIs listed) comes first, and ROIs come before the file is whole.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateBigRtstruct } from '../../samples/bigRtstruct';
import { HAS_SHARED_DATA, LUNG1_DIR, shared } from '../../testing/sharedData';
import { decodeStructureSetPart10 } from './part10';
import { ProgressiveStructureSetDecoder, type RtPart } from './progressive';
import type { StructureSetROI } from './model';

/** Prefixes of `bytes`, growing by `sizes` in turn (the last one repeated), or cut at the offsets `at`. */
function* prefixes(bytes: Uint8Array, sizes: number[] | { at: number[] }): Generator<Uint8Array> {
  if (!Array.isArray(sizes)) {
    for (const n of [...sizes.at, bytes.length]) yield bytes.subarray(0, n);
    return;
  }
  let at = 0;
  for (let i = 0; at < bytes.length; i++) {
    at = Math.min(bytes.length, at + sizes[Math.min(i, sizes.length - 1)]);
    yield bytes.subarray(0, at);
  }
}

interface Run {
  parts: Array<RtPart & { at: number }>;
  complete: StructureSetROI[];
}

function progressively(bytes: Uint8Array, name: string, sizes: number[] | { at: number[] }): Run {
  const decoder = new ProgressiveStructureSetDecoder(name, { precision: 'float32' });
  const parts: Run['parts'] = [];
  for (const prefix of prefixes(bytes, sizes)) {
    // Twice, as the worker does: the first call may only read the header.
    for (let i = 0; i < 2; i++) {
      // Forced at the end, and at every cut of a cut list (as the worker does when the download pauses there).
      decoder.advance(prefix, prefix.length === bytes.length || !Array.isArray(sizes));
      const part = decoder.part();
      if (part) parts.push({ ...part, at: prefix.length });
    }
  }
  expect(decoder.fallback).toBeUndefined();
  expect(decoder.done).toBe(true);
  return { parts, complete: parts.flatMap((p) => p.complete) };
}

/** An ROI as the page draws it: number, colour, and every contour's type and points. */
const drawn = (roi: StructureSetROI) => ({
  roiNumber: roi.roiNumber,
  roiName: roi.roiName,
  displayColor: roi.displayColor,
  contours: roi.contours.map((c) => ({ type: c.contourGeometricType, points: Array.from(c.points) })),
});

function expectSameAsWhole(bytes: Uint8Array, name: string, sizes: number[] | { at: number[] }): Run {
  const whole = decodeStructureSetPart10(bytes, name, { precision: 'float32' });
  const run = progressively(bytes, name, sizes);
  // The header first, alone: every ROI listed, no contour yet.
  expect(run.parts[0].header?.rois.map((r) => r.roiNumber)).toEqual(whole.rois.map((r) => r.roiNumber));
  expect(run.parts[0].header?.rois.every((r) => r.contours.length === 0)).toBe(true);
  expect(run.parts[0].complete).toEqual([]);
  // Each ROI once, as the whole decode has it.
  const withContours = whole.rois.filter((r) => r.contours.length);
  expect(run.complete.map(drawn)).toEqual(withContours.map(drawn));
  return run;
}

describe('an RTSTRUCT drawn as it downloads', () => {
  // 12 ROIs of wavy outlines on the 100-slice phantom, about 6,000 points.
  const file = generateBigRtstruct({ rois: 12, points: 6000 });

  it('gives each ROI the contours of the all-at-once decode, in pieces of 1, 7, 4097 and 65536 bytes', () => {
    for (const sizes of [[1], [7], [4097], [65536], [333, 1, 9000]]) expectSameAsWhole(file.bytes, file.name, sizes);
  });

  it('gives the first ROIs long before the file is whole', () => {
    const run = expectSameAsWhole(file.bytes, file.name, [4096]);
    const first = run.parts.find((p) => p.complete.length);
    expect(first?.at).toBeLessThan(file.bytes.length / 4);
    // One ROI after another: many parts with ROIs in them.
    expect(run.parts.filter((p) => p.complete.length).length).toBeGreaterThan(6);
  });

  it('waits for the end (and says why) with a file it cannot read item by item', () => {
    const decoder = new ProgressiveStructureSetDecoder('not-rt.dcm');
    // A data set with no ROIContourSequence: the whole decode will say what it holds.
    const noContours = file.bytes.slice();
    const at = noContours.findIndex((_, i) => noContours[i] === 0x06 && noContours[i + 1] === 0x30 && noContours[i + 2] === 0x39 && noContours[i + 3] === 0x00);
    noContours[at + 2] = 0x3a; // (3006,003A): not a tag of the header, past it
    decoder.advance(noContours);
    expect(decoder.fallback).toMatch(/no ROIContourSequence/);
    expect(decoder.part()).toBeNull();
  });
});

describe.runIf(HAS_SHARED_DATA || process.env.CI)('real RTSTRUCTs drawn as they download', () => {
  for (const path of [`${LUNG1_DIR}/team_1_plan_1/structures/RTSTRUCT.dcm`, 'rt-utils/mock_data/rt.dcm']) {
    it(`${path}: the same ROIs as the all-at-once decode, in pieces of 997 and 65536 bytes`, () => {
      const bytes = new Uint8Array(readFileSync(shared(path)));
      expectSameAsWhole(bytes, path, [997]);
      expectSameAsWhole(bytes, path, [65536]);
      // Cut between the elements of ROIContourSequence items: just before each ReferencedROINumber (3006,0084), the
      // last element of an item. An item of undefined length (LUNG1-002's) is not whole there, whatever the reader
      // has read of it without fault.
      const cuts: number[] = [];
      for (let i = bytes.indexOf(0x06); i >= 0; i = bytes.indexOf(0x06, i + 1)) if (bytes[i + 1] === 0x30 && bytes[i + 2] === 0x84 && bytes[i + 3] === 0x00) cuts.push(i);
      expect(cuts.length).toBeGreaterThan(1);
      expectSameAsWhole(bytes, path, { at: cuts });
    });
  }
});
