import type { Code } from './part10';

const sct = (value: string, meaning: string): Code => ({ value, scheme: 'SCT', meaning });
const dcm = (value: string, meaning: string): Code => ({ value, scheme: 'DCM', meaning });
const ucum = (value: string, meaning: string): Code => ({ value, scheme: 'UCUM', meaning });

/** Anatomy and findings (SNOMED CT). */
export const Anatomy = {
  Liver: sct('10200004', 'Liver'),
  Kidney: sct('64033007', 'Kidney'),
  Lung: sct('39607008', 'Lung'),
  VertebralColumn: sct('421060004', 'Vertebral column'),
  SpinalCord: sct('2748008', 'Spinal cord'),
  Spleen: sct('78961009', 'Spleen'),
  Heart: sct('80891009', 'Heart'),
  Aorta: sct('15825003', 'Aorta'),
  Stomach: sct('69695003', 'Stomach'),
  Rib: sct('113197003', 'Rib'),
  Body: sct('38266002', 'Entire body'),
  AdiposeTissue: sct('55603005', 'Adipose tissue'),
  Muscle: sct('91727004', 'Muscle'),
  Intestine: sct('113276009', 'Intestine'),
  Neoplasm: sct('108369006', 'Neoplasm'),
} as const;

export const Laterality = {
  Right: sct('24028007', 'Right'),
  Left: sct('7771000', 'Left'),
  RightAndLeft: sct('51440002', 'Right and left'),
} as const;

/** Segmented property categories (CID 7150). */
export const Category = {
  Tissue: sct('85756007', 'Tissue'),
  AnatomicalStructure: sct('123037004', 'Anatomical Structure'),
  MorphologicallyAbnormalStructure: sct('49755003', 'Morphologically Abnormal Structure'),
} as const;

/** Concepts of the TID 1500 measurement report. */
export const Concept = {
  ImagingMeasurementReport: dcm('126000', 'Imaging Measurement Report'),
  LanguageOfContent: dcm('121049', 'Language of Content Item and Descendants'),
  CountryOfLanguage: dcm('121046', 'Country of Language'),
  ObserverType: dcm('121005', 'Observer Type'),
  Device: dcm('121007', 'Device'),
  DeviceObserverUID: dcm('121012', 'Device Observer UID'),
  DeviceObserverName: dcm('121013', 'Device Observer Name'),
  DeviceObserverManufacturer: dcm('121014', 'Device Observer Manufacturer'),
  ProcedureReported: dcm('121058', 'Procedure reported'),
  ImageLibrary: dcm('111028', 'Image Library'),
  ImageLibraryGroup: dcm('126200', 'Image Library Group'),
  Modality: dcm('121139', 'Modality'),
  StudyDate: dcm('111060', 'Study Date'),
  FrameOfReferenceUID: dcm('112227', 'Frame of Reference UID'),
  ImagingMeasurements: dcm('126010', 'Imaging Measurements'),
  MeasurementGroup: dcm('125007', 'Measurement Group'),
  TrackingIdentifier: dcm('112039', 'Tracking Identifier'),
  TrackingUniqueIdentifier: dcm('112040', 'Tracking Unique Identifier'),
  FindingCategory: sct('276214006', 'Finding category'),
  Finding: dcm('121071', 'Finding'),
  FindingSite: sct('363698007', 'Finding Site'),
  ReferencedSegment: dcm('121191', 'Referenced Segment'),
  SourceSeriesForSegmentation: dcm('121232', 'Source series for segmentation'),
  ImageRegion: dcm('111030', 'Image Region'),
  Volume: sct('118565006', 'Volume'),
  AttenuationCoefficient: dcm('112031', 'Attenuation Coefficient'),
  Derivation: dcm('121401', 'Derivation'),
  Mean: sct('373098007', 'Mean'),
  LongAxis: sct('103339001', 'Long Axis'),
  ShortAxis: sct('103340004', 'Short Axis'),
  Area: sct('42798000', 'Area'),
  LevelOfSignificance: dcm('121403', 'Level of Significance'),
  Significant: sct('386134007', 'Significant'),
} as const;

export const Language = {
  EnglishUS: { value: 'en-US', scheme: 'RFC5646', meaning: 'English (United States)' } as Code,
  UnitedStates: { value: 'US', scheme: 'ISO3166_1', meaning: 'United States' } as Code,
};

export const Procedure = {
  CTUnspecified: { value: '25045-6', scheme: 'LN', meaning: 'CT unspecified body region' } as Code,
};

export const ModalityCode = { CT: dcm('CT', 'Computed Tomography') };

export const Units = {
  CubicMillimeter: ucum('mm3', 'cubic millimeter'),
  Millimeter: ucum('mm', 'millimeter'),
  SquareMillimeter: ucum('mm2', 'square millimeter'),
  HounsfieldUnit: ucum("[hnsf'U]", 'Hounsfield unit'),
} as const;

/** Derivation of SEG frames and the purpose of their source references. */
export const SegDerivation = {
  Segmentation: dcm('113076', 'Segmentation'),
  SourceImageForProcessing: dcm('121322', 'Source image for image processing operation'),
} as const;
