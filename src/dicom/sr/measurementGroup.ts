// One "Measurement Group" container: TID 1501 (measurements and qualitative evaluations), TID 1410 (planar
// ROI) or TID 1411 (volumetric ROI). The three share most rows, so one reader fills one model and the template
// is told apart by what identifies the region.
import type { ContainerItem, ContentItem } from './contentItem';
import { Concepts, isConcept, type Concept } from './concepts';
import {
  addProblem,
  codeOf,
  readAlgorithmRow,
  readFindingSite,
  readMeasurement,
  readRegion,
  textOf,
} from './measurement';
import type { MeasurementGroup, MeasurementGroupTemplate, QualitativeEvaluation, TimePointContext } from './model';
import { comparePositions, relatedItems, type Related } from './navigate';

function emptyGroup(item: ContainerItem): MeasurementGroup {
  return {
    contentItemId: item.id,
    template: '1501',
    trackingIdentifier: null,
    trackingUID: null,
    activitySession: null,
    timePointContext: null,
    finding: null,
    findingCategory: null,
    findingSites: [],
    measurementMethod: null,
    algorithm: null,
    referencedSegment: null,
    sourceSeriesForSegmentation: null,
    sourceImagesForSegmentation: [],
    realWorldValueMap: null,
    sourceImages: [],
    regions: [],
    measurements: [],
    qualitativeEvaluations: [],
    problems: [],
  };
}

function timePoint(group: MeasurementGroup): TimePointContext {
  return (group.timePointContext ??= {
    timePoint: null,
    timePointType: null,
    timePointOrder: null,
    subjectTimePointIdentifier: null,
    protocolTimePointIdentifier: null,
  });
}

/** TID 1502 rows and the tracking rows, all HAS OBS CONTEXT; returns false for anything else. */
function readObservationContext(group: MeasurementGroup, item: ContentItem): boolean {
  const name = item.conceptName;
  if (isConcept(name, Concepts.TrackingIdentifier)) group.trackingIdentifier = textOf(item);
  else if (isConcept(name, Concepts.TrackingUniqueIdentifier)) group.trackingUID = textOf(item);
  else if (isConcept(name, Concepts.ActivitySession)) group.activitySession = textOf(item);
  else if (isConcept(name, Concepts.TimePoint)) timePoint(group).timePoint = textOf(item);
  else if (isConcept(name, Concepts.TimePointType)) timePoint(group).timePointType = codeOf(item);
  else if (isConcept(name, Concepts.TimePointOrder)) {
    timePoint(group).timePointOrder = item.valueType === 'NUM' ? item.value : null;
  } else if (isConcept(name, Concepts.SubjectTimePointIdentifier)) {
    timePoint(group).subjectTimePointIdentifier = textOf(item);
  } else if (isConcept(name, Concepts.ProtocolTimePointIdentifier)) {
    timePoint(group).protocolTimePointIdentifier = textOf(item);
  } else return false;
  return true;
}

function readModifier(group: MeasurementGroup, item: ContentItem): void {
  if (readAlgorithmRow(item, group)) return;
  const name = item.conceptName;
  if (isConcept(name, Concepts.FindingSite)) {
    const site = readFindingSite(item);
    if (site) group.findingSites.push(site);
  } else if (isConcept(name, Concepts.MeasurementMethod)) {
    group.measurementMethod = codeOf(item);
  }
}

function readContains(group: MeasurementGroup, item: ContentItem): void {
  const name = item.conceptName;
  switch (item.valueType) {
    case 'NUM':
      group.measurements.push(readMeasurement(item));
      return;
    case 'CODE':
      if (isConcept(name, Concepts.Finding)) group.finding = item.value;
      else if (isConcept(name, Concepts.FindingCategory)) group.findingCategory = item.value;
      else group.qualitativeEvaluations.push(evaluation(item));
      return;
    case 'TEXT':
      group.qualitativeEvaluations.push(evaluation(item));
      return;
    case 'UIDREF':
      if (isConcept(name, Concepts.SourceSeriesForSegmentation)) group.sourceSeriesForSegmentation = item.value;
      return;
    case 'IMAGE': {
      const reference = item.reference;
      if (!reference) return;
      if (isConcept(name, Concepts.ReferencedSegment) || isConcept(name, Concepts.ReferencedSegmentationFrame)) {
        if (reference.segmentNumbers.length === 0) addProblem(item, 'names no ReferencedSegmentNumber');
        group.referencedSegment = {
          sopClassUID: reference.sopClassUID,
          sopInstanceUID: reference.sopInstanceUID,
          segmentNumber: reference.segmentNumbers[0] ?? null,
          frameNumbers: reference.frameNumbers,
        };
      } else if (isConcept(name, Concepts.SourceImageForSegmentation)) {
        group.sourceImagesForSegmentation.push(reference);
      } else {
        group.sourceImages.push(reference);
      }
      return;
    }
    case 'COMPOSITE':
      if (isConcept(name, Concepts.RealWorldValueMapUsedForMeasurement)) group.realWorldValueMap = item.reference;
      return;
    default:
      return;
  }
}

/** A CODE or TEXT evaluation; whatever the tree said was wrong with the item comes along. */
export function evaluation(item: ContentItem): QualitativeEvaluation {
  const value = item.valueType === 'CODE' ? item.value : textOf(item);
  return { contentItemId: item.id, concept: item.conceptName, value, problems: [...item.problems] };
}

function inferTemplate(item: ContainerItem, related: Related[], problems: string[]): MeasurementGroupTemplate {
  const declared = item.templateId;
  if (declared === '1501' || declared === '1410' || declared === '1411') return declared;
  if (declared) problems.push(`ContentTemplateSequence names TID ${declared}, read as a measurement group`);
  const contains = related.filter((r) => r.relationshipType === 'CONTAINS').map((r) => r.item);
  const named = (concept: Concept): boolean => contains.some((c) => isConcept(c.conceptName, concept));
  if (
    named(Concepts.ReferencedSegment) ||
    named(Concepts.SourceImageForSegmentation) ||
    named(Concepts.SourceSeriesForSegmentation)
  ) {
    return '1411';
  }
  if (contains.some((c) => c.valueType === 'SCOORD3D')) return '1411';
  if (named(Concepts.ReferencedSegmentationFrame) || contains.some((c) => c.valueType === 'SCOORD')) return '1410';
  return '1501';
}

/** Decode one Measurement Group container. */
export function readMeasurementGroup(item: ContainerItem): MeasurementGroup {
  const group = emptyGroup(item);
  const related = relatedItems(item);
  group.template = inferTemplate(item, related, item.problems);
  for (const r of related) {
    if (r.relationshipType === 'HAS OBS CONTEXT') readObservationContext(group, r.item);
    else if (r.relationshipType === 'HAS CONCEPT MOD') readModifier(group, r.item);
    else if (r.relationshipType === 'CONTAINS') readContains(group, r.item);
  }
  group.regions = groupRegions(related, group);

  // TID 1410 and 1411 make tracking mandatory: without it the finding cannot be followed over time.
  if (group.template !== '1501') {
    if (!group.trackingIdentifier) addProblem(item, 'has no Tracking Identifier');
    if (!group.trackingUID) addProblem(item, 'has no Tracking Unique Identifier');
  }
  if (group.measurements.length === 0 && group.qualitativeEvaluations.length === 0) {
    addProblem(item, 'holds neither measurements nor qualitative evaluations');
  }
  group.problems = [...item.problems];
  return group;
}

/** The group's own SCOORD/SCOORD3D and those its measurements were inferred from, once each, in document order. */
function groupRegions(related: Related[], group: MeasurementGroup): MeasurementGroup['regions'] {
  const byId = new Map<string, MeasurementGroup['regions'][number]>();
  for (const r of related) {
    if (r.relationshipType !== 'CONTAINS') continue;
    const region = readRegion(r.item);
    if (region) byId.set(region.contentItemId, region);
  }
  for (const m of group.measurements) for (const region of m.regions) byId.set(region.contentItemId, region);
  const position = (id: string): number[] => id.split('.').map(Number);
  return [...byId.values()].sort((a, b) => comparePositions(position(a.contentItemId), position(b.contentItemId)));
}
