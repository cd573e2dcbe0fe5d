// Tests and benchmarks only (src/samples/bigReport.ts): a TID 1500 Measurement Report as DICOM JSON from a plain description of its groups, so a test can
// compare what the decoder reads with what was written. Also builds the big reports of the timing test.
import type { Code } from '../../codes/code';
import type { DicomJsonDataset } from '../../json';
import {
  codeItem,
  container,
  dcm,
  imageItem,
  numItem,
  scoord3dItem,
  scoordItem,
  sct,
  srDocument,
  textItem,
  uidItem,
  ucum,
  type Ref,
} from './contentBuilder';

export const CT_IMAGE = '1.2.840.10008.5.1.4.1.1.2';
export const SEGMENTATION = '1.2.840.10008.5.1.4.1.1.66.4';
export const COMPREHENSIVE_3D_SR = '1.2.840.10008.5.1.4.1.1.88.34';

export const C = {
  Report: dcm('126000', 'Imaging Measurement Report'),
  Language: dcm('121049', 'Language of Content Item and Descendants'),
  ObserverType: dcm('121005', 'Observer Type'),
  Device: dcm('121007', 'Device'),
  DeviceObserverUID: dcm('121012', 'Device Observer UID'),
  ProcedureReported: dcm('121058', 'Procedure reported'),
  ImageLibrary: dcm('111028', 'Image Library'),
  ImageLibraryGroup: dcm('126200', 'Image Library Group'),
  ImagingMeasurements: dcm('126010', 'Imaging Measurements'),
  MeasurementGroup: dcm('125007', 'Measurement Group'),
  TrackingIdentifier: dcm('112039', 'Tracking Identifier'),
  TrackingUID: dcm('112040', 'Tracking Unique Identifier'),
  TimePoint: { code: 'C2348792', scheme: 'UMLS', meaning: 'Time Point' },
  Finding: dcm('121071', 'Finding'),
  FindingCategory: sct('276214006', 'Finding category'),
  FindingSite: sct('363698007', 'Finding Site'),
  Laterality: sct('272741003', 'Laterality'),
  TopographicalModifier: sct('106233006', 'Topographical modifier'),
  ReferencedSegment: dcm('121191', 'Referenced Segment'),
  SourceSeries: dcm('121232', 'Source series for segmentation'),
  ImageRegion: dcm('111030', 'Image Region'),
  VolumeSurface: dcm('121231', 'Volume Surface'),
  Derivation: dcm('121401', 'Derivation'),
  MeasurementMethod: sct('370129005', 'Measurement Method'),
} as const;

export interface MeasurementSpec {
  concept: Code;
  value: number | string;
  unit: Code | null;
  derivation?: Code;
  method?: Code;
  /** SCOORD the value was inferred from (TID 300 INFERRED FROM) */
  inferredFrom?: { graphicType: string; data: number[]; image: Ref };
}

export type RegionSpec =
  | { is3D: false; graphicType: string; data: number[]; image: Ref }
  | { is3D: true; graphicType: string; data: number[]; frameOfReferenceUID: string };

export interface GroupSpec {
  trackingIdentifier: string;
  trackingUID: string;
  timePoint?: string;
  findingCategory?: Code;
  finding?: Code;
  findingSite?: { site: Code; laterality?: Code; topographicalModifier?: Code };
  referencedSegment?: { sopInstanceUID: string; segmentNumber: number };
  sourceSeriesForSegmentation?: string;
  region?: RegionSpec;
  measurements: MeasurementSpec[];
  evaluations?: { concept: Code; value: Code | string }[];
}

function measurement(m: MeasurementSpec): DicomJsonDataset {
  const children: DicomJsonDataset[] = [];
  if (m.derivation) children.push(codeItem('HAS CONCEPT MOD', C.Derivation, m.derivation));
  if (m.method) children.push(codeItem('HAS CONCEPT MOD', C.MeasurementMethod, m.method));
  if (m.inferredFrom) {
    const { graphicType, data, image } = m.inferredFrom;
    children.push(scoordItem('INFERRED FROM', null, graphicType, data, image));
  }
  return numItem('CONTAINS', m.concept, m.value, m.unit, children);
}

function measurementGroup(g: GroupSpec): DicomJsonDataset {
  const children: DicomJsonDataset[] = [
    textItem('HAS OBS CONTEXT', C.TrackingIdentifier, g.trackingIdentifier),
    uidItem('HAS OBS CONTEXT', C.TrackingUID, g.trackingUID),
  ];
  if (g.timePoint) children.push(textItem('HAS OBS CONTEXT', C.TimePoint, g.timePoint));
  if (g.findingCategory) children.push(codeItem('CONTAINS', C.FindingCategory, g.findingCategory));
  if (g.finding) children.push(codeItem('CONTAINS', C.Finding, g.finding));
  if (g.referencedSegment) {
    const { sopInstanceUID, segmentNumber } = g.referencedSegment;
    children.push(
      imageItem('CONTAINS', C.ReferencedSegment, {
        sopClassUID: SEGMENTATION,
        sopInstanceUID,
        segments: [segmentNumber],
      }),
    );
  }
  if (g.sourceSeriesForSegmentation) children.push(uidItem('CONTAINS', C.SourceSeries, g.sourceSeriesForSegmentation));
  if (g.region?.is3D === false) {
    children.push(scoordItem('CONTAINS', C.ImageRegion, g.region.graphicType, g.region.data, g.region.image));
  } else if (g.region?.is3D) {
    const r = g.region;
    children.push(scoord3dItem('CONTAINS', C.VolumeSurface, r.graphicType, r.data, r.frameOfReferenceUID));
  }
  if (g.findingSite) {
    const modifiers: DicomJsonDataset[] = [];
    if (g.findingSite.laterality) modifiers.push(codeItem('HAS CONCEPT MOD', C.Laterality, g.findingSite.laterality));
    if (g.findingSite.topographicalModifier) {
      modifiers.push(codeItem('HAS CONCEPT MOD', C.TopographicalModifier, g.findingSite.topographicalModifier));
    }
    children.push(codeItem('HAS CONCEPT MOD', C.FindingSite, g.findingSite.site, modifiers));
  }
  children.push(...g.measurements.map(measurement));
  for (const e of g.evaluations ?? []) {
    children.push(
      typeof e.value === 'string' ? textItem('CONTAINS', e.concept, e.value) : codeItem('CONTAINS', e.concept, e.value),
    );
  }
  return container('CONTAINS', C.MeasurementGroup, children);
}

export interface ReportSpec {
  sopInstanceUID: string;
  sopClassUID?: string;
  images: Ref[];
  groups: GroupSpec[];
}

export function measurementReportJson(spec: ReportSpec): DicomJsonDataset {
  return srDocument({
    sopClassUID: spec.sopClassUID ?? COMPREHENSIVE_3D_SR,
    sopInstanceUID: spec.sopInstanceUID,
    title: C.Report,
    templateId: '1500',
    children: [
      codeItem('HAS CONCEPT MOD', C.Language, { code: 'en-US', scheme: 'RFC5646', meaning: 'English (United States)' }),
      codeItem('HAS OBS CONTEXT', C.ObserverType, C.Device),
      uidItem('HAS OBS CONTEXT', C.DeviceObserverUID, '2.25.42'),
      codeItem('HAS CONCEPT MOD', C.ProcedureReported, {
        code: '25045-6',
        scheme: 'LN',
        meaning: 'CT unspecified body region',
      }),
      container('CONTAINS', C.ImageLibrary, [
        container(
          'CONTAINS',
          C.ImageLibraryGroup,
          spec.images.map((ref) => imageItem('CONTAINS', null, ref)),
        ),
      ]),
      container('CONTAINS', C.ImagingMeasurements, spec.groups.map(measurementGroup)),
    ],
  });
}

export const Units = {
  mm: ucum('mm', 'millimeter'),
  mm2: ucum('mm2', 'square millimeter'),
  mm3: ucum('mm3', 'cubic millimeter'),
  HU: ucum("[hnsf'U]", 'Hounsfield unit'),
  SUVbw: ucum('{SUVbw}g/ml', 'Standardized Uptake Value body weight'),
} as const;

/** A big report for timing: `groups` volumetric groups of `perGroup` measurements each. */
export function bigReportSpec(groups: number, perGroup: number): ReportSpec {
  const units = Object.values(Units);
  return {
    sopInstanceUID: '2.25.1000',
    images: [{ sopClassUID: CT_IMAGE, sopInstanceUID: '2.25.2000' }],
    groups: Array.from({ length: groups }, (_, g) => ({
      trackingIdentifier: `Lesion ${g + 1}`,
      trackingUID: `2.25.${3000 + g}`,
      finding: sct('108369006', 'Neoplasm'),
      findingSite: { site: sct('10200004', 'Liver') },
      referencedSegment: { sopInstanceUID: '2.25.4000', segmentNumber: g + 1 },
      sourceSeriesForSegmentation: '2.25.5000',
      measurements: Array.from({ length: perGroup }, (_, k) => ({
        concept: dcm(`M${k}`, `Measurement ${k}`),
        value: g * 100 + k + 0.25,
        unit: units[k % units.length],
        derivation: k % 2 === 0 ? sct('373098007', 'Mean') : undefined,
      })),
    })),
  };
}
