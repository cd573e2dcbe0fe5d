// Every SR of ../shared/data against MANIFEST.json (written by an independent pydicom decoder), plus the
// details of the TID 1500 model that the manifest does not cover, checked against what dsrdump shows.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { DicomJsonDataset } from '../json';
import { HAS_SHARED_DATA, NO_SHARED_DATA_REASON, shared } from '../../testing/sharedData';
import { manifestDifferences } from '../../testing/manifestCompare';
import { decodeReport, decodeReportPart10, summarizeReport, type SRDocument } from './index';
import { ucumDisplay } from '../codes/ucum';

interface Derived {
  path: string;
  sopClassUID: string;
  report?: unknown;
}

const manifest: { derived: Derived[] } = HAS_SHARED_DATA
  ? JSON.parse(readFileSync(shared('MANIFEST.json'), 'utf8'))
  : { derived: [] };
const reports = manifest.derived.filter((d) => d.report !== undefined);
if (!HAS_SHARED_DATA) console.warn(NO_SHARED_DATA_REASON);

function readDoc(path: string): SRDocument {
  const bytes = readFileSync(shared(path));
  return decodeReportPart10(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength), path);
}

/** Differences from MANIFEST as inspect-json.md states them (counts exact, measurement values 1e-3 relative). */
const differences = (actual: unknown, expected: unknown): string[] => manifestDifferences(expected, actual, 'report');

describe.skipIf(!HAS_SHARED_DATA)('SR documents of ../shared/data', () => {
  it('lists the six TID 1500 reports the data README describes', () => {
    expect(reports.map((r) => r.path).sort()).toEqual([
      'dcmjs/test/sample-sr.dcm',
      'dcmqi/sr-example/sr.dcm',
      'highdicom/sr_document.dcm',
      'highdicom/sr_document_with_multiple_groups.dcm',
      'tid1500-fhir/dcmqi/result.dcm',
      'tid1500-fhir/rsna2018_dataset1/sr-tid1500-ct-liver-example.dcm',
    ]);
  });

  it.each(reports.map((r) => [r.path, r] as const))('%s matches MANIFEST.json and has no problems', (path, entry) => {
    const doc = readDoc(path);
    expect(doc.sopClassUID).toBe(entry.sopClassUID);
    expect(differences(summarizeReport(doc), entry.report)).toEqual([]);
    expect(doc.problems).toEqual([]);
  });

  it('the comparison itself can fail: a changed value, code, count or region is reported', () => {
    const entry = reports.find((r) => r.path === 'tid1500-fhir/dcmqi/result.dcm') as Derived;
    const summary = summarizeReport(readDoc(entry.path));
    summary.measurementGroups[0].measurements[4].value = 70361.9 * 1.002;
    summary.measurementGroups[0].findingSites[0].code = 'T-62001';
    summary.measurementGroups[0].regions.push({
      graphicType: 'POINT',
      points: 1,
      is3D: false,
      referencedSOPInstanceUID: null,
    });
    expect(differences(summary, entry.report)).toEqual([
      'report.measurementGroups[0].findingSites[0].code: expected "T-62000", got "T-62001"',
      'report.measurementGroups[0].regions: expected 0 items, got 1',
      `report.measurementGroups[0].measurements[4].value: expected 70361.9, got ${70361.9 * 1.002} (measured)`,
    ]);
  });

  it('decodes dcmjs sample-sr.json (DICOM JSON) like its Part 10 twin', () => {
    const json = JSON.parse(readFileSync(shared('dcmjs/test/sample-sr.json'), 'utf8')) as DicomJsonDataset;
    const fromJson = decodeReport(json);
    const entry = reports.find((r) => r.path === 'dcmjs/test/sample-sr.dcm') as Derived;
    expect(differences(summarizeReport(fromJson), entry.report)).toEqual([]);
    expect(fromJson.problems).toEqual([]);
    const fromPart10 = readDoc('dcmjs/test/sample-sr.dcm');
    expect(fromJson.itemCount).toBe(fromPart10.itemCount);
    const [groupJson] = fromJson.measurementReport?.measurementGroups ?? [];
    const [groupPart10] = fromPart10.measurementReport?.measurementGroups ?? [];
    expect(groupJson.regions.map((r) => r.graphicData.map((v) => +v.toFixed(3)))).toEqual(
      groupPart10.regions.map((r) => r.graphicData.map((v) => +v.toFixed(3))),
    );
    // The two POLYLINEs (long and short axis) hang under their NUMs as INFERRED FROM, on one CT image.
    expect(groupJson.measurements.map((m) => m.regions.length)).toEqual([1, 1]);
    expect(groupJson.regions[0].graphicData.map((v) => +v.toFixed(2))).toEqual([580.72, 1090.84, 543.35, 988.39]);
    // dcmjs codes pixel lengths as UCUM "1" with meaning "px": shown as px, not as "no unit".
    expect(ucumDisplay(groupJson.measurements[0].unit)).toBe('px');
  });

  it('reads observer, language, procedure and image library of the dcmqi liver report', () => {
    const r = readDoc('tid1500-fhir/dcmqi/result.dcm').measurementReport;
    expect(r?.language?.code).toBe('eng');
    expect(r?.observers).toEqual([
      {
        observerType: 'DEVICE',
        deviceObserverUID: '1.2.3.4',
        deviceObserverName: 'SecretSauceGenerator',
        deviceObserverManufacturer: 'The friends of friends',
        deviceObserverModelName: null,
        deviceObserverSerialNumber: null,
        deviceObserverPhysicalLocation: null,
      },
    ]);
    expect(r?.procedureReported.map((c) => c.code)).toEqual(['P0-0099A']);
    const [libraryGroup] = r?.imageLibrary?.groups ?? [];
    expect(libraryGroup.modality?.code).toBe('CT');
    expect(libraryGroup.frameOfReferenceUID).toBe('1.2.392.200103.20080913.113635.3.2009.6.22.21.44.34.23882.1');
    expect(libraryGroup.entries.map((e) => e.reference?.sopInstanceUID?.slice(-7))).toEqual([
      '23431.1',
      '23432.1',
      '23433.1',
    ]);
    const [group] = r?.measurementGroups ?? [];
    expect(group.template).toBe('1411');
    expect(group.timePointContext?.timePoint).toBe('1');
    expect(group.activitySession).toBe('1');
    expect(group.algorithm?.algorithmVersion).toBe('4.6 (group level)');
    expect(group.sourceSeriesForSegmentation).toBe('1.2.392.200103.20080913.113635.1.2009.6.22.21.43.10.23430.1');
    const [mean] = group.measurements;
    expect(mean.modifiers.map((m) => (m.value as { meaning: string }).meaning)).toEqual([
      'Top secret filter',
      'Top secret filter b',
    ]);
    expect(mean.properties.map((p) => p.value)).toEqual(['Elves of the Black Forest', 10, 11]);
    // Its INFERRED FROM NUMs ("Parameter A"...) are inputs of the mean, not measurements of the group.
    expect(group.measurements).toHaveLength(6);
  });

  it('reads the SUV report with its Real World Value Map, measurement method and 191 PET images', () => {
    const r = readDoc('dcmqi/sr-example/sr.dcm').measurementReport;
    expect(r?.countryOfLanguage?.code).toBe('US');
    expect(r?.imageLibrary?.groups[0].entries).toHaveLength(191);
    const [group] = r?.measurementGroups ?? [];
    expect(group.realWorldValueMap?.sopInstanceUID).toBe('1.2.276.0.7230010.3.1.4.8323329.18215.1440001297.928457');
    expect(group.measurementMethod?.meaning).toBe('SUV body weight calculation method');
    expect(group.measurements[4].measurementMethod?.meaning).toBe('Sum of segmented voxel volumes');
    expect(ucumDisplay(group.measurements[0].unit)).toBe('SUVbw');
  });

  it('reads the highdicom planar group: topographical modifier, tracking UID and properties of a NUM', () => {
    const doc = readDoc('highdicom/sr_document.dcm');
    expect(doc.documentClass).toBe('Comprehensive 3D SR');
    expect(doc.preliminaryFlag).toBe('PRELIMINARY');
    const r = doc.measurementReport;
    expect(r?.observers.map((o) => o.observerType)).toEqual(['PERSON', 'DEVICE']);
    const [group] = r?.measurementGroups ?? [];
    expect(group.template).toBe('1410');
    expect(group.findingSites[0].topographicalModifiers.map((c) => c.meaning)).toEqual(['Vertebral foramen']);
    expect(group.regions[0].graphicData).toEqual([58, 52, 58, 41]);
    const [area] = group.measurements;
    expect(area.trackingUID).toBe('1.2.826.0.1.3680043.8.498.80512978961795763786957351072754445307');
    expect(area.properties.map((p) => p.concept?.meaning)).toEqual(['Normality', 'Level of Significance']);
    expect(ucumDisplay(area.unit)).toBe('cm²');
  });

  it('keeps Finding Category apart in the model, reads SCOORD3D in patient mm', () => {
    const r = readDoc('highdicom/sr_document_with_multiple_groups.dcm').measurementReport;
    const groups = r?.measurementGroups ?? [];
    expect(groups.map((g) => g.template)).toEqual(['1501', '1410', '1410', '1411']);
    expect(groups.map((g) => g.findingCategory?.code ?? null)).toEqual([null, '49755003', '91723000', '91723000']);
    expect(groups[1].qualitativeEvaluations.map((q) => q.concept?.meaning)).toEqual(['Level of Significance']);
    const region = groups[3].regions[0];
    expect(region.is3D && region.referencedFrameOfReferenceUID).toBe('1.3.6.1.4.1.5962.1.4.1.1.20040119072730.12322');
    expect(region.graphicData.map((v) => +v.toFixed(3))).toEqual([123.5, 234.1, -23.7]);
    // FloatingPointValue (FD) wins over the 16-character NumericValue (DS) "-119.07385253906".
    expect(groups[0].measurements[0].value).toBe(-119.0738525390625);
  });
});
