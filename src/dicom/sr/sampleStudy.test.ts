// The SR of the generated sample study (src/samples), decoded and checked against the other objects of the
// same study: its segment references against the SEG, its volumes against the SEG's own voxel counts, its
// planar outline and long axis against the CT image it names.
import { describe, expect, it } from 'vitest';
import { generateSampleStudy } from '../../samples';
import { num, nums, seq, str, type DicomJsonDataset } from '../json';
import { getBulkValue, readPart10 } from '../part10';
import { headerJson } from '../summary';
import { decodeReportPart10, summarizeReport, type SpatialCoordinates } from './index';
import { ucumDisplay } from '../codes/ucum';
import { Tag } from '../tags';

const study = generateSampleStudy({ rows: 64, columns: 64, slices: 10 });
const file = (name: string): ArrayBuffer => {
  const bytes = (study.find((f) => f.name === name) ?? study[0]).bytes;
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
};
const doc = decodeReportPart10(file('SR.dcm'), 'SR.dcm');
const report = doc.measurementReport;
const segPart10 = readPart10(file('SEG.dcm'), 'SEG.dcm');
const seg = headerJson(segPart10.dict);
const ctUids = study
  .filter((f) => f.name.startsWith('CT/'))
  .map((f) => str(headerJson(readPart10(file(f.name), f.name).dict), Tag.SOPInstanceUID));

/** Voxels of each segment, counted from the SEG's packed 1-bit frames (first pixel = least significant bit). */
function segmentVoxels(ds: DicomJsonDataset, pixels: Uint8Array): Map<number, number> {
  const frameBits = (num(ds, Tag.Rows) ?? 0) * (num(ds, Tag.Columns) ?? 0);
  const counts = new Map<number, number>();
  seq(ds, '52009230').forEach((frame, f) => {
    const segment = num(seq(frame, '0062000A')[0], '0062000B') ?? 0;
    let count = 0;
    for (let bit = f * frameBits; bit < (f + 1) * frameBits; bit++) count += (pixels[bit >> 3] >> (bit & 7)) & 1;
    counts.set(segment, (counts.get(segment) ?? 0) + count);
  });
  return counts;
}

describe('the sample study SR', () => {
  it('is a clean TID 1500 Comprehensive 3D SR', () => {
    expect(doc.documentClass).toBe('Comprehensive 3D SR');
    expect(doc.problems).toEqual([]);
    expect(report?.templateId).toBe('1500');
    expect(report?.language?.code).toBe('en-US');
    expect(report?.countryOfLanguage?.code).toBe('US');
    expect(report?.observers).toEqual([
      expect.objectContaining({ observerType: 'DEVICE', deviceObserverName: 'Synthetic phantom generator' }),
    ]);
    expect(report?.procedureReported.map((c) => c.code)).toEqual(['25045-6']);
    const [library] = report?.imageLibrary?.groups ?? [];
    expect(library.entries.map((e) => e.reference?.sopInstanceUID)).toEqual(ctUids);
    expect(library.frameOfReferenceUID).toBe(str(seg, Tag.FrameOfReferenceUID));
  });

  it('references SEG segments whose labels are the tracking identifiers', () => {
    const volumetric = (report?.measurementGroups ?? []).filter((g) => g.template === '1411');
    expect(volumetric.length).toBeGreaterThan(3);
    const labels = new Map(seq(seg, '00620002').map((s) => [num(s, '00620004'), str(s, '00620005')]));
    for (const group of volumetric) {
      expect(group.referencedSegment?.sopInstanceUID).toBe(str(seg, Tag.SOPInstanceUID));
      expect(group.trackingIdentifier).toBe(labels.get(group.referencedSegment?.segmentNumber ?? -1));
      expect(group.sourceSeriesForSegmentation).toBe(
        str(headerJson(readPart10(file('CT/0001.dcm'), 'ct').dict), Tag.SeriesInstanceUID),
      );
    }
  });

  it('reports each volume as the SEG voxel count times the voxel volume', () => {
    const counts = segmentVoxels(seg, getBulkValue(segPart10.dict, [Tag.PixelData]) ?? new Uint8Array(0));
    const measures = seq(seq(seg, '52009229')[0], '00289110')[0];
    const [rowSpacing, columnSpacing] = nums(measures, Tag.PixelSpacing);
    const sliceSpacing = num(measures, '00180088') ?? num(measures, Tag.SliceThickness) ?? 0;
    for (const group of report?.measurementGroups.filter((g) => g.template === '1411') ?? []) {
      const volume = group.measurements.find((m) => m.concept?.meaning === 'Volume');
      const voxels = counts.get(group.referencedSegment?.segmentNumber ?? -1) ?? 0;
      expect(voxels).toBeGreaterThan(0);
      expect(volume?.value).toBeCloseTo(voxels * rowSpacing * columnSpacing * sliceSpacing, 1);
      expect(ucumDisplay(volume?.unit)).toBe('mm³');
      const hu = group.measurements.find((m) => m.derivation?.meaning === 'Mean');
      expect(ucumDisplay(hu?.unit)).toBe('HU');
    }
  });

  it('has a planar tumour outline on a CT slice, with a long axis equal to its widest extent', () => {
    const planar = report?.measurementGroups.filter((g) => g.template === '1410') ?? [];
    expect(planar).toHaveLength(1);
    const [group] = planar;
    expect(group.trackingIdentifier).toBe('Liver tumour');
    const region = group.regions[0] as SpatialCoordinates;
    expect(region.graphicType).toBe('POLYLINE');
    expect(ctUids).toContain(region.referencedImage?.sopInstanceUID);
    const d = region.graphicData;
    expect([d[0], d[1]]).toEqual([d[d.length - 2], d[d.length - 1]]);
    const spacing = 409.6 / 64;
    let widest = 0;
    for (let i = 0; i < d.length; i += 2) {
      for (let j = i + 2; j < d.length; j += 2)
        widest = Math.max(widest, Math.hypot(d[j] - d[i], d[j + 1] - d[i + 1]) * spacing);
    }
    const byName = new Map(group.measurements.map((m) => [m.concept?.meaning, m]));
    expect(byName.get('Long Axis')?.value).toBeCloseTo(widest, 2);
    expect(byName.get('Short Axis')?.value).toBeLessThanOrEqual(widest);
    expect(ucumDisplay(byName.get('Area')?.unit)).toBe('mm²');
    expect(group.findingCategory?.meaning).toBe('Morphologically Abnormal Structure');
    expect(
      group.qualitativeEvaluations.map((q) => [q.concept?.meaning, (q.value as { meaning: string }).meaning]),
    ).toEqual([['Level of Significance', 'Significant']]);
  });

  it('summarises as inspect --json does', () => {
    const summary = summarizeReport(doc);
    expect(summary.templateId).toBe('1500');
    expect(summary.measurementGroups.map((g) => g.regions.length)).toEqual(
      report?.measurementGroups.map((g) => (g.template === '1410' ? 1 : 0)),
    );
  });
});
