import { Anatomy, Category } from './codes';
import type { Code, SampleFile } from './part10';
import { LABEL_COUNT, Label } from './phantomAnatomy';
import type { LabelValue } from './phantomAnatomy';
import { labelSet, packedMasksFromLabels } from './phantomSlice';
import { writeSampleFiles } from './sampleFiles';
import { forEachPhantomSlice } from './phantomSeries';
import type { SegFrame } from './segFrames';
import { segmentationFile } from './segmentation';
import type { SegmentDescription } from './segmentation';
import { SeriesNumber, contextUid, createStudyContext } from './studyContext';
import type { RGB } from './valueFormat';
import { createVolumeGeometry } from './volumeGeometry';
import { perturbFrame, perturbationOf } from './secondReader';

export interface BigSegOptions {
  slices: number;
  segments: number;
  rows?: number;
  columns?: number;
  /** also write BIG_SEG_READER2.dcm: the same segments perturbed as by a second reader (secondReader.ts) */
  secondReader?: boolean;
}

interface Structure {
  name: string;
  labels: readonly LabelValue[];
  category: Code;
  type: Code;
  color: RGB;
}

const L = Label;
const allTissue = Array.from({ length: LABEL_COUNT }, (_, i) => i as LabelValue).filter((l) => l !== L.Air);

/** Structures the benchmark segments are cut from; segment i uses structure i mod 15. */
const STRUCTURES: readonly Structure[] = [
  {
    name: 'Body',
    labels: allTissue,
    category: Category.AnatomicalStructure,
    type: Anatomy.Body,
    color: [177, 122, 101],
  },
  {
    name: 'Liver',
    labels: [L.Liver, L.Tumour],
    category: Category.AnatomicalStructure,
    type: Anatomy.Liver,
    color: [221, 130, 101],
  },
  {
    name: 'Lungs',
    labels: [L.Lung, L.LungVessel],
    category: Category.AnatomicalStructure,
    type: Anatomy.Lung,
    color: [128, 174, 228],
  },
  {
    name: 'Vertebral column',
    labels: [L.VertebralCortex, L.VertebralCancellous, L.PosteriorArch],
    category: Category.AnatomicalStructure,
    type: Anatomy.VertebralColumn,
    color: [241, 214, 145],
  },
  {
    name: 'Subcutaneous fat',
    labels: [L.SubcutaneousFat],
    category: Category.Tissue,
    type: Anatomy.AdiposeTissue,
    color: [230, 220, 70],
  },
  {
    name: 'Muscle',
    labels: [L.MuscleWall, L.ParaspinalMuscle],
    category: Category.Tissue,
    type: Anatomy.Muscle,
    color: [192, 104, 88],
  },
  {
    name: 'Aorta',
    labels: [L.Aorta],
    category: Category.AnatomicalStructure,
    type: Anatomy.Aorta,
    color: [224, 97, 76],
  },
  {
    name: 'Spinal cord',
    labels: [L.SpinalCord],
    category: Category.AnatomicalStructure,
    type: Anatomy.SpinalCord,
    color: [250, 250, 210],
  },
  {
    name: 'Heart',
    labels: [L.Heart],
    category: Category.AnatomicalStructure,
    type: Anatomy.Heart,
    color: [206, 110, 84],
  },
  { name: 'Ribs', labels: [L.Rib], category: Category.AnatomicalStructure, type: Anatomy.Rib, color: [253, 232, 158] },
  {
    name: 'Right kidney',
    labels: [L.KidneyRight],
    category: Category.AnatomicalStructure,
    type: Anatomy.Kidney,
    color: [185, 102, 83],
  },
  {
    name: 'Left kidney',
    labels: [L.KidneyLeft],
    category: Category.AnatomicalStructure,
    type: Anatomy.Kidney,
    color: [205, 122, 103],
  },
  {
    name: 'Spleen',
    labels: [L.Spleen],
    category: Category.AnatomicalStructure,
    type: Anatomy.Spleen,
    color: [157, 108, 162],
  },
  {
    name: 'Stomach',
    labels: [L.Stomach],
    category: Category.AnatomicalStructure,
    type: Anatomy.Stomach,
    color: [216, 132, 105],
  },
  {
    name: 'Bowel',
    labels: [L.Bowel],
    category: Category.AnatomicalStructure,
    type: Anatomy.Intestine,
    color: [204, 168, 143],
  },
];

const shade = ([r, g, b]: RGB, step: number): RGB => {
  const f = 0.7 + 0.6 * ((step * 0.37) % 1);
  const c = (v: number): number => Math.min(255, Math.round(v * f));
  return [c(r), c(g), c(b)];
};

/**
 * CT series plus one large BINARY SEG for benchmarks: `segments` segments cut from 15 phantom structures as
 * overlapping slabs along z (each slab spans two n+1ths of its structure's extent, so every slice of a
 * structure is in about two segments). 512x512x300 with 104 segments gives about 5000 frames.
 */
export function generateBigSeg(options: BigSegOptions): SampleFile[] {
  if (!Number.isInteger(options.segments) || options.segments < 1 || options.segments > 65535) {
    throw new Error(`segments must be an integer in 1..65535, got ${options.segments}`);
  }
  const geometry = createVolumeGeometry(options);
  const context = createStudyContext(geometry);
  const tables = STRUCTURES.map((structure) => labelSet(structure.labels));
  // Packed mask of each structure on each slice (null where absent); frames share these arrays.
  const packed: Array<Array<Uint8Array | null>> = STRUCTURES.map(() => []);
  const ctFiles: SampleFile[] = [];
  forEachPhantomSlice(context, (k, labels, _hu, ctFile) => {
    ctFiles.push(ctFile);
    packedMasksFromLabels(labels, tables).forEach((bits, s) => {
      packed[s][k] = bits;
    });
  });

  const count = options.segments;
  const segments: SegmentDescription[] = [];
  const frames: SegFrame[] = [];
  const reader2: SegFrame[] = [];
  const perturbed = new Map<string, Uint8Array>();
  for (let i = 0; i < count; i++) {
    const s = i % STRUCTURES.length;
    const slab = Math.floor(i / STRUCTURES.length);
    const slabs = Math.floor((count - 1 - s) / STRUCTURES.length) + 1;
    const structure = STRUCTURES[s];
    const present = packed[s].flatMap((bits, k) => (bits ? [k] : []));
    const segmentLabel = `${structure.name} ${slab + 1}/${slabs}`;
    segments.push({
      segmentLabel,
      category: structure.category,
      type: structure.type,
      algorithmType: 'AUTOMATIC',
      color: shade(structure.color, slab),
      trackingID: segmentLabel,
      trackingUID: contextUid(context, `big-seg/${count}/tracking/${i + 1}`),
    });
    if (present.length === 0) continue;
    const first = present[0];
    const length = present[present.length - 1] - first + 1;
    const width = length / (slabs + 1);
    const from = first + Math.floor(slab * width);
    const to = first + Math.ceil((slab + 2) * width) - 1;
    for (let k = from; k <= to; k++) {
      const bits = packed[s][k];
      if (bits) frames.push({ segmentNumber: i + 1, sliceIndex: k, bits });
    }
    if (!options.secondReader) continue;
    const how = perturbationOf(s);
    const shift = how === 'next-slice' ? 1 : 0;
    for (let k = from; k <= to && k + shift < geometry.slices; k++) {
      const bits = packed[s][k];
      if (!bits) continue;
      const key = `${s}/${k}`;
      let p = perturbed.get(key);
      if (!p) perturbed.set(key, (p = perturbFrame(bits, geometry.rows, geometry.columns, how)));
      reader2.push({ segmentNumber: i + 1, sliceIndex: k + shift, bits: p });
    }
  }
  const segFile = segmentationFile({
    context,
    fileName: 'BIG_SEG.dcm',
    sopInstanceUID: contextUid(context, `big-seg/${count}/instance`),
    seriesInstanceUID: contextUid(context, `big-seg/${count}/series`),
    seriesNumber: SeriesNumber.BigSEG,
    seriesDescription: `Benchmark SEG, ${count} segments`,
    contentLabel: 'BENCHMARK',
    contentDescription: `${count} overlapping slab segments of 15 phantom structures`,
    segments,
    frames,
  });
  if (options.secondReader) {
    const second = segmentationFile({
      context,
      fileName: 'BIG_SEG_READER2.dcm',
      sopInstanceUID: contextUid(context, `big-seg/${count}/reader2/instance`),
      seriesInstanceUID: contextUid(context, `big-seg/${count}/reader2/series`),
      seriesNumber: SeriesNumber.BigSEG + 1,
      seriesDescription: `Benchmark SEG, ${count} segments, second reader`,
      contentLabel: 'READER2',
      contentDescription: `${count} segments of BIG_SEG.dcm, each shifted, dilated or moved one slice`,
      segments,
      frames: reader2,
    });
    return [...ctFiles, segFile, second];
  }
  return [...ctFiles, segFile];
}

/** Generate the big SEG with its CT series and write them under `outDir`; returns the written paths. */
export function writeBigSeg(outDir: string, options: BigSegOptions): string[] {
  return writeSampleFiles(outDir, generateBigSeg(options));
}
