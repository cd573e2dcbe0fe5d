// Test-only: an SR that is not a TID 1500 Measurement Report (a diagnostic imaging report in the spirit of
// TID 2000) holding every value type a reader shows, nesting deeper than a panel opens by default, markup in
// its text (to be shown as text), and by-reference relationships that resolve, dangle and loop.
import type { DicomJsonDataset } from '../../json';
import {
  byReference,
  code,
  codeItem,
  container,
  dcm,
  el,
  imageItem,
  item,
  numItem,
  scoordItem,
  sct,
  srDocument,
  textItem,
  uidItem,
  ucum,
  type Ref,
} from './contentBuilder';
import { Tag } from '../../tags';

const COMPREHENSIVE_SR = '1.2.840.10008.5.1.4.1.1.88.33';

export const TEXT_REPORT = {
  title: code('18748-4', 'LN', 'Diagnostic imaging report'),
  observer: 'Doe^Jane^A',
  finding: 'A 12 mm nodule in the right upper lobe. <b>not bold</b> & <img src=x onerror="window.__xss=1">',
  impression: 'Suspicious nodule; follow-up CT in 3 months.',
  deepText: 'Text four levels down',
} as const;

export interface TextReportOptions {
  sopInstanceUID: string;
  studyInstanceUID: string;
  /** The image the nodule outline is drawn on */
  image: Ref;
  /** Extra header attributes (patient, study, series) so a server files the SR with its images */
  header?: DicomJsonDataset;
}

export function textReportJson(o: TextReportOptions): DicomJsonDataset {
  const findings = container('CONTAINS', dcm('121070', 'Findings'), [
    textItem('CONTAINS', dcm('121071', 'Finding'), TEXT_REPORT.finding),
    codeItem('CONTAINS', dcm('121071', 'Finding'), sct('27925004', 'Nodule')),
    numItem('CONTAINS', sct('81827009', 'Diameter'), 12.5, ucum('mm', 'millimeter'), [
      scoordItem('INFERRED FROM', null, 'POLYLINE', [10, 10, 30, 10, 30, 30, 10, 10], o.image),
    ]),
    container('CONTAINS', dcm('121064', 'Current Procedure Descriptions'), [
      container('CONTAINS', dcm('121065', 'Procedure Description'), [
        textItem('CONTAINS', dcm('121065', 'Procedure Description'), TEXT_REPORT.deepText),
      ]),
    ]),
  ]);
  const impression = container('CONTAINS', dcm('121072', 'Impressions'), [
    textItem('CONTAINS', dcm('121073', 'Impression'), TEXT_REPORT.impression),
    byReference('INFERRED FROM', [1, 7, 3]),
    byReference('INFERRED FROM', [1, 9, 9]),
    byReference('INFERRED FROM', [1, 8]),
  ]);
  const ds = srDocument({
    sopClassUID: COMPREHENSIVE_SR,
    sopInstanceUID: o.sopInstanceUID,
    title: TEXT_REPORT.title,
    templateId: '2000',
    children: [
      codeItem('HAS CONCEPT MOD', dcm('121049', 'Language of Content Item and Descendants'), code('en-US', 'RFC5646', 'English (United States)')),
      item('HAS OBS CONTEXT', 'PNAME', dcm('121008', 'Person Observer Name'), { [Tag.PersonName]: el('PN', { Alphabetic: TEXT_REPORT.observer }) }),
      item('HAS OBS CONTEXT', 'DATE', dcm('111060', 'Study Date'), { [Tag.Date]: el('DA', '20240115') }),
      item('HAS OBS CONTEXT', 'TIME', dcm('111061', 'Study Time'), { [Tag.Time]: el('TM', '093000') }),
      uidItem('HAS OBS CONTEXT', dcm('110180', 'Study Instance UID'), o.studyInstanceUID),
      imageItem('CONTAINS', dcm('121233', 'Source image'), o.image),
      findings,
      impression,
    ],
  });
  return { ...ds, ...o.header };
}
