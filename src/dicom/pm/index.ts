// Parametric Map -> real world value volume on the image grid (or its own), model, statistics and summary.
export * from './model';
export { parseParametricMap } from './parse';
export { parametricMapPixels, type ParametricMapPixels, type StoredValues } from './pixels';
export {
  decodeParametricMap,
  decodeParametricMapAlone,
  parametricMapSeries,
  resampleParametricMap,
  type DecodeOptions,
  type DecodedParametricMap,
  type Histogram,
  type ParametricMapStatistics,
  type ParametricMapVolume,
} from './decode';
export { parametricMapSummary, summarizeParametricMap, mapStatistics, type ParametricMapSummary } from './summary';
export { planSlices, type SlicePlan, type SliceSource } from './slicePlan';
