// The DICOM JSON model (PS3.18 F.2) as QIDO-RS and WADO-RS metadata send it. dicomweb/ imports nothing of ours
// (ARCHITECTURE.md), so it states the wire shape itself; dicom/json.ts holds the same shape with its accessors,
// and dicomJson.test.ts checks (at compile time) that the two stay assignable to each other.
export type PersonName = { Alphabetic?: string; Ideographic?: string; Phonetic?: string };
export interface DicomJsonElement {
  vr: string;
  Value?: Array<string | number | PersonName | DicomJsonDataset | null>;
  BulkDataURI?: string;
  InlineBinary?: string;
}
export type DicomJsonDataset = Record<string, DicomJsonElement>;
