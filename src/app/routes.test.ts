import { describe, expect, it } from 'vitest';
import { parseRoute, viewerHref, appRootOf, layoutSearch, cellsSearch, linkedSeriesOf } from './routes';
import { IDC_PROXY } from '../dicomweb/presets';

const S1 = '1.3.6.1.4.1.14519.5.2.1.6279.6001.1';
const S2 = '1.2.840.113619.2.30.1.2';
const SE = '1.2.3.4.5';

describe('URL contract', () => {
  it('reads the layout (stack, 1x2, 2x2, mpr, 3d; 1x1 is the stack) and names one it does not know', () => {
    const at = (v: string) => parseRoute(`http://h/viewer/?StudyInstanceUIDs=${S1}&layout=${v}`);
    expect(['1x1', '1x2', '2X2', 'MPR', 'stack', '3D'].map((v) => at(v).layout)).toEqual(['stack', '1x2', '2x2', 'mpr', 'stack', '3d']);
    expect(at('1x2').errors).toEqual([]);
    const bad = at('3x3');
    expect(bad.layout).toBe('stack');
    expect(bad.errors).toEqual(['layout: unknown "3x3" (use stack, 1x2, 2x2, mpr, 3d)']);
  });

  it('keeps the layout in the URL as it changes, the rest of the query untouched', () => {
    const q = new URLSearchParams(`StudyInstanceUIDs=${S1}&Layout=mpr&seg=off`);
    expect(layoutSearch(q, '2x2')).toBe(`?StudyInstanceUIDs=${S1}&seg=off&layout=2x2`);
    expect(layoutSearch(q, 'stack')).toBe(`?StudyInstanceUIDs=${S1}&seg=off`);
  });

  it('reads each grid cell\'s series from cells= (empty cells kept), naming what is not a UID', () => {
    const r = parseRoute(`http://h/viewer/?StudyInstanceUIDs=${S1}&layout=2x2&Cells=${S2},,${SE}`);
    expect(r.cells).toEqual([S2, '', SE]);
    expect(r.errors).toEqual([]);
    const bad = parseRoute(`http://h/viewer/?StudyInstanceUIDs=${S1}&cells=${S2},x-y,${SE},${SE},${S2}`);
    expect(bad.cells).toEqual([S2, '', SE, SE]);
    expect(bad.errors).toEqual(['cells: not a DICOM UID: x-y', 'cells: 5 series for at most 4 viewports; the rest ignored']);
  });

  it('keeps the cells in the URL as they change; none when only the first cell shows a series', () => {
    const q = new URLSearchParams(`StudyInstanceUIDs=${S1}&cells=${S2}&layout=2x2`);
    expect(cellsSearch(q, [S1, undefined, S2, undefined])).toBe(`?StudyInstanceUIDs=${S1}&layout=2x2&cells=${S1}%2C%2C${S2}`);
    expect(cellsSearch(q, [S1, undefined])).toBe(`?StudyInstanceUIDs=${S1}&layout=2x2`);
  });

  it('answers IDC portal links at /viewer/ with case-insensitive keys', () => {
    const r = parseRoute(`https://host/app/viewer/?studyinstanceuids=${S1},${S2}&SeriesInstanceUID=${SE}`);
    expect(r.view).toBe('viewer');
    expect(r.appRoot).toBe('/app/');
    expect(r.studyUIDs).toEqual([S1, S2]);
    expect(r.seriesUIDs).toEqual([SE]);
    expect(r.initialSeriesUID).toBe(SE);
    expect(r.dicomwebRoot).toBe('https://host/app/dicomweb');
  });

  it('answers deep links at the app root too', () => {
    const r = parseRoute(`http://127.0.0.1:8080/?StudyInstanceUIDs=${S1}&initialSeriesInstanceUID=${SE}`);
    expect(r.view).toBe('viewer');
    expect(r.appRoot).toBe('/');
    expect(r.initialSeriesUID).toBe(SE);
  });

  it('shows the study list without UIDs, keeping its filters', () => {
    const r = parseRoute('http://h/?patient=LUNG1&modality=CT&date=2018');
    expect(r.view).toBe('list');
    expect([r.patient, r.modality, r.date]).toEqual(['LUNG1', 'CT', '2018']);
  });

  it('takes the DICOMweb root from dicomweb=, datasource= or gcp=', () => {
    expect(parseRoute('http://h/x/?dicomweb=/orthanc/dicom-web/').dicomwebRoot).toBe('http://h/orthanc/dicom-web');
    expect(parseRoute('http://h/?dicomweb=https://example.org/dw').dicomwebRoot).toBe('https://example.org/dw');
    expect(parseRoute('http://h/?datasource=idc').dicomwebRoot).toBe(IDC_PROXY);
    expect(parseRoute('http://h/?gcp=projects/p/locations/us/datasets/d/dicomStores/s').dicomwebRoot).toBe(
      'https://healthcare.googleapis.com/v1/projects/p/locations/us/datasets/d/dicomStores/s/dicomWeb',
    );
  });

  it('reports malformed UIDs and unknown data sources instead of ignoring them', () => {
    const r = parseRoute(`http://h/?StudyInstanceUIDs=${S1},not-a-uid&datasource=pacs`);
    expect(r.studyUIDs).toEqual([S1]);
    expect(r.errors.join(' ')).toMatch(/not-a-uid/);
    expect(r.errors.join(' ')).toMatch(/unknown "pacs"/);
  });

  it('builds viewer links that keep the data source', () => {
    const r = parseRoute('http://h/base/?dicomweb=/orthanc/dicom-web');
    const href = viewerHref(r, new URLSearchParams('dicomweb=/orthanc/dicom-web&patient=x'), [S1], { series: SE });
    expect(href).toBe(`/base/viewer/?dicomweb=%2Forthanc%2Fdicom-web&StudyInstanceUIDs=${S1}&initialSeriesInstanceUID=${SE}`);
    expect(appRootOf('/base/viewer/')).toBe('/base/');
    expect(appRootOf('/v3/viewer/')).toBe('/');
    expect(appRootOf('/base/v3/viewer/')).toBe('/base/');
    expect(appRootOf('/base/index.html')).toBe('/base/');
  });

  it('takes every StudyInstanceUIDs / SeriesInstanceUIDs of a link, repeated or comma-separated, once each', () => {
    const r = parseRoute('http://h/viewer/?StudyInstanceUIDs=1.2.3&StudyInstanceUIDs=4.5.6,7.8&studyinstanceuids=1.2.3&SeriesInstanceUIDs=9.1&SeriesInstanceUID=9.2');
    expect(r.studyUIDs).toEqual(['1.2.3', '4.5.6', '7.8']);
    expect(r.seriesUIDs).toEqual(['9.1', '9.2']);
    expect(r.view).toBe('viewer');
  });

  // OHIF v3's study list (platform/app/src/routes/WorkList/WorkList.tsx, _getQueryFilterValues): keys matched in
  // lower case; modalities comma-separated; startDate/endDate YYYYMMDD.
  it("takes OHIF's study-list keys as the list's filters", () => {
    const r = parseRoute('http://h/?patientName=Phantom&modalities=CT,MR&startDate=20240101&endDate=20241231&description=phantom&accession=PHANTOM0001');
    expect(r.view).toBe('list');
    expect([r.patient, r.modality, r.date, r.description, r.accession]).toEqual(['Phantom', 'CT,MR', '20240101-20241231', 'phantom', 'PHANTOM0001']);
    expect(r.errors).toEqual([]);
    expect(parseRoute('http://h/?MRN=LUNG1-002').patient).toBe('LUNG1-002');
    expect(parseRoute('http://h/?startdate=20240101').date).toBe('20240101-');
    expect(parseRoute('http://h/?endDate=20231231').date).toBe('-20231231');
    expect(parseRoute('http://h/?studyDate=20240115').date).toBe('20240115');
    // Ours first when both are given.
    expect(parseRoute('http://h/?patient=A&mrn=B').patient).toBe('A');
  });

  it('names every key it does not understand, once, in one message', () => {
    const r = parseRoute(`http://h/viewer/?StudyInstanceUIDs=${S1}&hangingProtocolId=mpr&foo=1&foo=2&seg=off&sortBy=studyDate`);
    expect(r.errors).toEqual(['not understood, ignored: hangingProtocolId, foo, sortBy']);
    expect(r.autoLoadSeg).toBe(false);
  });

  it('takes every `url` of a link, in order, and carries them and `files` into the links it makes', () => {
    const a = 'https://data.example.org/a.dcm?x=1,2';
    const b = 'http://127.0.0.1:9/b.dcm';
    const r = parseRoute(`http://h/?url=${encodeURIComponent(a)}&URL=${encodeURIComponent(b)}&files=1`);
    expect(r.partTenUrls).toEqual([a, b]);
    expect(r.localFiles).toBe(true);
    expect(r.errors).toEqual([]);
    const href = viewerHref(r, new URLSearchParams(`url=${encodeURIComponent(a)}&URL=${encodeURIComponent(b)}&files=1`), [S1]);
    const q = new URL(href, 'http://h').searchParams;
    expect(q.getAll('url')).toEqual([a]);
    expect(q.getAll('URL')).toEqual([b]);
    expect(q.get('files')).toBe('1');
    expect(parseRoute('http://h/').localFiles).toBe(false);
  });
});

describe('linkedSeriesOf', () => {
  it('a link to one study loads the series it names first; a link to two studies names none to load first', () => {
    const one = parseRoute('http://h/viewer/?StudyInstanceUIDs=1.2.3&SeriesInstanceUIDs=1.2.3.4,1.2.3.5');
    expect(linkedSeriesOf(one)).toEqual(['1.2.3.4', '1.2.3.5']);
    const two = parseRoute('http://h/viewer/?StudyInstanceUIDs=1.2.3,1.2.9&SeriesInstanceUIDs=1.2.3.4');
    expect(two.seriesUIDs).toEqual(['1.2.3.4']);
    expect(linkedSeriesOf(two)).toEqual([]);
  });
});
