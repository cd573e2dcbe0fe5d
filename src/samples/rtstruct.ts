import { encodePart10 } from './part10';
import type { Dataset, SampleFile } from './part10';
import { STUDY_DATE, STUDY_TIME, equipment, patientAndStudy, sopCommon } from './studyContext';
import type { StudyContext } from './studyContext';
import { SopClass } from './uids';
import type { RGB } from './valueFormat';
import { formatDS } from './valueFormat';

export type RTROIInterpretedType = 'EXTERNAL' | 'GTV' | 'ORGAN' | 'ISOCENTER' | 'MARKER';

/** One planar contour in patient mm on one CT slice (points are x, y; z is the slice position). */
export interface SliceContour {
  sliceIndex: number;
  geometricType: 'CLOSED_PLANAR' | 'POINT';
  points: Array<readonly [number, number]>;
}

export interface RoiInput {
  name: string;
  description: string;
  interpretedType: RTROIInterpretedType;
  generationAlgorithm: 'AUTOMATIC' | 'SEMIAUTOMATIC' | 'MANUAL';
  color: RGB;
  contours: SliceContour[];
}

export interface StructureSetInput {
  context: StudyContext;
  fileName: string;
  sopInstanceUID: string;
  seriesInstanceUID: string;
  seriesNumber: number;
  seriesDescription: string;
  rois: readonly RoiInput[];
}

function contourImage(context: StudyContext, sliceIndex: number): Dataset {
  return { ReferencedSOPClassUID: SopClass.CTImage, ReferencedSOPInstanceUID: context.ctSopInstanceUIDs[sliceIndex] };
}

function contourItem(context: StudyContext, contour: SliceContour, contourNumber: number): Dataset {
  const z = formatDS(context.geometry.sliceZ[contour.sliceIndex]);
  const data: string[] = [];
  for (const [x, y] of contour.points) data.push(formatDS(x, 3), formatDS(y, 3), z);
  return {
    ContourNumber: contourNumber,
    ContourImageSequence: [contourImage(context, contour.sliceIndex)],
    ContourGeometricType: contour.geometricType,
    NumberOfContourPoints: contour.points.length,
    ContourData: data,
  };
}

/** RT Structure Set Storage: ROIs as planar contours on the CT slices, in the CT frame of reference. */
export function structureSetFile(input: StructureSetInput): SampleFile {
  const { context, rois } = input;
  const dataset: Dataset = {
    ...sopCommon(SopClass.RTStructureSet, input.sopInstanceUID),
    ...patientAndStudy(context),
    // RT Series
    Modality: 'RTSTRUCT',
    SeriesInstanceUID: input.seriesInstanceUID,
    SeriesNumber: input.seriesNumber,
    SeriesDate: STUDY_DATE,
    SeriesTime: STUDY_TIME,
    SeriesDescription: input.seriesDescription,
    OperatorsName: '',
    // Frame of Reference (part of the RT Structure Set IOD since 2019)
    FrameOfReferenceUID: context.frameOfReferenceUID,
    PositionReferenceIndicator: '',
    ...equipment(),
    // Structure Set
    InstanceNumber: 1,
    StructureSetLabel: 'PHANTOM',
    StructureSetName: 'Phantom structures',
    StructureSetDescription: 'Contours traced from the phantom label map',
    StructureSetDate: STUDY_DATE,
    StructureSetTime: STUDY_TIME,
    ReferencedFrameOfReferenceSequence: [
      {
        FrameOfReferenceUID: context.frameOfReferenceUID,
        RTReferencedStudySequence: [
          {
            ReferencedSOPClassUID: SopClass.DetachedStudyManagement,
            ReferencedSOPInstanceUID: context.studyInstanceUID,
            RTReferencedSeriesSequence: [
              {
                SeriesInstanceUID: context.ctSeriesInstanceUID,
                ContourImageSequence: context.ctSopInstanceUIDs.map((_, k) => contourImage(context, k)),
              },
            ],
          },
        ],
      },
    ],
    StructureSetROISequence: rois.map((roi, i) => ({
      ROINumber: i + 1,
      ReferencedFrameOfReferenceUID: context.frameOfReferenceUID,
      ROIName: roi.name,
      ROIDescription: roi.description,
      ROIGenerationAlgorithm: roi.generationAlgorithm,
    })),
    // ROI Contour
    ROIContourSequence: rois.map((roi, i) => {
      const item: Dataset = { ReferencedROINumber: i + 1, ROIDisplayColor: [...roi.color] };
      if (roi.contours.length > 0) {
        item.ContourSequence = roi.contours.map((contour, n) => contourItem(context, contour, n + 1));
      }
      return item;
    }),
    // RT ROI Observations
    RTROIObservationsSequence: rois.map((roi, i) => ({
      ObservationNumber: i + 1,
      ReferencedROINumber: i + 1,
      ROIObservationLabel: roi.name,
      RTROIInterpretedType: roi.interpretedType,
      ROIInterpreter: '',
    })),
    ApprovalStatus: 'UNAPPROVED',
  };
  return { name: input.fileName, bytes: encodePart10(dataset) };
}
