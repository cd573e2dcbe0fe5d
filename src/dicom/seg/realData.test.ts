// Every SEG of ../shared/data against MANIFEST.json (an independent pydicom + numpy decoder), and real SEGs
// placed on their real images.
import { readFileSync, readdirSync } from 'node:fs';
import { nodeFrameDecoder } from '../../cli/codecs';
import { describe, expect, it } from 'vitest';
import { readPart10, type Part10 } from '../part10';
import { headerJson } from '../summary';
import { HAS_SHARED_DATA, NO_SHARED_DATA_REASON, shared } from '../../testing/sharedData';
import { imagePlanesOf } from '../geometry/imagePlanes';
import type { ImagePlane } from '../geometry/plane';
import { buildLabelmapLayers, denseLabels } from './labelmapLayers';
import { parseSegmentation } from './parse';
import { forEachSetPixel } from './pixelScan';
import { segmentationPixels } from './pixels';
import { segmentationSummary, type SegmentSummary } from './summary';
import { manifestDifferences } from '../../testing/manifestCompare';

interface ManifestSeg {
  path: string;
  file: string;
  modality: string;
  segmentation: {
    type: string;
    fractionalType: string | null;
    rows: number;
    columns: number;
    frames: number;
    segments: SegmentSummary[];
  };
}

function read(...p: string[]): Part10 {
  const b = readFileSync(shared(...p));
  return readPart10(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer, p[p.length - 1]);
}

function planesOf(...dir: string[]): { planes: ImagePlane[]; frameOfReferenceUID: string | null } {
  const files = readdirSync(shared(...dir)).sort();
  const headers = files.map((f) => headerJson(read(...dir, f).dict));
  return {
    planes: headers.flatMap(imagePlanesOf),
    frameOfReferenceUID: (headers[0]['00200052']?.Value?.[0] as string | undefined) ?? null,
  };
}

const manifest: { derived: ManifestSeg[] } = HAS_SHARED_DATA
  ? JSON.parse(readFileSync(shared('MANIFEST.json'), 'utf8'))
  : { derived: [] };
const segs = manifest.derived.filter((d) => d.modality === 'SEG');

describe.skipIf(!HAS_SHARED_DATA)(`real SEGs vs MANIFEST.json ${HAS_SHARED_DATA ? '' : NO_SHARED_DATA_REASON}`, () => {
  it('lists the SEGs this suite expects', () => {
    expect(segs.length).toBe(15);
  });

  it.each(segs.map((d) => [d.path, d] as const))('%s', async (_path, expected) => {
    const decoder = expected.path.endsWith('j2k.dcm') ? nodeFrameDecoder() : undefined;
    const got = await segmentationSummary(read(expected.path), expected.file, { decoder });
    // Everything as inspect-json.md states: counts and colours exact, a missing colour or centroid fails,
    // centroids to MANIFEST's 3 decimals (src/testing/manifestCompare.ts, which shows it fails on faults).
    expect(manifestDifferences(expected.segmentation, got, expected.path)).toEqual([]);
  });

  it('decodes the RLE liver frames to exactly the native liver frames', () => {
    const nativeP10 = read('dcmqi/segmentations/liver.dcm');
    const rleP10 = read('pydicom-data/liver_rle.dcm');
    const native = segmentationPixels(nativeP10, parseSegmentation(nativeP10, 'liver.dcm'));
    const rle = segmentationPixels(rleP10, parseSegmentation(rleP10, 'liver_rle.dcm'));
    for (let f = 0; f < 3; f++) {
      const a: number[] = [];
      const b: number[] = [];
      forEachSetPixel(native.frame(f) as never, (i) => a.push(i));
      forEachSetPixel(rle.frame(f) as never, (i) => b.push(i));
      expect(b.length).toBeGreaterThan(1000);
      expect(b).toEqual(a);
    }
  });

  it('says which codec a JPEG 2000 SEG needs when none is given', () => {
    const p10 = read('pydicom-data/liver_j2k.dcm');
    expect(() => segmentationPixels(p10, parseSegmentation(p10, 'liver_j2k.dcm'))).toThrow(
      /liver_j2k\.dcm.*JPEG 2000 Lossless \(1\.2\.840\.10008\.1\.2\.4\.90\).*no decoder/,
    );
  });

  it('decodes the JPEG 2000 liver frames (through the codec driver) to exactly the native liver voxels', async () => {
    const nativeP10 = read('dcmqi/segmentations/liver.dcm');
    const j2kP10 = read('pydicom-data/liver_j2k.dcm');
    const nativeSeg = parseSegmentation(nativeP10, 'liver.dcm');
    const j2kSeg = parseSegmentation(j2kP10, 'liver_j2k.dcm');
    const native = segmentationPixels(nativeP10, nativeSeg);
    const j2k = segmentationPixels(j2kP10, j2kSeg, nodeFrameDecoder());
    for (let f = 0; f < 3; f++) {
      const a: number[] = [];
      const b: number[] = [];
      forEachSetPixel(native.frame(f) as never, (i) => a.push(i));
      // OpenJPEG gives one byte per pixel for these 1-bit frames, not packed bits.
      const frame = await j2k.frame(f);
      expect(frame.kind).toBe('uint8');
      forEachSetPixel(frame, (i) => b.push(i));
      expect(b.length).toBeGreaterThan(1000);
      expect(b).toEqual(a);
    }
    // And on the CT, label volume for label volume, as the worker builds it.
    const target = planesOf('dcmqi/segmentations/ct-3slice');
    const fromNative = await buildLabelmapLayers(nativeSeg, native, target, { overlap: 'combine' });
    const fromJ2k = await buildLabelmapLayers(j2kSeg, j2k, target, { overlap: 'combine' });
    const size = fromNative.rows * fromNative.columns;
    expect(fromJ2k.segments.map((s) => s.voxels)).toEqual([107098]);
    expect(Buffer.compare(Buffer.from(denseLabels(fromJ2k.layers[0], size)), Buffer.from(denseLabels(fromNative.layers[0], size)))).toBe(0);
  });

  it('places the liver SEG on the 3-slice CT by reference, voxel for voxel', async () => {
    const p10 = read('dcmqi/segmentations/liver.dcm');
    const seg = parseSegmentation(p10, 'liver.dcm');
    const target = planesOf('dcmqi/segmentations/ct-3slice');
    const layers = await buildLabelmapLayers(seg, segmentationPixels(p10, seg), target);
    expect(layers.placement.placements.map((p) => p.by)).toEqual(['reference', 'reference', 'reference']);
    expect(layers.placement.placements.every((p) => p.mapping.kind === 'shift' && p.mapping.rowShift === 0)).toBe(true);
    expect(layers.segments[0]).toMatchObject({ voxels: 107098, layer: 0, labelValue: 1, firstSlice: 0, lastSlice: 2 });
    expect(layers.problems).toEqual([]);
  });

  it('places each syngo.via frame (its shared derivation names all 3 images) on the image at its own position', async () => {
    const p10 = read('QuantitativeReporting/DICOM.SEG/syngo.seg.dcm');
    const seg = parseSegmentation(p10, 'syngo.seg.dcm');
    expect(seg.frames[0].sourceImages).toHaveLength(3);
    const target = planesOf('dcmqi/segmentations/ct-3slice');
    const layers = await buildLabelmapLayers(seg, segmentationPixels(p10, seg), target);
    expect(layers.placement.unplaced).toEqual([]);
    // Each frame ends up on the slice at its own z, whatever its references say.
    for (const p of layers.placement.placements) {
      const z = seg.frames.find((f) => f.frameIndex === p.frameIndex)?.imagePositionPatient?.[2] as number;
      expect(Math.abs(target.planes[p.sliceIndex].imagePositionPatient[2] - z)).toBeLessThan(0.01);
    }
    expect(layers.segments[0].voxels).toBe(46);
  });

  it('places the partial_overlaps SEG in layers so that all 5 segments keep every voxel', async () => {
    const p10 = read('dcmqi/segmentations/partial_overlaps.dcm');
    const seg = parseSegmentation(p10, 'partial_overlaps.dcm');
    const layers = await buildLabelmapLayers(
      seg,
      segmentationPixels(p10, seg),
      planesOf('dcmqi/segmentations/ct-3slice'),
    );
    expect(layers.segments.map((s) => s.voxels)).toEqual([9602, 11888, 10743, 6693, 4713]);
    expect(layers.layers.length).toBeGreaterThan(1);
    // Segments sharing a layer never share a voxel: the counts per layer add up.
    for (const [l, layer] of layers.layers.entries()) {
      const set = Array.from(denseLabels(layer, layers.rows * layers.columns)).filter((v) => v !== 0).length;
      const sum = layers.segments.filter((s) => s.layer === l).reduce((n, s) => n + s.voxels, 0);
      expect(set).toBe(sum);
    }
  });

  it('combines the partial_overlaps SEG into one layer that still gives every segment all its voxels', async () => {
    const p10 = read('dcmqi/segmentations/partial_overlaps.dcm');
    const seg = parseSegmentation(p10, 'partial_overlaps.dcm');
    const layers = await buildLabelmapLayers(seg, segmentationPixels(p10, seg), planesOf('dcmqi/segmentations/ct-3slice'), { overlap: 'combine' });
    expect(layers.layers).toHaveLength(1);
    expect(layers.segments.map((s) => s.voxels)).toEqual([9602, 11888, 10743, 6693, 4713]);
    // Recounted from the label volume through the label -> segments table.
    const [layer] = layers.layers;
    const perSegment = new Map<number, number>();
    for (const v of denseLabels(layer, layers.rows * layers.columns)) {
      if (v) for (const n of layer.members[v - 1]) perSegment.set(n, (perSegment.get(n) ?? 0) + 1);
    }
    expect(layers.segments.map((s) => perSegment.get(s.segmentNumber))).toEqual([9602, 11888, 10743, 6693, 4713]);
    expect(layer.members.some((m) => m.length > 1)).toBe(true);
  });

  it('places the 23x38 Brainlab SEG on the classic CT by reference and on the multi-frame CT by position', async () => {
    const p10 = read('dcmqi/segmentations/23x38x3/seg/label.seg');
    const seg = parseSegmentation(p10, 'label.seg');
    const pixels = segmentationPixels(p10, seg);
    const classic = await buildLabelmapLayers(seg, pixels, planesOf('dcmqi/segmentations/23x38x3/image'));
    const multiframe = planesOf('dcmqi/segmentations/23x38x3/multiframe');
    expect(multiframe.planes.map((p) => p.frameNumber)).toEqual([1, 2, 3]);
    const enhanced = await buildLabelmapLayers(seg, pixels, multiframe);
    expect(classic.placement.placements.map((p) => p.by)).toEqual(['reference', 'reference', 'reference']);
    expect(enhanced.placement.placements.map((p) => p.by)).toEqual(['position', 'position', 'position']);
    expect(classic.segments[0].voxels).toBe(322);
    expect(enhanced.segments[0].voxels).toBe(322);
    // Same voxels slice for slice, whichever way the frames were placed.
    const zOrder = (planes: ImagePlane[]): number[] =>
      planes.map((_, k) => k).sort((a, b) => planes[a].imagePositionPatient[2] - planes[b].imagePositionPatient[2]);
    const sliceOf = (labels: Uint8Array | Uint16Array, k: number): number[] =>
      Array.from(labels.subarray(k * 23 * 38, (k + 1) * 23 * 38));
    const a = zOrder(planesOf('dcmqi/segmentations/23x38x3/image').planes);
    const b = zOrder(multiframe.planes);
    const dense = (l: typeof classic): Uint8Array | Uint16Array => denseLabels(l.layers[0], l.rows * l.columns);
    a.forEach((k, i) => expect(sliceOf(dense(enhanced), b[i])).toEqual(sliceOf(dense(classic), k)));
  });
});
