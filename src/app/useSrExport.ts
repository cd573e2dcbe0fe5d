// The Measurements panel's "Export SR": gathers what the export needs from the page (the measurements and where
// they were drawn, from the controller; each image's plane and metadata, from the series' stacks) and saves the
// SR as a .dcm file the user downloads. Nothing is sent anywhere.
import { useCallback, type RefObject } from 'react';
import type { ViewerController } from '../viewer/ViewerController';
import type { ImageStack } from '../viewer/imageIds';
import { str, type DicomJsonDataset } from '../dicom/json';
import { Tag } from '../dicom/tags';
import type { SeriesInfo } from './studyModel';
import type { DrawnOn } from './srMeasurements';
import { measurementSrFile } from './srExport';
import { downloadBlob, fileName } from './download';

/** The stored image each image id shows, over every image series with metadata; and each series' images. */
function imageIndex(series: readonly SeriesInfo[], stackOf: (s: SeriesInfo) => ImageStack | undefined): { byId: Map<string, DrawnOn>; bySeries: Map<string, DrawnOn[]> } {
  const index = new Map<string, DrawnOn>();
  const bySeries = new Map<string, DrawnOn[]>();
  for (const s of series) {
    const st = s.derived || !s.metadata ? undefined : stackOf(s);
    if (!st?.planes || !s.metadata) continue;
    const bySop = new Map<string, DicomJsonDataset>(s.metadata.map((ds) => [str(ds, Tag.SOPInstanceUID) ?? '', ds]));
    const images: DrawnOn[] = [];
    bySeries.set(s.seriesUID, images);
    st.imageIds.forEach((id, i) => {
      const plane = st.planes?.[i];
      const instance = plane && bySop.get(plane.sopInstanceUID);
      if (!plane || !instance) return;
      index.set(id, { plane, instance });
      images.push({ plane, instance });
    });
  }
  return { byId: index, bySeries };
}

/** Saves the measurements as an SR; resolves to what to tell the user. */
export function useSrExport(controller: RefObject<ViewerController | null>, series: readonly SeriesInfo[], stackOf: (s: SeriesInfo) => ImageStack | undefined, patientID: string): () => Promise<string> {
  return useCallback(async () => {
    const c = controller.current;
    if (!c) return 'The viewer is not ready.';
    try {
      const images = imageIndex(series, stackOf);
      const file = await measurementSrFile({
        items: c.measurements.list(),
        shapes: c.measurements.shapes(),
        drawnOn: (id) => images.byId.get(id),
        seriesImages: (uid) => images.bySeries.get(uid) ?? [],
        seriesInstance: (uid) => series.find((s) => s.seriesUID === uid)?.metadata?.[0],
        // After the study's highest series number, so it lists last.
        seriesNumber: 1 + Math.max(0, ...series.map((s) => s.seriesNumber ?? 0)),
        now: new Date(),
      });
      const name = fileName(`${patientID || 'study'}-measurements-sr`, 'dcm');
      downloadBlob(name, new Blob([file.bytes as Uint8Array<ArrayBuffer>], { type: 'application/dicom' }));
      const left = file.skipped.length ? ` Not included: ${file.skipped.join('; ')}.` : '';
      return `Saved ${name} (${file.count} measurement${file.count === 1 ? '' : 's'}).${left}`;
    } catch (e) {
      return `The SR could not be written: ${e instanceof Error ? e.message : String(e)}.`;
    }
  }, [controller, series, stackOf, patientID]);
}
