import { Anatomy, Category, Laterality } from './codes';
import type { Code } from './part10';
import { Label, LABEL_COUNT } from './phantomAnatomy';
import type { LabelValue } from './phantomAnatomy';
import type { RTROIInterpretedType } from './rtstruct';
import type { SegmentAlgorithmType } from './segmentation';
import type { RGB } from './valueFormat';

/** A SEG segment of the sample study: its coding, and the phantom labels that make up its mask. */
export interface SampleSegment {
  segmentLabel: string;
  labels: readonly LabelValue[];
  category: Code;
  type: Code;
  typeModifier?: Code;
  anatomicRegion?: Code;
  algorithmType: SegmentAlgorithmType;
  color: RGB;
  /** SR finding and finding site for the segment's volumetric measurement group. */
  finding: Code;
  findingSite?: Code;
}

/** Liver contains the tumour's pixels, so segments 1 and 2 overlap by design. */
export const SAMPLE_SEGMENTS: readonly SampleSegment[] = [
  {
    segmentLabel: 'Liver',
    labels: [Label.Liver, Label.Tumour],
    category: Category.AnatomicalStructure,
    type: Anatomy.Liver,
    algorithmType: 'AUTOMATIC',
    color: [221, 130, 101],
    finding: Anatomy.Liver,
    findingSite: Anatomy.Liver,
  },
  {
    segmentLabel: 'Liver tumour',
    labels: [Label.Tumour],
    category: Category.MorphologicallyAbnormalStructure,
    type: Anatomy.Neoplasm,
    anatomicRegion: Anatomy.Liver,
    algorithmType: 'MANUAL',
    color: [255, 220, 0],
    finding: Anatomy.Neoplasm,
    findingSite: Anatomy.Liver,
  },
  {
    segmentLabel: 'Right kidney',
    labels: [Label.KidneyRight],
    category: Category.AnatomicalStructure,
    type: Anatomy.Kidney,
    typeModifier: Laterality.Right,
    algorithmType: 'AUTOMATIC',
    color: [185, 102, 83],
    finding: Anatomy.Kidney,
    findingSite: Anatomy.Kidney,
  },
  {
    segmentLabel: 'Left kidney',
    labels: [Label.KidneyLeft],
    category: Category.AnatomicalStructure,
    type: Anatomy.Kidney,
    typeModifier: Laterality.Left,
    algorithmType: 'AUTOMATIC',
    color: [205, 122, 103],
    finding: Anatomy.Kidney,
    findingSite: Anatomy.Kidney,
  },
  {
    segmentLabel: 'Lungs',
    labels: [Label.Lung, Label.LungVessel],
    category: Category.AnatomicalStructure,
    type: Anatomy.Lung,
    typeModifier: Laterality.RightAndLeft,
    algorithmType: 'AUTOMATIC',
    color: [128, 174, 228],
    finding: Anatomy.Lung,
    findingSite: Anatomy.Lung,
  },
  {
    segmentLabel: 'Vertebral column',
    labels: [Label.VertebralCortex, Label.VertebralCancellous, Label.PosteriorArch],
    category: Category.AnatomicalStructure,
    type: Anatomy.VertebralColumn,
    algorithmType: 'AUTOMATIC',
    color: [241, 214, 145],
    finding: Anatomy.VertebralColumn,
    findingSite: Anatomy.VertebralColumn,
  },
  {
    segmentLabel: 'Spinal cord',
    labels: [Label.SpinalCord],
    category: Category.AnatomicalStructure,
    type: Anatomy.SpinalCord,
    algorithmType: 'SEMIAUTOMATIC',
    color: [250, 250, 210],
    finding: Anatomy.SpinalCord,
    findingSite: Anatomy.SpinalCord,
  },
];

/** A planar-contour ROI of the sample RTSTRUCT, traced from the same label map. */
export interface SampleRoi {
  name: string;
  description: string;
  labels: readonly LabelValue[];
  interpretedType: RTROIInterpretedType;
  generationAlgorithm: 'AUTOMATIC' | 'SEMIAUTOMATIC' | 'MANUAL';
  color: RGB;
}

const everythingButAir = Array.from({ length: LABEL_COUNT }, (_, i) => i as LabelValue).filter((l) => l !== Label.Air);

export const SAMPLE_ROIS: readonly SampleRoi[] = [
  {
    name: 'Body',
    description: 'External body outline',
    labels: everythingButAir,
    interpretedType: 'EXTERNAL',
    generationAlgorithm: 'AUTOMATIC',
    color: [0, 200, 0],
  },
  {
    name: 'GTV',
    description: 'Liver tumour',
    labels: [Label.Tumour],
    interpretedType: 'GTV',
    generationAlgorithm: 'MANUAL',
    color: [255, 0, 0],
  },
  {
    name: 'Liver',
    description: 'Liver including tumour',
    labels: [Label.Liver, Label.Tumour],
    interpretedType: 'ORGAN',
    generationAlgorithm: 'AUTOMATIC',
    color: [221, 130, 101],
  },
  {
    name: 'Spinal cord',
    description: 'Spinal cord',
    labels: [Label.SpinalCord],
    interpretedType: 'ORGAN',
    generationAlgorithm: 'SEMIAUTOMATIC',
    color: [255, 255, 0],
  },
];

/** The point ROI placed at the tumour centre. */
export const ISOCENTER_ROI = {
  name: 'Isocenter',
  description: 'Plan isocenter at the tumour centre',
  interpretedType: 'ISOCENTER' as const,
  color: [0, 255, 255] as RGB,
};
