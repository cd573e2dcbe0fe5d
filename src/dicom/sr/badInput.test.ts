// Broken TID 1500 content: each defect is kept, marked with a problem a person can read, and never stops the
// rest of the report from decoding. Checked from DICOM JSON and, where dcmjs can write it, from Part 10.
import { describe, expect, it } from 'vitest';
import type { DicomJsonDataset } from '../json';
import { decodeReport, decodeReportPart10, reportSummary } from './index';
import {
  byReference,
  codeItem,
  codeSeq,
  container,
  dcm,
  el,
  item,
  numItem,
  scoord3dItem,
  scoordItem,
  sct,
  srDocument,
  textItem,
  toPart10,
  uidItem,
} from './testing/contentBuilder';
import { C, COMPREHENSIVE_3D_SR, CT_IMAGE, Units } from './testing/reportBuilder';
import { Tag } from '../tags';

const image = { sopClassUID: CT_IMAGE, sopInstanceUID: '2.25.11' };
const tracking = (n: number): DicomJsonDataset[] => [
  textItem('HAS OBS CONTEXT', C.TrackingIdentifier, `Group ${n}`),
  uidItem('HAS OBS CONTEXT', C.TrackingUID, `2.25.${n}`),
];
const group = (n: number, children: DicomJsonDataset[]): DicomJsonDataset =>
  container('CONTAINS', C.MeasurementGroup, [...tracking(n), ...children]);
const report = (groups: DicomJsonDataset[]): DicomJsonDataset =>
  srDocument({
    sopClassUID: COMPREHENSIVE_3D_SR,
    sopInstanceUID: '2.25.9',
    title: C.Report,
    templateId: '1500',
    children: [container('CONTAINS', C.ImagingMeasurements, groups)],
  });
const length = dcm('410668003', 'Length');

/** A NUM whose MeasuredValueSequence holds exactly `measured` (or no MeasuredValueSequence when undefined). */
function rawNum(measured: DicomJsonDataset | undefined, qualifier?: DicomJsonDataset): DicomJsonDataset {
  const rest: DicomJsonDataset = {};
  if (measured) rest[Tag.MeasuredValueSequence] = el('SQ', measured);
  if (qualifier) rest[Tag.NumericValueQualifierCodeSequence] = el('SQ', qualifier);
  return item('CONTAINS', 'NUM', length, rest);
}

const broken = report([
  group(1, [
    numItem('CONTAINS', length, 12, null),
    numItem('CONTAINS', length, 'twelve', Units.mm),
    rawNum(undefined),
    rawNum(undefined, {
      '00080100': el('SH', '114000'),
      '00080102': el('SH', 'DCM'),
      '00080104': el('LO', 'Not a number'),
    }),
    numItem('CONTAINS', length, 3, { code: 'A.16', scheme: '99TEST', meaning: 'Cats' }),
    numItem('CONTAINS', dcm('9', 'Fine'), 4.5, Units.mm),
  ]),
  group(2, [
    codeItem('CONTAINS', C.Finding, sct('27925004', 'Nodule')),
    item('CONTAINS', 'CODE', dcm('121403', 'Level of Significance'), { [Tag.ConceptCodeSequence]: el('SQ', {}) }),
    item('CONTAINS', 'CODE', sct('unknown-1', 'A code nobody knows'), {
      [Tag.ConceptCodeSequence]: codeSeq(sct('X-1', 'Also unknown')),
    }),
    scoordItem('CONTAINS', C.ImageRegion, 'ELLIPSE', [1, 2, 3, 4], image),
    numItem('CONTAINS', length, 1, Units.mm),
  ]),
  group(3, [
    scoordItem('CONTAINS', C.ImageRegion, 'SPLINE', [1, 2, 3], image),
    scoord3dItem('CONTAINS', C.VolumeSurface, 'POLYGON', [0, 0, 0, 1, 0, 0, 1, 1, 0], undefined),
    scoordItem('CONTAINS', C.ImageRegion, 'POINT', [5, 5]),
    numItem('CONTAINS', length, 2, Units.mm, [byReference('INFERRED FROM', [1, 1, 3, 99])]),
  ]),
  container('CONTAINS', C.MeasurementGroup, [
    numItem('CONTAINS', length, 7, Units.mm, [byReference('INFERRED FROM', [1, 1, 4])]),
    scoordItem('CONTAINS', C.ImageRegion, 'CIRCLE', [1, 1, 2, 2], image),
  ]),
]);

describe('bad input in a TID 1500 report', () => {
  const doc = decodeReport(broken);
  const groups = doc.measurementReport?.measurementGroups ?? [];

  it('decodes every group and measurement despite the defects', () => {
    expect(groups).toHaveLength(4);
    expect(groups.map((g) => g.measurements.length)).toEqual([6, 1, 1, 1]);
    expect(groups[0].measurements.map((m) => m.value)).toEqual([12, null, null, null, 3, 4.5]);
    expect(groups[0].measurements[5].problems).toEqual([]);
  });

  it('marks NUM defects: no unit, not a number, no MeasuredValueSequence, a unit outside UCUM', () => {
    const problems = groups[0].measurements.map((m) => m.problems);
    expect(problems).toEqual([
      ['MeasurementUnitsCodeSequence is missing, so the unit is unknown'],
      ['NumericValue "twelve" is not a number'],
      ['MeasuredValueSequence is missing or empty, and no NumericValueQualifier says why'],
      [],
      ['unit "A.16" is coded in 99TEST, not UCUM'],
      [],
    ]);
    expect(groups[0].measurements[3].qualifier?.meaning).toBe('Not a number');
  });

  it('keeps unknown codes as written and marks an empty ConceptCodeSequence', () => {
    expect(groups[1].qualitativeEvaluations.map((q) => [q.concept?.code, q.value])).toEqual([
      ['121403', null],
      ['unknown-1', { code: 'X-1', scheme: 'SCT', meaning: 'Also unknown' }],
    ]);
    expect(groups[1].qualitativeEvaluations[0].problems).toEqual([
      'ConceptCodeSequence has no CodeValue, LongCodeValue or URNCodeValue',
    ]);
  });

  it('marks graphic data that does not fit the graphic type, and regions that cannot be placed', () => {
    expect(doc.problems).toEqual(
      expect.arrayContaining([
        'content item 1.1.2.6 (SCOORD "Image Region"): ELLIPSE has 2 point(s), expected 4',
        'content item 1.1.3.3 (SCOORD "Image Region"): GraphicData has 3 values, not a multiple of 2; the last point is incomplete',
        'content item 1.1.3.3 (SCOORD "Image Region"): GraphicType "SPLINE" is not one of POINT, MULTIPOINT, POLYLINE, CIRCLE, ELLIPSE',
        'content item 1.1.3.4 (SCOORD3D "Volume Surface"): ReferencedFrameOfReferenceUID is missing, so the patient coordinates cannot be placed',
        'content item 1.1.3.4 (SCOORD3D "Volume Surface"): POLYGON is not closed: its first and last points differ',
        'content item 1.1.3.5 (SCOORD "Image Region"): names no image (no SELECTED FROM IMAGE child), so it cannot be placed',
      ]),
    );
    expect(groups[2].regions.map((r) => [r.graphicType, r.points])).toEqual([
      ['SPLINE', 1],
      ['POLYGON', 3],
      ['POINT', 1],
    ]);
  });

  it('marks a dangling reference from a measurement and a group without tracking', () => {
    expect(doc.problems).toEqual(
      expect.arrayContaining([
        'by-reference relationship 1.1.3.6.1: points to content item 1.1.3.99, which does not exist (dangling reference)',
        'content item 1.1.4 (CONTAINER "Measurement Group"): has no Tracking Identifier',
        'content item 1.1.4 (CONTAINER "Measurement Group"): has no Tracking Unique Identifier',
      ]),
    );
  });

  it('does not follow a measurement reference back to its own group (a cycle)', () => {
    expect(doc.problems).toContain(
      'by-reference relationship 1.1.4.1.1: points to content item 1.1.4, which contains it: a cycle, not followed',
    );
    expect(groups[3].measurements[0].regions).toEqual([]);
    expect(groups[3].regions.map((r) => r.graphicType)).toEqual(['CIRCLE']);
  });

  it('lists each problem once, in document order, naming its content item; unknown codes are no problem', () => {
    expect(doc.problems).toEqual([
      'content item 1.1.1.3 (NUM "Length"): MeasurementUnitsCodeSequence is missing, so the unit is unknown',
      'content item 1.1.1.4 (NUM "Length"): NumericValue "twelve" is not a number',
      'content item 1.1.1.5 (NUM "Length"): MeasuredValueSequence is missing or empty, and no NumericValueQualifier says why',
      'content item 1.1.1.7 (NUM "Length"): unit "A.16" is coded in 99TEST, not UCUM',
      'content item 1.1.2.4 (CODE "Level of Significance"): ConceptCodeSequence has no CodeValue, LongCodeValue or URNCodeValue',
      'content item 1.1.2.6 (SCOORD "Image Region"): ELLIPSE has 2 point(s), expected 4',
      'content item 1.1.3.3 (SCOORD "Image Region"): GraphicData has 3 values, not a multiple of 2; the last point is incomplete',
      'content item 1.1.3.3 (SCOORD "Image Region"): GraphicType "SPLINE" is not one of POINT, MULTIPOINT, POLYLINE, CIRCLE, ELLIPSE',
      'content item 1.1.3.4 (SCOORD3D "Volume Surface"): ReferencedFrameOfReferenceUID is missing, so the patient coordinates cannot be placed',
      'content item 1.1.3.4 (SCOORD3D "Volume Surface"): POLYGON is not closed: its first and last points differ',
      'content item 1.1.3.5 (SCOORD "Image Region"): names no image (no SELECTED FROM IMAGE child), so it cannot be placed',
      'by-reference relationship 1.1.3.6.1: points to content item 1.1.3.99, which does not exist (dangling reference)',
      'content item 1.1.4 (CONTAINER "Measurement Group"): has no Tracking Identifier',
      'content item 1.1.4 (CONTAINER "Measurement Group"): has no Tracking Unique Identifier',
      'by-reference relationship 1.1.4.1.1: points to content item 1.1.4, which contains it: a cycle, not followed',
    ]);
  });

  it('summarises what could be read', () => {
    const summary = reportSummary(broken);
    expect(summary.measurementGroups[0].measurements[1]).toEqual({
      concept: length,
      value: null,
      unit: { code: 'mm', scheme: 'UCUM', meaning: 'millimeter' },
      derivation: null,
    });
  });

  it('from Part 10, a NumericValue that is not a number is still reported', () => {
    const fromPart10 = decodeReportPart10(toPart10(broken), 'broken.dcm');
    const m = fromPart10.measurementReport?.measurementGroups[0].measurements[1];
    expect(m?.value).toBeNull();
    // dcmjs turns an invalid DS into null and headerJson drops it, so the text itself is lost on this path.
    expect(m?.problems).toEqual(['NumericValue is missing or empty']);
    expect(fromPart10.measurementReport?.measurementGroups.map((g) => g.measurements.length)).toEqual([6, 1, 1, 1]);
  });
});

describe('randomly damaged reports', () => {
  /** Deterministic pseudo-random numbers (mulberry32), so a failure is reproducible from its round. */
  function random(seed: number): () => number {
    let a = seed;
    return () => {
      a = (a + 0x6d2b79f5) | 0;
      let t = Math.imul(a ^ (a >>> 15), 1 | a);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }
  const garbage = [null, '', 'x', -1, 0, 1e308, { vr: 'SQ' }, [1, 2], { '00080100': el('SH', 'only') }];

  /** Every element of every data set in the tree, with the data set holding it. */
  function elements(ds: DicomJsonDataset, out: [DicomJsonDataset, string][] = []): [DicomJsonDataset, string][] {
    for (const [tag, element] of Object.entries(ds)) {
      out.push([ds, tag]);
      if (element.vr === 'SQ') for (const child of element.Value ?? []) elements(child as DicomJsonDataset, out);
    }
    return out;
  }

  it('decode without throwing, whatever is deleted or replaced (500 rounds)', () => {
    for (let round = 0; round < 500; round++) {
      const next = random(round);
      const ds = structuredClone(broken);
      const all = elements(ds);
      for (let k = 0; k < 5; k++) {
        const [holder, tag] = all[Math.floor(next() * all.length)];
        const choice = next();
        if (choice < 0.3) delete holder[tag];
        else if (choice < 0.6) holder[tag] = { vr: holder[tag]?.vr ?? 'UN' };
        else {
          const value = garbage[Math.floor(next() * garbage.length)];
          holder[tag] = { vr: holder[tag]?.vr ?? 'UN', Value: [value] as never };
        }
      }
      let decoded;
      try {
        decoded = decodeReport(ds);
        reportSummary(ds);
      } catch (err) {
        throw new Error(`round ${round}: ${(err as Error).message}`, { cause: err });
      }
      expect(Array.isArray(decoded.problems)).toBe(true);
    }
  });
});
