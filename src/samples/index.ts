// Node-only generator of the synthetic sample study and of the big benchmark SEG.
export { generateSampleStudy, writeSampleStudy } from './sampleStudy';
export { generateBigSeg, writeBigSeg } from './bigSeg';
export type { BigSegOptions } from './bigSeg';
export type { SampleFile } from './part10';
export type { SampleSizeOptions } from './volumeGeometry';
export { SAMPLE_VERSION } from './studyContext';
export { bigParametricMap, generateBigParametricMap, writeBigParametricMap } from './bigParametricMap';
export { parametricMapFile, type ParametricMapInput } from './parametricMap';
