import dcmjs from 'dcmjs';
import { ExplicitVRLittleEndian, ImplementationClassUID, ImplementationVersionName } from './uids';

const { DicomDict, DicomMetaDictionary } = dcmjs.data;

/** A naturalized dataset as dcmjs takes it: keyword -> value; sequences are arrays of datasets. */
export type Dataset = Record<string, unknown>;

/** One generated DICOM Part 10 file; `name` is its path relative to the output folder. */
export interface SampleFile {
  name: string;
  bytes: Uint8Array;
}

export interface PixelDataElement {
  vr: 'OB' | 'OW';
  bytes: Uint8Array;
}

/**
 * Encode a dataset as a Part 10 file in explicit VR little endian. Everything but Pixel Data goes through
 * dcmjs (denaturalizeDataset + DicomDict.write). Pixel Data is appended here instead: dcmjs copies big
 * buffers slowly (about 7 s for the 170 MB of a 5000-frame SEG), and (7FE0,0010) is the last element of
 * every dataset we make, so appending its header and bytes yields the same encoding.
 */
export function encodePart10(dataset: Dataset, pixelData?: PixelDataElement): Uint8Array {
  const sopClassUID = dataset.SOPClassUID;
  const sopInstanceUID = dataset.SOPInstanceUID;
  if (typeof sopClassUID !== 'string' || typeof sopInstanceUID !== 'string') {
    throw new Error('encodePart10: dataset needs SOPClassUID and SOPInstanceUID');
  }
  if ('PixelData' in dataset) throw new Error('encodePart10: pass Pixel Data separately');
  const dict = new DicomDict({});
  dict.meta = DicomMetaDictionary.denaturalizeDataset({
    FileMetaInformationVersion: new Uint8Array([0, 1]).buffer,
    MediaStorageSOPClassUID: sopClassUID,
    MediaStorageSOPInstanceUID: sopInstanceUID,
    TransferSyntaxUID: ExplicitVRLittleEndian,
    ImplementationClassUID,
    ImplementationVersionName,
    _vrMap: { FileMetaInformationVersion: 'OB' },
  });
  dict.dict = DicomMetaDictionary.denaturalizeDataset(dataset);
  const head = new Uint8Array(dict.write());
  if (!pixelData) return head;

  const padded = pixelData.bytes.length + (pixelData.bytes.length % 2);
  const out = new Uint8Array(head.length + 12 + padded);
  out.set(head, 0);
  const view = new DataView(out.buffer, head.length, 12);
  view.setUint16(0, 0x7fe0, true);
  view.setUint16(2, 0x0010, true);
  view.setUint8(4, pixelData.vr.charCodeAt(0));
  view.setUint8(5, pixelData.vr.charCodeAt(1));
  view.setUint16(6, 0, true);
  view.setUint32(8, padded, true);
  out.set(pixelData.bytes, head.length + 12);
  return out;
}

/** Coded concept as an item of a code sequence. */
export interface Code {
  value: string;
  scheme: string;
  meaning: string;
}

export function codeItem(code: Code): Dataset {
  return { CodeValue: code.value, CodingSchemeDesignator: code.scheme, CodeMeaning: code.meaning };
}
