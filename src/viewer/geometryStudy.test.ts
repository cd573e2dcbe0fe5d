// The viewer's geometry without Cornerstone: "jump to segment" lands on the segment's centre in patient space, and
// the image plane metadata we give Cornerstone for our own images keeps PixelSpacing and IOP in DICOM order, on
// generated series with non-square pixels, rows != columns, reversed listing and four orientations
// (src/testing/geometryStudy.ts).
import { describe, expect, it } from 'vitest';
import { CENTRE, CENTRE_SLICE, COLUMNS, GEOMETRY_CASES, GeometryStudy, ROWS } from '../testing/geometryStudy';
import { imagePlanesOf } from '../dicom/geometry/imagePlanes';
import type { PackedLayer } from '../dicom/seg/packLayers';
import { segmentCentreInPatient, segmentCentreInSlice } from './segmentCentre';
import { imagePlaneModule, imageSpacing } from './imagePlaneModule';

describe.each(GEOMETRY_CASES)('viewer geometry on the $name series', (c) => {
  const study = new GeometryStudy(c);
  const planes = study.images().flatMap(imagePlanesOf);
  const slice = study.listedIndex(CENTRE_SLICE);

  it('jump to segment: the centre of the ellipsoid on its middle slice is the known centre', () => {
    const labels = study.ellipsoidPixels(CENTRE_SLICE);
    const packed: PackedLayer = { segmentNumbers: [1], members: [[1]], levels: 1, slices: planes.map((_, i) => (i === slice ? labels : null)), sliceSize: ROWS * COLUMNS };
    expect(segmentCentreInSlice([{ packed }], 1, slice, COLUMNS)).toEqual([20, 37]);
    const world = segmentCentreInPatient([{ packed }], 1, slice, planes[slice])!;
    world.forEach((v, i) => expect(v).toBeCloseTo(CENTRE[i], 5));
    expect(segmentCentreInPatient([{ packed }], 2, slice, planes[slice])).toBeNull();
  });

  it('image plane metadata: rowPixelSpacing = PixelSpacing[0] = 0.7, rowCosines = IOP[0..2]', () => {
    const m = imagePlaneModule(planes[slice], '1.2.3');
    expect([m.rows, m.columns]).toEqual([48, 64]);
    expect(m.pixelSpacing).toEqual([0.7, 1.1]);
    expect([m.rowPixelSpacing, m.columnPixelSpacing]).toEqual([0.7, 1.1]);
    expect(imageSpacing(planes[slice])).toEqual({ rowPixelSpacing: 0.7, columnPixelSpacing: 1.1 });
    m.rowCosines.forEach((v, i) => expect(v).toBeCloseTo(c.rowDirection[i], 9));
    m.columnCosines.forEach((v, i) => expect(v).toBeCloseTo(c.columnDirection[i], 9));
    m.imageOrientationPatient.forEach((v, i) => expect(v).toBeCloseTo([...c.rowDirection, ...c.columnDirection][i], 9));
  });
});
