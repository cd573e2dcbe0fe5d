import { describe, expect, it } from 'vitest';
import { sliceStack } from './contourPlacement';
import type { ImagePlane } from './plane';
import { worldToVoxel } from './voxel';

function plane(z: number, rows = 4, columns = 5): ImagePlane {
  return {
    sopInstanceUID: `1.2.${z}`,
    frameNumber: null,
    imagePositionPatient: [-10, 20, z],
    imageOrientationPatient: [
      [1, 0, 0],
      [0, 1, 0],
    ],
    pixelSpacing: [2, 0.5],
    rows,
    columns,
  };
}

describe('worldToVoxel', () => {
  // Slices listed out of order (as a stack in display order may be), 3 mm apart.
  const planes = [plane(6), plane(0), plane(3)];
  const stack = sliceStack(planes).stack!;

  it('finds the slice by position along the normal and the pixel by the spacing of rows and columns', () => {
    // Column spacing is PixelSpacing[1] (0.5 mm), row spacing PixelSpacing[0] (2 mm).
    expect(worldToVoxel(planes, stack, [-10 + 3 * 0.5, 20 + 2 * 2, 3.4])).toEqual([2, 2, 3]);
    expect(worldToVoxel(planes, stack, [-10, 20, 6.2])).toEqual([0, 0, 0]);
  });

  it('says null outside the slices and outside the image', () => {
    expect(worldToVoxel(planes, stack, [-10, 20, 9])).toBeNull();
    expect(worldToVoxel(planes, stack, [-10 - 1, 20, 0])).toBeNull();
    expect(worldToVoxel(planes, stack, [-10, 20 + 4 * 2, 0])).toBeNull();
  });
});
