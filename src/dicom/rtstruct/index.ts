// RTSTRUCT -> StructureSet model (ROIs, contours in patient space), its summary, and placement on image slices.
export * from './model';
export { decodeStructureSet, type DecodeStructureSetOptions } from './decode';
export { decodeStructureSetAsync, contourDataBulkDataURIs, type BulkDataResolver } from './bulkData';
export type { BulkData } from './contourData';
export { parseDecimal, parseDecimalStrings } from './decimalString';
export { structureSetSummary, summarizeStructureSet, type RoiSummary, type StructureSetSummary } from './summary';
export {
  placeStructureSet,
  type ContourOnSlice,
  type PlaceStructureSetOptions,
  type RoiPlacement,
  type StructureSetPlacement,
} from './placement';
export { nestPolygons, roiSliceNesting, type ContourNesting, type PolygonNesting } from './nesting';
export { decodeStructureSetPart10 } from './part10';
