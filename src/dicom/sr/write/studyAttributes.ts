// The patient and study attributes an SR copies from the images it measures, so that it files into the same
// patient and study (PS3.3 C.7.1.1 Patient, C.7.2.1 General Study). Read from the images' DICOM JSON; Type 2
// attributes stay present (empty) when the images lack them.
import { str, type DicomJsonDataset } from '../../json';
import { Tag } from '../../tags';
import type { Dataset } from './contentItems';

const TEXT: Array<[keyword: string, tag: string]> = [
  ['PatientID', Tag.PatientID],
  ['PatientBirthDate', Tag.PatientBirthDate],
  ['PatientSex', Tag.PatientSex],
  ['StudyInstanceUID', Tag.StudyInstanceUID],
  ['StudyDate', Tag.StudyDate],
  ['StudyTime', Tag.StudyTime],
  ['StudyID', Tag.StudyID],
  ['AccessionNumber', Tag.AccessionNumber],
];
const OPTIONAL: Array<[keyword: string, tag: string]> = [
  ['IssuerOfPatientID', '00100021'],
  ['StudyDescription', Tag.StudyDescription],
  ['PatientAge', '00101010'],
];
const NAMES: Array<[keyword: string, tag: string]> = [
  ['PatientName', Tag.PatientName],
  ['ReferringPhysicianName', Tag.ReferringPhysicianName],
];

/** Patient and General Study attributes of `image`, as dcmjs naturalized values. */
export function studyAttributes(image: DicomJsonDataset): Dataset {
  const out: Dataset = {};
  for (const [k, tag] of NAMES) out[k] = str(image, tag) ?? '';
  for (const [k, tag] of TEXT) out[k] = str(image, tag) ?? '';
  for (const [k, tag] of OPTIONAL) {
    const v = str(image, tag);
    if (v) out[k] = v;
  }
  if (!out.StudyInstanceUID) throw new Error('the image names no StudyInstanceUID');
  return out;
}
