import { traceContours } from './contours';
import { ctSeriesDescription } from './ctImage';
import { measurementReportFile } from './measurementReport';
import type { PlanarGroup, VolumetricGroup } from './measurementReport';
import type { SampleFile } from './part10';
import { TUMOUR } from './phantomAnatomy';
import { forEachPhantomSlice } from './phantomSeries';
import { labelSet, maskFromLabels } from './phantomSlice';
import { measureOutline } from './planarMeasurement';
import type { RoiInput, SliceContour } from './rtstruct';
import { structureSetFile } from './rtstruct';
import { ISOCENTER_ROI, SAMPLE_ROIS, SAMPLE_SEGMENTS } from './sampleDefinitions';
import { writeSampleFiles } from './sampleFiles';
import { packBits } from './segFrames';
import type { SegFrame } from './segFrames';
import { segmentationFile } from './segmentation';
import type { SegmentDescription } from './segmentation';
import { SeriesNumber, contextUid, createStudyContext } from './studyContext';
import type { StudyContext } from './studyContext';
import { columnToX, createVolumeGeometry, nearestSlice, rowToY, voxelVolumeMm3 } from './volumeGeometry';
import type { SampleSizeOptions } from './volumeGeometry';

function segmentDescriptions(context: StudyContext): SegmentDescription[] {
  return SAMPLE_SEGMENTS.map((segment) => ({
    ...segment,
    trackingID: segment.segmentLabel,
    trackingUID: contextUid(context, `tracking/${segment.segmentLabel}`),
  }));
}

/**
 * The synthetic sample study: CT series (CT/0001.dcm ...), SEG.dcm, RTSTRUCT.dcm and SR.dcm, all sharing
 * patient, study and frame of reference. Same options, byte-identical files.
 */
export function generateSampleStudy(options: SampleSizeOptions = {}): SampleFile[] {
  const geometry = createVolumeGeometry(options);
  const context = createStudyContext(geometry);
  const segments = segmentDescriptions(context);
  const segmentTables = SAMPLE_SEGMENTS.map((segment) => labelSet(segment.labels));
  const roiTables = SAMPLE_ROIS.map((roi) => labelSet(roi.labels));
  const framesBySegment: SegFrame[][] = segments.map(() => []);
  const voxelCount = segments.map(() => 0);
  const huSum = segments.map(() => 0);
  const contoursByRoi: SliceContour[][] = SAMPLE_ROIS.map(() => []);
  const tumourIndex = SAMPLE_SEGMENTS.findIndex((segment) => segment.segmentLabel === 'Liver tumour');
  let tumourSlice: { index: number; count: number; mask: Uint8Array } = {
    index: -1,
    count: 0,
    mask: new Uint8Array(0),
  };
  const ctFiles: SampleFile[] = [];

  forEachPhantomSlice(context, (k, labels, hu, ctFile) => {
    ctFiles.push(ctFile);
    segmentTables.forEach((table, s) => {
      const mask = maskFromLabels(labels, table);
      if (!mask) return;
      framesBySegment[s].push({ segmentNumber: s + 1, sliceIndex: k, bits: packBits(mask) });
      let count = 0;
      let sum = 0;
      for (let i = 0; i < mask.length; i++) {
        if (mask[i]) {
          count++;
          sum += hu[i];
        }
      }
      voxelCount[s] += count;
      huSum[s] += sum;
      if (s === tumourIndex && count > tumourSlice.count) tumourSlice = { index: k, count, mask };
    });
    roiTables.forEach((table, r) => {
      const mask = maskFromLabels(labels, table);
      if (!mask) return;
      for (const polygon of traceContours(mask, geometry.rows, geometry.columns)) {
        const points = polygon.map(([c, row]) => [columnToX(geometry, c), rowToY(geometry, row)] as const);
        contoursByRoi[r].push({ sliceIndex: k, geometricType: 'CLOSED_PLANAR', points });
      }
    });
  });

  const seg = {
    sopInstanceUID: contextUid(context, 'instance/seg'),
    seriesInstanceUID: contextUid(context, 'series/seg'),
  };
  const segFile = segmentationFile({
    context,
    fileName: 'SEG.dcm',
    ...seg,
    seriesNumber: SeriesNumber.SEG,
    seriesDescription: 'Phantom organs and tumour',
    contentLabel: 'PHANTOM_ORGANS',
    contentDescription: 'Organs and liver tumour of the synthetic phantom',
    segments,
    frames: framesBySegment.flat(),
  });

  const isocenterSlice = nearestSlice(geometry, TUMOUR.centre[2]);
  const rois: RoiInput[] = [
    ...SAMPLE_ROIS.map((roi, r) => ({ ...roi, contours: contoursByRoi[r] })),
    {
      ...ISOCENTER_ROI,
      generationAlgorithm: 'MANUAL' as const,
      contours: [
        {
          sliceIndex: isocenterSlice,
          geometricType: 'POINT' as const,
          points: [[TUMOUR.centre[0], TUMOUR.centre[1]] as const],
        },
      ],
    },
  ];
  const rtFile = structureSetFile({
    context,
    fileName: 'RTSTRUCT.dcm',
    sopInstanceUID: contextUid(context, 'instance/rtstruct'),
    seriesInstanceUID: contextUid(context, 'series/rtstruct'),
    seriesNumber: SeriesNumber.RTSTRUCT,
    seriesDescription: 'Phantom structures',
    rois,
  });

  const voxelVolume = voxelVolumeMm3(geometry);
  const volumetric: VolumetricGroup[] = [];
  segments.forEach((segment, s) => {
    if (voxelCount[s] === 0) return;
    volumetric.push({
      trackingID: segment.trackingID,
      trackingUID: segment.trackingUID,
      findingCategory: SAMPLE_SEGMENTS[s].category,
      finding: SAMPLE_SEGMENTS[s].finding,
      findingSite: SAMPLE_SEGMENTS[s].findingSite,
      segmentNumber: s + 1,
      volumeMm3: voxelCount[s] * voxelVolume,
      meanHU: huSum[s] / voxelCount[s],
    });
  });
  const planar: PlanarGroup[] = [];
  const tumourOutline = tumourSlice.index >= 0 ? measureOutline(tumourSlice.mask, geometry) : null;
  if (tumourOutline) {
    const tumour = segments[tumourIndex];
    planar.push({
      trackingID: tumour.trackingID,
      trackingUID: tumour.trackingUID,
      finding: SAMPLE_SEGMENTS[tumourIndex].finding,
      findingSite: SAMPLE_SEGMENTS[tumourIndex].findingSite,
      sliceIndex: tumourSlice.index,
      ...tumourOutline,
    });
  }
  const srFile = measurementReportFile({
    context,
    fileName: 'SR.dcm',
    sopInstanceUID: contextUid(context, 'instance/sr'),
    seriesInstanceUID: contextUid(context, 'series/sr'),
    seriesNumber: SeriesNumber.SR,
    seriesDescription: `Measurements on ${ctSeriesDescription(context)}`,
    segmentation: seg,
    volumetric,
    planar,
  });
  return [...ctFiles, segFile, rtFile, srFile];
}

/** Generate the sample study and write it under `outDir`; returns the written paths. */
export function writeSampleStudy(outDir: string, options: SampleSizeOptions = {}): string[] {
  return writeSampleFiles(outDir, generateSampleStudy(options));
}
