// A study for the series panel (series.spec.ts), served as /dw/series-kinds: the sample phantom CT with
//  - three SEGs on it: the second reader's (other content, the oldest) and two copies of the sample SEG (the same
//    content, told apart only by series number, creator, date and UID); the newest is neither the first listed
//    (lowest series number) nor the one with the highest series number, so that neither picks it;
//  - a Real World Value Mapping (ReferencedImageRealWorldValueMappingSequence, and the Common Instance Reference
//    module's ReferencedSeriesSequence), a Key Object Selection (CurrentRequestedProcedureEvidenceSequence) and a
//    Grayscale Softcopy Presentation State (ReferencedSeriesSequence): none of them an image series.
// The three small objects pass dciodvfy (apart from its warnings).
import { cpSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import dcmjs from 'dcmjs';
import { codeItem, encodePart10, type Dataset } from '../src/samples/part10';
import { generateSampleSecondReader } from '../src/samples/sampleSecondReader';

export const SERIES_MOUNT = 'series-kinds';

export interface FixtureSeg {
  file: string;
  sopInstanceUID: string;
  seriesInstanceUID: string;
  seriesNumber: number;
  seriesDescription: string;
  seriesDate: string;
  seriesTime: string;
  creator: string;
  manufacturer: string;
  contentLabel: string;
  /** 'sample': the phantom's SEG content; 'reader2': the second reader's (src/samples/sampleSecondReader.ts) */
  content: 'sample' | 'reader2';
}

export const SERIES_SEGS: FixtureSeg[] = [
  {
    file: 'SEG_A.dcm',
    sopInstanceUID: '2.25.51200100000000000000001110101',
    seriesInstanceUID: '2.25.51200100000000000000001110102',
    seriesNumber: 301,
    seriesDescription: 'Organs, reader A',
    seriesDate: '20210301',
    seriesTime: '100000',
    creator: 'Reader^Alice',
    manufacturer: 'Manual Contours 1.2',
    contentLabel: 'READER_A',
    content: 'reader2',
  },
  {
    file: 'SEG_B.dcm',
    sopInstanceUID: '2.25.51200200000000000000002220101',
    seriesInstanceUID: '2.25.51200200000000000000002220102',
    seriesNumber: 303,
    seriesDescription: 'Phantom organs',
    seriesDate: '20220510',
    seriesTime: '141500',
    creator: 'Reader^Bob',
    manufacturer: 'SliceSeg 4.11',
    contentLabel: 'ORGANS',
    content: 'sample',
  },
  {
    file: 'SEG_C.dcm',
    sopInstanceUID: '2.25.51200300000000000000003330101',
    seriesInstanceUID: '2.25.51200300000000000000003330102',
    seriesNumber: 302,
    seriesDescription: 'Phantom organs',
    seriesDate: '20240220',
    seriesTime: '083000',
    creator: 'Model^Auto',
    manufacturer: 'AutoSeg 2.0',
    contentLabel: 'ORGANS',
    content: 'sample',
  },
];
/** By the dates above: 2021-03-01 < 2022-05-10 < 2024-02-20. */
export const NEWEST_SEG = SERIES_SEGS[2];

export const NON_IMAGE = {
  RWVM: { seriesInstanceUID: '2.25.51201000000000000000000000002', sopInstanceUID: '2.25.51201000000000000000000000001', description: 'CT value mapping' },
  KO: { seriesInstanceUID: '2.25.51202000000000000000000000002', sopInstanceUID: '2.25.51202000000000000000000000001', description: 'Key images' },
  PR: { seriesInstanceUID: '2.25.51203000000000000000000000002', sopInstanceUID: '2.25.51203000000000000000000000001', description: 'Soft tissue window' },
} as const;

const { DicomMessage, DicomMetaDictionary, DicomDict } = dcmjs.data;

function readDataset(bytes: Uint8Array): { meta: Dataset; dataset: Dataset } {
  const file = DicomMessage.readFile(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  return { meta: DicomMetaDictionary.naturalizeDataset(file.meta) as Dataset, dataset: DicomMetaDictionary.naturalizeDataset(file.dict) as Dataset };
}

function writeDataset(meta: Dataset, dataset: Dataset): Uint8Array {
  const dict = new DicomDict({});
  dict.meta = DicomMetaDictionary.denaturalizeDataset({ ...meta, MediaStorageSOPInstanceUID: dataset.SOPInstanceUID, _vrMap: { FileMetaInformationVersion: 'OB' } });
  dict.dict = DicomMetaDictionary.denaturalizeDataset(dataset);
  return new Uint8Array(dict.write());
}

function segCopy(source: Uint8Array, s: FixtureSeg): Uint8Array {
  const { meta, dataset } = readDataset(source);
  Object.assign(dataset, {
    SOPInstanceUID: s.sopInstanceUID,
    SeriesInstanceUID: s.seriesInstanceUID,
    SeriesNumber: s.seriesNumber,
    SeriesDescription: s.seriesDescription,
    SeriesDate: s.seriesDate,
    SeriesTime: s.seriesTime,
    ContentDate: s.seriesDate,
    ContentTime: s.seriesTime,
    InstanceCreationDate: s.seriesDate,
    InstanceCreationTime: s.seriesTime,
    ContentCreatorName: s.creator,
    Manufacturer: s.manufacturer,
    ContentLabel: s.contentLabel,
  });
  return writeDataset(meta, dataset);
}

/** Patient and study attributes of a CT file, for the objects made here. */
function studyOf(ct: Dataset): Dataset {
  const keys = ['PatientName', 'PatientID', 'PatientBirthDate', 'PatientSex', 'StudyInstanceUID', 'StudyDate', 'StudyTime', 'ReferringPhysicianName', 'StudyID', 'AccessionNumber', 'StudyDescription'];
  return Object.fromEntries(keys.filter((k) => k in ct).map((k) => [k, ct[k]]));
}

function series(uid: string, modality: string, number: number, description: string): Dataset {
  return { Modality: modality, Laterality: '', SeriesInstanceUID: uid, SeriesNumber: number, SeriesDescription: description, SeriesDate: '20240301', SeriesTime: '120000', Manufacturer: 'series.spec fixture' };
}

export function writeSeriesStudy(sampleDir: string, dir: string): string {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  cpSync(path.join(sampleDir, 'CT'), path.join(dir, 'CT'), { recursive: true });
  const sampleSeg = new Uint8Array(readFileSync(path.join(sampleDir, 'SEG.dcm')));
  const reader2 = generateSampleSecondReader().bytes;
  for (const s of SERIES_SEGS) writeFileSync(path.join(dir, s.file), segCopy(s.content === 'sample' ? sampleSeg : reader2, s));

  const ctFiles = readdirSync(path.join(dir, 'CT')).sort();
  const cts = ctFiles.map((f) => readDataset(new Uint8Array(readFileSync(path.join(dir, 'CT', f)))).dataset);
  const ct0 = cts[0];
  const study = studyOf(ct0);
  const ctSeries = ct0.SeriesInstanceUID as string;
  const images = cts.slice(40, 43).map((c) => ({ ReferencedSOPClassUID: c.SOPClassUID as string, ReferencedSOPInstanceUID: c.SOPInstanceUID as string }));
  const common = (sopClass: string, sop: string): Dataset => ({ SpecificCharacterSet: 'ISO_IR 100', SOPClassUID: sopClass, SOPInstanceUID: sop, ...study, InstanceNumber: 1, ContentDate: '20240301', ContentTime: '120000' });

  // Real World Value Mapping (PS3.3 A.46): the CT's HU as a mapping, naming its images only by instance.
  const rwvm: Dataset = {
    ...common('1.2.840.10008.5.1.4.1.1.67', NON_IMAGE.RWVM.sopInstanceUID),
    ...series(NON_IMAGE.RWVM.seriesInstanceUID, 'RWV', 400, NON_IMAGE.RWVM.description),
    ContentLabel: 'HU',
    ContentDescription: 'CT values in Hounsfield units',
    ContentCreatorName: 'Reader^Bob',
    ReferencedSeriesSequence: [{ SeriesInstanceUID: ctSeries, ReferencedInstanceSequence: images }],
    ReferencedImageRealWorldValueMappingSequence: [
      {
        RealWorldValueMappingSequence: [
          {
            LUTExplanation: 'Hounsfield units',
            LUTLabel: 'HU',
            MeasurementUnitsCodeSequence: [codeItem({ value: '[hnsf\'U]', scheme: 'UCUM', meaning: 'Hounsfield unit' })],
            RealWorldValueFirstValueMapped: 0,
            RealWorldValueLastValueMapped: 4095,
            RealWorldValueIntercept: -1024,
            RealWorldValueSlope: 1,
          },
        ],
        ReferencedImageSequence: images,
      },
    ],
  };
  // Key Object Selection (PS3.3 A.59): three key images, "Of Interest".
  const ko: Dataset = {
    ...common('1.2.840.10008.5.1.4.1.1.88.59', NON_IMAGE.KO.sopInstanceUID),
    ...series(NON_IMAGE.KO.seriesInstanceUID, 'KO', 401, NON_IMAGE.KO.description),
    ReferencedPerformedProcedureStepSequence: [],
    ValueType: 'CONTAINER',
    ConceptNameCodeSequence: [codeItem({ value: '113000', scheme: 'DCM', meaning: 'Of Interest' })],
    ContinuityOfContent: 'SEPARATE',
    ContentTemplateSequence: [{ MappingResource: 'DCMR', TemplateIdentifier: '2010' }],
    CurrentRequestedProcedureEvidenceSequence: [
      { StudyInstanceUID: study.StudyInstanceUID, ReferencedSeriesSequence: [{ SeriesInstanceUID: ctSeries, ReferencedSOPSequence: images }] },
    ],
    ContentSequence: images.map((im) => ({ RelationshipType: 'CONTAINS', ValueType: 'IMAGE', ReferencedSOPSequence: [im] })),
  };
  // Grayscale Softcopy Presentation State (PS3.3 A.33.1): a soft-tissue window on the CT.
  const pr: Dataset = {
    ...common('1.2.840.10008.5.1.4.1.1.11.1', NON_IMAGE.PR.sopInstanceUID),
    ...series(NON_IMAGE.PR.seriesInstanceUID, 'PR', 402, NON_IMAGE.PR.description),
    ContentLabel: 'SOFT_TISSUE',
    ContentDescription: 'Soft tissue window',
    ContentCreatorName: 'Reader^Bob',
    PresentationCreationDate: '20240301',
    PresentationCreationTime: '120000',
    ReferencedSeriesSequence: [{ SeriesInstanceUID: ctSeries, ReferencedImageSequence: images }],
    SoftcopyVOILUTSequence: [{ ReferencedImageSequence: images, WindowCenter: 40, WindowWidth: 400 }],
    PresentationLUTShape: 'IDENTITY',
    DisplayedAreaSelectionSequence: [
      { DisplayedAreaTopLeftHandCorner: [1, 1], DisplayedAreaBottomRightHandCorner: [ct0.Columns as number, ct0.Rows as number], PresentationSizeMode: 'SCALE TO FIT', PresentationPixelAspectRatio: [1, 1] },
    ],
  };
  writeFileSync(path.join(dir, 'RWVM.dcm'), encodePart10(rwvm));
  writeFileSync(path.join(dir, 'KO.dcm'), encodePart10(ko));
  writeFileSync(path.join(dir, 'PR.dcm'), encodePart10(pr));
  return dir;
}
