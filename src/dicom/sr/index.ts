// SR documents: the generic content tree and the TID 1500 Measurement Report model.
export { decodeReport, decodeReportPart10, type SRDocument } from './document';
export { reportSummary, summarizeReport, type MeasurementGroupSummary, type ReportSummary } from './summary';
export { decodeContentTree, collectProblems, describeNode, type ContentTree } from './contentTree';
export { readMeasurementReport, isMeasurementReport } from './measurementReport';
export { relatedItems, findContentItem, comparePositions, type Related } from './navigate';
export { Concepts, isConcept, type Concept } from './concepts';
export { SRSOPClass, srDocumentName } from './sopClasses';
export type * from './contentItem';
export type * from './model';
