// SEG (BINARY, FRACTIONAL, LABELMAP) -> Segmentation model, per-frame pixels, summary and display layers.
export * from './model';
export { parseSegmentation } from './parse';
export {
  segmentationPixels,
  forEachSegmentFrame,
  fromDecodedBytes,
  type FrameDecoder,
  type FramePixels,
  type SegmentationPixels,
} from './pixels';
export { forEachSetPixel, pixelValue, setPixelMoments, labelMoments, type PixelMoments } from './pixelScan';
export { segmentationSummary, summarizeSegmentation, type SegmentSummary, type SegmentationSummary } from './summary';
export {
  buildLabelmapLayers,
  type LabelmapLayer,
  type LabelmapLayers,
  type LayerOptions,
  type SegmentLayout,
} from './labelmapLayers';
export {
  rasterizeFrameIntoSlice,
  clearLabelInSlice,
  type RasterizeOptions,
  type RasterizeResult,
  type SliceTarget,
} from './rasterizeFrame';
export { decodeRle } from './rle';
