// A second reader's SEG of the sample study (SEG_READER2.dcm), for checking the comparison in the viewer: the
// sample SEG's segments, each changed in a known way (secondReader.ts), so that which voxels agree is known
// from the phantom alone:
//   Liver            shifted LIVER_SHIFT_COLUMNS columns to the right (wide bands of "reference only" on the
//                    liver's left edge and "test only" past its right edge, "both" inside);
//   other segments   perturbationOf(index) (one-column shift, one-pixel dilation or one slice further);
//   Lungs            relabelled "Lung fields" (paired by its type code, not its label);
//   Spinal cord      listed without any frame (an empty segment).
import type { SampleFile } from './part10';
import { buildPhantom } from './phantomAnatomy';
import { labelSet, maskFromLabels, paintSliceLabels } from './phantomSlice';
import { SAMPLE_SEGMENTS } from './sampleDefinitions';
import { packBits, type SegFrame } from './segFrames';
import { segmentationFile, type SegmentDescription } from './segmentation';
import { perturbationOf, perturbFrame, shiftFrameColumns } from './secondReader';
import { PHANTOM_SEED, SeriesNumber, contextUid, createStudyContext } from './studyContext';
import { createVolumeGeometry, type SampleSizeOptions } from './volumeGeometry';

export const LIVER_SHIFT_COLUMNS = 16;
const RELABELLED = { from: 'Lungs', to: 'Lung fields' } as const;
const EMPTY_SEGMENT = 'Spinal cord';

export function generateSampleSecondReader(options: SampleSizeOptions = {}): SampleFile {
  const geometry = createVolumeGeometry(options);
  const context = createStudyContext(geometry);
  const steps = buildPhantom(PHANTOM_SEED);
  const tables = SAMPLE_SEGMENTS.map((s) => labelSet(s.labels));
  const frames: SegFrame[] = [];
  const { rows, columns } = geometry;
  for (let k = 0; k < geometry.slices; k++) {
    const labels = paintSliceLabels(steps, geometry, k);
    SAMPLE_SEGMENTS.forEach((segment, s) => {
      if (segment.segmentLabel === EMPTY_SEGMENT) return;
      const mask = maskFromLabels(labels, tables[s]);
      if (!mask) return;
      const bits = packBits(mask);
      if (s === 0) {
        frames.push({ segmentNumber: s + 1, sliceIndex: k, bits: shiftFrameColumns(bits, rows, columns, LIVER_SHIFT_COLUMNS) });
        return;
      }
      const how = perturbationOf(s);
      const to = how === 'next-slice' ? k + 1 : k;
      if (to < geometry.slices) frames.push({ segmentNumber: s + 1, sliceIndex: to, bits: perturbFrame(bits, rows, columns, how) });
    });
  }
  const segments: SegmentDescription[] = SAMPLE_SEGMENTS.map((s) => {
    const segmentLabel = s.segmentLabel === RELABELLED.from ? RELABELLED.to : s.segmentLabel;
    return {
      segmentLabel,
      category: s.category,
      type: s.type,
      typeModifier: s.typeModifier,
      anatomicRegion: s.anatomicRegion,
      algorithmType: 'MANUAL',
      color: s.color,
      trackingID: segmentLabel,
      trackingUID: contextUid(context, `reader2/tracking/${segmentLabel}`),
    };
  });
  return segmentationFile({
    context,
    fileName: 'SEG_READER2.dcm',
    sopInstanceUID: contextUid(context, 'instance/seg-reader2'),
    seriesInstanceUID: contextUid(context, 'series/seg-reader2'),
    seriesNumber: SeriesNumber.SEG + 10,
    seriesDescription: 'Phantom organs, second reader',
    contentLabel: 'READER2',
    contentDescription: 'The sample SEG as a second reader drew it: shifted, dilated or a slice off',
    segments,
    frames: frames.sort((a, b) => a.segmentNumber - b.segmentNumber || a.sliceIndex - b.sliceIndex),
  });
}
