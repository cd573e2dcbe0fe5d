import { SegDerivation } from './codes';
import { codeItem, encodePart10 } from './part10';
import type { Code, Dataset, SampleFile } from './part10';
import { concatenateFrames } from './segFrames';
import type { SegFrame } from './segFrames';
import {
  GENERATOR_NAME,
  STUDY_DATE,
  STUDY_TIME,
  contextUid,
  equipment,
  patientAndStudy,
  sopCommon,
} from './studyContext';
import type { StudyContext } from './studyContext';
import { SopClass } from './uids';
import type { RGB } from './valueFormat';
import { formatDS, rgbToDicomLab } from './valueFormat';
import { ImageOrientationPatient, imagePositionDS, pixelSpacingDS } from './volumeGeometry';

export type SegmentAlgorithmType = 'AUTOMATIC' | 'SEMIAUTOMATIC' | 'MANUAL';

/** What a segment is, in the vocabulary of the Segment Description macro. */
export interface SegmentDescription {
  segmentLabel: string;
  category: Code;
  type: Code;
  typeModifier?: Code;
  anatomicRegion?: Code;
  algorithmType: SegmentAlgorithmType;
  algorithmName?: string;
  color: RGB;
  trackingID: string;
  trackingUID: string;
}

export interface SegmentationInput {
  context: StudyContext;
  fileName: string;
  sopInstanceUID: string;
  seriesInstanceUID: string;
  seriesNumber: number;
  seriesDescription: string;
  contentLabel: string;
  contentDescription: string;
  /** Segment n is segments[n - 1]. */
  segments: readonly SegmentDescription[];
  /** Frames in storage order (by segment, then by slice). */
  frames: readonly SegFrame[];
}

function segmentItem(segment: SegmentDescription, segmentNumber: number): Dataset {
  const type: Dataset = codeItem(segment.type);
  if (segment.typeModifier) type.SegmentedPropertyTypeModifierCodeSequence = [codeItem(segment.typeModifier)];
  const item: Dataset = {
    SegmentNumber: segmentNumber,
    SegmentLabel: segment.segmentLabel,
    SegmentAlgorithmType: segment.algorithmType,
    SegmentedPropertyCategoryCodeSequence: [codeItem(segment.category)],
    SegmentedPropertyTypeCodeSequence: [type],
    RecommendedDisplayCIELabValue: rgbToDicomLab(segment.color),
    TrackingID: segment.trackingID,
    TrackingUID: segment.trackingUID,
  };
  if (segment.algorithmType !== 'MANUAL') item.SegmentAlgorithmName = segment.algorithmName ?? GENERATOR_NAME;
  if (segment.anatomicRegion) item.AnatomicRegionSequence = [codeItem(segment.anatomicRegion)];
  return item;
}

function perFrameItem(context: StudyContext, frame: SegFrame): Dataset {
  return {
    DerivationImageSequence: [
      {
        SourceImageSequence: [
          {
            ReferencedSOPClassUID: SopClass.CTImage,
            ReferencedSOPInstanceUID: context.ctSopInstanceUIDs[frame.sliceIndex],
            PurposeOfReferenceCodeSequence: [codeItem(SegDerivation.SourceImageForProcessing)],
          },
        ],
        DerivationCodeSequence: [codeItem(SegDerivation.Segmentation)],
      },
    ],
    FrameContentSequence: [{ DimensionIndexValues: [frame.segmentNumber, frame.sliceIndex + 1] }],
    PlanePositionSequence: [{ ImagePositionPatient: imagePositionDS(context.geometry, frame.sliceIndex) }],
    SegmentIdentificationSequence: [{ ReferencedSegmentNumber: frame.segmentNumber }],
  };
}

/** Segmentation Storage (BINARY) over the CT series, multi-frame with functional groups. */
export function segmentationFile(input: SegmentationInput): SampleFile {
  const { context, frames } = input;
  const { geometry } = context;
  const dimensionOrganizationUID = contextUid(context, `dimension-organization/${input.sopInstanceUID}`);
  const dataset: Dataset = {
    ...sopCommon(SopClass.Segmentation, input.sopInstanceUID),
    ...patientAndStudy(context),
    // Segmentation Series
    Modality: 'SEG',
    SeriesInstanceUID: input.seriesInstanceUID,
    SeriesNumber: input.seriesNumber,
    SeriesDate: STUDY_DATE,
    SeriesTime: STUDY_TIME,
    SeriesDescription: input.seriesDescription,
    FrameOfReferenceUID: context.frameOfReferenceUID,
    PositionReferenceIndicator: '',
    ...equipment(),
    // General Image / Segmentation Image
    InstanceNumber: 1,
    ContentDate: STUDY_DATE,
    ContentTime: STUDY_TIME,
    ImageType: ['DERIVED', 'PRIMARY'],
    ContentLabel: input.contentLabel,
    ContentDescription: input.contentDescription,
    ContentCreatorName: 'Generator^Phantom',
    SegmentationType: 'BINARY',
    LossyImageCompression: '00',
    SegmentSequence: input.segments.map((segment, i) => segmentItem(segment, i + 1)),
    // Image Pixel
    SamplesPerPixel: 1,
    PhotometricInterpretation: 'MONOCHROME2',
    Rows: geometry.rows,
    Columns: geometry.columns,
    BitsAllocated: 1,
    BitsStored: 1,
    HighBit: 0,
    PixelRepresentation: 0,
    // Multi-frame Functional Groups
    NumberOfFrames: frames.length,
    SharedFunctionalGroupsSequence: [
      {
        PixelMeasuresSequence: [
          {
            PixelSpacing: pixelSpacingDS(geometry),
            SliceThickness: formatDS(geometry.sliceSpacing),
            SpacingBetweenSlices: formatDS(geometry.sliceSpacing),
          },
        ],
        PlaneOrientationSequence: [{ ImageOrientationPatient }],
      },
    ],
    PerFrameFunctionalGroupsSequence: frames.map((frame) => perFrameItem(context, frame)),
    // Multi-frame Dimension
    DimensionOrganizationSequence: [{ DimensionOrganizationUID: dimensionOrganizationUID }],
    DimensionIndexSequence: [
      {
        DimensionOrganizationUID: dimensionOrganizationUID,
        DimensionIndexPointer: 0x0062000b,
        FunctionalGroupPointer: 0x0062000a,
        DimensionDescriptionLabel: 'ReferencedSegmentNumber',
      },
      {
        DimensionOrganizationUID: dimensionOrganizationUID,
        DimensionIndexPointer: 0x00200032,
        FunctionalGroupPointer: 0x00209113,
        DimensionDescriptionLabel: 'ImagePositionPatient',
      },
    ],
    // Common Instance Reference
    ReferencedSeriesSequence: [
      {
        SeriesInstanceUID: context.ctSeriesInstanceUID,
        ReferencedInstanceSequence: context.ctSopInstanceUIDs.map((uid) => ({
          ReferencedSOPClassUID: SopClass.CTImage,
          ReferencedSOPInstanceUID: uid,
        })),
      },
    ],
  };
  const pixels = concatenateFrames(
    frames.map((frame) => frame.bits),
    geometry.rows * geometry.columns,
  );
  return { name: input.fileName, bytes: encodePart10(dataset, { vr: 'OB', bytes: pixels }) };
}
