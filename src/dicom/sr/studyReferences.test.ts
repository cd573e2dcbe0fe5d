// Reference checks against a study's metadata: each kind of reference a group can hold is found when its
// object is in the study and named when it is not; groups whose references all resolve get nothing.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { DicomJsonDataset } from '../json';
import { HAS_SHARED_DATA, NO_SHARED_DATA_REASON, shared } from '../../testing/sharedData';
import { decodeReport, decodeReportPart10, type MeasurementGroup } from './index';
import { dcm, el, sct } from './testing/contentBuilder';
import { CT_IMAGE, SEGMENTATION, Units, measurementReportJson, type GroupSpec } from './testing/reportBuilder';
import { indexStudyContents, missingReferences, type StudyContents } from './studyReferences';
import { readPart10 } from '../part10';
import { headerJson } from '../summary';

const CT_SERIES = '2.25.900';
const SEG_SERIES = '2.25.901';
const SEG_UID = '2.25.777';
const FOR = '2.25.555';
const ct = (i: number): string => `2.25.10${i}`;

function instance(sop: string, extra: DicomJsonDataset = {}): DicomJsonDataset {
  return { '00080018': el('UI', sop), '00200052': el('UI', FOR), ...extra };
}

const segMetadata = instance(SEG_UID, {
  '0008103E': el('LO', 'Organs'),
  '00280008': el('IS', 12),
  '00620002': el('SQ', { '00620004': el('US', 1) }, { '00620004': el('US', 2) }),
});
const contents: StudyContents = indexStudyContents([
  { seriesInstanceUID: CT_SERIES, instances: [0, 1, 2].map((i) => instance(ct(i))) },
  { seriesInstanceUID: SEG_SERIES, instances: [segMetadata] },
]);

function group(spec: Partial<GroupSpec>): MeasurementGroup {
  const doc = decodeReport(
    measurementReportJson({
      sopInstanceUID: '2.25.1',
      images: [],
      groups: [
        {
          trackingIdentifier: 'G',
          trackingUID: '2.25.2',
          finding: sct('108369006', 'Neoplasm'),
          measurements: [{ concept: dcm('M', 'M'), value: 1, unit: Units.mm }],
          ...spec,
        },
      ],
    }),
  );
  return doc.measurementReport?.measurementGroups[0] as MeasurementGroup;
}

describe('missingReferences', () => {
  it('finds nothing missing when segment, SEG, series and images are all in the study', () => {
    const g = group({
      referencedSegment: { sopInstanceUID: SEG_UID, segmentNumber: 2 },
      sourceSeriesForSegmentation: CT_SERIES,
      region: { is3D: false, graphicType: 'POINT', data: [1, 2], image: { sopClassUID: CT_IMAGE, sopInstanceUID: ct(1) } },
    });
    expect(g.referencedSegment?.segmentNumber).toBe(2);
    expect(missingReferences(g, contents)).toEqual([]);
  });

  it('names a SEG that is not in the study, and a segment the SEG does not have', () => {
    const absent = missingReferences(group({ referencedSegment: { sopInstanceUID: '2.25.404', segmentNumber: 1 } }), contents);
    expect(absent.map((m) => m.text)).toEqual(['referenced segment: SEG 2.25.404 is not in the study']);
    const noSegment = missingReferences(group({ referencedSegment: { sopInstanceUID: SEG_UID, segmentNumber: 3 } }), contents);
    expect(noSegment.map((m) => m.text)).toEqual(['referenced segment: segment 3 is not in SEG Organs']);
  });

  it('does not claim a segment is missing when the metadata does not list the segments', () => {
    const bare = indexStudyContents([{ seriesInstanceUID: SEG_SERIES, instances: [instance(SEG_UID)] }]);
    expect(missingReferences(group({ referencedSegment: { sopInstanceUID: SEG_UID, segmentNumber: 9 } }), bare)).toEqual([]);
  });

  it('names a missing source series, a missing region image (once) and a missing frame of reference', () => {
    const missingImage = { sopClassUID: CT_IMAGE, sopInstanceUID: '2.25.999' };
    const g = group({
      sourceSeriesForSegmentation: '2.25.888',
      region: { is3D: false, graphicType: 'POINT', data: [1, 2], image: missingImage },
      measurements: [
        { concept: dcm('A', 'Area'), value: 3, unit: Units.mm2, inferredFrom: { graphicType: 'POINT', data: [3, 4], image: missingImage } },
      ],
    });
    expect(missingReferences(g, contents).map((m) => m.text)).toEqual([
      'source series for segmentation: series 2.25.888 is not in the study',
      'image of a region: object 2.25.999 is not in the study',
    ]);
    const g3 = group({ region: { is3D: true, graphicType: 'POINT', data: [1, 2, 3], frameOfReferenceUID: '2.25.556' } });
    expect(missingReferences(g3, contents).map((m) => m.role)).toEqual(['region (3D)']);
    const ok3 = group({ region: { is3D: true, graphicType: 'POINT', data: [1, 2, 3], frameOfReferenceUID: FOR } });
    expect(missingReferences(ok3, contents)).toEqual([]);
  });

  it('says so when a series of the study could not be read, since the object may be in it', () => {
    const partial = indexStudyContents([
      { seriesInstanceUID: CT_SERIES, instances: [instance(ct(0))] },
      { seriesInstanceUID: '2.25.902', instances: null },
    ]);
    const texts = missingReferences(group({ referencedSegment: { sopInstanceUID: SEG_UID, segmentNumber: 1 } }), partial).map((m) => m.text);
    expect(texts).toEqual([`referenced segment: SEG ${SEG_UID} is not in the study (1 series of the study could not be read; it may be there)`]);
  });

  it('names a frame beyond the end of a multi-frame object', () => {
    const g = group({
      region: { is3D: false, graphicType: 'POINT', data: [1, 2], image: { sopClassUID: SEGMENTATION, sopInstanceUID: SEG_UID, frames: [13] } },
    });
    expect(missingReferences(g, contents).map((m) => m.text)).toEqual([
      `image of a region: frame 13 of ${SEG_UID} (Organs) does not exist (it has 12)`,
    ]);
  });
});

if (!HAS_SHARED_DATA) console.warn(NO_SHARED_DATA_REASON);

describe.skipIf(!HAS_SHARED_DATA)('real reports against the files next to them', () => {
  const meta = (p: string): DicomJsonDataset => {
    const b = readFileSync(shared(p));
    return headerJson(readPart10(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer, p).dict);
  };
  const report = (p: string) => {
    const b = readFileSync(shared(p));
    return decodeReportPart10(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer, p);
  };

  it('dcmqi sr-example: SEG and map are there, the PET source series is not', () => {
    const files = ['dcmqi/sr-example/seg.dcm', 'dcmqi/sr-example/rwvm.dcm'].map(meta);
    const index = indexStudyContents(files.map((ds) => ({ seriesInstanceUID: String(ds['0020000E'].Value?.[0]), instances: [ds] })));
    const g = report('dcmqi/sr-example/sr.dcm').measurementReport?.measurementGroups[0] as MeasurementGroup;
    expect(missingReferences(g, index).map((m) => m.role)).toEqual(['source series for segmentation']);
  });
});
