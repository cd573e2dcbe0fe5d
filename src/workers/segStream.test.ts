// When the decode worker sends a SEG's parts while it downloads: a part copies every slice written since the last
// one, so a part due just before the rest of the file is in waits for the answer (which brings those slices anyway),
// never longer than one part interval, and never when the file's size is unknown.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { generateBigSeg } from '../samples/bigSeg';
import { readPart10 } from '../dicom/part10';
import { headerJson } from '../dicom/summary';
import { imagePlanesOf } from '../dicom/geometry/imagePlanes';
import type { TargetSeries } from '../dicom/geometry/placeFrames';
import type { SegPart } from '../dicom/seg/progressive';
import { PART_INTERVAL_MS, SegStream } from './segStream';

// 30 segments on 20 slices of 120 x 160 pixels (rows != columns; the generator's pixels are not square): the
// header is the file's first fifth.
const files = generateBigSeg({ rows: 120, columns: 160, slices: 20, segments: 30 });
const seg = files[files.length - 1].bytes;
const planes = files.slice(0, -1).flatMap((f) => imagePlanesOf(headerJson(readPart10(f.bytes, f.name).dict)));
const target: TargetSeries = { frameOfReferenceUID: headerJson(readPart10(files[0].bytes, files[0].name).dict)['00200052'].Value?.[0] as string, planes };

/** The file's first `fraction` (0..1), as the worker holds it then. */
const upTo = (fraction: number): Uint8Array => seg.subarray(0, Math.round(seg.length * fraction));

interface Sent {
  at: number;
  part: SegPart;
}

function stream(): { s: SegStream; sent: Sent[] } {
  const sent: Sent[] = [];
  const s = new SegStream('BIG_SEG.dcm', target, (part) => sent.push({ at: performance.now(), part }), {});
  return { s, sent };
}

/**
 * The header and the first frames (three tenths of the file) come at once, then a tenth every 40 ms up to nine
 * tenths (at 240 ms), then nothing until `lastAt` ms, when the rest comes and the answer is made. Returns the parts
 * sent, and when (ms from the first piece).
 */
async function download(total: number | null, lastAt: number): Promise<Sent[]> {
  const { s, sent } = stream();
  const t0 = performance.now();
  for (let tenths = 3; tenths <= 9; tenths++) {
    if (tenths > 3) await vi.advanceTimersByTimeAsync(40);
    s.feed(upTo(tenths / 10), total);
  }
  await vi.advanceTimersByTimeAsync(lastAt - (performance.now() - t0));
  s.feed(seg, total);
  const answer = await s.end(seg);
  expect(answer.delta).toBe(true);
  return sent.map((x) => ({ ...x, at: x.at - t0 }));
}

describe('parts of a SEG sent while it downloads', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('sends the segments and the first one drawn at once, and segments drawn later in batches', async () => {
    const sent = await download(null, 400);
    // The first part announces the segments, the second draws the first one; later ones wait for the interval.
    expect(sent[0].part.segmentation?.segments.length).toBe(30);
    expect(sent[1].part.complete.length).toBe(1);
    expect(sent.length).toBeGreaterThan(2);
    expect(sent[2].at).toBeGreaterThanOrEqual(PART_INTERVAL_MS);
  });

  it('holds back a part due just before the rest of the file, which the answer brings instead', async () => {
    // At 40 ms a tenth, the rest is due at 280 ms: the part due at 250 ms waits for it.
    const sent = await download(seg.length, 280);
    expect(sent.map((x) => x.at).filter((at) => at >= PART_INTERVAL_MS)).toEqual([]);
    expect(sent.length).toBe(2);
  });

  it('sends the held part after one interval when the rest does not come', async () => {
    const sent = await download(seg.length, 3 * PART_INTERVAL_MS);
    const later = sent.filter((x) => x.at >= PART_INTERVAL_MS);
    expect(later.length).toBe(1);
    // Held from when the end looked near (the second piece, 40 ms) for one interval, not more.
    expect(later[0].at).toBeLessThanOrEqual(40 + PART_INTERVAL_MS + 1);
    expect(later[0].part.complete.length).toBeGreaterThan(0);
  });

  it('does not hold parts back when the server did not say how big the file is', async () => {
    const sent = await download(null, 280);
    expect(sent.filter((x) => x.at >= PART_INTERVAL_MS).length).toBe(1);
  });
});
