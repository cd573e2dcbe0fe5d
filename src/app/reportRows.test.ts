// The group table's order and rows: filter, sort by each column (natural order, blanks last, ties in
// document order), expanded groups adding their rows, and a CSV that follows the table's order.
import { describe, expect, it } from 'vitest';
import { decodeReport, type MeasurementGroup } from '../dicom/sr';
import { dcm, sct, ucum } from '../dicom/sr/testing/contentBuilder';
import { measurementReportJson, type GroupSpec } from '../dicom/sr/testing/reportBuilder';
import { csvCell, flattenRows, nextSort, orderGroups, reportCsv, searchTexts, type SortState } from './reportRows';

const mm = ucum('mm', 'millimeter');
const spec = (id: string, finding: string | null, site: string | null, extra: Partial<GroupSpec> = {}): GroupSpec => ({
  trackingIdentifier: id,
  trackingUID: `2.25.${id.length}${id.charCodeAt(id.length - 1)}`,
  finding: finding ? sct(finding, finding) : undefined,
  findingSite: site ? { site: sct(site, site) } : undefined,
  measurements: [
    { concept: dcm('L', 'Long axis'), value: 10, unit: mm },
    { concept: dcm('S', 'Short axis'), value: 5.5, unit: mm },
  ],
  ...extra,
});

function groupsOf(specs: GroupSpec[]): MeasurementGroup[] {
  const doc = decodeReport(measurementReportJson({ sopInstanceUID: '2.25.1', images: [], groups: specs }));
  return doc.measurementReport?.measurementGroups ?? [];
}

const groups = groupsOf([
  spec('Lesion 10', 'Nodule', 'Liver'),
  spec('Lesion 2', 'cyst', null),
  spec('Lesion 1', 'Mass', 'Kidney', { evaluations: [{ concept: dcm('Q', 'Margin'), value: 'smooth' }] }),
  spec('lesion 3', null, 'Lung'),
  spec('Lesion 2b', 'Nodule', 'Lung'),
]);
const texts = searchTexts(groups);
const ids = (order: number[]): string[] => order.map((i) => groups[i].trackingIdentifier ?? '');
const sorted = (s: SortState | null, filter = ''): string[] => ids(orderGroups(groups, texts, filter, s));

describe('orderGroups', () => {
  it('keeps document order when no column is chosen', () => {
    expect(sorted(null)).toEqual(['Lesion 10', 'Lesion 2', 'Lesion 1', 'lesion 3', 'Lesion 2b']);
  });

  it('sorts tracking identifiers in natural order, either way, case aside', () => {
    expect(sorted({ key: 'trackingIdentifier', direction: 'ascending' })).toEqual(['Lesion 1', 'Lesion 2', 'Lesion 2b', 'lesion 3', 'Lesion 10']);
    expect(sorted({ key: 'trackingIdentifier', direction: 'descending' })).toEqual(['Lesion 10', 'lesion 3', 'Lesion 2b', 'Lesion 2', 'Lesion 1']);
  });

  it('sorts by finding and by site with blanks last and ties in document order', () => {
    expect(sorted({ key: 'finding', direction: 'ascending' })).toEqual(['Lesion 2', 'Lesion 1', 'Lesion 10', 'Lesion 2b', 'lesion 3']);
    expect(sorted({ key: 'finding', direction: 'descending' })).toEqual(['Lesion 10', 'Lesion 2b', 'Lesion 1', 'Lesion 2', 'lesion 3']);
    expect(sorted({ key: 'site', direction: 'ascending' })).toEqual(['Lesion 1', 'Lesion 10', 'lesion 3', 'Lesion 2b', 'Lesion 2']);
  });

  it('filters on identifier, finding, site and measurement names, and sorts what is left', () => {
    expect(sorted(null, 'LUNG')).toEqual(['lesion 3', 'Lesion 2b']);
    expect(sorted({ key: 'trackingIdentifier', direction: 'descending' }, 'nodule')).toEqual(['Lesion 10', 'Lesion 2b']);
    expect(sorted({ key: 'trackingIdentifier', direction: 'ascending' }, 'nodule')).toEqual(['Lesion 2b', 'Lesion 10']);
    expect(sorted(null, 'short axis')).toHaveLength(5);
    expect(sorted(null, 'nothing like this')).toEqual([]);
  });

  it('flips direction on the same column and starts ascending on another', () => {
    const a = nextSort(null, 'site');
    expect(a).toEqual({ key: 'site', direction: 'ascending' });
    expect(nextSort(a, 'site')).toEqual({ key: 'site', direction: 'descending' });
    expect(nextSort(nextSort(a, 'site'), 'finding')).toEqual({ key: 'finding', direction: 'ascending' });
  });
});

describe('flattenRows', () => {
  const order = orderGroups(groups, texts, '', { key: 'trackingIdentifier', direction: 'ascending' });

  it('lists only group rows when nothing is expanded', () => {
    const rows = flattenRows(groups, order, new Set(), {});
    expect(rows.map((r) => r.kind)).toEqual(['group', 'group', 'group', 'group', 'group']);
    expect(rows.map((r) => r.group)).toEqual(order);
  });

  it('puts an expanded group’s note, missing references, measurements and evaluations right under it', () => {
    const missing = [['image of a region: object 2.25.9 is not in the study'], [], ['source series for segmentation: series 2.25.8 is not in the study']];
    const rows = flattenRows(groups, order, new Set([2, 0]), { 2: 'segment not loaded' }, missing);
    expect(rows.map((r) => `${r.kind}:${groups[r.group].trackingIdentifier}`)).toEqual([
      'group:Lesion 1',
      'note:Lesion 1',
      'missing:Lesion 1',
      'measurement:Lesion 1',
      'measurement:Lesion 1',
      'evaluation:Lesion 1',
      'group:Lesion 2',
      'group:Lesion 2b',
      'group:lesion 3',
      'group:Lesion 10',
      'missing:Lesion 10',
      'measurement:Lesion 10',
      'measurement:Lesion 10',
    ]);
    expect(rows[2]).toMatchObject({ kind: 'missing', text: missing[2][0] });
    expect(new Set(rows.map((r) => r.key)).size).toBe(rows.length);
  });
});

describe('csvCell', () => {
  it('neutralises cells a spreadsheet would run as formulas, keeps plain numbers', () => {
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvCell('+1+cmd|x')).toBe("'+1+cmd|x");
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\t=1')).toBe("'\t=1");
    expect(csvCell('-1.5')).toBe('-1.5');
    expect(csvCell('+2e-3')).toBe('+2e-3');
    expect(csvCell('Liver')).toBe('Liver');
  });

  it('quotes commas, quotes, line feeds and a bare carriage return', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "x"')).toBe('"say ""x"""');
    expect(csvCell('a\nb')).toBe('"a\nb"');
    expect(csvCell('a\rb')).toBe('"a\rb"');
  });
});

describe('reportCsv', () => {
  it('writes the groups in the order given, one line per measurement, quoting commas', () => {
    const order = orderGroups(groups, texts, 'lung', { key: 'trackingIdentifier', direction: 'ascending' });
    const csv = reportCsv(order.map((i) => groups[i])).trim().split('\n');
    expect(csv[0]).toBe('tracking identifier,tracking UID,finding,finding site,measurement,value,unit,derivation');
    expect(csv.slice(1).map((l) => l.split(',')[0])).toEqual(['Lesion 2b', 'Lesion 2b', 'lesion 3', 'lesion 3']);
    expect(csv[2]).toMatch(/^Lesion 2b,[\d.]+,Nodule,Lung,Short axis,5\.5,mm,$/);
    const withComma = groupsOf([spec('A, B', 'Mass', null)]);
    expect(reportCsv(withComma).split('\n')[1]).toMatch(/^"A, B",/);
  });
});
