// TID 1500 "Measurement Report": the document-level rows (language, observer context, procedure reported,
// image library) and the containers that hold the measurement groups.
import type { ContainerItem, ContentItem } from './contentItem';
import { Concepts, isConcept } from './concepts';
import { addProblem, codeOf, readMeasurement, sopReferenceOf, textOf } from './measurement';
import { evaluation, readMeasurementGroup } from './measurementGroup';
import type { ImageLibrary, ImageLibraryGroup, MeasurementReport, ObserverContext } from './model';
import { relatedItems, type Related } from './navigate';

type Person = Extract<ObserverContext, { observerType: 'PERSON' }>;
type Device = Extract<ObserverContext, { observerType: 'DEVICE' }>;

function newObserver(type: 'PERSON' | 'DEVICE'): ObserverContext {
  return type === 'PERSON'
    ? {
        observerType: 'PERSON',
        personObserverName: null,
        personObserverOrganizationName: null,
        personObserverRoleInOrganization: null,
        personObserverRoleInProcedure: null,
      }
    : {
        observerType: 'DEVICE',
        deviceObserverUID: null,
        deviceObserverName: null,
        deviceObserverManufacturer: null,
        deviceObserverModelName: null,
        deviceObserverSerialNumber: null,
        deviceObserverPhysicalLocation: null,
      };
}

/**
 * TID 1002 Observer Context: an "Observer Type" item opens a new observer and the person (TID 1003) or device
 * (TID 1004) rows after it describe that observer. Observer Type may be left out (it defaults to person), so a
 * second name or UID also opens a new observer.
 */
function readObservers(related: Related[]): ObserverContext[] {
  const observers: ObserverContext[] = [];
  let current: ObserverContext | null = null;
  const open = (type: 'PERSON' | 'DEVICE'): ObserverContext => {
    current = newObserver(type);
    observers.push(current);
    return current;
  };
  const person = (opensNew: boolean): Person => {
    const c = current as ObserverContext | null;
    return (c?.observerType === 'PERSON' && !(opensNew && c.personObserverName) ? c : open('PERSON')) as Person;
  };
  const device = (opensNew: boolean): Device => {
    const c = current as ObserverContext | null;
    return (c?.observerType === 'DEVICE' && !(opensNew && c.deviceObserverUID) ? c : open('DEVICE')) as Device;
  };
  for (const { relationshipType, item } of related) {
    if (relationshipType !== 'HAS OBS CONTEXT') continue;
    const name = item.conceptName;
    if (isConcept(name, Concepts.ObserverType)) {
      const type = codeOf(item);
      if (isConcept(type, Concepts.Person)) open('PERSON');
      else if (isConcept(type, Concepts.Device)) open('DEVICE');
      else {
        addProblem(item, `Observer Type "${type?.meaning ?? '?'}" is neither Person nor Device; ignored`);
        current = null;
      }
    } else if (isConcept(name, Concepts.PersonObserverName)) person(true).personObserverName = textOf(item);
    else if (isConcept(name, Concepts.PersonObserverOrganizationName)) {
      person(false).personObserverOrganizationName = textOf(item);
    } else if (isConcept(name, Concepts.PersonObserverRoleInOrganization)) {
      person(false).personObserverRoleInOrganization = codeOf(item);
    } else if (isConcept(name, Concepts.PersonObserverRoleInProcedure)) {
      person(false).personObserverRoleInProcedure = codeOf(item);
    } else if (isConcept(name, Concepts.DeviceObserverUID)) device(true).deviceObserverUID = textOf(item);
    else if (isConcept(name, Concepts.DeviceObserverName)) device(false).deviceObserverName = textOf(item);
    else if (isConcept(name, Concepts.DeviceObserverManufacturer)) {
      device(false).deviceObserverManufacturer = textOf(item);
    } else if (isConcept(name, Concepts.DeviceObserverModelName)) device(false).deviceObserverModelName = textOf(item);
    else if (isConcept(name, Concepts.DeviceObserverSerialNumber)) {
      device(false).deviceObserverSerialNumber = textOf(item);
    } else if (isConcept(name, Concepts.DeviceObserverPhysicalLocation)) {
      device(false).deviceObserverPhysicalLocation = textOf(item);
    }
  }
  return observers;
}

function libraryGroup(item: ContentItem, related: Related[]): ImageLibraryGroup {
  const group: ImageLibraryGroup = {
    contentItemId: item.id,
    modality: null,
    frameOfReferenceUID: null,
    descriptors: [],
    entries: [],
  };
  for (const { relationshipType, item: child } of related) {
    if (relationshipType === 'HAS ACQ CONTEXT') {
      group.descriptors.push(child);
      if (isConcept(child.conceptName, Concepts.Modality)) group.modality = codeOf(child);
      if (isConcept(child.conceptName, Concepts.FrameOfReferenceUID)) group.frameOfReferenceUID = textOf(child);
    } else if (relationshipType === 'CONTAINS' && child.valueType === 'IMAGE') {
      group.entries.push({
        contentItemId: child.id,
        reference: sopReferenceOf(child),
        descriptors: relatedItems(child)
          .filter((r) => r.relationshipType === 'HAS ACQ CONTEXT')
          .map((r) => r.item),
      });
    }
  }
  return group;
}

/** TID 1600 Image Library; IMAGE items written straight under it (older dcmqi) form one implicit group. */
function readImageLibrary(item: ContentItem): ImageLibrary {
  const related = relatedItems(item);
  const groups = related
    .filter((r) => r.relationshipType === 'CONTAINS' && isConcept(r.item.conceptName, Concepts.ImageLibraryGroup))
    .map((r) => libraryGroup(r.item, relatedItems(r.item)));
  const loose = related.filter((r) => r.relationshipType === 'CONTAINS' && r.item.valueType === 'IMAGE');
  if (loose.length > 0) groups.unshift(libraryGroup(item, loose));
  return { contentItemId: item.id, groups };
}

function readImagingMeasurements(container: ContentItem, report: MeasurementReport): void {
  for (const { relationshipType, item } of relatedItems(container)) {
    if (relationshipType !== 'CONTAINS') continue;
    if (item.valueType === 'CONTAINER') {
      if (!isConcept(item.conceptName, Concepts.MeasurementGroup)) {
        addProblem(item, 'is not named "Measurement Group" but sits in Imaging Measurements; read as one');
      }
      report.measurementGroups.push(readMeasurementGroup(item));
    } else if (item.valueType === 'NUM') {
      report.ungroupedMeasurements.push(readMeasurement(item));
    }
  }
}

/** True when the root is a TID 1500 report: declared so, or titled "Imaging Measurement Report". */
function isMeasurementReport(root: ContentItem | null): root is ContainerItem {
  return (
    root !== null &&
    root.valueType === 'CONTAINER' &&
    (root.templateId === '1500' || isConcept(root.conceptName, Concepts.ImagingMeasurementReport))
  );
}

/** Decode the TID 1500 model from a content tree root; null when the root is not a measurement report. */
export function readMeasurementReport(root: ContentItem | null): MeasurementReport | null {
  if (!isMeasurementReport(root)) return null;
  const related = relatedItems(root);
  const report: MeasurementReport = {
    title: root.conceptName,
    templateId: root.templateId,
    language: null,
    countryOfLanguage: null,
    observers: readObservers(related),
    procedureReported: [],
    imageLibrary: null,
    measurementGroups: [],
    ungroupedMeasurements: [],
    qualitativeEvaluations: [],
    problems: [],
  };
  let holders = 0;
  for (const { relationshipType, item } of related) {
    const name = item.conceptName;
    if (relationshipType === 'HAS CONCEPT MOD' && isConcept(name, Concepts.LanguageOfContentItemAndDescendants)) {
      report.language = codeOf(item);
      const country = relatedItems(item).find((r) => isConcept(r.item.conceptName, Concepts.CountryOfLanguage));
      report.countryOfLanguage = country ? codeOf(country.item) : null;
    } else if (relationshipType === 'HAS CONCEPT MOD' && isConcept(name, Concepts.ProcedureReported)) {
      const code = codeOf(item);
      if (code) report.procedureReported.push(code);
    } else if (relationshipType === 'CONTAINS' && isConcept(name, Concepts.ImageLibrary)) {
      report.imageLibrary = readImageLibrary(item);
    } else if (relationshipType === 'CONTAINS' && isConcept(name, Concepts.ImagingMeasurements)) {
      holders++;
      readImagingMeasurements(item, report);
    } else if (relationshipType === 'CONTAINS' && isConcept(name, Concepts.QualitativeEvaluations)) {
      holders++;
      for (const r of relatedItems(item)) {
        if (r.item.valueType === 'CODE' || r.item.valueType === 'TEXT')
          report.qualitativeEvaluations.push(evaluation(r.item));
      }
    }
  }
  if (holders === 0) {
    addProblem(root, 'has no "Imaging Measurements" or "Qualitative Evaluations" container, so it reports nothing');
  }
  if (root.templateId !== null && root.templateId !== '1500') {
    addProblem(root, `is titled "Imaging Measurement Report" but declares TID ${root.templateId}; read as TID 1500`);
  }
  report.problems = [...root.problems];
  return report;
}
