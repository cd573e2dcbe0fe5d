// Tags of the Parametric Map IOD (PS3.3 A.75, C.8.32) and of the Real World Value Mapping it carries (C.7.6.16.2.11),
// by keyword.
export const PmTag = {
  FloatPixelData: '7FE00008',
  DoubleFloatPixelData: '7FE00009',
  PixelData: '7FE00010',
  PixelRepresentation: '00280103',
  BitsStored: '00280101',
  SamplesPerPixel: '00280002',
  RealWorldValueMappingSequence: '00409096',
  LUTExplanation: '00283003',
  LUTLabel: '00409210',
  MeasurementUnitsCodeSequence: '004008EA',
  RealWorldValueFirstValueMapped: '00409216',
  RealWorldValueLastValueMapped: '00409211',
  RealWorldValueLUTData: '00409212',
  RealWorldValueIntercept: '00409224',
  RealWorldValueSlope: '00409225',
  QuantityDefinitionSequence: '00409220',
  ValueType: '0040A040',
  ConceptNameCodeSequence: '0040A043',
  ConceptCodeSequence: '0040A168',
  ContentDate: '00080023',
  ContentTime: '00080033',
  ContentDescription: '00700081',
  ContentCreatorName: '00700084',
  SharedFunctionalGroupsSequence: '52009229',
  PerFrameFunctionalGroupsSequence: '52009230',
} as const;

/** The concept name of the QuantityDefinitionSequence item that names the quantity (SCT 246205007 "Quantity"). */
export const QUANTITY_CONCEPT_CODES = new Set(['246205007', 'G-C1C6']);
