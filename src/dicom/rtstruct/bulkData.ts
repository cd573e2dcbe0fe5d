// ContourData held as bulk data (a BulkDataURI in WADO-RS metadata): a pre-pass lists the URIs, the caller's
// resolver fetches them, then the synchronous decoder runs on the complete data. The fetching stays outside
// dicom/ (only dicomweb/ talks HTTP); a failed fetch costs only the contours that needed it.
import { seq, type DicomJsonDataset } from '../json';
import type { BulkData } from './contourData';
import { decodeStructureSet, type DecodeStructureSetOptions } from './decode';
import type { StructureSet } from './model';
import { Tag as T } from '../tags';

export type BulkDataResolver = (uri: string) => Promise<BulkData>;

/** Every BulkDataURI of a ContourData element, unique, in file order. */
export function contourDataBulkDataURIs(ds: DicomJsonDataset): string[] {
  const uris = new Set<string>();
  for (const roiContour of seq(ds, T.ROIContourSequence)) {
    for (const contour of seq(roiContour, T.ContourSequence)) {
      const uri = contour[T.ContourData]?.BulkDataURI;
      if (uri && !contour[T.ContourData]?.Value?.length) uris.add(uri);
    }
  }
  return [...uris];
}

/** Fetch the ContourData bulk data with `resolve` (at most `concurrency` at a time), then decode. */
export async function decodeStructureSetAsync(
  ds: DicomJsonDataset,
  resolve: BulkDataResolver,
  opts: Omit<DecodeStructureSetOptions, 'bulkData' | 'bulkDataFailures'> & { concurrency?: number } = {},
): Promise<StructureSet> {
  const uris = contourDataBulkDataURIs(ds);
  const bulkData = new Map<string, BulkData>();
  const bulkDataFailures = new Map<string, string>();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < uris.length) {
      const uri = uris[next++];
      try {
        bulkData.set(uri, await resolve(uri));
      } catch (err) {
        bulkDataFailures.set(uri, err instanceof Error ? err.message : String(err));
      }
    }
  };
  const lanes = Math.max(1, Math.min(opts.concurrency ?? 6, uris.length));
  await Promise.all(Array.from({ length: lanes }, worker));
  return decodeStructureSet(ds, { precision: opts.precision, bulkData, bulkDataFailures });
}
