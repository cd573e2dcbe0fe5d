// The link banner's lines for UIDs the loaded study does not hold; the study here is written out by hand.
import { describe, expect, it } from 'vitest';
import { linkProblems } from './linkProblems';
import { parseRoute } from './routes';
import type { SeriesInfo, StudyInfo } from './studyModel';

const ct: SeriesInfo = {
  studyUID: '1.1',
  seriesUID: '1.1.1',
  modality: 'CT',
  description: 'CT',
  instanceCount: 2,
  derived: false,
  referencedSeriesUIDs: [],
  metadata: [{ '00080018': { vr: 'UI', Value: ['1.1.1.1'] } }, { '00080018': { vr: 'UI', Value: ['1.1.1.2'] } }],
};
const seg: SeriesInfo = { ...ct, seriesUID: '1.1.2', modality: 'SEG', derived: true, metadata: undefined, instances: [{ sopInstanceUID: '1.1.2.1' }] };
const study: StudyInfo = { studyUID: '1.1', patientName: '', patientID: '', studyDate: '', description: '', series: [ct, seg] };
const at = (q: string) => parseRoute(`http://h/viewer/?StudyInstanceUIDs=1.1&${q}`);

describe('link problems', () => {
  it('names series and instance UIDs that are not in the loaded study', () => {
    expect(linkProblems(at('SeriesInstanceUIDs=1.1.2,9.9'), [study], true)).toEqual(['SeriesInstanceUIDs not in the loaded study: 9.9']);
    expect(linkProblems(at('initialSeriesInstanceUID=9.8'), [study], true)).toEqual(['initialSeriesInstanceUID 9.8 is not in the loaded study; another series is shown.']);
    expect(linkProblems(at('initialSOPInstanceUID=9.7'), [study], true)).toEqual(['initialSOPInstanceUID 9.7 is not in the loaded series; the series opens at its middle image.']);
  });
  it('says nothing of UIDs that are there, or before the study has loaded; keeps the link\'s own problems first', () => {
    expect(linkProblems(at('SeriesInstanceUIDs=1.1.1&initialSOPInstanceUID=1.1.1.2'), [study], true)).toEqual([]);
    expect(linkProblems(at('initialSOPInstanceUID=1.1.2.1'), [study], true)).toEqual([]);
    expect(linkProblems(at('SeriesInstanceUIDs=9.9&bogus=1'), [study], false)).toEqual(['not understood, ignored: bogus']);
    expect(linkProblems(at('SeriesInstanceUIDs=9.9&bogus=1'), [study], true)).toEqual(['not understood, ignored: bogus', 'SeriesInstanceUIDs not in the loaded study: 9.9']);
  });
});
