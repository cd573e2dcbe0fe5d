// Node-only generator of the synthetic sample study and of the big benchmark SEG.
export { generateSampleStudy, writeSampleStudy } from './sampleStudy';
export { writeBigSeg } from './bigSeg';
export type { BigSegOptions } from './bigSeg';
export type { SampleFile } from './part10';
export type { SampleSizeOptions } from './volumeGeometry';
export { SAMPLE_VERSION } from './studyContext';
export type { ParametricMapInput } from './parametricMap';
