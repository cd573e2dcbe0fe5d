// The fast Part 10 reader must give what dcmjs's reader gives (our decoders are written against that model):
// every real file in ../shared/data, the generated sample study, and synthetic files for what those lack (big
// endian, implicit VR private sequences, every VR's odd strings, encapsulated layouts, character sets).
// Differences that are meant are tested as such, with dcmjs's output as the evidence.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { deflateRawSync } from 'node:zlib';
import dcmjs from 'dcmjs';
import type { DcmjsDict } from 'dcmjs';
import { describe, expect, it } from 'vitest';
import { readPart10Fast, Part10FormatError, Part10UnsupportedError } from './reader';
import { readPart10 } from './index';
import { differences, encodeElements, readWithDcmjs, testPart10, type TestElement } from './reader.testing';
import { HAS_SHARED_DATA, NO_SHARED_DATA_REASON, SHARED_DATA } from '../../testing/sharedData';
import { generateSampleStudy } from '../../samples';
import { bigReportSpec, measurementReportJson } from '../sr/testing/reportBuilder';
import { writePart10 } from '../sr/testing/writePart10';

const IMPLICIT = '1.2.840.10008.1.2';
const EXPLICIT = '1.2.840.10008.1.2.1';
const BIG = '1.2.840.10008.1.2.2';
const JPEG = '1.2.840.10008.1.2.4.50';

function dicomFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir).sort()) {
    const p = path.join(dir, e);
    if (statSync(p).isDirectory()) out.push(...dicomFiles(p));
    else {
      const b = readFileSync(p);
      if (b.length >= 132 && b.toString('latin1', 128, 132) === 'DICM') out.push(p);
    }
  }
  return out;
}

function arrayBuffer(b: Uint8Array): ArrayBuffer {
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
}

/** Ours against dcmjs; with untilPixelData, dcmjs's stub element for Pixel Data must be there and is set aside. */
function compare(buffer: ArrayBuffer, name: string, untilPixelData = false): string[] {
  const ours = readPart10Fast(buffer, name, { untilPixelData });
  const theirs = readWithDcmjs(buffer, untilPixelData);
  const stub = theirs.dict['7FE00010'] as unknown;
  if (untilPixelData && stub !== undefined) {
    expect(stub).toMatchObject({ vr: undefined, Value: 0 });
    expect(ours.dict['7FE00010']).toBeUndefined();
    delete theirs.dict['7FE00010'];
  }
  expect(ours.transferSyntaxUID).toBe(theirs.meta['00020010']?.Value?.[0]);
  return differences({ meta: ours.meta, dict: ours.dict }, theirs);
}

describe.skipIf(!HAS_SHARED_DATA)('same as dcmjs on every file in ../shared/data', () => {
  const files = HAS_SHARED_DATA ? dicomFiles(SHARED_DATA) : [];
  it('finds the files', () => expect(files.length).toBeGreaterThanOrEqual(80));
  it.each(files.map((f) => [path.relative(SHARED_DATA, f), f]))('%s', (name, file) => {
    const buffer = arrayBuffer(readFileSync(file));
    expect(compare(buffer, name)).toEqual([]);
    expect(compare(buffer, name, true)).toEqual([]);
  });
});
// Without ../shared/data the real-file comparison above is skipped; say so in the output.
if (!HAS_SHARED_DATA) console.warn(NO_SHARED_DATA_REASON);

describe('same as dcmjs on generated objects', () => {
  it.each(generateSampleStudy({ rows: 64, columns: 64, slices: 10 }).map((f) => [f.name, f.bytes]))(
    'sample study %s',
    (name, bytes) => {
      expect(compare(arrayBuffer(bytes), name)).toEqual([]);
    },
  );
  it('a TID1500 report of 100 groups (undefined-length sequences 6 deep)', () => {
    expect(compare(writePart10(measurementReportJson(bigReportSpec(100, 5))), 'report.dcm')).toEqual([]);
  });
});

// ---- synthetic data sets

const nameMap = dcmjs.data.DicomMetaDictionary.nameMap;

function kw(keyword: string, el: Partial<TestElement> = {}): TestElement {
  const entry = nameMap[keyword];
  if (!entry) throw new Error(`no keyword ${keyword}`);
  const tag = parseInt(entry.tag.slice(1, 5) + entry.tag.slice(6, 10), 16);
  return { tag, vr: entry.vr, ...el };
}

const bytes = (...b: number[]) => Uint8Array.from(b);
const seq = (items: TestElement[][], undefinedLength = true): Partial<TestElement> => ({
  items,
  undefinedLength,
  undefinedItems: undefinedLength,
});

function nested(depth: number): TestElement[] {
  const here = [kw('RelationshipType', { text: 'CONTAINS' }), kw('TextValue', { text: `depth ${depth}\\x ` })];
  return depth === 0
    ? here
    : [...here, kw('ContentSequence', seq([nested(depth - 1), nested(depth - 1)], depth % 2 === 0))];
}

/** One element of (nearly) every VR, with the strings dcmjs treats in its particular ways. */
function zoo(explicit: boolean): TestElement[] {
  const els: TestElement[] = [
    kw('ImageType', { text: 'ORIGINAL\\PRIMARY \\ AXIAL' }),
    kw('InstanceCreationDate', { text: '20200101' }),
    kw('InstanceCreationTime', { text: '101010.5' }),
    kw('SOPClassUID', { text: '1.2.840.10008.5.1.4.1.1.7' }),
    kw('SOPInstanceUID', { text: '1.2.3\\4.5.6' }),
    kw('StudyDate', { text: '2020\\202001' }),
    kw('AcquisitionDateTime', { text: '2020\\20201' }),
    kw('Manufacturer', { text: '  Maker  \\ B ' }),
    kw('ReferringPhysicianName', { text: 'Doe^John\\\\Roe^Jane=R^J=r^j\\=Ideo ' }),
    kw('StationName', { text: '' }),
    kw('StudyDescription', { text: 'caf\xe9 \x80' }),
    kw('ReferencedSeriesSequence', {
      ...seq(
        [
          [
            kw('SeriesInstanceUID', { text: '1.2\0' }),
            kw('ReferencedInstanceSequence', seq([[kw('ReferencedSOPInstanceUID', { text: '9.8' })], []])),
          ],
          [],
        ],
        false,
      ),
    }),
    kw('SourceImageSequence', seq([])),
    kw('ReferencedImageSequence', seq([], false)),
    { tag: 0x00090010, vr: 'LO', text: 'ACME 1.0' },
    { tag: 0x00091001, vr: 'DS', text: '1.5' },
    { tag: 0x00091002, vr: 'SQ', ...seq([[kw('CodeValue', { text: 'X1' })]]) },
    kw('PatientAge', { text: '045Y' }),
    kw('PatientSize', { text: ' 1.75' }),
    kw('SliceThickness', { text: '1e3\\-0\\+7\\.5\\1.\\abc\\\\0x10\\1 2\\12345678901234567\\-1.5E-3\\Infinity\\ 3 ' }),
    kw('InstanceNumber', { text: ' 42\\-0\\+3\\1.5\\\\x\\99999999999999999\\007' }),
    kw('ImageComments', { text: 'line1\\line2  \r\n ' }),
    kw('Rows', { numbers: [64] }),
    kw('Columns', { numbers: [1, 2, 3] }),
    kw('FrameIncrementPointer', { numbers: [] }),
    kw('SmallestImagePixelValue', { vr: 'SS', numbers: [0xfffb] }),
    kw('SelectorAEValue', { text: ' AE1 \\AE2' }),
    kw('SelectorASValue', { text: '' }),
    kw('SelectorATValue', { numbers: [0x00100010, 0x7fe00010] }),
    kw('SelectorCSValue', { text: '' }),
    kw('SelectorDAValue', { text: '2020010' }),
    kw('SelectorDSValue', { text: '' }),
    kw('SelectorDTValue', { text: '' }),
    kw('SelectorISValue', { text: '' }),
    kw('SelectorOBValue', { bytes: bytes(1, 2, 3, 4) }),
    kw('SelectorSHValue', { text: 'x\x80y' }),
    kw('SelectorLOValue', { text: '' }),
    kw('SelectorUTValue', { text: 'long\\text\t ' }),
    kw('SelectorOFValue', { bytes: bytes(0, 0, 0x80, 0x3f) }),
    kw('SelectorPNValue', { text: '' }),
    kw('SelectorTMValue', { text: '1010 \\1011' }),
    kw('SelectorURValue', { text: 'http://x/y z ' }),
    kw('SelectorSTValue', { text: 'a\\b ' }),
    kw('SelectorUCValue', { text: 'u1\\u2  ' }),
    kw('SelectorODValue', { bytes: bytes(0, 0, 0, 0, 0, 0, 0xf0, 0x3f) }),
    kw('SelectorFDValue', { numbers: [Math.PI, -0] }),
    kw('SelectorOLValue', { bytes: bytes(1, 0, 0, 0) }),
    kw('SelectorFLValue', { numbers: [1.5, -2.25, 3.1] }),
    kw('SelectorULValue', { numbers: [0xffffffff] }),
    kw('SelectorUSValue', { numbers: [] }),
    kw('SelectorSLValue', { numbers: [0xffffffff, 2] }),
    kw('SelectorSSValue', { numbers: [0x8000] }),
    kw('SelectorUIValue', { text: '1.2.3' }),
    kw('SelectorOVValue', { bytes: bytes(1, 0, 0, 0, 0, 0, 0, 0) }),
    kw('SelectorSVValue', { bytes: bytes(2, 0, 0, 0, 0, 0, 0, 0) }),
    kw('SelectorUVValue', { bytes: bytes(3, 0, 0, 0, 0, 0, 0, 1) }),
    kw('ContentSequence', seq([nested(5)])),
    kw('PixelData', { vr: 'OW', bytes: bytes(1, 2, 3, 4, 5, 6, 7, 8) }),
  ];
  if (explicit) {
    // UN of tags the dictionary knows (dcmjs reads them as that VR, unsplit), a VR code nobody knows
    els.push(
      { tag: 0x00091003, vr: 'ZZ', bytes: bytes(9, 9) },
      kw('SliceLocation', { vr: 'UN', text: '2.5\\3' }),
      kw('StudyID', { vr: 'UN', text: 'A\\B ' }),
      kw('PatientName', { vr: 'UN', text: 'X^Y\\Z' }),
      kw('LargestImagePixelValue', { vr: 'UN', bytes: bytes(0xfe, 0xff) }),
      kw('SeriesNumber', { vr: 'UN', text: '7' }),
      kw('Modality', { vr: 'UN', text: 'CT\\MR ' }),
      kw('FrameOfReferenceUID', { vr: 'UN', text: '1.2\\3' }),
      kw('WindowCenter', { vr: 'UN', text: '' }),
      kw('RescaleType', { vr: 'UN', bytes: new Uint8Array(0) }),
      kw('ReferencedFrameNumber', { vr: 'UN', text: '1\\2' }),
      kw('RecommendedDisplayCIELabValue', { vr: 'UN', bytes: bytes(1, 0, 2, 0, 3, 0) }),
    );
  }
  return els.sort((a, b) => a.tag - b.tag);
}

describe('same as dcmjs on synthetic data sets', () => {
  it.each([
    ['explicit VR little endian', EXPLICIT],
    ['implicit VR little endian', IMPLICIT],
    ['explicit VR big endian', BIG],
  ])('every VR, nested and private sequences: %s', (_, ts) => {
    const buffer = testPart10(zoo(ts !== IMPLICIT), ts);
    expect(compare(buffer, 'zoo.dcm')).toEqual([]);
    expect(compare(buffer, 'zoo.dcm', true)).toEqual([]);
  });

  it('reads the odd values as dcmjs does (a check on the test itself: these are the dcmjs rules)', () => {
    const { dict } = readPart10Fast(testPart10(zoo(true), EXPLICIT), 'zoo.dcm');
    expect(dict['00180050'].Value).toEqual([
      1000,
      -0,
      7,
      0.5,
      1,
      null,
      null,
      10,
      12,
      12345678901234568,
      -0.0015,
      null,
      3,
    ]);
    expect(dict['00200013'].Value).toEqual([42, -0, 3, null, null, null, 1e17, 7]); // 99999999999999999 rounds
    expect(dict['00080090'].Value).toEqual([
      { Alphabetic: 'Doe^John' },
      { Alphabetic: 'Roe^Jane', Ideographic: 'R^J', Phonetic: 'r^j' },
      { Ideographic: 'Ideo ' }, // one pad space dropped, not the space before it
    ]);
    expect(dict['00080008'].Value).toEqual(['ORIGINAL', 'PRIMARY', 'AXIAL']);
    expect(dict['00080070'].Value).toEqual(['Maker  ', ' B']);
    expect(dict['00080020'].Value).toEqual(['2020', '202001']); // the pad of an odd last value goes
    expect(dict['00720061'].Value).toEqual(['2020010 ']); // that of a single value stays
    expect(dict['00204000'].Value).toEqual(['line1\\line2']);
    expect(dict['00280009'].Value).toEqual([undefined]);
    expect(dict['00720078'].Value).toEqual([0xffffffff]);
    expect(dict['0072007A'].Value).toEqual([0]);
    expect(dict['00720083'].Value).toEqual([0x0100000000000003n]);
    expect(dict['00720075'].vr).toBe('UN');
    expect(dict['00091003'].vr).toBe('UN');
    expect(dict['00201041']).toEqual({ vr: 'DS', Value: [2.5, 3] });
    expect(dict['00200010']).toEqual({ vr: 'SH', Value: ['A\\B'] });
    expect(dict['00280107']).toEqual({ vr: 'xs', Value: [0xfffe] });
    expect(dict['00081115'].Value).toHaveLength(1); // the empty item is left out
    expect(dict['00081115'].Value?.[0]).toMatchObject({ '0020000E': { vr: 'UI', Value: ['1.2'] } });
  });

  it.each([
    ['no offset table, one fragment per frame', [], [2, 4, 6]],
    ['offset table, one fragment per frame', [0, 10, 22], [2, 4, 6]],
    ['offset table, two fragments per frame', [0, 22], [2, 4, 6, 8]],
    ['offset table of one frame', [0], [2, 4, 6]],
  ])('encapsulated Pixel Data: %s', (_, offsets, sizes) => {
    const fragments = sizes.map((n, i) => new Uint8Array(n).fill(i + 1));
    const icon = [kw('Rows', { numbers: [1] }), kw('PixelData', { vr: 'OB', fragments, offsets })];
    const els = [
      kw('IconImageSequence', seq([icon], false)),
      kw('NumberOfFrames', { text: String(offsets.length || sizes.length) }),
      kw('PixelData', { vr: 'OB', fragments, offsets }),
      { tag: 0xfffcfffc, vr: 'OB', bytes: new Uint8Array(4) },
    ];
    const buffer = testPart10(els, JPEG);
    expect(compare(buffer, 'jpeg.dcm')).toEqual([]);
    const value = readPart10Fast(buffer, 'jpeg.dcm').dict['7FE00010'].Value as Array<Uint8Array | Uint8Array[]>;
    expect(value.length).toBe(offsets.length || sizes.length);
  });

  it('reads a file meta group written without its group length', () => {
    expect(compare(testPart10(zoo(true), EXPLICIT, { groupLength: false }), 'nometa.dcm')).toEqual([]);
  });

  it.each([
    ['ISO_IR 192', 'Zoë^Jürgen', true],
    ['ISO_IR 100', 'Zo\xeb^J\xfcrgen', false],
    ['ISO_IR 999', 'Zo\xeb', false],
    ['\\ISO 2022 IR 87', 'Zo\xeb', false],
  ])('character set %s at the top level', (charset, text, utf8) => {
    const els = [
      kw('SpecificCharacterSet', { text: charset }),
      kw('PatientName', { text, utf8 }),
      kw('PatientComments', { text: `${text}\\${text}`, utf8 }),
    ];
    const buffer = testPart10(els, EXPLICIT);
    expect(compare(buffer, 'charset.dcm')).toEqual([]);
  });

  it('character set of an item of its own', () => {
    const item = [kw('SpecificCharacterSet', { text: 'ISO_IR 192' }), kw('CodeMeaning', { text: 'Zoë', utf8: true })];
    expect(compare(testPart10([kw('ConceptNameCodeSequence', seq([item]))], EXPLICIT), 'item.dcm')).toEqual([]);
  });

  it('ISO 2022 IR 87 (JIS X 0208 with escape sequences), as dcmjs decodes it', () => {
    const jis = '\x1b$B;3ED\x1b(B^\x1b$BB@O:\x1b(B';
    const els = [kw('SpecificCharacterSet', { text: 'ISO 2022 IR 87' }), kw('PatientName', { text: jis })];
    expect(compare(testPart10(els, EXPLICIT), 'jis.dcm')).toEqual([]);
  });
});

describe('intended differences from dcmjs', () => {
  it('items inherit the Specific Character Set (PS3.5 7.5.3); dcmjs decodes them as Latin-1', () => {
    const els = [
      kw('SpecificCharacterSet', { text: 'ISO_IR 192' }),
      kw('PatientName', { text: 'Zoë', utf8: true }),
      kw('ConceptNameCodeSequence', seq([[kw('CodeMeaning', { text: 'Zoë', utf8: true })]])),
    ];
    const buffer = testPart10(els, EXPLICIT);
    const ours = readPart10Fast(buffer, 'utf8.dcm').dict;
    const theirs = readWithDcmjs(buffer).dict;
    expect(ours['00100010'].Value).toEqual([{ Alphabetic: 'Zoë' }]);
    const meaning = (d: DcmjsDict) => (d['0040A043'].Value?.[0] as DcmjsDict)['00080104'].Value;
    expect(meaning(ours)).toEqual(['Zoë']);
    expect(meaning(theirs)).toEqual(['ZoÃ«']);
  });

  it('reads an undefined-length item element by element; dcmjs scans for the delimiter bytes and ends it early', () => {
    const trap = bytes(0xfe, 0xff, 0x0d, 0xe0, 0, 0, 0, 0); // an item delimiter's bytes inside a binary value
    const item = [kw('SelectorOBValue', { bytes: trap }), kw('CodeValue', { text: 'AFTER' })];
    const els = [kw('ContentSequence', seq([item])), kw('PatientID', { text: 'P1' })];
    const buffer = testPart10(els, EXPLICIT);
    const ours = readPart10Fast(buffer, 'trap.dcm').dict;
    const value = ours['0040A730'].Value as DcmjsDict[];
    expect([...(value[0]['00720065'].Value?.[0] as Uint8Array)]).toEqual([...trap]);
    expect(value[0]['00080100'].Value).toEqual(['AFTER']);
    expect(ours['00100020'].Value).toEqual(['P1']);
    expect(differences({ dict: ours }, { dict: readWithDcmjs(buffer).dict })).not.toEqual([]);
  });

  it('binary values are views on the input, not copies, and elements have no _rawValue', () => {
    const buffer = testPart10(zoo(true), EXPLICIT);
    const ours = readPart10Fast(buffer, 'zoo.dcm').dict;
    const pixels = ours['7FE00010'].Value?.[0] as Uint8Array;
    expect(pixels.buffer).toBe(buffer);
    expect(Object.keys(ours['00080008'])).toEqual(['vr', 'Value']);
    expect(Object.keys(readWithDcmjs(buffer).dict['00080008'])).toEqual(['vr', 'Value', '_rawValue']);
  });
});

describe('malformed input', () => {
  it('names the file when the DICM marker is missing', () => {
    expect(() => readPart10Fast(new ArrayBuffer(200), 'empty.dcm')).toThrow(/empty\.dcm: not a DICOM Part 10 file/);
  });

  it('leaves deflated files to the caller', () => {
    const buffer = testPart10([kw('Rows', { numbers: [1] })], '1.2.840.10008.1.2.1.99');
    expect(() => readPart10Fast(buffer, 'deflated.dcm')).toThrow(Part10UnsupportedError);
  });

  it('refuses sequences nested beyond reason instead of overflowing the stack', () => {
    let els: TestElement[] = [kw('CodeValue', { text: 'X' })];
    for (let i = 0; i < 300; i++) els = [kw('ContentSequence', seq([els]))];
    expect(() => readPart10Fast(testPart10(els, EXPLICIT), 'deep.dcm')).toThrow(/nested more than 200 deep/);
  });

  /**
   * Every cut of the file either ends between two top-level elements (a shorter, valid file: some of the
   * elements) or throws a Part10FormatError naming the file and a byte offset inside what is left.
   */
  function cuts(buffer: ArrayBuffer, name: string, step: number): { errors: number; prefixes: number } {
    const full = readPart10Fast(buffer, name);
    const keys = Object.keys(full.dict);
    let errors = 0;
    let prefixes = 0;
    for (let n = 132; n < buffer.byteLength; n += step) {
      const cut = buffer.slice(0, n);
      let result: ReturnType<typeof readPart10Fast> | undefined;
      try {
        result = readPart10Fast(cut, name);
      } catch (e) {
        if (!(e instanceof Part10FormatError)) throw new Error(`cut at ${n}: ${String(e)}`, { cause: e });
        expect(e.message).toContain(`${name}: `);
        expect(e.message).toMatch(/\(at byte \d+\)$/);
        expect(e.offset).toBeLessThanOrEqual(n);
        errors++;
        continue;
      }
      // (a subset, not a prefix: keys like '52009229' are array indexes, which objects list first)
      const got = Object.keys(result.dict);
      expect(
        got.filter((k) => !keys.includes(k)),
        `cut at ${n}`,
      ).toEqual([]);
      expect(differences(result.dict, Object.fromEntries(got.map((k) => [k, full.dict[k]])))).toEqual([]);
      prefixes++;
    }
    return { errors, prefixes };
  }

  it('every truncation of a synthetic file with nested undefined lengths and encapsulated data', () => {
    const fragments = [new Uint8Array(6).fill(1), new Uint8Array(4).fill(2)];
    const els = [
      ...zoo(true).filter((e) => e.tag !== 0x7fe00010),
      kw('PixelData', { vr: 'OB', fragments, offsets: [0, 14] }),
    ];
    const { errors, prefixes } = cuts(testPart10(els, JPEG), 'cut.dcm', 1);
    expect(errors).toBeGreaterThan(1000);
    expect(prefixes).toBeGreaterThan(50);
  });

  it
    .skipIf(!HAS_SHARED_DATA)
    .each(['highdicom/sr_document_with_multiple_groups.dcm', 'pydicom-data/liver_rle.dcm', 'pydicom/CT_small.dcm'])(
    'truncations of %s',
    (file) => {
      const { errors } = cuts(arrayBuffer(readFileSync(path.join(SHARED_DATA, file))), path.basename(file), 3);
      expect(errors).toBeGreaterThan(100);
    },
  );
});

describe('readPart10', () => {
  it('reads with the fast reader (binary values are views on the input)', () => {
    const buffer = testPart10(zoo(true), EXPLICIT);
    const p10 = readPart10(buffer, 'zoo.dcm');
    expect((p10.dict['7FE00010'].Value?.[0] as Uint8Array).buffer).toBe(buffer);
    expect(p10.transferSyntaxUID).toBe(EXPLICIT);
  });

  it('falls back to dcmjs for a deflated data set', () => {
    const plain = new Uint8Array(testPart10(zoo(true), '1.2.840.10008.1.2.1.99'));
    const metaEnd = 144 + new DataView(plain.buffer).getUint32(140, true);
    const deflated = deflateRawSync(plain.subarray(metaEnd));
    const bytes = new Uint8Array(metaEnd + deflated.length);
    bytes.set(plain.subarray(0, metaEnd));
    bytes.set(deflated, metaEnd);
    const p10 = readPart10(bytes.buffer, 'deflated.dcm');
    expect(p10.transferSyntaxUID).toBe('1.2.840.10008.1.2.1.99');
    expect(differences(p10.dict, readWithDcmjs(bytes.buffer).dict)).toEqual([]);
    expect(differences(readPart10Fast(testPart10(zoo(true), EXPLICIT), 'zoo.dcm').dict, p10.dict)).toEqual([]);
  });

  it('gives a truncated file as dcmjs does (what it read before the cut), and no Pixel Data stub', () => {
    const full = testPart10(zoo(true), EXPLICIT);
    const cut = full.slice(0, full.byteLength - 3);
    expect(() => readPart10Fast(cut, 'cut.dcm')).toThrow(Part10FormatError);
    const p10 = readPart10(cut, 'cut.dcm');
    expect(differences(p10.dict, readWithDcmjs(cut).dict)).toEqual([]);
    // dcmjs pads the cut value with zeros up to its declared length, silently
    expect([...(p10.dict['7FE00010'].Value?.[0] as Uint8Array)]).toEqual([1, 2, 3, 4, 5, 0, 0, 0]);
    const head = readPart10(cut, 'cut.dcm', { untilPixelData: true });
    expect(head.dict['7FE00010']).toBeUndefined();
    expect(head.dict['00720083']).toBeDefined();
  });
});

describe('the comparison itself', () => {
  it('finds a changed byte, value, VR or missing element', () => {
    const a = readPart10Fast(testPart10(zoo(true), EXPLICIT), 'a.dcm').dict;
    const b = readWithDcmjs(testPart10(zoo(true), EXPLICIT)).dict;
    expect(differences(a, b)).toEqual([]);
    (b['7FE00010'].Value?.[0] as Uint8Array)[3] = 99;
    (b['00180050'].Value as unknown[])[1] = 0;
    b['00280010'].vr = 'SS';
    delete b['00720076'];
    const found = differences(a, b).map((d) => d.slice(0, d.indexOf(':')));
    expect(found.sort()).toEqual(['/00180050/Value/1', '/00280010/vr', '/00720076', '/7FE00010/Value/0']);
  });

  it('encodes big endian numbers in the test writer', () => {
    const be = encodeElements([kw('Rows', { numbers: [0x0102] })], { explicit: true, little: false });
    expect([...be]).toEqual([0x00, 0x28, 0x00, 0x10, 0x55, 0x53, 0x00, 0x02, 0x01, 0x02]);
  });
});
