// The `report` object of `inspect --json` (../shared/inspect-json.md), the shape MANIFEST.json's independent
// decoder writes, so tests and the CLI can compare the two field by field.
import type { Code } from '../codes/code';
import type { DicomJsonDataset } from '../json';
import type { ContentItem } from './contentItem';
import { Concepts, isConcept } from './concepts';
import { decodeReport, type SRDocument } from './document';
import type { MeasurementGroup } from './model';
import { findContentItem, relatedItems } from './navigate';

export interface ReportSummary {
  templateId: string | null;
  title: Code | null;
  measurementGroups: MeasurementGroupSummary[];
}

export interface MeasurementGroupSummary {
  trackingIdentifier: string | null;
  trackingUID: string | null;
  finding: Code | null;
  findingSites: Code[];
  referencedSegment: { sopInstanceUID: string | null; segmentNumber: number | null } | null;
  regions: { graphicType: string | null; points: number; is3D: boolean; referencedSOPInstanceUID: string | null }[];
  measurements: { concept: Code | null; value: number | null; unit: Code | null; derivation: Code | null }[];
  qualitativeEvaluations: { concept: Code | null; value: Code | string | null }[];
}

/**
 * The group's coded and text evaluations as the summary lists them: every CONTAINS CODE/TEXT row but the
 * Finding, in document order. That includes Finding Category, which the model keeps in its own field (it is a
 * row of its own in TID 1501/1410/1411) but inspect-json.md has no field for, and MANIFEST.json lists here.
 */
function summaryEvaluations(
  root: ContentItem | null,
  group: MeasurementGroup,
): MeasurementGroupSummary['qualitativeEvaluations'] {
  const container = findContentItem(root, group.contentItemId);
  if (!container) return group.qualitativeEvaluations.map(({ concept, value }) => ({ concept, value }));
  const out: MeasurementGroupSummary['qualitativeEvaluations'] = [];
  for (const { relationshipType, item } of relatedItems(container)) {
    if (relationshipType !== 'CONTAINS' || isConcept(item.conceptName, Concepts.Finding)) continue;
    if (item.valueType === 'CODE' || item.valueType === 'TEXT')
      out.push({ concept: item.conceptName, value: item.value });
  }
  return out;
}

function summarizeGroup(root: ContentItem | null, group: MeasurementGroup): MeasurementGroupSummary {
  const segment = group.referencedSegment;
  return {
    trackingIdentifier: group.trackingIdentifier,
    trackingUID: group.trackingUID,
    finding: group.finding,
    findingSites: group.findingSites.map((s) => s.site),
    referencedSegment: segment
      ? { sopInstanceUID: segment.sopInstanceUID, segmentNumber: segment.segmentNumber }
      : null,
    regions: group.regions.map((r) => ({
      graphicType: r.graphicType,
      points: r.points,
      is3D: r.is3D,
      referencedSOPInstanceUID: r.is3D ? null : (r.referencedImage?.sopInstanceUID ?? null),
    })),
    measurements: group.measurements.map((m) => ({
      concept: m.concept,
      value: m.value,
      unit: m.unit,
      derivation: m.derivation,
    })),
    qualitativeEvaluations: summaryEvaluations(root, group),
  };
}

/** The summary of an already decoded document (a non-TID 1500 SR has no measurement groups). */
export function summarizeReport(doc: SRDocument): ReportSummary {
  return {
    templateId: doc.templateId,
    title: doc.title,
    measurementGroups: (doc.measurementReport?.measurementGroups ?? []).map((g) => summarizeGroup(doc.root, g)),
  };
}

/** `report` of inspect --json for an SR data set given as DICOM JSON. */
export function reportSummary(ds: DicomJsonDataset): ReportSummary {
  return summarizeReport(decodeReport(ds));
}
