// The benchmark report decodes to what it promises (1,000 groups, 20,000 measurements, in the sample study),
// and against the sample CT exactly the groups outlined on the absent image are found wanting.
import { describe, expect, it } from 'vitest';
import { decodeReportPart10 } from '../dicom/sr';
import { el } from '../dicom/sr/testing/contentBuilder';
import { indexStudyContents, missingReferences } from '../dicom/sr/studyReferences';
import { readPart10 } from '../dicom/part10';
import { headerJson } from '../dicom/summary';
import { str } from '../dicom/json';
import { BIG_REPORT_MISSING_EVERY, generateBigReport } from './bigReport';
import { createStudyContext } from './studyContext';
import { createVolumeGeometry } from './volumeGeometry';
import { Tag } from '../dicom/tags';

describe('big report', () => {
  const t0 = performance.now();
  const file = generateBigReport({ groups: 1000, perGroup: 20 });
  const written = performance.now() - t0;
  const buffer = file.bytes.buffer.slice(file.bytes.byteOffset, file.bytes.byteOffset + file.bytes.byteLength) as ArrayBuffer;

  it('holds 1,000 groups of 20 measurements in the sample study', () => {
    const doc = decodeReportPart10(buffer, file.name);
    console.log(`big report: ${(file.bytes.length / 1e6).toFixed(1)} MB written in ${written.toFixed(0)} ms, ${doc.itemCount} content items`);
    const groups = doc.measurementReport?.measurementGroups ?? [];
    expect(doc.problems).toEqual([]);
    expect(groups).toHaveLength(1000);
    expect(groups.reduce((n, g) => n + g.measurements.length, 0)).toBe(20_000);
    expect(groups[999].trackingIdentifier).toBe('Lesion 1000');
    const context = createStudyContext(createVolumeGeometry());
    const header = headerJson(readPart10(buffer.slice(0), file.name).dict);
    expect(str(header, Tag.StudyInstanceUID)).toBe(context.studyInstanceUID);
    expect(str(header, Tag.PatientID)).toBe('PHANTOM-001');
    expect(str(header, Tag.Modality)).toBe('SR');
  });

  it('has one group in a hundred outlined on an image the study lacks', () => {
    const doc = decodeReportPart10(buffer, file.name);
    const context = createStudyContext(createVolumeGeometry());
    const contents = indexStudyContents([
      { seriesInstanceUID: context.ctSeriesInstanceUID, instances: context.ctSopInstanceUIDs.map((uid) => ({ [Tag.SOPInstanceUID]: el('UI', uid) })) },
    ]);
    const flagged = (doc.measurementReport?.measurementGroups ?? []).filter((g) => missingReferences(g, contents).length > 0);
    expect(flagged.map((g) => g.trackingIdentifier)).toEqual(
      Array.from({ length: 1000 / BIG_REPORT_MISSING_EVERY }, (_, k) => `Lesion ${(k + 1) * BIG_REPORT_MISSING_EVERY}`),
    );
    expect(missingReferences(flagged[0], contents)[0].text).toContain(file.missingImageUID);
  });
});
