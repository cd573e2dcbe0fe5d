import { formatDS } from './valueFormat';

/** Size options shared by every generator in this folder. */
export interface SampleSizeOptions {
  /** Pixel rows per slice (default 512). */
  rows?: number;
  /** Pixel columns per slice (default 512). */
  columns?: number;
  /** Number of axial slices (default 100). */
  slices?: number;
}

/** The phantom lives in a fixed physical box, so any grid size shows the same anatomy. */
const FIELD_OF_VIEW_MM = 409.6;
const SCAN_LENGTH_MM = 250;

/**
 * Axial CT grid in the patient coordinate system (LPS, mm). Row direction +x (towards patient left), column
 * direction +y (towards posterior), slices ordered head to feet (instance 1 is the most superior).
 * Every number written to a file comes from here, already rounded, so CT, SEG, RTSTRUCT and SR agree exactly.
 */
export interface VolumeGeometry {
  rows: number;
  columns: number;
  slices: number;
  /** Spacing between rows (y), then between columns (x): the order of PixelSpacing. */
  rowSpacing: number;
  columnSpacing: number;
  sliceSpacing: number;
  /** Patient x, y of the centre of pixel (row 0, column 0). */
  originX: number;
  originY: number;
  /** Patient z of each slice centre, index 0 = InstanceNumber 1. */
  sliceZ: number[];
}

export const ImageOrientationPatient = ['1', '0', '0', '0', '1', '0'];

function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

function positiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer, got ${value}`);
  return value;
}

export function createVolumeGeometry(options: SampleSizeOptions = {}): VolumeGeometry {
  const rows = positiveInteger('rows', options.rows ?? 512);
  const columns = positiveInteger('columns', options.columns ?? 512);
  const slices = positiveInteger('slices', options.slices ?? 100);
  const rowSpacing = round(FIELD_OF_VIEW_MM / rows, 6);
  const columnSpacing = round(FIELD_OF_VIEW_MM / columns, 6);
  const sliceSpacing = round(SCAN_LENGTH_MM / slices, 6);
  const originX = round(-((columns - 1) / 2) * columnSpacing, 4);
  const originY = round(-((rows - 1) / 2) * rowSpacing, 4);
  const top = SCAN_LENGTH_MM / 2 - sliceSpacing / 2;
  const sliceZ = Array.from({ length: slices }, (_, k) => round(top - k * sliceSpacing, 4));
  return { rows, columns, slices, rowSpacing, columnSpacing, sliceSpacing, originX, originY, sliceZ };
}

export function pixelSpacingDS(geometry: VolumeGeometry): string[] {
  return [formatDS(geometry.rowSpacing), formatDS(geometry.columnSpacing)];
}

export function imagePositionDS(geometry: VolumeGeometry, sliceIndex: number): string[] {
  return [formatDS(geometry.originX), formatDS(geometry.originY), formatDS(geometry.sliceZ[sliceIndex])];
}

/** Patient x of a (possibly fractional) column index, y of a row index. */
export function columnToX(geometry: VolumeGeometry, column: number): number {
  return geometry.originX + column * geometry.columnSpacing;
}
export function rowToY(geometry: VolumeGeometry, row: number): number {
  return geometry.originY + row * geometry.rowSpacing;
}

/** Index of the slice whose centre is nearest to z. */
export function nearestSlice(geometry: VolumeGeometry, z: number): number {
  let best = 0;
  for (let k = 1; k < geometry.slices; k++) {
    if (Math.abs(geometry.sliceZ[k] - z) < Math.abs(geometry.sliceZ[best] - z)) best = k;
  }
  return best;
}

export function voxelVolumeMm3(geometry: VolumeGeometry): number {
  return geometry.rowSpacing * geometry.columnSpacing * geometry.sliceSpacing;
}
