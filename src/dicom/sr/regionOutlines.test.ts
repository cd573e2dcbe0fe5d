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
