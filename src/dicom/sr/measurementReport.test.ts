// Synthetic TID 1500 reports: hundreds of groups of all three group templates, every SCOORD and SCOORD3D
// graphic type, segment references; what is decoded must be what the spec wrote, from DICOM JSON and Part 10.
import { describe, expect, it } from 'vitest';
import type { Code } from '../codes/code';
import { decodeReport, decodeReportPart10, reportSummary, type MeasurementGroup, type SRDocument } from './index';
import { dcm, sct, toPart10 } from './testing/contentBuilder';
import {
  CT_IMAGE,
  Units,
  measurementReportJson,
  type GroupSpec,
  type MeasurementSpec,
  type RegionSpec,
  type ReportSpec,
} from './testing/reportBuilder';

const GRAPHIC_2D: Record<string, number[]> = {
  POINT: [10.5, 20.5],
  MULTIPOINT: [1, 2, 3, 4, 5, 6],
  POLYLINE: [0, 0, 10, 0, 10, 10, 0, 10, 0, 0],
  CIRCLE: [50, 50, 50, 60],
  ELLIPSE: [40, 50, 60, 50, 50, 45, 50, 55],
};
const GRAPHIC_3D: Record<string, number[]> = {
  POINT: [-10.5, 20.25, -130],
  MULTIPOINT: [1, 2, 3, 4, 5, 6],
  POLYLINE: [0, 0, 0, 1, 1, 1],
  POLYGON: [0, 0, 5, 10, 0, 5, 10, 10, 5, 0, 0, 5],
  ELLIPSE: [-5, 0, 0, 5, 0, 0, 0, -2, 0, 0, 2, 0],
  ELLIPSOID: [-5, 0, 0, 5, 0, 0, 0, -2, 0, 0, 2, 0, 0, 0, -1, 0, 0, 1],
};
const KINDS_2D = Object.keys(GRAPHIC_2D);
const KINDS_3D = Object.keys(GRAPHIC_3D);
const images = Array.from({ length: 5 }, (_, i) => ({
  sopClassUID: CT_IMAGE,
  sopInstanceUID: `2.25.10${i}`,
  frames: [i + 1],
}));
const SEG_UID = '2.25.777';
const derivations = [sct('373098007', 'Mean'), sct('255619001', 'Total'), undefined];
const units = Object.values(Units);

/** Group i: 1410 (2D region), 1411 (segment or SCOORD3D) or 1501 (only measurements), in turn. */
function groupSpec(i: number): GroupSpec {
  const kind = i % 4;
  let region: RegionSpec | undefined;
  if (kind === 0) {
    const graphicType = KINDS_2D[Math.floor(i / 4) % KINDS_2D.length];
    region = { is3D: false, graphicType, data: GRAPHIC_2D[graphicType], image: images[i % images.length] };
  } else if (kind === 2) {
    const graphicType = KINDS_3D[Math.floor(i / 4) % KINDS_3D.length];
    region = { is3D: true, graphicType, data: GRAPHIC_3D[graphicType], frameOfReferenceUID: '2.25.555' };
  }
  const measurements: MeasurementSpec[] = Array.from({ length: (i % 3) + 1 }, (_, k) => ({
    concept: dcm(`C${k}`, `Concept ${k}`),
    value: i * 10 + k + 0.125,
    unit: units[(i + k) % units.length],
    derivation: derivations[(i + k) % derivations.length],
  }));
  return {
    trackingIdentifier: `Finding ${i}`,
    trackingUID: `2.25.${90000 + i}`,
    timePoint: i % 5 === 0 ? `${i / 5}` : undefined,
    findingCategory: i % 2 === 0 ? sct('49755003', 'Morphologically abnormal structure') : undefined,
    finding: sct(`${100 + (i % 7)}`, `Finding type ${i % 7}`),
    findingSite:
      i % 3 === 0
        ? {
            site: sct('39607008', 'Lung'),
            laterality: sct('7771000', 'Left'),
            topographicalModifier: sct('255551008', 'Posterior'),
          }
        : undefined,
    referencedSegment: kind === 1 ? { sopInstanceUID: SEG_UID, segmentNumber: (i % 9) + 1 } : undefined,
    sourceSeriesForSegmentation: kind === 1 ? '2.25.888' : undefined,
    region,
    measurements,
    evaluations:
      i % 6 === 0
        ? [{ concept: dcm('121403', 'Level of Significance'), value: sct('386134007', 'Significant') }]
        : i % 6 === 1
          ? [{ concept: dcm('121106', 'Comment'), value: `note ${i}` }]
          : undefined,
  };
}

const spec: ReportSpec = {
  sopInstanceUID: '2.25.1',
  images,
  groups: Array.from({ length: 360 }, (_, i) => groupSpec(i)),
};
const json = measurementReportJson(spec);

function checkAgainstSpec(doc: SRDocument): void {
  expect(doc.problems).toEqual([]);
  const report = doc.measurementReport;
  expect(report?.templateId).toBe('1500');
  expect(report?.observers).toEqual([
    expect.objectContaining({ observerType: 'DEVICE', deviceObserverUID: '2.25.42' }),
  ]);
  expect(report?.imageLibrary?.groups[0].entries.map((e) => e.reference?.frameNumbers)).toEqual([
    [1],
    [2],
    [3],
    [4],
    [5],
  ]);
  const groups = report?.measurementGroups ?? [];
  expect(groups).toHaveLength(spec.groups.length);
  spec.groups.forEach((g, i) => checkGroup(groups[i], g, i));
}

const codeOf = (c: Code | undefined): Code | null =>
  c ? { code: c.code, scheme: c.scheme, meaning: c.meaning } : null;

function checkGroup(actual: MeasurementGroup, g: GroupSpec, i: number): void {
  const template = g.referencedSegment || g.region?.is3D ? '1411' : g.region ? '1410' : '1501';
  expect(actual.template, `group ${i}`).toBe(template);
  expect(actual.trackingIdentifier).toBe(g.trackingIdentifier);
  expect(actual.trackingUID).toBe(g.trackingUID);
  expect(actual.timePointContext?.timePoint ?? null).toBe(g.timePoint ?? null);
  expect(actual.finding).toEqual(codeOf(g.finding));
  expect(actual.findingCategory).toEqual(codeOf(g.findingCategory));
  expect(actual.findingSites).toEqual(
    g.findingSite
      ? [
          {
            site: g.findingSite.site,
            laterality: g.findingSite.laterality,
            topographicalModifiers: [g.findingSite.topographicalModifier],
          },
        ]
      : [],
  );
  expect(actual.referencedSegment).toEqual(
    g.referencedSegment
      ? { sopClassUID: '1.2.840.10008.5.1.4.1.1.66.4', ...g.referencedSegment, frameNumbers: [] }
      : null,
  );
  expect(actual.sourceSeriesForSegmentation).toBe(g.sourceSeriesForSegmentation ?? null);
  const regions = actual.regions.map((r) => ({
    is3D: r.is3D,
    graphicType: r.graphicType,
    data: r.graphicData,
    ...(r.is3D ? { frameOfReferenceUID: r.referencedFrameOfReferenceUID } : { image: r.referencedImage }),
  }));
  const expectedImage = g.region && !g.region.is3D ? { ...g.region.image, segmentNumbers: [] } : undefined;
  const { frames, ...imageRest } = expectedImage ?? { frames: [] };
  const expected = g.region?.is3D
    ? g.region
    : g.region
      ? { ...g.region, image: { ...imageRest, frameNumbers: frames } }
      : undefined;
  expect(regions).toEqual(expected ? [expected] : []);
  expect(
    actual.measurements.map((m) => ({ concept: m.concept, value: m.value, unit: m.unit, derivation: m.derivation })),
  ).toEqual(
    g.measurements.map((m) => ({ concept: m.concept, value: m.value, unit: m.unit, derivation: codeOf(m.derivation) })),
  );
  expect(actual.qualitativeEvaluations.map((q) => ({ concept: q.concept, value: q.value }))).toEqual(
    g.evaluations ?? [],
  );
}

describe('synthetic TID 1500 report with 360 groups', () => {
  it('uses every graphic type and group template', () => {
    const types = new Set(
      spec.groups.map((g) => (g.region ? `${g.region.is3D ? '3D' : '2D'} ${g.region.graphicType}` : '')),
    );
    expect(types.size).toBe(1 + KINDS_2D.length + KINDS_3D.length);
  });

  it('decodes from DICOM JSON exactly what was written', () => {
    checkAgainstSpec(decodeReport(json));
  });

  it('decodes the same from Part 10 written by dcmjs', () => {
    checkAgainstSpec(decodeReportPart10(toPart10(json), 'synthetic.dcm'));
  });

  it('summarises regions with point counts and image references', () => {
    const summary = reportSummary(json);
    expect(summary.measurementGroups[0].regions).toEqual([
      { graphicType: 'POINT', points: 1, is3D: false, referencedSOPInstanceUID: '2.25.100' },
    ]);
    expect(summary.measurementGroups[14].regions).toEqual([
      { graphicType: 'POLYGON', points: 4, is3D: true, referencedSOPInstanceUID: null },
    ]);
    expect(summary.measurementGroups[1].referencedSegment).toEqual({ sopInstanceUID: SEG_UID, segmentNumber: 2 });
    // Finding Category counts among the summary's evaluations (as in MANIFEST.json), before Level of Significance.
    expect(summary.measurementGroups[0].qualitativeEvaluations.map((q) => q.concept?.meaning)).toEqual([
      'Finding category',
      'Level of Significance',
    ]);
    const counts = summary.measurementGroups.map((g) => g.measurements.length);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(720);
  });

  it('collects regions of measurements (INFERRED FROM) with the group region, in document order', () => {
    const image = images[1];
    const group: GroupSpec = {
      trackingIdentifier: 'Bidirectional',
      trackingUID: '2.25.5',
      region: { is3D: false, graphicType: 'POLYLINE', data: [0, 0, 1, 1], image },
      measurements: [
        {
          concept: dcm('103339001', 'Long Axis'),
          value: 5,
          unit: Units.mm,
          inferredFrom: { graphicType: 'POLYLINE', data: [1, 1, 5, 5], image },
        },
        {
          concept: dcm('103340004', 'Short Axis'),
          value: 2,
          unit: Units.mm,
          inferredFrom: { graphicType: 'POLYLINE', data: [2, 2, 3, 3], image },
        },
      ],
    };
    const doc = decodeReport(measurementReportJson({ sopInstanceUID: '2.25.2', images, groups: [group] }));
    const [decoded] = doc.measurementReport?.measurementGroups ?? [];
    expect(decoded.regions.map((r) => r.graphicData)).toEqual([
      [0, 0, 1, 1],
      [1, 1, 5, 5],
      [2, 2, 3, 3],
    ]);
    expect(decoded.measurements.map((m) => m.regions.map((r) => r.contentItemId))).toEqual([
      ['1.6.1.4.1'],
      ['1.6.1.5.1'],
    ]);
  });
});
