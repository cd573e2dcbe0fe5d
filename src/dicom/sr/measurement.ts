// TID 300 Measurement and the small patterns shared by the group templates: finding sites with their
// modifiers (TID 1501/1410/1411 rows), algorithm identification (TID 4019) and regions (SCOORD/SCOORD3D).
import type { Code } from '../codes/code';
import type { ContentItem, NumItem, SopReference } from './contentItem';
import { Concepts, isConcept } from './concepts';
import type { AlgorithmIdentification, CodedOrTextValue, FindingSite, Measurement, Region } from './model';
import { relatedItems, type Related } from './navigate';

/** Add a template-level problem to the item it concerns (once, even when the item is reached twice). */
export function addProblem(item: ContentItem, problem: string): void {
  if (!item.problems.includes(problem)) item.problems.push(problem);
}

export function codeOf(item: ContentItem): Code | null {
  return item.valueType === 'CODE' ? item.value : null;
}

export function textOf(item: ContentItem): string | null {
  switch (item.valueType) {
    case 'TEXT':
    case 'UIDREF':
    case 'DATE':
    case 'TIME':
    case 'DATETIME':
    case 'PNAME':
      return item.value;
    default:
      return null;
  }
}

export function valueOf(item: ContentItem): CodedOrTextValue {
  let value: CodedOrTextValue['value'] = textOf(item);
  if (item.valueType === 'CODE') value = item.value;
  if (item.valueType === 'NUM') value = item.value;
  return { contentItemId: item.id, concept: item.conceptName, value };
}

/** A "Finding Site" CODE with its Laterality and Topographical Modifier children (HAS CONCEPT MOD). */
export function readFindingSite(item: ContentItem): FindingSite | null {
  const site = codeOf(item);
  if (!site) {
    addProblem(item, 'Finding Site has no coded value');
    return null;
  }
  const out: FindingSite = { site, laterality: null, topographicalModifiers: [] };
  for (const { item: child } of relatedItems(item)) {
    const value = codeOf(child);
    if (!value) continue;
    if (isConcept(child.conceptName, Concepts.Laterality)) out.laterality = value;
    else if (isConcept(child.conceptName, Concepts.TopographicalModifier)) out.topographicalModifiers.push(value);
  }
  return out;
}

/** Gathers TID 4019 Algorithm Identification rows; returns false when `item` is not one of them. */
export function readAlgorithmRow(item: ContentItem, into: { algorithm: AlgorithmIdentification | null }): boolean {
  const name = item.conceptName;
  const isName = isConcept(name, Concepts.AlgorithmName);
  const isVersion = isConcept(name, Concepts.AlgorithmVersion);
  const isParameters = isConcept(name, Concepts.AlgorithmParameters);
  if (!isName && !isVersion && !isParameters) return false;
  const algorithm = (into.algorithm ??= { algorithmName: null, algorithmVersion: null, algorithmParameters: [] });
  const text = textOf(item);
  if (isName) algorithm.algorithmName = text;
  else if (isVersion) algorithm.algorithmVersion = text;
  else if (text !== null) algorithm.algorithmParameters.push(text);
  return true;
}

/** An SCOORD or SCOORD3D item as a region; null for any other value type. */
export function readRegion(item: ContentItem): Region | null {
  if (item.valueType === 'SCOORD') {
    // The image the coordinates are on is the SCOORD's SELECTED FROM child (PS3.3 C.18.6).
    const image = relatedItems(item).find(
      (r) => r.relationshipType === 'SELECTED FROM' && r.item.valueType === 'IMAGE',
    );
    const referencedImage = image?.item.valueType === 'IMAGE' ? image.item.reference : null;
    if (!referencedImage) addProblem(item, 'names no image (no SELECTED FROM IMAGE child), so it cannot be placed');
    return {
      is3D: false,
      contentItemId: item.id,
      concept: item.conceptName,
      graphicType: item.graphicType,
      graphicData: item.graphicData,
      points: Math.floor(item.graphicData.length / 2),
      referencedImage,
    };
  }
  if (item.valueType === 'SCOORD3D') {
    return {
      is3D: true,
      contentItemId: item.id,
      concept: item.conceptName,
      graphicType: item.graphicType,
      graphicData: item.graphicData,
      points: Math.floor(item.graphicData.length / 3),
      referencedFrameOfReferenceUID: item.referencedFrameOfReferenceUID,
    };
  }
  return null;
}

export function sopReferenceOf(item: ContentItem): SopReference | null {
  return item.valueType === 'IMAGE' || item.valueType === 'COMPOSITE' || item.valueType === 'WAVEFORM'
    ? item.reference
    : null;
}

/** Decode a NUM item as a TID 300 Measurement. */
export function readMeasurement(item: NumItem): Measurement {
  const m: Measurement = {
    contentItemId: item.id,
    concept: item.conceptName,
    value: item.value,
    unit: item.unit,
    qualifier: item.qualifier,
    derivation: null,
    measurementMethod: null,
    findingSites: [],
    trackingUID: null,
    algorithm: null,
    modifiers: [],
    properties: [],
    regions: [],
    sourceImages: [],
    problems: [],
  };
  if (!item.conceptName) addProblem(item, 'the measurement has no concept name, so what it measures is unknown');
  if (item.unit && item.unit.scheme !== 'UCUM') {
    addProblem(item, `unit "${item.unit.code}" is coded in ${item.unit.scheme || 'no scheme'}, not UCUM`);
  }
  for (const related of relatedItems(item)) readMeasurementRow(m, related);
  m.problems = [...item.problems];
  return m;
}

function readMeasurementRow(m: Measurement, { relationshipType, item }: Related): void {
  const name = item.conceptName;
  switch (relationshipType) {
    case 'HAS CONCEPT MOD':
      if (readAlgorithmRow(item, m)) return;
      if (isConcept(name, Concepts.Derivation)) m.derivation = codeOf(item);
      else if (isConcept(name, Concepts.MeasurementMethod)) m.measurementMethod = codeOf(item);
      else if (isConcept(name, Concepts.FindingSite)) {
        const site = readFindingSite(item);
        if (site) m.findingSites.push(site);
      } else m.modifiers.push(valueOf(item));
      return;
    case 'HAS OBS CONTEXT':
      if (isConcept(name, Concepts.TrackingUniqueIdentifier)) m.trackingUID = textOf(item);
      return;
    case 'HAS PROPERTIES':
      m.properties.push(valueOf(item));
      return;
    case 'INFERRED FROM':
    case 'SELECTED FROM': {
      const region = readRegion(item);
      if (region) m.regions.push(region);
      const image = item.valueType === 'IMAGE' ? item.reference : null;
      if (image) m.sourceImages.push(image);
      return;
    }
    default:
      return;
  }
}
