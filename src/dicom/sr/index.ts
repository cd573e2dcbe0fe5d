// SR documents: the generic content tree and the TID 1500 Measurement Report model.
export { decodeReport, decodeReportPart10, type SRDocument } from './document';
export { reportSummary, summarizeReport, type MeasurementGroupSummary, type ReportSummary } from './summary';
export { type ContentTree } from './contentTree';
export { relatedItems, findContentItem, type Related } from './navigate';
export { type Concept } from './concepts';
export type * from './contentItem';
export type * from './model';
