// The generic content tree: every value type, positions, and by-reference relationships that resolve,
// dangle or loop. Data sets are written as DICOM JSON by hand so each case states exactly what is decoded.
import { describe, expect, it } from 'vitest';
import type { DicomJsonDataset } from '../json';
import type { ContentItem, ContentReference } from './contentItem';
import { decodeReport, findContentItem, relatedItems } from './index';
import { SRSOPClass } from './sopClasses';
import {
  byReference,
  codeItem,
  container,
  dcm,
  el,
  imageItem,
  item,
  numItem,
  scoord3dItem,
  scoordItem,
  srDocument,
  textItem,
  ucum,
  uidItem,
} from './testing/contentBuilder';
import { Tag } from '../tags';

const CT = '1.2.840.10008.5.1.4.1.1.2';
const title = dcm('18748-4', 'Diagnostic Imaging Report');
const doc = (children: DicomJsonDataset[], sopClassUID: string = SRSOPClass.Comprehensive3DSR) =>
  decodeReport(srDocument({ sopClassUID, sopInstanceUID: '2.25.7', title, children }));

function at(root: ContentItem | null, position: string): ContentItem {
  const found = findContentItem(root, position);
  if (!found) throw new Error(`no content item ${position}`);
  return found;
}

describe('generic SR content tree', () => {
  const d = doc([
    codeItem('HAS CONCEPT MOD', dcm('121049', 'Language'), { code: 'en', scheme: 'RFC5646', meaning: 'English' }),
    item('HAS OBS CONTEXT', 'PNAME', dcm('121008', 'Person Observer Name'), {
      [Tag.PersonName]: el('PN', { Alphabetic: 'Doe^Jane' }),
    }),
    container('CONTAINS', dcm('121070', 'Findings'), [
      textItem('CONTAINS', dcm('121071', 'Finding'), 'A small nodule'),
      numItem('CONTAINS', dcm('121206', 'Distance'), '12.5', ucum('mm'), [
        scoordItem('INFERRED FROM', null, 'POLYLINE', [1, 2, 3, 4], {
          sopClassUID: CT,
          sopInstanceUID: '2.25.1',
          frames: [3],
        }),
      ]),
      uidItem('CONTAINS', dcm('112040', 'Tracking Unique Identifier'), '2.25.99'),
      item('CONTAINS', 'DATE', dcm('111060', 'Study Date'), { [Tag.Date]: el('DA', '20240115') }),
      item('CONTAINS', 'TIME', dcm('111061', 'Study Time'), { [Tag.Time]: el('TM', '093000') }),
      item('CONTAINS', 'DATETIME', dcm('111526', 'DateTime'), { [Tag.DateTime]: el('DT', '20240115093000') }),
      imageItem('CONTAINS', dcm('121191', 'Referenced Segment'), {
        sopClassUID: CT,
        sopInstanceUID: '2.25.3',
        segments: [2],
      }),
      imageItem(
        'CONTAINS',
        dcm('126100', 'RWVM'),
        { sopClassUID: '1.2.840.10008.5.1.4.1.1.67', sopInstanceUID: '2.25.4' },
        'COMPOSITE',
      ),
      imageItem('CONTAINS', dcm('121097', 'Waveform'), { sopClassUID: '1.2.3', sopInstanceUID: '2.25.5' }, 'WAVEFORM'),
      scoord3dItem(
        'CONTAINS',
        dcm('111030', 'Image Region'),
        'POLYGON',
        [0, 0, 0, 1, 0, 0, 1, 1, 0, 0, 0, 0],
        '2.25.6',
      ),
      item('CONTAINS', 'TCOORD', dcm('121000', 'Time'), {
        [Tag.TemporalRangeType]: el('CS', 'SEGMENT'),
        [Tag.ReferencedTimeOffsets]: el('DS', 0.5, 1.5),
      }),
      byReference('INFERRED FROM', [1, 3, 2]),
    ]),
  ]);

  it('decodes every value type with its value', () => {
    expect(d.problems).toEqual([]);
    expect(d.measurementReport).toBeNull();
    expect(d.title?.meaning).toBe('Diagnostic Imaging Report');
    expect(d.itemCount).toBe(17);
    const values = (at(d.root, '1.3').children as ContentItem[]).map((c) => c.valueType);
    expect(values).toEqual([
      'TEXT',
      'NUM',
      'UIDREF',
      'DATE',
      'TIME',
      'DATETIME',
      'IMAGE',
      'COMPOSITE',
      'WAVEFORM',
      'SCOORD3D',
      'TCOORD',
      undefined,
    ]);
    expect(at(d.root, '1.2')).toMatchObject({
      valueType: 'PNAME',
      value: 'Doe^Jane',
      relationshipType: 'HAS OBS CONTEXT',
    });
    expect(at(d.root, '1.1')).toMatchObject({ valueType: 'CODE', value: { code: 'en', scheme: 'RFC5646' } });
    expect(at(d.root, '1.3.2')).toMatchObject({
      valueType: 'NUM',
      value: 12.5,
      numericValueText: '12.5',
      unit: { code: 'mm' },
    });
    expect(at(d.root, '1.3.2.1')).toMatchObject({
      valueType: 'SCOORD',
      graphicType: 'POLYLINE',
      graphicData: [1, 2, 3, 4],
      relationshipType: 'INFERRED FROM',
    });
    expect(at(d.root, '1.3.2.1.1')).toMatchObject({ reference: { sopInstanceUID: '2.25.1', frameNumbers: [3] } });
    expect(at(d.root, '1.3.7')).toMatchObject({ reference: { sopInstanceUID: '2.25.3', segmentNumbers: [2] } });
    expect(at(d.root, '1.3.10')).toMatchObject({ graphicType: 'POLYGON', referencedFrameOfReferenceUID: '2.25.6' });
    expect(at(d.root, '1.3.11')).toMatchObject({ temporalRangeType: 'SEGMENT', referencedTimeOffsets: [0.5, 1.5] });
    expect(at(d.root, '1.3.6')).toMatchObject({ valueType: 'DATETIME', value: '20240115093000' });
  });

  it('resolves a by-reference relationship to the item it names, and lists it among related items', () => {
    const reference = at(d.root, '1.3').children[11] as ContentReference;
    expect(reference.kind).toBe('reference');
    expect(reference.target?.id).toBe('1.3.2');
    const related = relatedItems(at(d.root, '1.3'));
    expect(related[11]).toMatchObject({ relationshipType: 'INFERRED FROM', byReference: true, item: { id: '1.3.2' } });
    expect(d.referenceCount).toBe(1);
  });

  it('a non-TID 1500 document keeps its tree and has no measurement model', () => {
    expect(d.templateId).toBeNull();
    expect(d.root?.children).toHaveLength(3);
  });
});

describe('by-reference relationships that cannot be followed', () => {
  it('reports a dangling reference and one to a by-reference item, and does not follow them', () => {
    const d = doc([
      container('CONTAINS', dcm('1', 'A'), [
        textItem('CONTAINS', dcm('2', 'B'), 'b'),
        byReference('INFERRED FROM', [1, 1, 9]),
      ]),
      byReference('INFERRED FROM', [1, 1, 2]),
      byReference('INFERRED FROM', []),
      byReference('INFERRED FROM', [2, 1]),
    ]);
    expect(d.problems).toEqual([
      'by-reference relationship 1.1.2: points to content item 1.1.9, which does not exist (dangling reference)',
      'by-reference relationship 1.2: points to content item 1.1.2, which is itself a by-reference relationship (dangling reference)',
      'by-reference relationship 1.3: ReferencedContentItemIdentifier is empty, so it points nowhere',
      'by-reference relationship 1.4: ReferencedContentItemIdentifier 2.1 does not start at the root (1)',
    ]);
    expect(relatedItems(at(d.root, '1.1')).map((r) => r.item.id)).toEqual(['1.1.1']);
  });

  it('reports a reference to an ancestor as a cycle and leaves it unresolved', () => {
    const d = doc([
      container('CONTAINS', dcm('1', 'A'), [
        container('CONTAINS', dcm('2', 'B'), [byReference('INFERRED FROM', [1, 1])]),
      ]),
    ]);
    expect(d.problems).toEqual([
      'by-reference relationship 1.1.1.1: points to content item 1.1, which contains it: a cycle, not followed',
    ]);
    expect((at(d.root, '1.1.1').children[0] as ContentReference).target).toBeNull();
  });

  it('reports a cycle through two references between siblings, and a reference to the root', () => {
    const d = doc([
      container('CONTAINS', dcm('1', 'A'), [byReference('INFERRED FROM', [1, 2])]),
      container('CONTAINS', dcm('2', 'B'), [byReference('INFERRED FROM', [1, 1])]),
      container('CONTAINS', dcm('3', 'C'), [byReference('INFERRED FROM', [1, 1])]),
      byReference('INFERRED FROM', [1]),
    ]);
    expect(d.problems).toEqual([
      'by-reference relationship 1.1.1: points to content item 1.2, whose content leads back here: a cycle, not followed',
      'by-reference relationship 1.2.1: points to content item 1.1, whose content leads back here: a cycle, not followed',
      'by-reference relationship 1.4: points to content item 1, which contains it: a cycle, not followed',
    ]);
    // C's reference to A is not on a cycle (nothing leads back to C), so it is followed.
    expect(relatedItems(at(d.root, '1.3')).map((r) => r.item.id)).toEqual(['1.1']);
  });

  it('walking children plus resolved targets always ends, whatever the references', () => {
    const refs = Array.from({ length: 50 }, (_, i) => byReference('INFERRED FROM', [1, ((i * 7) % 50) + 1]));
    const d = doc(Array.from({ length: 50 }, (_, i) => container('CONTAINS', dcm(`${i}`, `N${i}`), [refs[i]])));
    let visits = 0;
    const walk = (node: ContentItem, depth: number): void => {
      visits++;
      expect(depth).toBeLessThan(200);
      for (const r of relatedItems(node)) walk(r.item, depth + 1);
    };
    walk(d.root as ContentItem, 0);
    expect(visits).toBeGreaterThan(50);
    expect(d.problems.every((p) => p.includes('a cycle, not followed'))).toBe(true);
  });
});

describe('structure that is not SR content', () => {
  it('a data set built in code that contains itself is reported, not walked forever', () => {
    const loop = container('CONTAINS', dcm('1', 'Loop'), []);
    loop[Tag.ContentSequence] = el('SQ', loop);
    const d = doc([loop]);
    expect(d.problems).toEqual([
      'content item 1.1.1 (UNSUPPORTED): contains itself (the same data set appears above it); not read again',
    ]);
  });

  it('stops reading below 64 levels of nesting', () => {
    let deepest = textItem('CONTAINS', dcm('x', 'Leaf'), 'leaf');
    for (let i = 0; i < 100; i++) deepest = container('CONTAINS', dcm(`${i}`, 'Level'), [deepest]);
    const d = doc([deepest]);
    expect(d.problems).toHaveLength(1);
    expect(d.problems[0]).toMatch(/nested more than 64 levels deep; the 1 item\(s\) below are not read/);
  });

  it('an unknown value type, a bad relationship type and a missing ValueType are kept with problems', () => {
    const d = doc([
      item('CONTAINS', 'TABLE', dcm('1', 'A table')),
      item('IS NEAR', 'TEXT', dcm('2', 'Text'), { [Tag.TextValue]: el('UT', 'x') }),
      { [Tag.RelationshipType]: el('CS', 'CONTAINS') },
    ]);
    expect(d.problems).toEqual([
      'content item 1.1 (UNSUPPORTED "A table"): value type "TABLE" is not supported; its value is not shown',
      'content item 1.2 (TEXT "Text"): RelationshipType "IS NEAR" is not one of the standard\'s (CONTAINS, HAS PROPERTIES, HAS OBS CONTEXT, HAS ACQ CONTEXT, HAS CONCEPT MOD, INFERRED FROM, SELECTED FROM)',
      'content item 1.3 (UNSUPPORTED): ValueType is missing',
    ]);
    expect(at(d.root, '1.2')).toMatchObject({ value: 'x', relationshipType: null });
  });

  it('a data set that is no SR document yields no tree and says so', () => {
    const d = decodeReport({ [Tag.SOPClassUID]: el('UI', CT) });
    expect(d.root).toBeNull();
    expect(d.problems).toEqual([
      `SOP class ${CT} is not an SR document class; its content tree was read anyway`,
      'the data set has no ValueType, so it holds no SR content tree',
    ]);
  });

  it('flags SCOORD3D in an Enhanced SR and by-reference relationships in Enhanced SR', () => {
    const d = doc(
      [scoord3dItem('CONTAINS', dcm('1', 'P'), 'POINT', [1, 2, 3], '2.25.6'), byReference('INFERRED FROM', [1, 1])],
      SRSOPClass.EnhancedSR,
    );
    expect(d.problems).toEqual([
      'content item 1.1 (SCOORD3D "P"): SCOORD3D is not allowed in Enhanced SR (only in Comprehensive 3D SR); decoded anyway',
      'by-reference relationship 1.2: by-reference relationships are not allowed in Enhanced SR; followed anyway',
    ]);
  });
});
