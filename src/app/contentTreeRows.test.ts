// A non-TID 1500 SR as tree rows: what each value type reads as, what is open at first, how expanding and
// collapsing change the rows, and how by-reference relationships (resolved, dangling, cycle) are shown.
import { describe, expect, it } from 'vitest';
import { decodeReport, type ContentItem, type ContentNode } from '../dicom/sr';
import { container, dcm, textItem } from '../dicom/sr/testing/contentBuilder';
import { TEXT_REPORT, textReportJson } from '../dicom/sr/testing/textReport';
import { allExpandable, flattenTree, initiallyExpanded, personNameText, referenceText, rowTitle, valueText } from './contentTreeRows';

const doc = decodeReport(
  textReportJson({
    sopInstanceUID: '2.25.1',
    studyInstanceUID: '2.25.2',
    image: { sopClassUID: '1.2.840.10008.5.1.4.1.1.2', sopInstanceUID: '1.2.3.4.5.6.7.8.9.10.11.12345678901234' },
  }),
);
const root = doc.root as ContentItem;

function line(node: ContentNode): string {
  if (node.kind === 'reference') return `${node.relationshipType} ${referenceText(node)}`;
  return [node.relationshipType, node.conceptName?.meaning, valueText(node)].filter(Boolean).join(' | ');
}

describe('content tree rows', () => {
  it('is not a measurement report, and the tree is there', () => {
    expect(doc.measurementReport).toBeNull();
    expect(root.conceptName?.meaning).toBe('Diagnostic imaging report');
  });

  it('opens the root and its sections at first, not what lies below depth 2', () => {
    const rows = flattenTree(root, initiallyExpanded(root));
    expect(rows.map((r) => `${r.node.id}@${r.depth}`)).toEqual([
      '1@0', '1.1@1', '1.2@1', '1.3@1', '1.4@1', '1.5@1', '1.6@1', '1.7@1', '1.7.1@2', '1.7.2@2', '1.7.3@2', '1.7.4@2',
      '1.8@1', '1.8.1@2', '1.8.2@2', '1.8.3@2', '1.8.4@2',
    ]);
    const num = rows.find((r) => r.node.id === '1.7.3');
    expect(num?.expandable && !num.expanded).toBe(true);
  });

  it('reads each value type as a person would', () => {
    const rows = flattenTree(root, allExpandable(root)).map((r) => line(r.node));
    expect(rows).toEqual([
      'Diagnostic imaging report',
      'HAS CONCEPT MOD | Language of Content Item and Descendants | English (United States)',
      'HAS OBS CONTEXT | Person Observer Name | Doe, Jane A',
      'HAS OBS CONTEXT | Study Date | 2024-01-15',
      'HAS OBS CONTEXT | Study Time | 09:30:00',
      'HAS OBS CONTEXT | Study Instance UID | 2.25.2',
      'CONTAINS | Source image | image …345678901234',
      'CONTAINS | Findings',
      `CONTAINS | Finding | ${TEXT_REPORT.finding}`,
      'CONTAINS | Finding | Nodule',
      'CONTAINS | Diameter | 12.5 mm',
      'INFERRED FROM | POLYLINE, 4 points',
      'SELECTED FROM | image …345678901234',
      'CONTAINS | Current Procedure Descriptions',
      'CONTAINS | Procedure Description',
      `CONTAINS | Procedure Description | ${TEXT_REPORT.deepText}`,
      'CONTAINS | Impressions',
      `CONTAINS | Impression | ${TEXT_REPORT.impression}`,
      'INFERRED FROM → item 1.7.3 (Diameter: 12.5 mm)',
      'INFERRED FROM → item 1.9.9: points to content item 1.9.9, which does not exist (dangling reference)',
      'INFERRED FROM → item 1.8: points to content item 1.8, which contains it: a cycle, not followed',
    ]);
  });

  it('collapsing an item hides its whole subtree; expanding shows only its children', () => {
    const open = new Set(allExpandable(root));
    open.delete('1.7');
    const rows = flattenTree(root, open).map((r) => r.node.id);
    expect(rows.filter((id) => id.startsWith('1.7.'))).toEqual([]);
    const first = flattenTree(root, new Set(['1'])).map((r) => r.node.id);
    expect(first).toEqual(['1', '1.1', '1.2', '1.3', '1.4', '1.5', '1.6', '1.7', '1.8']);
  });

  it('keeps a big tree short at first: 200 sections with a 50-line paragraph each open as 401 rows, not 10,401', () => {
    const big = decodeReport({
      ...textReportJson({ sopInstanceUID: '2.25.1', studyInstanceUID: '2.25.2', image: { sopClassUID: '1.2', sopInstanceUID: '1.3' } }),
      '0040A730': {
        vr: 'SQ',
        Value: Array.from({ length: 200 }, (_, s) =>
          container('CONTAINS', dcm('S', `Section ${s}`), [
            container('CONTAINS', dcm('P', 'Paragraph'), Array.from({ length: 50 }, (_, k) => textItem('CONTAINS', dcm('T', 'Text'), `line ${k}`))),
          ]),
        ),
      },
    }).root as ContentItem;
    expect(flattenTree(big, initiallyExpanded(big))).toHaveLength(1 + 200 + 200);
    expect(flattenTree(big, allExpandable(big))).toHaveLength(1 + 200 + 200 + 200 * 50);
  });

  it('names people family name first and titles carry the full UID and the problems', () => {
    expect(personNameText('Doe^Jane^A^Dr')).toBe('Doe, Jane A');
    expect(personNameText('Doe')).toBe('Doe');
    const image = flattenTree(root, allExpandable(root)).find((r) => r.node.id === '1.6')?.node as ContentNode;
    expect(rowTitle(image)).toContain('1.2.3.4.5.6.7.8.9.10.11.12345678901234');
    expect(rowTitle(image).split('\n')[0]).toBe('1.6 CONTAINS');
  });
});
