import { describe, expect, it } from 'vitest';
import { generateBigSeg } from './bigSeg';
import type { Dataset } from './part10';
import { first, items, numbers, readBack } from './readBack';
import { generateSampleStudy } from './sampleStudy';
import { unpackBits } from './segFrames';

const OPTIONS = { rows: 32, columns: 32, slices: 30, segments: 40 };
const files = generateBigSeg(OPTIONS);
const seg = readBack(files[files.length - 1]).dataset;
const cts = files.slice(0, -1).map((f) => readBack(f).dataset);
const frames = items(seg, 'PerFrameFunctionalGroupsSequence');
const segmentOf = (frame: Dataset): number =>
  Number(first(frame, 'SegmentIdentificationSequence').ReferencedSegmentNumber);
const sourceUid = (frame: Dataset): string =>
  first(first(frame, 'DerivationImageSequence'), 'SourceImageSequence').ReferencedSOPInstanceUID as string;

describe('generateBigSeg', () => {
  it('returns the CT series and one SEG named BIG_SEG.dcm', () => {
    expect(files).toHaveLength(OPTIONS.slices + 1);
    expect(files[files.length - 1].name).toBe('BIG_SEG.dcm');
    expect(seg.StudyInstanceUID).toBe(cts[0].StudyInstanceUID);
    expect(seg.FrameOfReferenceUID).toBe(cts[0].FrameOfReferenceUID);
  });

  it('has the requested number of segments, most with frames, in segment order', () => {
    const segments = items(seg, 'SegmentSequence');
    expect(segments).toHaveLength(OPTIONS.segments);
    expect(segments.map((s) => s.SegmentNumber)).toEqual(segments.map((_, i) => i + 1));
    const used = new Set(frames.map(segmentOf));
    expect(used.size).toBeGreaterThan(OPTIONS.segments * 0.8);
    const order = frames.map(segmentOf);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(Number(seg.NumberOfFrames)).toBe(frames.length);
  });

  it('puts every frame on its CT slice, and slabs of one structure overlap', () => {
    const ctPosition = new Map(cts.map((ct) => [ct.SOPInstanceUID as string, numbers(ct, 'ImagePositionPatient')]));
    for (const frame of frames) {
      expect(numbers(first(frame, 'PlanePositionSequence'), 'ImagePositionPatient')).toEqual(
        ctPosition.get(sourceUid(frame)),
      );
    }
    // Segments 1 and 16 are the first two slabs of the body: they share slices with identical masks.
    const pixels = new Uint8Array((seg.PixelData as ArrayBuffer[])[0]);
    const mask = (n: number): Uint8Array => unpackBits(pixels, 32 * 32, n * 32 * 32);
    const slicesOf = (segment: number): Map<string, number> =>
      new Map(frames.flatMap((frame, n) => (segmentOf(frame) === segment ? [[sourceUid(frame), n] as const] : [])));
    const a = slicesOf(1);
    const b = slicesOf(16);
    const shared = [...a.keys()].filter((uid) => b.has(uid));
    expect(shared.length).toBeGreaterThan(0);
    expect(mask(a.get(shared[0]) as number)).toEqual(mask(b.get(shared[0]) as number));
  });

  it('sits on the same CT series as the sample study of that size', () => {
    const study = generateSampleStudy({ rows: 32, columns: 32, slices: 30 });
    files.slice(0, -1).forEach((ct, i) => {
      expect(ct.name).toBe(study[i].name);
      expect(Buffer.compare(ct.bytes, study[i].bytes)).toBe(0);
    });
  });

  it('is deterministic', () => {
    const again = generateBigSeg(OPTIONS);
    expect(Buffer.compare(again[again.length - 1].bytes, files[files.length - 1].bytes)).toBe(0);
  });

  it('rejects a segment count DICOM cannot number', () => {
    expect(() => generateBigSeg({ ...OPTIONS, segments: 0 })).toThrow(/segments/);
  });
});
