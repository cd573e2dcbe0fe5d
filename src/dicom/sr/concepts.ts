// Concept names of TID 1500 and the templates it includes (PS3.16), as the decoder recognises them.
// Several have an SRT (SNOMED RT) code from before the move to SNOMED CT; files of both eras are in use, so
// each concept lists every code that names it.
import { sameCode, type Code } from '../codes/code';

export type Concept = readonly Code[];

const dcm = (code: string, meaning: string): Code => ({ code, scheme: 'DCM', meaning });
const sct = (code: string, meaning: string): Code => ({ code, scheme: 'SCT', meaning });
const srt = (code: string, meaning: string): Code => ({ code, scheme: 'SRT', meaning });

export const Concepts = {
  ImagingMeasurementReport: [dcm('126000', 'Imaging Measurement Report')],
  LanguageOfContentItemAndDescendants: [dcm('121049', 'Language of Content Item and Descendants')],
  CountryOfLanguage: [dcm('121046', 'Country of Language')],
  ObserverType: [dcm('121005', 'Observer Type')],
  Person: [dcm('121006', 'Person')],
  Device: [dcm('121007', 'Device')],
  PersonObserverName: [dcm('121008', 'Person Observer Name')],
  PersonObserverOrganizationName: [dcm('121009', "Person Observer's Organization Name")],
  PersonObserverRoleInOrganization: [dcm('121010', "Person Observer's Role in the Organization")],
  PersonObserverRoleInProcedure: [dcm('121011', "Person Observer's Role in this Procedure")],
  DeviceObserverUID: [dcm('121012', 'Device Observer UID')],
  DeviceObserverName: [dcm('121013', 'Device Observer Name')],
  DeviceObserverManufacturer: [dcm('121014', 'Device Observer Manufacturer')],
  DeviceObserverModelName: [dcm('121015', 'Device Observer Model Name')],
  DeviceObserverSerialNumber: [dcm('121016', 'Device Observer Serial Number')],
  DeviceObserverPhysicalLocation: [dcm('121017', 'Device Observer Physical Location During Observation')],
  ProcedureReported: [dcm('121058', 'Procedure reported')],
  ImageLibrary: [dcm('111028', 'Image Library')],
  ImageLibraryGroup: [dcm('126200', 'Image Library Group')],
  Modality: [dcm('121139', 'Modality')],
  FrameOfReferenceUID: [dcm('112227', 'Frame of Reference UID')],
  ImagingMeasurements: [dcm('126010', 'Imaging Measurements')],
  QualitativeEvaluations: [{ code: 'C0034375', scheme: 'UMLS', meaning: 'Qualitative Evaluations' }],
  MeasurementGroup: [dcm('125007', 'Measurement Group')],
  TrackingIdentifier: [dcm('112039', 'Tracking Identifier')],
  TrackingUniqueIdentifier: [dcm('112040', 'Tracking Unique Identifier')],
  ActivitySession: [{ code: 'C67447', scheme: 'NCIt', meaning: 'Activity Session' }],
  TimePoint: [{ code: 'C2348792', scheme: 'UMLS', meaning: 'Time Point' }],
  TimePointType: [dcm('126072', 'Time Point Type')],
  TimePointOrder: [dcm('126073', 'Time Point Order')],
  SubjectTimePointIdentifier: [dcm('126070', 'Subject Time Point Identifier')],
  ProtocolTimePointIdentifier: [dcm('126071', 'Protocol Time Point Identifier')],
  Finding: [dcm('121071', 'Finding')],
  FindingCategory: [sct('276214006', 'Finding category')],
  FindingSite: [sct('363698007', 'Finding Site'), srt('G-C0E3', 'Finding Site')],
  Laterality: [sct('272741003', 'Laterality'), srt('G-C171', 'Laterality')],
  TopographicalModifier: [sct('106233006', 'Topographical modifier'), srt('G-A1F8', 'Topographical modifier')],
  MeasurementMethod: [sct('370129005', 'Measurement Method'), srt('G-C036', 'Measurement Method')],
  Derivation: [dcm('121401', 'Derivation')],
  AlgorithmName: [dcm('111001', 'Algorithm Name')],
  AlgorithmVersion: [dcm('111003', 'Algorithm Version')],
  AlgorithmParameters: [dcm('111002', 'Algorithm Parameters')],
  ReferencedSegment: [dcm('121191', 'Referenced Segment')],
  ReferencedSegmentationFrame: [dcm('121214', 'Referenced Segmentation Frame')],
  SourceSeriesForSegmentation: [dcm('121232', 'Source series for segmentation')],
  SourceImageForSegmentation: [dcm('121233', 'Source image for segmentation')],
  RealWorldValueMapUsedForMeasurement: [dcm('126100', 'Real World Value Map used for measurement')],
} as const satisfies Record<string, Concept>;

/** True when `code` is one of the codes that name `concept`. */
export function isConcept(code: Code | null, concept: Concept): boolean {
  if (!code) return false;
  for (const c of concept) if (sameCode(code, c)) return true;
  return false;
}
