// Hand-built SEGs: every pixel encoding we read, and the broken files a person must get a clear word about.
import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readPart10 } from '../part10';
import { parseSegmentation } from './parse';
import { forEachSetPixel, setPixelMoments } from './pixelScan';
import { forEachSegmentFrame, segmentationPixels, type FramePixels } from './pixels';
import { decodeRle } from './rle';
import { segmentationSummary, summarizeSegmentation } from './summary';
import {
  DEFLATED,
  EXPLICIT_BE,
  RLE,
  buildSeg,
  packBitsEncode,
  rleFrame,
  segBytes,
  type FixtureFrame,
} from './testFixtures';

const setPixels = (frame: FramePixels): number[] => {
  const out: number[] = [];
  forEachSetPixel(frame, (i) => out.push(i));
  return out;
};

/** 23 x 38 frames (874 pixels, not a multiple of 8): frame k sets every (k+2)-th pixel plus the last one. */
const rows = 38;
const columns = 23;
const oddFrames: FixtureFrame[] = [0, 1, 2, 3].map((k) => ({
  segmentNumber: 1 + (k % 2),
  position: [0, 0, 2 * k],
  pixels: Array.from({ length: rows * columns }, (_, i) => (i % (k + 2) === 0 || i === rows * columns - 1 ? 1 : 0)),
}));
const base = { rows, columns, type: 'BINARY' as const, segments: [{ number: 1 }, { number: 2 }], frames: oddFrames };
const expectedSet = (k: number): number[] =>
  Array.from({ length: rows * columns }, (_, i) => i).filter((i) => i % (k + 2) === 0 || i === rows * columns - 1);

describe('pixel encodings', () => {
  it.each(['native', 'rle-bytes', 'rle-bits'] as const)(
    'reads %s 1-bit frames that do not start on a byte',
    (encoding) => {
      const p10 = buildSeg({
        rows,
        columns,
        type: 'BINARY',
        segments: [{ number: 1 }, { number: 2 }],
        frames: oddFrames,
        encoding,
      });
      const pixels = segmentationPixels(p10, parseSegmentation(p10, 'odd.dcm'));
      for (let k = 0; k < 4; k++) {
        const frame = pixels.frame(k) as FramePixels;
        expect(frame.kind).toBe(encoding === 'rle-bytes' ? 'uint8' : 'bits');
        // Native frames 1-3 start mid-byte: 874 * k bits.
        if (encoding === 'native') expect(frame.kind === 'bits' && frame.bitOffset).toBe((874 * k) % 8);
        expect(setPixels(frame)).toEqual(expectedSet(k));
      }
    },
  );

  it('visits every frame with its segment and pixels, one at a time', async () => {
    const p10 = buildSeg({ ...base, encoding: 'rle-bits' });
    const seg = parseSegmentation(p10, 'odd.dcm');
    const seen: Array<[number, number | null, number]> = [];
    await forEachSegmentFrame(seg, segmentationPixels(p10, seg), (frame, pixels) => {
      seen.push([frame.frameIndex, frame.referencedSegmentNumber, setPixels(pixels).length]);
    });
    expect(seen).toEqual([0, 1, 2, 3].map((k) => [k, 1 + (k % 2), expectedSet(k).length]));
  });

  it('sums moments of packed and byte frames alike', () => {
    const p10 = buildSeg({
      rows,
      columns,
      type: 'BINARY',
      segments: [{ number: 1 }, { number: 2 }],
      frames: oddFrames,
    });
    const pixels = segmentationPixels(p10, parseSegmentation(p10, 'odd.dcm'));
    const m = setPixelMoments(pixels.frame(3) as FramePixels);
    const set = expectedSet(3);
    expect(m.count).toBe(set.length);
    expect(m.sumRow).toBe(set.reduce((s, i) => s + Math.floor(i / columns), 0));
    expect(m.sumColumn).toBe(set.reduce((s, i) => s + (i % columns), 0));
  });

  it('reads full bytes of set bits on rows that are not byte-aligned', () => {
    const frames: FixtureFrame[] = [0, 1, 2].map((k) => ({
      position: [0, 0, k],
      pixels: Array.from({ length: rows * columns }, (_, i) => (i >= 5 && i < 200 + k ? 1 : 0)),
    }));
    const p10 = buildSeg({ rows, columns, type: 'BINARY', segments: [{ number: 1 }], frames });
    const pixels = segmentationPixels(p10, parseSegmentation(p10, 'runs.dcm'));
    for (let k = 0; k < 3; k++) {
      const m = setPixelMoments(pixels.frame(k) as FramePixels);
      const set = Array.from({ length: 195 + k }, (_, j) => j + 5);
      expect(m).toEqual({
        count: set.length,
        sumRow: set.reduce((s, i) => s + Math.floor(i / columns), 0),
        sumColumn: set.reduce((s, i) => s + (i % columns), 0),
      });
    }
  });

  it('reads 8-bit FRACTIONAL values and counts every non-zero pixel', async () => {
    const values = [0, 0, 64, 128, 255, 0, 1, 0, 0];
    const p10 = buildSeg({
      rows: 3,
      columns: 3,
      type: 'FRACTIONAL',
      segments: [{ number: 1 }],
      frames: [{ segmentNumber: 1, position: [10, 20, 30], pixels: values }],
    });
    const seg = parseSegmentation(p10, 'fractional.dcm');
    expect(seg.segmentationFractionalType).toBe('PROBABILITY');
    expect(seg.maximumFractionalValue).toBe(255);
    const frame = segmentationPixels(p10, seg).frame(0) as FramePixels;
    expect(frame.kind).toBe('uint8');
    expect(Array.from(frame.data)).toEqual(values);
    const summary = await segmentationSummary(p10, 'fractional.dcm');
    // Set pixels (row, column): (0,2) (1,0) (1,1) (2,0) -> mean column 0.75, mean row 1.
    expect(summary.segments[0]).toMatchObject({ voxels: 4, frames: 1, centroid: [10.75, 21, 30] });
  });

  it.each([
    ['explicit little endian', undefined],
    ['explicit big endian', EXPLICIT_BE],
    ['RLE', RLE],
  ])('reads a 16-bit LABELMAP in %s', async (_name, ts) => {
    const pixels = [0, 1, 300, 300, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 300];
    const p10 = buildSeg({
      rows: 4,
      columns: 5,
      type: 'LABELMAP',
      bitsAllocated: 16,
      transferSyntaxUID: ts,
      encoding: ts === RLE ? 'rle-bytes' : 'native',
      segments: [{ number: 0, label: 'Background' }, { number: 1 }, { number: 300 }],
      frames: [{ position: [0, 0, 0], pixels }],
    });
    const summary = await segmentationSummary(p10, 'labelmap16.dcm');
    expect(summary.type).toBe('LABELMAP');
    expect(summary.segments.map((s) => [s.number, s.voxels, s.frames, s.centroid])).toEqual([
      [0, 15, 1, [1.733, 1.8, 0]],
      [1, 2, 1, [2.5, 0, 0]],
      [300, 3, 1, [3, 1, 0]],
    ]);
  });

  it('reads a deflated explicit little endian SEG', async () => {
    // dcmjs writes the data set uncompressed under a deflated meta header: deflate it, as the standard says.
    const plain = new Uint8Array(segBytes({ ...base, transferSyntaxUID: DEFLATED }));
    const metaEnd = 144 + new DataView(plain.buffer).getUint32(140, true);
    const deflated = deflateRawSync(plain.subarray(metaEnd));
    const bytes = new Uint8Array(metaEnd + deflated.length);
    bytes.set(plain.subarray(0, metaEnd));
    bytes.set(deflated, metaEnd);
    const p10 = readPart10(bytes.buffer, 'deflated.dcm');
    expect(p10.transferSyntaxUID).toBe(DEFLATED);
    const summary = await segmentationSummary(p10, 'deflated.dcm');
    expect(summary.segments.map((s) => s.voxels)).toEqual([
      expectedSet(0).length + expectedSet(2).length,
      expectedSet(1).length + expectedSet(3).length,
    ]);
  });

  it('decodes PackBits replicate, literal and no-op runs', () => {
    const data = Uint8Array.from([5, 5, 5, 5, 1, 2, 3, 9, 9, 9, ...Array(300).fill(7)]);
    const frame = rleFrame([data]);
    expect(Array.from(decodeRle(frame, data.length).planes[0])).toEqual(Array.from(data));
    expect(Array.from(packBitsEncode(Uint8Array.from([1, 1, 1])))).toEqual([254, 1]);
    const noop = Uint8Array.from([...rleFrame([Uint8Array.from([4])]).subarray(0, 64), 128, 0, 4]);
    expect(Array.from(decodeRle(noop, 1).planes[0])).toEqual([4]);
  });
});

describe('broken SEGs say what is wrong and name the object', () => {
  it('truncated Pixel Data', () => {
    const p10 = buildSeg({ ...base, truncateBytes: 120, seriesDescription: 'Kidneys' }, 'cut.dcm');
    const seg = parseSegmentation(p10, 'cut.dcm');
    expect(() => segmentationPixels(p10, seg)).toThrow(
      /^cut\.dcm \("Kidneys"\): Pixel Data holds 318 bytes, room for 2 frames of 38x23 at 1 bit, but NumberOfFrames is 4 \(437 bytes\): the file is truncated/,
    );
  });

  it('a file cut short inside Pixel Data (a broken download): refused, not drawn with the missing frames empty', () => {
    const whole = new Uint8Array(segBytes({ ...base, seriesDescription: 'Kidneys' }));
    const cut = whole.slice(0, whole.length - 100);
    const p10 = readPart10(cut, 'cut.dcm');
    expect(() => parseSegmentation(p10, 'cut.dcm')).toThrow(/^cut\.dcm \("Kidneys"\): is damaged and cannot be drawn: value of \(7FE0,0010\) needs \d+ bytes, only \d+ remain/);
  });

  it('NumberOfFrames larger or smaller than Pixel Data', () => {
    const more = buildSeg({ ...base, numberOfFrames: 6 }, 'more.dcm');
    expect(() => segmentationPixels(more, parseSegmentation(more, 'more.dcm'))).toThrow(
      /more\.dcm.*room for 4 frames.*NumberOfFrames is 6/,
    );
    const fewer = buildSeg({ ...base, numberOfFrames: 2 }, 'fewer.dcm');
    const seg = parseSegmentation(fewer, 'fewer.dcm');
    expect(seg.problems.map((p) => p.message)).toContain(
      'fewer.dcm ("Fixture SEG"): NumberOfFrames is 2 but PerFrameFunctionalGroupsSequence has 4 items',
    );
    expect(() => segmentationPixels(fewer, seg)).toThrow(/fewer\.dcm.*room for 4 frames.*NumberOfFrames is 2/);
  });

  it('compressed frames that do not match NumberOfFrames', () => {
    const p10 = buildSeg({ ...base, encoding: 'rle-bits', numberOfFrames: 3 }, 'rle3.dcm');
    expect(() => segmentationPixels(p10, parseSegmentation(p10, 'rle3.dcm'))).toThrow(
      /rle3\.dcm.*4 fragments.*3 frames/,
    );
  });

  it('a segment number SegmentSequence does not describe, and frames without one', async () => {
    const frames: FixtureFrame[] = [
      { ...oddFrames[0], segmentNumber: 1 },
      { ...oddFrames[1], segmentNumber: 7 },
      { ...oddFrames[2], segmentNumber: 7 },
      { ...oddFrames[3], segmentNumber: null },
    ];
    const p10 = buildSeg({ ...base, frames }, 'unknown.dcm');
    const seg = parseSegmentation(p10, 'unknown.dcm');
    expect(seg.frames.map((f) => f.frameIndex)).toEqual([0]);
    expect(seg.problems).toEqual([
      { severity: 'error', message: 'unknown.dcm ("Fixture SEG"): frame 4: no ReferencedSegmentNumber; left out' },
      {
        severity: 'error',
        message:
          'unknown.dcm ("Fixture SEG"): frames 2-3: ReferencedSegmentNumber 7 is not in SegmentSequence; left out',
      },
    ]);
    const summary = await summarizeSegmentation(seg, segmentationPixels(p10, seg));
    expect(summary.segments.map((s) => [s.number, s.frames, s.voxels])).toEqual([
      [1, 1, expectedSet(0).length],
      [2, 0, 0],
    ]);
  });

  it('frames without a plane position still count, but not in the centroid', async () => {
    const frames = oddFrames.map((f, k) => ({ ...f, segmentNumber: 1, position: k === 1 ? null : f.position }));
    const p10 = buildSeg({ ...base, frames }, 'noplane.dcm');
    const seg = parseSegmentation(p10, 'noplane.dcm');
    expect(seg.problems.map((p) => p.message)).toEqual([
      'noplane.dcm ("Fixture SEG"): frame 2: no ImagePositionPatient, ImageOrientationPatient or PixelSpacing; placed only through their source image reference, and left out of centroids',
    ]);
    const summary = await summarizeSegmentation(seg, segmentationPixels(p10, seg));
    const counts = [0, 1, 2, 3].map((k) => expectedSet(k).length);
    expect(summary.segments[0].voxels).toBe(counts.reduce((a, b) => a + b));
    const z = (0 * counts[0] + 4 * counts[2] + 6 * counts[3]) / (counts[0] + counts[2] + counts[3]);
    expect(summary.segments[0].centroid?.[2]).toBeCloseTo(z, 3);
  });

  it('not a segmentation, no image size, bits a LABELMAP cannot have', () => {
    const p10 = buildSeg(base, 'x.dcm');
    p10.dict['00080016'].Value = ['1.2.840.10008.5.1.4.1.1.2'];
    expect(() => parseSegmentation(p10, 'ct.dcm')).toThrow(
      'ct.dcm ("Fixture SEG"): is not a Segmentation (SOPClassUID 1.2.840.10008.5.1.4.1.1.2)',
    );
    const noSize = buildSeg(base, 'x.dcm');
    delete noSize.dict['00280010'];
    expect(() => parseSegmentation(noSize, 'nosize.dcm')).toThrow(/nosize\.dcm.*no image size/);
    const lm = buildSeg({
      rows: 2,
      columns: 2,
      type: 'LABELMAP',
      segments: [{ number: 1 }],
      frames: [{ position: [0, 0, 0], pixels: [0, 1, 1, 0] }],
    });
    lm.dict['00280100'].Value = [1];
    expect(() => parseSegmentation(lm, 'lm.dcm')).toThrow(/lm\.dcm.*LABELMAP segmentation with BitsAllocated 1/);
  });
});
