// A naturalized data set -> Part 10 bytes (explicit VR little endian) through dcmjs's writer, which knows each
// keyword's tag and VR from its dictionary.
import dcmjs from 'dcmjs';
import type { Dataset } from './contentItems';

const { DicomDict, DicomMetaDictionary } = dcmjs.data;

/** This viewer as a DICOM implementation (PS3.7 D.3.3.2). */
export const IMPLEMENTATION_CLASS_UID = '2.25.53069726942193163575915763922717389928';
export const IMPLEMENTATION_VERSION_NAME = 'IDCDV_SR_1';

export function writePart10(dataset: Dataset): Uint8Array {
  const sopClassUID = dataset.SOPClassUID;
  const sopInstanceUID = dataset.SOPInstanceUID;
  if (typeof sopClassUID !== 'string' || typeof sopInstanceUID !== 'string') throw new Error('the data set has no SOPClassUID or SOPInstanceUID');
  const dict = new DicomDict(
    DicomMetaDictionary.denaturalizeDataset({
      FileMetaInformationVersion: new Uint8Array([0, 1]).buffer,
      MediaStorageSOPClassUID: sopClassUID,
      MediaStorageSOPInstanceUID: sopInstanceUID,
      TransferSyntaxUID: '1.2.840.10008.1.2.1',
      ImplementationClassUID: IMPLEMENTATION_CLASS_UID,
      ImplementationVersionName: IMPLEMENTATION_VERSION_NAME,
      _vrMap: { FileMetaInformationVersion: 'OB' },
    }),
  );
  dict.dict = DicomMetaDictionary.denaturalizeDataset(dataset);
  return new Uint8Array(dict.write());
}
