// SR regions -> outlines in patient space, on the highdicom reports over pydicom's CT_small.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { decodeReportPart10 } from './document';
import { readPart10 } from '../part10';
import { headerJson } from '../summary';
import { imagePlanesOf } from '../geometry/imagePlanes';
import { sliceStack } from '../geometry/contourPlacement';
import { placeStructureSet } from '../rtstruct/placement';
import { HAS_SHARED_DATA, shared } from '../../testing/sharedData';
import { pixelToWorld, reportRegions } from './regionOutlines';

const read = (p: string): Uint8Array => new Uint8Array(readFileSync(shared(p)));

describe.skipIf(!HAS_SHARED_DATA)('SR regions on CT_small', () => {
  const ct = headerJson(readPart10(read('pydicom/CT_small.dcm'), 'CT_small.dcm', { untilPixelData: true }).dict);
  const planes = imagePlanesOf(ct as never);
  const planeOf = (sop: string) => planes.find((p) => p.sopInstanceUID === sop) ?? null;

  it('puts pixel (0.5, 0.5), the centre of the first pixel, at ImagePositionPatient', () => {
    expect(pixelToWorld(planes[0], 0.5, 0.5)).toEqual(planes[0].imagePositionPatient);
  });

  it("draws the single-group report's region on the CT, closed, and places it on its slice", () => {
    const doc = decodeReportPart10(read('highdicom/sr_document.dcm'), 'sr_document.dcm');
    const groups = doc.measurementReport?.measurementGroups ?? [];
    const r = reportRegions(groups, planeOf, { seriesFrameOfReferenceUID: planes[0] ? (ct['00200052']?.Value?.[0] as string) : undefined });
    expect(r.problems).toEqual([]);
    expect(r.set.rois).toHaveLength(1);
    const roi = r.set.rois[0];
    expect(roi.contours.length).toBeGreaterThan(0);
    // Every outline point lies on the CT's plane.
    const stack = sliceStack(planes).stack!;
    for (const c of roi.contours) {
      for (let i = 0; i < c.points.length; i += 3) {
        const along = c.points[i] * stack.normal[0] + c.points[i + 1] * stack.normal[1] + c.points[i + 2] * stack.normal[2];
        expect(Math.abs(along - stack.positions[0])).toBeLessThan(1e-3);
      }
    }
    const placement = placeStructureSet(r.set, stack, { frameOfReferenceUID: ct['00200052']?.Value?.[0] as string });
    expect(placement.contoursBySlice[0].length).toBe(roi.contours.length);
  });

  it('names the regions of the multi-group report by tracking identifier and says which cannot be drawn', () => {
    const doc = decodeReportPart10(read('highdicom/sr_document_with_multiple_groups.dcm'), 'multi.dcm');
    const groups = doc.measurementReport?.measurementGroups ?? [];
    const r = reportRegions(groups, planeOf, { name: 'multi', seriesFrameOfReferenceUID: ct['00200052']?.Value?.[0] as string });
    const kinds = r.set.rois.map((roi) => [roi.roiName, roi.contours.map((c) => c.contourGeometricType).join(',')]);
    expect(kinds.length).toBeGreaterThan(0);
    for (const [name] of kinds) expect(groups.map((g) => g.trackingIdentifier)).toContain(name);
    // A CIRCLE becomes a 64-sided closed outline.
    const closed = r.set.rois.flatMap((roi) => roi.contours).filter((c) => c.contourGeometricType === 'CLOSED_PLANAR');
    expect(closed.some((c) => c.numberOfContourPoints === 64)).toBe(true);
  });
});

describe('every graphic type', () => {
  // A 10x10 axial image at z = 5 with 2 mm pixels, origin (100, 200).
  const plane = {
    sopInstanceUID: '1.2.3',
    frameNumber: null,
    imagePositionPatient: [100, 200, 5] as [number, number, number],
    imageOrientationPatient: [
      [1, 0, 0],
      [0, 1, 0],
    ] as [[number, number, number], [number, number, number]],
    pixelSpacing: [2, 2] as [number, number],
    rows: 10,
    columns: 10,
  };
  const planeOf = (sop: string) => (sop === '1.2.3' ? plane : null);
  const ref = (sop: string) => ({ sopClassUID: null, sopInstanceUID: sop, frameNumbers: [], segmentNumbers: [] });
  const r2 = (graphicType: string, graphicData: number[], sop = '1.2.3') => ({
    is3D: false as const,
    contentItemId: '1',
    concept: null,
    graphicType,
    graphicData,
    points: graphicData.length / 2,
    referencedImage: ref(sop),
  });
  const r3 = (graphicType: string, graphicData: number[]) => ({
    is3D: true as const,
    contentItemId: '1',
    concept: null,
    graphicType,
    graphicData,
    points: graphicData.length / 3,
    referencedFrameOfReferenceUID: '9.9',
  });
  const group = (id: string, regions: unknown[]) => ({ trackingIdentifier: id, finding: null, regions }) as never;

  it('turns each into outlines or markers in patient mm, and says why one cannot be drawn', () => {
    const r = reportRegions(
      [
        group('ellipse', [r2('ELLIPSE', [1, 5, 9, 5, 5, 3, 5, 7])]),
        group('multipoint', [r2('MULTIPOINT', [1, 1, 2, 2, 3, 3])]),
        group('open', [r2('POLYLINE', [1, 1, 5, 1, 5, 5])]),
        group('closed', [r2('POLYLINE', [1, 1, 5, 1, 5, 5, 1, 1])]),
        group('polygon3d', [r3('POLYGON', [0, 0, 5, 10, 0, 5, 10, 10, 5])]),
        group('ellipse3d', [r3('ELLIPSE', [0, 0, 5, 20, 0, 5, 10, -4, 5, 10, 4, 5])]),
        group('elsewhere', [r2('POINT', [1, 1], '9.9.9')]),
        group('odd', [r2('SPLINE', [1, 1, 2, 2])]),
      ],
      planeOf,
      { name: 'synthetic' },
    );
    const byName = new Map(r.set.rois.map((roi) => [roi.roiName, roi]));
    // ELLIPSE: major axis pixel x 1..9 at row 5 -> 16 mm long, centre pixel (5, 5) -> (109, 209, 5).
    const e = byName.get('ellipse')!.contours[0];
    expect(e.contourGeometricType).toBe('CLOSED_PLANAR');
    expect(e.numberOfContourPoints).toBe(64);
    const xs = Array.from(e.points).filter((_, i) => i % 3 === 0);
    const ys = Array.from(e.points).filter((_, i) => i % 3 === 1);
    expect(Math.min(...xs)).toBeCloseTo(101, 6);
    expect(Math.max(...xs)).toBeCloseTo(117, 6);
    expect(Math.min(...ys)).toBeCloseTo(205, 6);
    expect(Math.max(...ys)).toBeCloseTo(213, 6);
    expect(byName.get('multipoint')!.contours.map((c) => c.contourGeometricType)).toEqual(['POINT', 'POINT', 'POINT']);
    expect(Array.from(byName.get('multipoint')!.contours[1].points)).toEqual([103, 203, 5]);
    expect(byName.get('open')!.contours[0].contourGeometricType).toBe('OPEN_PLANAR');
    expect(byName.get('closed')!.contours[0].contourGeometricType).toBe('CLOSED_PLANAR');
    expect(byName.get('closed')!.contours[0].numberOfContourPoints).toBe(3);
    expect(Array.from(byName.get('polygon3d')!.contours[0].points)).toEqual([0, 0, 5, 10, 0, 5, 10, 10, 5]);
    const e3 = Array.from(byName.get('ellipse3d')!.contours[0].points);
    expect(Math.max(...e3.filter((_, i) => i % 3 === 0))).toBeCloseTo(20, 6);
    expect(Math.max(...e3.filter((_, i) => i % 3 === 1))).toBeCloseTo(4, 6);
    expect(r.set.frameOfReferenceUIDs).toEqual(['9.9']);
    expect(r.problems).toEqual([
      'synthetic, elsewhere: its region is on image …9.9.9, which is not in this series',
      'synthetic, odd: its graphic type SPLINE is not drawn',
    ]);
    expect([...r.roiOfGroup.keys()]).toEqual([0, 1, 2, 3, 4, 5]);
  });
});
