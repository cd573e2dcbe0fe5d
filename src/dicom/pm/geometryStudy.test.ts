// A Parametric Map on generated series with non-square pixels, rows != columns, reversed listing and four
// orientations (src/testing/geometryStudy.ts): its grid is shifted from the images' by 5 rows and 3 columns and its
// frames are stored from the last slice to the first; every image voxel it covers must get the map's value at that
// voxel's patient position (a linear function, so any misplacement shows).
import { describe, expect, it } from 'vitest';
import {
  COLUMNS,
  GEOMETRY_CASES,
  GeometryStudy,
  PM_COLUMN0,
  PM_COLUMNS,
  PM_ROW0,
  PM_ROWS,
  PM_VALUE,
  ROWS,
  SLICES,
} from '../../testing/geometryStudy';
import { FOR_UID } from '../seg/testFixtures';
import { imagePlanesOf } from '../geometry/imagePlanes';
import { readPart10 } from '../part10';
import { decodeParametricMap } from './decode';

describe.each(GEOMETRY_CASES)('Parametric Map on the $name series', (c) => {
  const study = new GeometryStudy(c);
  const planes = study.images().flatMap(imagePlanesOf);

  it('gives each image voxel the value at its patient position, and none outside the map', async () => {
    const d = await decodeParametricMap(readPart10(study.parametricMap(), 'pm.dcm'), 'pm.dcm', { frameOfReferenceUID: FOR_UID, planes });
    expect([d.volume.slices, d.volume.rows, d.volume.columns]).toEqual([SLICES, ROWS, COLUMNS]);
    expect(d.volume.filledSlices).toBe(SLICES);
    expect(d.volume.interpolatedSlices).toBe(0);
    let wrong = 0;
    let first = '';
    for (let i = 0; i < SLICES; i++) {
      const k = study.physicalSlice(i);
      for (let r = 0; r < ROWS; r++)
        for (let col = 0; col < COLUMNS; col++) {
          const v = d.volume.values[(i * ROWS + r) * COLUMNS + col];
          const covered = r >= PM_ROW0 && r < PM_ROW0 + PM_ROWS && col >= PM_COLUMN0 && col < PM_COLUMN0 + PM_COLUMNS;
          const ok = covered ? Math.abs(v - PM_VALUE(study.voxelCentre(k, r, col))) < 1e-3 : Number.isNaN(v);
          if (!ok && !wrong++) first = `listed slice ${i}, row ${r}, column ${col}: ${v}`;
        }
    }
    expect(first).toBe('');
  });
});
