import { describe, expect, it } from 'vitest';
import { fallbackColor } from '../codes/color';
import { contourDataBulkDataURIs, decodeStructureSetAsync } from './bulkData';
import { decodeStructureSet } from './decode';
import { decodeStructureSetPart10 } from './part10';
import { structureSetSummary } from './summary';
import { FIXTURE_FRAME_OF_REFERENCE, circle, structureSetJson } from './testFixtures';

const square = (z: number, half = 10): number[] => [-half, -half, z, half, -half, z, half, half, z, -half, half, z];

describe('decodeStructureSet: well-formed input', () => {
  const ds = structureSetJson([
    {
      number: 1,
      name: 'Body',
      color: [0, 200, 0],
      interpretedType: 'EXTERNAL',
      contours: [{ points: square(0, 50) }, { points: square(2.5, 50) }],
    },
    {
      number: 7,
      name: 'Marker',
      interpretedType: 'MARKER',
      observationLabel: 'fiducial',
      contours: [{ type: 'POINT', points: [1, 2, 2.5] }],
    },
    {
      number: 3,
      name: 'Wire',
      color: ['255', '0', '10'],
      contours: [{ type: 'OPEN_NONPLANAR', points: [0, 0, 0, 1, 1, 2.5, 2, 2, 5] }],
    },
  ]);
  const set = decodeStructureSet(ds);

  it('reads the structure set header and frame of reference', () => {
    expect(set.structureSetLabel).toBe('FIXTURE');
    expect(set.structureSetName).toBe('FIXTURE name');
    expect(set.structureSetDate).toBe('20240115');
    expect(set.structureSetTime).toBe('120000');
    expect(set.frameOfReferenceUIDs).toEqual([FIXTURE_FRAME_OF_REFERENCE]);
    expect(set.problems).toEqual([]);
  });

  it('joins the three ROI sequences by ROI number, in StructureSetROISequence order', () => {
    expect(
      set.rois.map((r) => [
        r.roiNumber,
        r.roiName,
        r.rtRoiInterpretedType,
        r.roiObservationLabel,
        r.roiGenerationAlgorithm,
      ]),
    ).toEqual([
      [1, 'Body', 'EXTERNAL', 'Body', 'MANUAL'],
      [7, 'Marker', 'MARKER', 'fiducial', 'MANUAL'],
      [3, 'Wire', null, 'Wire', 'MANUAL'],
    ]);
  });

  it('keeps ROIDisplayColor and falls back to a distinct palette colour when absent', () => {
    expect(set.rois.map((r) => r.color)).toEqual([[0, 200, 0], null, [255, 0, 10]]);
    expect(set.rois[1].displayColor).toEqual(fallbackColor(1));
    expect(set.rois[0].displayColor).toEqual([0, 200, 0]);
  });

  it('decodes contours as typed triplets with their geometric type', () => {
    const body = set.rois[0].contours;
    expect(body.map((c) => [c.contourGeometricType, c.numberOfContourPoints, c.contourNumber])).toEqual([
      ['CLOSED_PLANAR', 4, 1],
      ['CLOSED_PLANAR', 4, 2],
    ]);
    expect(body[1].points).toBeInstanceOf(Float64Array);
    expect(Array.from(body[1].points)).toEqual(square(2.5, 50));
    expect(set.rois[1].contours[0].contourGeometricType).toBe('POINT');
    expect(set.rois[2].contours[0].contourGeometricType).toBe('OPEN_NONPLANAR');
  });

  it('stores Float32 points on request', () => {
    const small = decodeStructureSet(ds, { precision: 'float32' });
    expect(small.rois[0].contours[0].points).toBeInstanceOf(Float32Array);
  });

  it('summarises in the inspect --json shape', () => {
    expect(structureSetSummary(ds)).toEqual({
      label: 'FIXTURE',
      rois: [
        {
          number: 1,
          name: 'Body',
          interpretedType: 'EXTERNAL',
          color: [0, 200, 0],
          contours: 2,
          points: 8,
          geometricTypes: { CLOSED_PLANAR: 2 },
          centroid: [0, 0, 1.25],
        },
        {
          number: 7,
          name: 'Marker',
          interpretedType: 'MARKER',
          color: null,
          contours: 1,
          points: 1,
          geometricTypes: { POINT: 1 },
          centroid: [1, 2, 2.5],
        },
        {
          number: 3,
          name: 'Wire',
          interpretedType: null,
          color: [255, 0, 10],
          contours: 1,
          points: 3,
          geometricTypes: { OPEN_NONPLANAR: 1 },
          centroid: [1, 1, 2.5],
        },
      ],
    });
  });

  it('reads DS values sent as strings, or as one backslash-separated string', () => {
    const strings = structureSetJson([
      {
        number: 1,
        name: 'S',
        contours: [
          { type: 'POINT', points: ['1.5', '-2', '3e1'] },
          { type: 'OPEN_PLANAR', points: '4\\5\\6\\7\\8\\9' },
        ],
      },
    ]);
    const s = decodeStructureSet(strings);
    expect(s.problems).toEqual([]);
    expect(Array.from(s.rois[0].contours[0].points)).toEqual([1.5, -2, 30]);
    expect(Array.from(s.rois[0].contours[1].points)).toEqual([4, 5, 6, 7, 8, 9]);
  });
});

describe('decodeStructureSet: bad input becomes readable problems, the rest still decodes', () => {
  const good = { points: circle(0, 0, 0, 5) };
  const ds = structureSetJson([
    { number: 1, name: 'Fine', color: [1, 2, 3], contours: [good] },
    { number: 2, name: 'NoData', contours: [{}, good] },
    { number: 3, name: 'Odd', contours: [{ points: [1, 2, 3, 4] }, good, { points: [1, 2, 3, 4, 5, 6, 7] }] },
    { number: 4, name: 'NaN', contours: [{ points: ['1', 'x', '3'] }, { points: [1, null, 3] }] },
    { number: 5, name: 'Empty' },
    { number: 6, name: 'NoContourItem', omitROIContour: true },
    { number: 8, contours: [good], omitStructureSetROI: true, color: [9, 9, 9] },
    {
      number: 9,
      name: 'BadType',
      contours: [
        { type: 'CLOSED_NONPLANAR', points: [0, 0, 0] },
        { type: 'POINT', points: [0, 0, 0, 1, 1, 0] },
      ],
    },
    {
      number: 10,
      name: 'Counted',
      color: [300, 0, 0],
      contours: [{ points: circle(0, 0, 0, 5, 8), numberOfContourPoints: 9 }, { points: [0, 0, 0, 1, 1, 0] }],
    },
    { number: 11, name: 'BulkMissing', contours: [{ bulkDataURI: 'http://x/bulk/1' }] },
  ]);
  const set = decodeStructureSet(ds);
  const roi = (n: number) => set.rois.find((r) => r.roiNumber === n);
  const messages = (n: number) => roi(n)?.problems ?? [];

  it('still decodes the good ROI and the good contours of bad ROIs', () => {
    expect(roi(1)?.contours.length).toBe(1);
    expect(roi(1)?.problems).toEqual([]);
    expect(roi(2)?.contours.length).toBe(1);
    expect(roi(3)?.contours.length).toBe(1);
    expect(roi(3)?.contours[0].numberOfContourPoints).toBe(16);
  });

  it('names missing ContourData', () => {
    expect(messages(2)).toEqual([
      'ROI 2 "NoData": 1 of 2 contours have no ContourData (contour 1: ContourData is missing); they are left out',
    ]);
  });

  it('names coordinate counts that are not a multiple of 3', () => {
    expect(messages(3)).toEqual([
      'ROI 3 "Odd": 2 of 3 contours have not a multiple of 3 coordinates (contour 1: 4 coordinates; contour 3: 7 coordinates); they are left out',
    ]);
  });

  it('names values that are not numbers', () => {
    expect(roi(4)?.contours).toEqual([]);
    expect(messages(4)).toEqual([
      'ROI 4 "NaN": all 2 contours have values that are not numbers (contour 1: coordinate 2 of 3; contour 2: coordinate 2 of 3); they are left out',
    ]);
  });

  it('reports ROIs without contours, and ROIs without an ROI Contour item', () => {
    expect(messages(5)).toEqual(['ROI 5 "Empty": has an ROIContourSequence item without contours: nothing to draw']);
    expect(messages(6)).toEqual(['ROI 6 "NoContourItem": has no ROIContourSequence item: nothing to draw']);
  });

  it('keeps contours whose ROI number is missing from StructureSetROISequence, and says so', () => {
    expect(roi(8)?.roiName).toBeNull();
    expect(roi(8)?.contours.length).toBe(1);
    expect(roi(8)?.color).toEqual([9, 9, 9]);
    expect(messages(8)).toEqual([
      'ROI 8 "ROI 8": is in ROIContourSequence but not in StructureSetROISequence (no name, no frame of reference)',
    ]);
    // After the StructureSetROISequence ROIs, so the list order stays that of the file.
    expect(set.rois.map((r) => r.roiNumber)).toEqual([1, 2, 3, 4, 5, 6, 9, 10, 11, 8]);
  });

  it('reports observations of ROIs that do not exist', () => {
    const orphanObservation = structureSetJson([{ number: 1, name: 'A', contours: [good] }]);
    const obs = orphanObservation['30060080'].Value as Array<Record<string, { vr: string; Value: number[] }>>;
    obs[0]['30060084'] = { vr: 'IS', Value: [42] };
    const s = decodeStructureSet(orphanObservation);
    expect(s.problems.map((p) => p.message)).toEqual([
      'RTROIObservationsSequence item 1 references ROI 42, which the structure set does not define',
    ]);
    expect(s.rois[0].rtRoiInterpretedType).toBeNull();
  });

  it('leaves out unknown geometric types and warns about odd point counts', () => {
    expect(roi(9)?.contours.map((c) => c.contourGeometricType)).toEqual(['POINT']);
    expect(messages(9)).toEqual([
      `ROI 9 "BadType": 1 of 2 contours have an unknown ContourGeometricType (contour 1: 'CLOSED_NONPLANAR'); they are left out`,
      'ROI 9 "BadType": 1 of 2 contours have more than one point although they are POINT contours (contour 2: 2 points); drawn anyway',
    ]);
    expect(messages(10)).toEqual([
      'ROI 10 "Counted": ROIDisplayColor [300,0,0] is not three integers 0..255; a fallback colour is used',
      'ROI 10 "Counted": 1 of 2 contours have a NumberOfContourPoints that differs from ContourData (contour 1: 9 declared, 8 present); drawn anyway',
      'ROI 10 "Counted": 1 of 2 contours have too few points for their ContourGeometricType (contour 2: 2 CLOSED_PLANAR); drawn anyway',
    ]);
  });

  it('rejects a malformed ROIDisplayColor and uses the fallback', () => {
    expect(roi(10)?.color).toBeNull();
    expect(roi(10)?.displayColor).toEqual(fallbackColor(set.rois.findIndex((r) => r.roiNumber === 10)));
    expect(
      set.problems.some((p) =>
        p.message.startsWith('ROI 10 "Counted": ROIDisplayColor [300,0,0] is not three integers'),
      ),
    ).toBe(true);
  });

  it('says when bulk ContourData was not fetched', () => {
    expect(messages(11)).toEqual([
      'ROI 11 "BulkMissing": all 1 contours have ContourData bulk data not retrieved (contour 1: no bulk data resolver was given); they are left out',
    ]);
  });

  it('lists every problem once in StructureSet.problems, with its ROI number and severity', () => {
    const perRoi = set.rois.flatMap((r) => r.problems);
    expect(set.problems.map((p) => p.message).sort()).toEqual(perRoi.sort());
    expect(perRoi.length).toBe(12);
    expect(set.problems.find((p) => p.roiNumber === 3)?.severity).toBe('error');
    expect(set.problems.find((p) => p.roiNumber === 5)?.severity).toBe('warning');
  });
});

describe('ContourData as bulk data', () => {
  const ds = structureSetJson([
    { number: 1, name: 'A', contours: [{ bulkDataURI: 'bulk/a1' }, { type: 'POINT', bulkDataURI: 'bulk/a2' }] },
    { number: 2, name: 'B', contours: [{ bulkDataURI: 'bulk/b1' }, { type: 'POINT', points: [7, 8, 9] }] },
  ]);
  const store: Record<string, string | Uint8Array> = {
    'bulk/a1': new TextEncoder().encode('1\\2\\3\\4\\5\\6\\7\\8\\9 '),
    'bulk/a2': '-1.5\\0\\2.25',
  };
  const resolve = async (uri: string): Promise<string | Uint8Array> => {
    if (uri in store) return store[uri];
    throw new Error(`HTTP 404 for ${uri}`);
  };

  it('lists the URIs to fetch', () => {
    expect(contourDataBulkDataURIs(ds)).toEqual(['bulk/a1', 'bulk/a2', 'bulk/b1']);
  });

  it('fetches, parses the raw DS bytes or text, and reports what failed', async () => {
    const set = await decodeStructureSetAsync(ds, resolve, { concurrency: 2 });
    expect(Array.from(set.rois[0].contours[0].points)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(Array.from(set.rois[0].contours[1].points)).toEqual([-1.5, 0, 2.25]);
    expect(set.rois[1].contours.map((c) => Array.from(c.points))).toEqual([[7, 8, 9]]);
    expect(set.rois[1].problems).toEqual([
      'ROI 2 "B": 1 of 2 contours have ContourData bulk data not retrieved (contour 1: HTTP 404 for bulk/b1); they are left out',
    ]);
  });

  it('also accepts InlineBinary holding the DS text', () => {
    const inline = structureSetJson([{ number: 1, name: 'I', contours: [{ points: [0, 0, 0] }] }]);
    const contour = (inline['30060039'].Value?.[0] as Record<string, { Value?: unknown[] }>)['30060040']
      .Value?.[0] as Record<string, unknown>;
    contour['30060050'] = { vr: 'DS', InlineBinary: btoa('10\\20\\30') };
    expect(Array.from(decodeStructureSet(inline).rois[0].contours[0].points)).toEqual([10, 20, 30]);
  });
});

describe('structure-set level problems', () => {
  it('says when no frame of reference is named', () => {
    const ds = structureSetJson([{ number: 1, name: 'A', contours: [{ type: 'POINT', points: [0, 0, 0] }] }]);
    delete ds['30060010'];
    delete ((ds['30060020'].Value?.[0] ?? {}) as Record<string, unknown>)['30060024'];
    const set = decodeStructureSet(ds);
    expect(set.frameOfReferenceUIDs).toEqual([]);
    expect(set.problems).toEqual([
      {
        roiNumber: null,
        severity: 'warning',
        message: 'names no frame of reference: its contours can only be placed on a series by position',
      },
    ]);
    expect(set.rois[0].contours.length).toBe(1);
  });

  it('reads a data set with none of the RT sequences as an empty structure set', () => {
    const set = decodeStructureSet({});
    expect(set.rois).toEqual([]);
    expect(set.structureSetLabel).toBeNull();
  });
});

describe('decodeStructureSetPart10', () => {
  it('names the file when the bytes are not DICOM', () => {
    expect(() => decodeStructureSetPart10(new ArrayBuffer(10), 'notes.txt')).toThrow(
      "notes.txt: not a DICOM Part 10 file (no 'DICM' marker at byte 128)",
    );
  });
});
