// Minimal typings for the parts of dcmjs this project uses (dcmjs ships none).
declare module 'dcmjs' {
  /** A DICOM JSON-like element as dcmjs keeps it: tag -> { vr, Value } */
  export interface DcmjsElement {
    vr: string;
    Value?: unknown[];
    BulkDataURI?: string;
    InlineBinary?: string;
  }
  export type DcmjsDict = Record<string, DcmjsElement>;

  export interface ReadOptions {
    ignoreErrors?: boolean;
    untilTag?: string | null;
    includeUntilTagValue?: boolean;
    noCopy?: boolean;
    forceStoreRaw?: boolean;
  }

  export class DicomDict {
    constructor(meta: DcmjsDict);
    meta: DcmjsDict;
    dict: DcmjsDict;
    write(options?: { allowInvalidVRLength?: boolean; fragmentMultiframe?: boolean }): ArrayBuffer;
  }

  export class DicomMessage {
    static readFile(buffer: ArrayBuffer, options?: ReadOptions): DicomDict;
  }

  export interface NaturalDataset {
    [keyword: string]: unknown;
    _vrMap?: Record<string, string>;
  }

  export class DicomMetaDictionary {
    static naturalizeDataset(dict: DcmjsDict): NaturalDataset;
    static denaturalizeDataset(dataset: NaturalDataset): DcmjsDict;
    static uid(): string;
    static date(): string;
    static time(): string;
    static punctuateTag(rawTag: string): string;
    static unpunctuateTag(tag: string): string;
    static nameMap: Record<string, { tag: string; vr: string; name: string; vm: string }>;
    static dictionary: Record<string, { tag: string; vr: string; name: string; vm: string }>;
  }

  export const data: {
    DicomMessage: typeof DicomMessage;
    DicomDict: typeof DicomDict;
    DicomMetaDictionary: typeof DicomMetaDictionary;
  };

  export const log: { getLogger(name: string): { setLevel(level: string): void } } | undefined;
  const dcmjs: { data: typeof data; log?: typeof log };
  export default dcmjs;
}
