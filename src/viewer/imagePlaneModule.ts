// Cornerstone's image plane module (and the spacing fields of its IImage) for images we make ourselves (labelmap
// slices, a parametric map's slices), from our plane model. Cornerstone names PixelSpacing[0] rowPixelSpacing and
// IOP[0..2] rowCosines, as DICOM does; the spacing and directions are read through dicom/geometry/transform.ts.
// Free of Cornerstone, so it is unit tested.
import type { ImagePlane, Vec3 } from '../dicom/geometry/plane';
import { columnDirection, rowDirection, spacingBetweenColumns, spacingBetweenRows } from '../dicom/geometry/transform';

/** The spacing fields of a Cornerstone IImage. */
export function imageSpacing(plane: ImagePlane): { rowPixelSpacing: number; columnPixelSpacing: number } {
  return { rowPixelSpacing: spacingBetweenRows(plane), columnPixelSpacing: spacingBetweenColumns(plane) };
}

export interface ImagePlaneModule {
  frameOfReferenceUID: string | undefined;
  rows: number;
  columns: number;
  imageOrientationPatient: number[];
  rowCosines: Vec3;
  columnCosines: Vec3;
  imagePositionPatient: Vec3;
  pixelSpacing: [number, number];
  rowPixelSpacing: number;
  columnPixelSpacing: number;
}

export function imagePlaneModule(plane: ImagePlane, frameOfReferenceUID: string | undefined): ImagePlaneModule {
  const r = rowDirection(plane);
  const c = columnDirection(plane);
  const { rowPixelSpacing, columnPixelSpacing } = imageSpacing(plane);
  return {
    frameOfReferenceUID,
    rows: plane.rows,
    columns: plane.columns,
    imageOrientationPatient: [...r, ...c],
    rowCosines: r,
    columnCosines: c,
    imagePositionPatient: plane.imagePositionPatient,
    pixelSpacing: [rowPixelSpacing, columnPixelSpacing],
    rowPixelSpacing,
    columnPixelSpacing,
  };
}
