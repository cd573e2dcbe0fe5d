import dcmjs from 'dcmjs';
import type { Dataset, SampleFile } from './part10';

const { DicomMessage, DicomMetaDictionary } = dcmjs.data;

/** Parse a generated file back with dcmjs into a naturalized dataset (for tests and self-checks). */
export function readBack(file: SampleFile | Uint8Array): { meta: Dataset; dataset: Dataset } {
  const bytes = file instanceof Uint8Array ? file : file.bytes;
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const dict = DicomMessage.readFile(buffer);
  return {
    meta: DicomMetaDictionary.naturalizeDataset(dict.meta),
    dataset: DicomMetaDictionary.naturalizeDataset(dict.dict),
  };
}

/** The items of a sequence attribute (empty when absent). */
export function items(dataset: Dataset, keyword: string): Dataset[] {
  const value = dataset[keyword];
  return Array.isArray(value) ? (value as Dataset[]) : [];
}

/** First item of a sequence attribute; throws with the keyword when missing. */
export function first(dataset: Dataset, keyword: string): Dataset {
  const [item] = items(dataset, keyword);
  if (!item) throw new Error(`missing ${keyword}`);
  return item;
}

export function numbers(dataset: Dataset, keyword: string): number[] {
  const value = dataset[keyword];
  const list = Array.isArray(value) ? value : [value];
  return list.map((v) => Number(v));
}
