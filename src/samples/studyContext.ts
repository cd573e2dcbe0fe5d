import type { Dataset } from './part10';
import { deterministicUid } from './uids';
import type { VolumeGeometry } from './volumeGeometry';

/** Fixed identity of the synthetic study: no clock, so outputs are byte-identical from run to run. */
export const PHANTOM_SEED = 'idc-derived-viewer-phantom-v1';
/**
 * Version of the generated output, for caches of written studies. Bump it whenever a change here alters the
 * bytes of any generated file (UIDs stay tied to PHANTOM_SEED, so they only change when that does).
 */
export const SAMPLE_VERSION = 'phantom-v1.0';
export const STUDY_DATE = '20240115';
export const STUDY_TIME = '093000';
export const MANUFACTURER = 'IDC derived viewer';
export const GENERATOR_NAME = 'Synthetic phantom generator';
const SOFTWARE_VERSION = '1.0';

export const SeriesNumber = { CT: 1, SEG: 2, RTSTRUCT: 3, SR: 4, BigSEG: 5 } as const;

/** UIDs and geometry every object of one generated study shares. */
export interface StudyContext {
  /** Seed for UIDs: the phantom version plus the grid size, so different sizes never share UIDs. */
  uidSeed: string;
  geometry: VolumeGeometry;
  studyInstanceUID: string;
  frameOfReferenceUID: string;
  ctSeriesInstanceUID: string;
  ctSopInstanceUIDs: string[];
}

export function createStudyContext(geometry: VolumeGeometry): StudyContext {
  const uidSeed = `${PHANTOM_SEED}|${geometry.rows}x${geometry.columns}x${geometry.slices}`;
  const uid = (role: string): string => deterministicUid(uidSeed, role);
  return {
    uidSeed,
    geometry,
    studyInstanceUID: uid('study'),
    frameOfReferenceUID: uid('frame-of-reference'),
    ctSeriesInstanceUID: uid('series/ct'),
    ctSopInstanceUIDs: geometry.sliceZ.map((_, k) => uid(`instance/ct/${k + 1}`)),
  };
}

export function contextUid(context: StudyContext, role: string): string {
  return deterministicUid(context.uidSeed, role);
}

/** Patient, General Study and Patient Study modules, identical in every object of the study. */
export function patientAndStudy(context: StudyContext): Dataset {
  return {
    PatientName: 'Phantom^Sample',
    PatientID: 'PHANTOM-001',
    PatientBirthDate: '',
    PatientSex: 'O',
    PatientIdentityRemoved: 'NO',
    StudyInstanceUID: context.studyInstanceUID,
    StudyDate: STUDY_DATE,
    StudyTime: STUDY_TIME,
    ReferringPhysicianName: '',
    StudyID: 'PHANTOM1',
    AccessionNumber: 'PHANTOM0001',
    StudyDescription: 'Synthetic CT phantom',
    PatientAge: '050Y',
    PatientSize: '1.75',
    PatientWeight: '70',
  };
}

/** General Equipment plus the Enhanced General Equipment attributes (the latter are required by SEG). */
export function equipment(): Dataset {
  return {
    Manufacturer: MANUFACTURER,
    InstitutionName: 'Synthetic Data',
    ManufacturerModelName: GENERATOR_NAME,
    DeviceSerialNumber: 'PHANTOM-GEN-1',
    SoftwareVersions: SOFTWARE_VERSION,
  };
}

/**
 * SOP Common attributes. SyntheticData (0008,001C) would say "no patient involved" in a machine-readable way,
 * but validators of 2022 (dicom3tools, dcmtk 3.6.7) reject it as an unknown even-group tag, so the
 * ImageComments and the patient name carry that message instead.
 */
export function sopCommon(sopClassUID: string, sopInstanceUID: string): Dataset {
  return {
    SpecificCharacterSet: 'ISO_IR 100',
    SOPClassUID: sopClassUID,
    SOPInstanceUID: sopInstanceUID,
    InstanceCreationDate: STUDY_DATE,
    InstanceCreationTime: STUDY_TIME,
  };
}
