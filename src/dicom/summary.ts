// The common part of `inspect --json` (../shared/inspect-json.md): what every DICOM object is and references.
import type { DcmjsDict } from 'dcmjs';
import { toDicomJson } from './part10';
import { referencedSeriesUIDs, str, type DicomJsonDataset } from './json';
import { Tag } from './tags';

export interface CommonSummary {
  file: string;
  sopClassUID: string | null;
  modality: string | null;
  sopInstanceUID: string | null;
  seriesInstanceUID: string | null;
  frameOfReferenceUID: string | null;
  referencedSeriesInstanceUIDs: string[];
}

/** DICOM JSON of a data set without its bulk data (enough for the common summary and for decoders' metadata). */
export function headerJson(dict: DcmjsDict): DicomJsonDataset {
  return toDicomJson(dict, { inlineLimit: 0, bulkDataURI: () => '' });
}

export function commonSummary(file: string, ds: DicomJsonDataset): CommonSummary {
  return {
    file,
    sopClassUID: str(ds, Tag.SOPClassUID) ?? null,
    modality: str(ds, Tag.Modality) ?? null,
    sopInstanceUID: str(ds, Tag.SOPInstanceUID) ?? null,
    seriesInstanceUID: str(ds, Tag.SeriesInstanceUID) ?? null,
    // The attribute itself: an RTSTRUCT names its frame in ReferencedFrameOfReferenceSequence instead, which
    // its structureSet summary carries (MANIFEST.json reads this field the same way).
    frameOfReferenceUID: str(ds, Tag.FrameOfReferenceUID) ?? null,
    referencedSeriesInstanceUIDs: referencedSeriesUIDs(ds),
  };
}
