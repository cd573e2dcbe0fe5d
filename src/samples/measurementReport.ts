import { Category, Concept, Language, ModalityCode, Procedure, Units } from './codes';
import { codeItem, encodePart10 } from './part10';
import type { Code, Dataset, SampleFile } from './part10';
import {
  codeContentItem,
  containerItem,
  dateItem,
  imageItem,
  numItem,
  scoordItem,
  textItem,
  uidrefItem,
} from './srContent';
import {
  GENERATOR_NAME,
  MANUFACTURER,
  STUDY_DATE,
  STUDY_TIME,
  contextUid,
  equipment,
  patientAndStudy,
  sopCommon,
} from './studyContext';
import type { StudyContext } from './studyContext';
import { SopClass } from './uids';

/** TID 1411 volumetric group: one SEG segment, its volume and mean CT number. */
export interface VolumetricGroup {
  trackingID: string;
  trackingUID: string;
  findingCategory: Code;
  finding: Code;
  findingSite?: Code;
  segmentNumber: number;
  volumeMm3: number;
  meanHU: number;
}

/** TID 1410 planar group: an outline on one CT slice with its axes and area. */
export interface PlanarGroup {
  trackingID: string;
  trackingUID: string;
  finding: Code;
  findingSite?: Code;
  sliceIndex: number;
  /** Closed POLYLINE in image pixel coordinates (column, row pairs; last point repeats the first). */
  outline: number[];
  longAxisMm: number;
  shortAxisMm: number;
  areaMm2: number;
}

export interface MeasurementReportInput {
  context: StudyContext;
  fileName: string;
  sopInstanceUID: string;
  seriesInstanceUID: string;
  seriesNumber: number;
  seriesDescription: string;
  segmentation: { sopInstanceUID: string; seriesInstanceUID: string };
  volumetric: readonly VolumetricGroup[];
  planar: readonly PlanarGroup[];
}

function trackingItems(group: { trackingID: string; trackingUID: string }): Dataset[] {
  return [
    textItem('HAS OBS CONTEXT', Concept.TrackingIdentifier, group.trackingID),
    uidrefItem('HAS OBS CONTEXT', Concept.TrackingUniqueIdentifier, group.trackingUID),
  ];
}

function volumetricGroup(input: MeasurementReportInput, group: VolumetricGroup): Dataset {
  const { context } = input;
  const children: Dataset[] = [
    ...trackingItems(group),
    codeContentItem('CONTAINS', Concept.FindingCategory, group.findingCategory),
    codeContentItem('CONTAINS', Concept.Finding, group.finding),
    imageItem('CONTAINS', Concept.ReferencedSegment, {
      sopClassUID: SopClass.Segmentation,
      sopInstanceUID: input.segmentation.sopInstanceUID,
      segmentNumber: group.segmentNumber,
    }),
    uidrefItem('CONTAINS', Concept.SourceSeriesForSegmentation, context.ctSeriesInstanceUID),
  ];
  if (group.findingSite) children.push(codeContentItem('HAS CONCEPT MOD', Concept.FindingSite, group.findingSite));
  children.push(
    numItem('CONTAINS', Concept.Volume, group.volumeMm3, Units.CubicMillimeter),
    numItem('CONTAINS', Concept.AttenuationCoefficient, group.meanHU, Units.HounsfieldUnit, [
      codeContentItem('HAS CONCEPT MOD', Concept.Derivation, Concept.Mean),
    ]),
  );
  return containerItem('CONTAINS', Concept.MeasurementGroup, children);
}

function planarGroup(input: MeasurementReportInput, group: PlanarGroup): Dataset {
  const image = { sopClassUID: SopClass.CTImage, sopInstanceUID: input.context.ctSopInstanceUIDs[group.sliceIndex] };
  const children: Dataset[] = [
    ...trackingItems(group),
    codeContentItem('CONTAINS', Concept.FindingCategory, Category.MorphologicallyAbnormalStructure),
    codeContentItem('CONTAINS', Concept.Finding, group.finding),
  ];
  if (group.findingSite) children.push(codeContentItem('HAS CONCEPT MOD', Concept.FindingSite, group.findingSite));
  children.push(
    scoordItem('CONTAINS', Concept.ImageRegion, 'POLYLINE', group.outline, image),
    numItem('CONTAINS', Concept.LongAxis, group.longAxisMm, Units.Millimeter),
    numItem('CONTAINS', Concept.ShortAxis, group.shortAxisMm, Units.Millimeter),
    numItem('CONTAINS', Concept.Area, group.areaMm2, Units.SquareMillimeter),
    codeContentItem('CONTAINS', Concept.LevelOfSignificance, Concept.Significant),
  );
  return containerItem('CONTAINS', Concept.MeasurementGroup, children);
}

function imageLibrary(context: StudyContext): Dataset {
  const images = context.ctSopInstanceUIDs.map((uid) =>
    imageItem('CONTAINS', undefined, { sopClassUID: SopClass.CTImage, sopInstanceUID: uid }),
  );
  return containerItem('CONTAINS', Concept.ImageLibrary, [
    containerItem('CONTAINS', Concept.ImageLibraryGroup, [
      codeContentItem('HAS ACQ CONTEXT', Concept.Modality, ModalityCode.CT),
      dateItem('HAS ACQ CONTEXT', Concept.StudyDate, STUDY_DATE),
      uidrefItem('HAS ACQ CONTEXT', Concept.FrameOfReferenceUID, context.frameOfReferenceUID),
      ...images,
    ]),
  ]);
}

/** Comprehensive 3D SR following TID 1500 "Measurement Report", over the CT and the SEG. */
export function measurementReportFile(input: MeasurementReportInput): SampleFile {
  const { context } = input;
  const content: Dataset[] = [
    codeContentItem('HAS CONCEPT MOD', Concept.LanguageOfContent, Language.EnglishUS, [
      codeContentItem('HAS CONCEPT MOD', Concept.CountryOfLanguage, Language.UnitedStates),
    ]),
    codeContentItem('HAS OBS CONTEXT', Concept.ObserverType, Concept.Device),
    uidrefItem('HAS OBS CONTEXT', Concept.DeviceObserverUID, contextUid(context, 'device-observer')),
    textItem('HAS OBS CONTEXT', Concept.DeviceObserverName, GENERATOR_NAME),
    textItem('HAS OBS CONTEXT', Concept.DeviceObserverManufacturer, MANUFACTURER),
    codeContentItem('HAS CONCEPT MOD', Concept.ProcedureReported, Procedure.CTUnspecified),
    imageLibrary(context),
    containerItem('CONTAINS', Concept.ImagingMeasurements, [
      ...input.volumetric.map((group) => volumetricGroup(input, group)),
      ...input.planar.map((group) => planarGroup(input, group)),
    ]),
  ];
  const dataset: Dataset = {
    ...sopCommon(SopClass.Comprehensive3DSR, input.sopInstanceUID),
    ...patientAndStudy(context),
    // SR Document Series
    Modality: 'SR',
    SeriesInstanceUID: input.seriesInstanceUID,
    SeriesNumber: input.seriesNumber,
    SeriesDate: STUDY_DATE,
    SeriesTime: STUDY_TIME,
    SeriesDescription: input.seriesDescription,
    ReferencedPerformedProcedureStepSequence: [],
    ...equipment(),
    // SR Document General
    InstanceNumber: 1,
    CompletionFlag: 'COMPLETE',
    VerificationFlag: 'UNVERIFIED',
    ContentDate: STUDY_DATE,
    ContentTime: STUDY_TIME,
    PerformedProcedureCodeSequence: [],
    CurrentRequestedProcedureEvidenceSequence: [
      {
        StudyInstanceUID: context.studyInstanceUID,
        ReferencedSeriesSequence: [
          {
            SeriesInstanceUID: context.ctSeriesInstanceUID,
            ReferencedSOPSequence: context.ctSopInstanceUIDs.map((uid) => ({
              ReferencedSOPClassUID: SopClass.CTImage,
              ReferencedSOPInstanceUID: uid,
            })),
          },
          {
            SeriesInstanceUID: input.segmentation.seriesInstanceUID,
            ReferencedSOPSequence: [
              {
                ReferencedSOPClassUID: SopClass.Segmentation,
                ReferencedSOPInstanceUID: input.segmentation.sopInstanceUID,
              },
            ],
          },
        ],
      },
    ],
    // SR Document Content (root)
    ValueType: 'CONTAINER',
    ConceptNameCodeSequence: [codeItem(Concept.ImagingMeasurementReport)],
    ContinuityOfContent: 'SEPARATE',
    ContentTemplateSequence: [{ MappingResource: 'DCMR', TemplateIdentifier: '1500' }],
    ContentSequence: content,
  };
  return { name: input.fileName, bytes: encodePart10(dataset) };
}
