// "Export SR": the panel's measurements as a DICOM TID 1500 Measurement Report (Comprehensive 3D SR) that files
// into the measured study: its patient and study attributes copied from the images, new series and instance
// UIDs, this viewer as manufacturer. The writer (and dcmjs with it) loads on the first export only.
import type { Measurement } from '../viewer/measurementList';
import type { MeasurementShape } from '../viewer/measurementShapes';
import type { DicomJsonDataset } from '../dicom/json';
import { reportImage, srMeasurements, type DrawnOn } from './srMeasurements';
import { VIEWER_VERSION } from './buildInfo';

export const SR_SERIES_DESCRIPTION = 'Measurements (IDC annotation viewer)';
const VIEWER_NAME = 'IDC annotation viewer';
/** TID 1004 Device Observer UID of this viewer: the same in every report it writes. */
const DEVICE_OBSERVER_UID = '2.25.48697679157904542913824412455958170907';

export interface SrExportInput {
  items: readonly Measurement[];
  shapes: readonly MeasurementShape[];
  drawnOn: (imageId: string) => DrawnOn | undefined;
  seriesInstance: (seriesInstanceUID: string) => DicomJsonDataset | undefined;
  /** the images of a series, for the library of a report with measurements in 3D */
  seriesImages: (seriesInstanceUID: string) => DrawnOn[];
  seriesNumber: number;
  now: Date;
}

export interface SrExportFile {
  bytes: Uint8Array;
  /** groups written */
  count: number;
  /** measurements left out, and why */
  skipped: string[];
}

export async function measurementSrFile(input: SrExportInput): Promise<SrExportFile> {
  const { measurements, seriesIn3D, studyInstance, skipped } = srMeasurements(input.items, input.shapes, input.drawnOn, input.seriesInstance);
  if (!measurements.length || !studyInstance) {
    throw new Error(skipped.length ? `no measurement can be written: ${skipped.join('; ')}` : 'there are no measurements');
  }
  const w = await import('../dicom/sr/write');
  const dataset = w.measurementReportDataset({
    study: w.studyAttributes(studyInstance),
    seriesInstanceUID: w.newUid(),
    sopInstanceUID: w.newUid(),
    seriesNumber: input.seriesNumber,
    seriesDescription: SR_SERIES_DESCRIPTION,
    now: input.now,
    equipment: { manufacturer: VIEWER_NAME, modelName: VIEWER_NAME, softwareVersions: VIEWER_VERSION, deviceObserverUID: DEVICE_OBSERVER_UID },
    measurements,
    otherImages: seriesIn3D.flatMap((uid) => input.seriesImages(uid).flatMap((on) => reportImage(on) ?? [])),
  });
  return { bytes: w.writePart10(dataset), count: measurements.length, skipped };
}
