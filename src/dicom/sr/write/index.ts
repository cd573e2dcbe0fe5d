// Writing TID 1500 Measurement Reports (Comprehensive 3D SR) of measurements drawn on images.
export { measurementReportDataset, referencedImages, COMPREHENSIVE_3D_SR } from './measurementReport';
export type { MeasurementReportInput, ReportMeasurement, MeasuredQuantity, MeasurementRegion, ReportImage, QuantityName, Equipment } from './measurementReport';
export { studyAttributes } from './studyAttributes';
export { writePart10 } from './part10';
export { newUid, uidFromUuid } from './uids';
export { ucumUnit } from './units';
