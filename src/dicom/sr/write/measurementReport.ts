// A TID 1500 Measurement Report (PS3.16) of measurements drawn on images, as a Comprehensive 3D SR data set.
//
// Why Comprehensive 3D SR: a measurement drawn on an acquired slice is written as SCOORD on that image, but one drawn
// in a reformatted MPR plane (sagittal, coronal) lies on no stored image and can only be SCOORD3D in the Frame of
// Reference, which Comprehensive 3D SR alone allows; one SOP class for every export keeps one reading path. It is
// the class highdicom writes TID 1500 in, and OHIF (IDC's viewer), highdicom and dcmqi read it.
//
// Layout: Language, observer (this viewer as a device), procedure reported, the Image Library (TID 1600: every
// image a region is on, one group per series), then Imaging Measurements with one group per measurement:
//   - ROIs (ellipse, rectangle) as TID 1410 Planar ROI: the "Image Region" SCOORD/SCOORD3D, then the area and
//     the statistics of the pixels inside it (TID 1419);
//   - lines (length, bidirectional) as TID 1501: each value (TID 300) INFERRED FROM the polyline it was measured on.
// Each group has a Tracking Identifier (what the panel calls it) and a Tracking Unique Identifier.
import type { Code } from '../../codes/code';
import { Concepts } from '../concepts';
import { WriterCodes, modalityCode } from './codes';
import {
  codeContent,
  container,
  imageContent,
  numContent,
  referencedSop,
  scoord3dContent,
  scoordContent,
  textContent,
  uidContent,
  type Dataset,
  type GraphicType2D,
  type GraphicType3D,
  type ImageReference,
} from './contentItems';
import { ucumUnit } from './units';

export const COMPREHENSIVE_3D_SR = '1.2.840.10008.5.1.4.1.1.88.34';

export interface ReportImage extends ImageReference {
  studyInstanceUID: string;
  seriesInstanceUID: string;
  modality: string | null;
  frameOfReferenceUID: string | null;
}

export type MeasurementRegion =
  | { kind: 'SCOORD'; graphicType: GraphicType2D; graphicData: number[]; image: ReportImage }
  | { kind: 'SCOORD3D'; graphicType: GraphicType3D; graphicData: number[]; frameOfReferenceUID: string };

export type QuantityName = keyof typeof QUANTITY_CODES;

const QUANTITY_CODES = {
  Length: WriterCodes.Length,
  'Long Axis': WriterCodes.LongAxis,
  'Short Axis': WriterCodes.ShortAxis,
  Area: WriterCodes.Area,
  Mean: WriterCodes.Mean,
  'Standard Deviation': WriterCodes.StandardDeviation,
  Minimum: WriterCodes.Minimum,
  Maximum: WriterCodes.Maximum,
} as const satisfies Record<string, Code>;

export interface MeasuredQuantity {
  name: QuantityName;
  value: number;
  /** as the viewer shows it (mm, mm², HU ...); written as UCUM */
  unit: string;
  /** TID 1501: the polyline this value was measured on */
  region?: MeasurementRegion;
}

export interface ReportMeasurement {
  trackingIdentifier: string;
  trackingUID: string;
  /** '1410': a planar ROI (`region` at group level); '1501': values each with their own region */
  template: '1410' | '1501';
  region?: MeasurementRegion;
  quantities: MeasuredQuantity[];
}

export interface Equipment {
  manufacturer: string;
  modelName: string;
  softwareVersions: string;
  /** TID 1004 Device Observer UID: one UID for this software */
  deviceObserverUID: string;
}

export interface MeasurementReportInput {
  /** Patient and General Study attributes of the images (studyAttributes.ts) */
  study: Dataset;
  seriesInstanceUID: string;
  sopInstanceUID: string;
  seriesNumber: number;
  seriesDescription: string;
  now: Date;
  equipment: Equipment;
  measurements: readonly ReportMeasurement[];
  /**
   * Images for the library besides those SCOORDs are on: those of a series measured in 3D (SCOORD3D names no image,
   * but the values come from these)
   */
  otherImages?: readonly ReportImage[];
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
export const dicomDate = (d: Date): string => `${d.getFullYear()}${pad(d.getMonth() + 1)}${pad(d.getDate())}`;
export const dicomTime = (d: Date): string => `${pad(d.getHours())}${pad(d.getMinutes())}${pad(d.getSeconds())}`;

function regionItem(relationship: 'CONTAINS' | 'INFERRED FROM', concept: Code | null, r: MeasurementRegion): Dataset {
  return r.kind === 'SCOORD'
    ? scoordContent(relationship, concept, r.graphicType, r.graphicData, r.image)
    : scoord3dContent(relationship, concept, r.graphicType, r.graphicData, r.frameOfReferenceUID);
}

function measurementGroup(m: ReportMeasurement): Dataset {
  const children: Dataset[] = [
    textContent('HAS OBS CONTEXT', Concepts.TrackingIdentifier[0], m.trackingIdentifier),
    uidContent('HAS OBS CONTEXT', Concepts.TrackingUniqueIdentifier[0], m.trackingUID),
  ];
  if (m.template === '1410') {
    if (!m.region) throw new Error(`measurement ${m.trackingIdentifier} has no region`);
    children.push(regionItem('CONTAINS', WriterCodes.ImageRegion, m.region));
  }
  for (const q of m.quantities) {
    const from = m.template === '1501' && q.region ? [regionItem('INFERRED FROM', null, q.region)] : [];
    children.push(numContent('CONTAINS', QUANTITY_CODES[q.name], q.value, ucumUnit(q.unit), from));
  }
  return container('CONTAINS', Concepts.MeasurementGroup[0], children, m.template);
}

/** Every image a region is on, then the other images given, once each, in the order first named. */
export function referencedImages(measurements: readonly ReportMeasurement[], otherImages: readonly ReportImage[] = []): ReportImage[] {
  const seen = new Map<string, ReportImage>();
  const add = (im: ReportImage): void => {
    const key = `${im.sopInstanceUID}/${im.frameNumber ?? ''}`;
    if (!seen.has(key)) seen.set(key, im);
  };
  for (const m of measurements) {
    for (const r of [m.region, ...m.quantities.map((q) => q.region)]) if (r?.kind === 'SCOORD') add(r.image);
  }
  otherImages.forEach(add);
  return [...seen.values()];
}

function bySeries(images: readonly ReportImage[]): ReportImage[][] {
  const groups = new Map<string, ReportImage[]>();
  for (const im of images) groups.set(im.seriesInstanceUID, [...(groups.get(im.seriesInstanceUID) ?? []), im]);
  return [...groups.values()];
}

/** TID 1600: one Image Library Group per series, with its modality and Frame of Reference. */
function imageLibrary(images: readonly ReportImage[]): Dataset {
  if (!images.length) return container('CONTAINS', Concepts.ImageLibrary[0], []);
  const groups = bySeries(images).map((series) => {
    const first = series[0];
    const descriptors: Dataset[] = [];
    const modality = modalityCode(first.modality);
    if (modality) descriptors.push(codeContent('HAS ACQ CONTEXT', Concepts.Modality[0], modality));
    if (first.frameOfReferenceUID) descriptors.push(uidContent('HAS ACQ CONTEXT', Concepts.FrameOfReferenceUID[0], first.frameOfReferenceUID));
    return container('CONTAINS', Concepts.ImageLibraryGroup[0], [...descriptors, ...series.map((im) => imageContent('CONTAINS', im))]);
  });
  return container('CONTAINS', Concepts.ImageLibrary[0], groups);
}

/** PS3.3 C.17.2.3: every instance the document references, by study and series (each instance once). */
function evidence(images: readonly ReportImage[]): Dataset[] {
  const studies = new Map<string, ReportImage[]>();
  for (const im of images) studies.set(im.studyInstanceUID, [...(studies.get(im.studyInstanceUID) ?? []), im]);
  return [...studies.entries()].map(([studyUID, ims]) => ({
    StudyInstanceUID: studyUID,
    ReferencedSeriesSequence: bySeries(ims).map((series) => {
      const sops = new Map(series.map((im) => [im.sopInstanceUID, im]));
      return {
        SeriesInstanceUID: series[0].seriesInstanceUID,
        ReferencedSOPSequence: [...sops.values()].map((im) => referencedSop({ ...im, frameNumber: null })),
      };
    }),
  }));
}

/** The SR data set (naturalized, for dcmjs), ready to be written as Part 10 (part10.ts). */
export function measurementReportDataset(input: MeasurementReportInput): Dataset {
  if (!input.measurements.length) throw new Error('there are no measurements to report');
  const { equipment, now } = input;
  const images = referencedImages(input.measurements, input.otherImages);
  const date = dicomDate(now);
  const time = dicomTime(now);
  const content: Dataset[] = [
    codeContent('HAS CONCEPT MOD', Concepts.LanguageOfContentItemAndDescendants[0], WriterCodes.EnglishUS),
    codeContent('HAS OBS CONTEXT', Concepts.ObserverType[0], WriterCodes.Device),
    uidContent('HAS OBS CONTEXT', Concepts.DeviceObserverUID[0], equipment.deviceObserverUID),
    textContent('HAS OBS CONTEXT', Concepts.DeviceObserverName[0], equipment.modelName),
    textContent('HAS OBS CONTEXT', Concepts.DeviceObserverManufacturer[0], equipment.manufacturer),
    codeContent('HAS CONCEPT MOD', Concepts.ProcedureReported[0], WriterCodes.ImagingProcedure),
  ];
  // TID 1500 requires the library, even when it lists nothing.
  content.push(imageLibrary(images));
  content.push(container('CONTAINS', Concepts.ImagingMeasurements[0], input.measurements.map(measurementGroup)));
  const dataset: Dataset = {
    SpecificCharacterSet: 'ISO_IR 192',
    SOPClassUID: COMPREHENSIVE_3D_SR,
    SOPInstanceUID: input.sopInstanceUID,
    InstanceCreationDate: date,
    InstanceCreationTime: time,
    ...input.study,
    Modality: 'SR',
    SeriesInstanceUID: input.seriesInstanceUID,
    SeriesNumber: input.seriesNumber,
    SeriesDate: date,
    SeriesTime: time,
    SeriesDescription: input.seriesDescription,
    ReferencedPerformedProcedureStepSequence: [],
    Manufacturer: equipment.manufacturer,
    ManufacturerModelName: equipment.modelName,
    SoftwareVersions: equipment.softwareVersions,
    InstanceNumber: 1,
    CompletionFlag: 'COMPLETE',
    VerificationFlag: 'UNVERIFIED',
    ContentDate: date,
    ContentTime: time,
    PerformedProcedureCodeSequence: [],
    ValueType: 'CONTAINER',
    ConceptNameCodeSequence: [{ CodeValue: '126000', CodingSchemeDesignator: 'DCM', CodeMeaning: 'Imaging Measurement Report' }],
    ContinuityOfContent: 'SEPARATE',
    ContentTemplateSequence: [{ MappingResource: 'DCMR', TemplateIdentifier: '1500' }],
    ContentSequence: content,
  };
  if (images.length) dataset.CurrentRequestedProcedureEvidenceSequence = evidence(images);
  return dataset;
}
