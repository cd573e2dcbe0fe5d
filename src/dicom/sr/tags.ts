// Attributes of the SR Document Content module (PS3.3 C.17.3) and the SR document SOP classes, by keyword.
// Kept here rather than in json.ts's Tag table because nothing outside sr/ reads them.

export const SRTag = {
  SOPClassUID: '00080016',
  SOPInstanceUID: '00080018',
  ContentDate: '00080023',
  ContentTime: '00080033',
  CodingSchemeVersion: '00080103',
  MappingResource: '00080105',
  ReferencedSOPClassUID: '00081150',
  ReferencedSOPInstanceUID: '00081155',
  ReferencedFrameNumber: '00081160',
  ReferencedSOPSequence: '00081199',
  MeasurementUnitsCodeSequence: '004008EA',
  ObservationDateTime: '0040A032',
  ValueType: '0040A040',
  ConceptNameCodeSequence: '0040A043',
  ContinuityOfContent: '0040A050',
  ReferencedWaveformChannels: '0040A0B0',
  DateTime: '0040A120',
  Date: '0040A121',
  Time: '0040A122',
  PersonName: '0040A123',
  UID: '0040A124',
  TemporalRangeType: '0040A130',
  ReferencedSamplePositions: '0040A132',
  ReferencedTimeOffsets: '0040A138',
  ReferencedDateTime: '0040A13A',
  TextValue: '0040A160',
  FloatingPointValue: '0040A161',
  RationalNumeratorValue: '0040A162',
  RationalDenominatorValue: '0040A163',
  ConceptCodeSequence: '0040A168',
  ObservationUID: '0040A171',
  MeasuredValueSequence: '0040A300',
  NumericValueQualifierCodeSequence: '0040A301',
  NumericValue: '0040A30A',
  PreliminaryFlag: '0040A496',
  CompletionFlag: '0040A491',
  VerificationFlag: '0040A493',
  ContentTemplateSequence: '0040A504',
  ContentSequence: '0040A730',
  RelationshipType: '0040A010',
  TemplateIdentifier: '0040DB00',
  ReferencedContentItemIdentifier: '0040DB73',
  PixelOriginInterpretation: '00480301',
  ReferencedSegmentNumber: '0062000B',
  GraphicData: '00700022',
  GraphicType: '00700023',
  FiducialUID: '0070031A',
  ReferencedFrameOfReferenceUID: '30060024',
} as const;

/** SR document SOP classes whose content tree decodeReport reads (PS3.4 B.5). */
export const SRSOPClass = {
  BasicTextSR: '1.2.840.10008.5.1.4.1.1.88.11',
  EnhancedSR: '1.2.840.10008.5.1.4.1.1.88.22',
  ComprehensiveSR: '1.2.840.10008.5.1.4.1.1.88.33',
  Comprehensive3DSR: '1.2.840.10008.5.1.4.1.1.88.34',
  ExtensibleSR: '1.2.840.10008.5.1.4.1.1.88.35',
  KeyObjectSelectionDocument: '1.2.840.10008.5.1.4.1.1.88.59',
} as const;

const SR_DOCUMENT_NAMES: Record<string, string> = {
  [SRSOPClass.BasicTextSR]: 'Basic Text SR',
  [SRSOPClass.EnhancedSR]: 'Enhanced SR',
  [SRSOPClass.ComprehensiveSR]: 'Comprehensive SR',
  [SRSOPClass.Comprehensive3DSR]: 'Comprehensive 3D SR',
  [SRSOPClass.ExtensibleSR]: 'Extensible SR',
  [SRSOPClass.KeyObjectSelectionDocument]: 'Key Object Selection Document',
};

/** Human name of an SR SOP class, or null when the class is not an SR document class we know. */
export function srDocumentName(sopClassUID: string | null): string | null {
  return sopClassUID ? (SR_DOCUMENT_NAMES[sopClassUID] ?? null) : null;
}
