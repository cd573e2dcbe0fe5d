// SEG geometry on generated series with non-square pixels, rows != columns, reversed listing and four orientations
// (src/testing/geometryStudy.ts): frames placed on the image grid (by reference, by position, and from a grid of
// their own), drawn where the ellipsoid is, and the summary's centroid at the ellipsoid's known centre.
import { describe, expect, it } from 'vitest';
import {
  CENTRE,
  CENTRE_COLUMN,
  CENTRE_ROW,
  CENTRE_SLICE,
  COARSE_COLUMN0,
  COARSE_ROW0,
  COLUMNS,
  ELLIPSOID_MM,
  GEOMETRY_CASES,
  GeometryStudy,
  PIXEL_SPACING,
  ROWS,
  SLICE_SPACING,
  SLICES,
} from '../../testing/geometryStudy';
import { imagePlanesOf } from '../geometry/imagePlanes';
import { placeFrames, type TargetSeries } from '../geometry/placeFrames';
import { parseSegmentation } from './parse';
import { segmentationPixels } from './pixels';
import { summarizeSegmentation } from './summary';
import { rasterizeFrameIntoSlice } from './rasterizeFrame';
import type { Part10 } from '../part10';

/** Voxels of the ellipsoid, counted in index space: offsets (i columns, j rows, k slices) from the centre voxel. */
function expectedEllipsoid(): { voxels: number; slices: number[] } {
  const [a, b, c] = ELLIPSOID_MM;
  const [rowMm, columnMm] = PIXEL_SPACING;
  let voxels = 0;
  const slices = new Set<number>();
  for (let k = 0; k < SLICES; k++)
    for (let j = 0; j < ROWS; j++)
      for (let i = 0; i < COLUMNS; i++) {
        const u = ((i - CENTRE_COLUMN) * columnMm) / a;
        const v = ((j - CENTRE_ROW) * rowMm) / b;
        const w = ((k - CENTRE_SLICE) * SLICE_SPACING) / c;
        if (u * u + v * v + w * w <= 1) {
          voxels++;
          slices.add(k);
        }
      }
  return { voxels, slices: [...slices].sort((x, y) => x - y) };
}

const EXPECTED = expectedEllipsoid();

function source(p10: Part10) {
  const seg = parseSegmentation(p10, 'geometry.seg.dcm');
  return { seg, placement: { objectName: 'geometry SEG', frameOfReferenceUID: seg.frameOfReferenceUID, rows: seg.rows, columns: seg.columns, frames: seg.frames } };
}

describe.each(GEOMETRY_CASES)('SEG on the $name series', (c) => {
  const study = new GeometryStudy(c);
  const target: TargetSeries = { frameOfReferenceUID: '1.2.826.0.1.3680043.8.498.1', planes: study.images().flatMap(imagePlanesOf) };

  it('the generated ellipsoid is the one counted in index space', () => {
    expect(study.ellipsoidSlices()).toEqual(EXPECTED.slices);
  });

  it('places each frame on its listed slice by reference, pixel for pixel', () => {
    const { placement } = source(study.seg(true));
    const r = placeFrames(placement, target);
    expect(r.unplaced).toEqual([]);
    expect(r.placements.map((p) => p.sliceIndex)).toEqual(EXPECTED.slices.map((k) => study.listedIndex(k)));
    for (const p of r.placements) {
      expect(p.by).toBe('reference');
      expect([p.mapping.kind, p.mapping.rowShift, p.mapping.columnShift]).toEqual(['shift', 0, 0]);
    }
  });

  it('places each frame on its listed slice by position when it names no image', () => {
    const { placement } = source(study.seg(false));
    const r = placeFrames(placement, target);
    expect(r.unplaced).toEqual([]);
    expect(r.tolerance).toBeCloseTo(0.25 * SLICE_SPACING, 6);
    expect(r.placements.map((p) => [p.sliceIndex, p.by])).toEqual(EXPECTED.slices.map((k) => [study.listedIndex(k), 'position']));
  });

  it('maps a SEG on its own grid (1.4 mm rows, shifted 5 rows and 3 columns) onto the image pixels it covers', async () => {
    const { seg, placement } = source(study.coarseSeg());
    const r = placeFrames(placement, target);
    expect(r.unplaced).toEqual([]);
    const pixels = segmentationPixels(study.coarseSeg(), seg);
    for (const p of r.placements) {
      // column' = column + 3, row' = 2 row + 5 (1.4 mm / 0.7 mm)
      const m = p.mapping.toTarget;
      [1, 0, COARSE_COLUMN0, 0, 2, COARSE_ROW0].forEach((v, i) => expect(m[i]).toBeCloseTo(v, 5));
      const k = study.physicalSlice(p.sliceIndex);
      const labels = new Uint8Array(ROWS * COLUMNS);
      rasterizeFrameIntoSlice(await pixels.frame(p.frameIndex), p.mapping, { labels, offset: 0, rows: ROWS, columns: COLUMNS }, { value: 1, onConflict: 'overwrite' });
      // Image rows 5, 7, 9, ... are sampled exactly by a coarse row: there the drawn label is the ellipsoid itself.
      for (let row = COARSE_ROW0; row < ROWS; row += 2)
        for (let column = 0; column < COLUMNS; column++) {
          const inside = column >= COARSE_COLUMN0 && study.insideEllipsoid(study.voxelCentre(k, row, column));
          if (labels[row * COLUMNS + column] !== (inside ? 1 : 0)) throw new Error(`slice ${k}, row ${row}, column ${column}: drawn ${labels[row * COLUMNS + column]}`);
        }
    }
  });

  it('summary: the voxel count of the ellipsoid and its centroid at the known centre', async () => {
    const p10 = study.seg(true);
    const { seg } = source(p10);
    const summary = await summarizeSegmentation(seg, segmentationPixels(p10, seg));
    const s = summary.segments[0];
    expect(s.voxels).toBe(EXPECTED.voxels);
    expect(s.frames).toBe(EXPECTED.slices.length);
    s.centroid!.forEach((v, i) => expect(v).toBeCloseTo(CENTRE[i], 2));
  });
});
