import { concatBytes } from '../dicom/bytes';
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
  vr: 'OB' | 'OW' | 'OF' | 'OD';
  /** native pixel data (ignored when `fragments` is given) */
  bytes: Uint8Array;
  /** default (7FE0,0010) Pixel Data; Parametric Maps use (7FE0,0008) Float and (7FE0,0009) Double Float Pixel Data */
  element?: 0x0010 | 0x0008 | 0x0009;
  /** encapsulated (PS3.5 A.4): one fragment per frame after an empty Basic Offset Table */
  fragments?: Uint8Array[];
  /** the Transfer Syntax UID of the file meta group (default explicit VR little endian) */
  transferSyntaxUID?: string;
}

/** Element header (explicit VR, little endian, 32-bit length) */
function elementHeader(group: number, element: number, vr: string, length: number): Uint8Array {
  const out = new Uint8Array(vr ? 12 : 8);
  const view = new DataView(out.buffer);
  view.setUint16(0, group, true);
  view.setUint16(2, element, true);
  if (vr) {
    view.setUint8(4, vr.charCodeAt(0));
    view.setUint8(5, vr.charCodeAt(1));
    view.setUint32(8, length, true);
  } else view.setUint32(4, length, true);
  return out;
}

/** Encapsulated value: Basic Offset Table item (empty), one item per fragment (even length), delimiter. */
function encapsulated(element: number, vr: string, fragments: Uint8Array[]): Uint8Array {
  const parts: Uint8Array[] = [elementHeader(0x7fe0, element, vr, 0xffffffff), elementHeader(0xfffe, 0xe000, '', 0)];
  for (const f of fragments) {
    const padded = f.length + (f.length % 2);
    parts.push(elementHeader(0xfffe, 0xe000, '', padded), f);
    if (padded > f.length) parts.push(new Uint8Array(1));
  }
  parts.push(elementHeader(0xfffe, 0xe0dd, '', 0));
  return concatBytes(parts);
}

/**
 * Encode a dataset as a Part 10 file in explicit VR little endian (or, for the pixel data, the syntax given with
 * it: the rest of the data set is written the same in every native and encapsulated syntax we make). Everything but Pixel Data goes through
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
    TransferSyntaxUID: pixelData?.transferSyntaxUID ?? ExplicitVRLittleEndian,
    ImplementationClassUID,
    ImplementationVersionName,
    _vrMap: { FileMetaInformationVersion: 'OB' },
  });
  dict.dict = DicomMetaDictionary.denaturalizeDataset(dataset);
  const head = new Uint8Array(dict.write());
  if (!pixelData) return head;
  const element = pixelData.element ?? 0x0010;
  if (pixelData.fragments) {
    const value = encapsulated(element, pixelData.vr, pixelData.fragments);
    const whole = new Uint8Array(head.length + value.length);
    whole.set(head, 0);
    whole.set(value, head.length);
    return whole;
  }

  const padded = pixelData.bytes.length + (pixelData.bytes.length % 2);
  const out = new Uint8Array(head.length + 12 + padded);
  out.set(head, 0);
  const view = new DataView(out.buffer, head.length, 12);
  view.setUint16(0, 0x7fe0, true);
  view.setUint16(2, element, true);
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
