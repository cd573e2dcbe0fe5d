// An SR document as a whole: header flags, the generic content tree (for display as a tree, whatever the
// template) and, when the document is a TID 1500 Measurement Report, the measurement model on top of it.
import type { Code } from '../codes/code';
import { text, type DicomJsonDataset } from '../json';
import { readPart10 } from '../part10';
import { headerJson } from '../summary';
import type { ContentItem, ContentNode } from './contentItem';
import { collectProblems, decodeContentTree } from './contentTree';
import { readMeasurementReport } from './measurementReport';
import type { MeasurementReport } from './model';
import { SRSOPClass, srDocumentName } from './sopClasses';
import { Tag } from '../tags';

export interface SRDocument {
  sopClassUID: string | null;
  sopInstanceUID: string | null;
  /** "Enhanced SR", "Comprehensive 3D SR"...; null when the SOP class is not an SR document class */
  documentClass: string | null;
  completionFlag: string | null;
  verificationFlag: string | null;
  preliminaryFlag: string | null;
  contentDate: string | null;
  contentTime: string | null;
  /** Document title: the concept name of the root CONTAINER */
  title: Code | null;
  /** TemplateIdentifier of the root's ContentTemplateSequence ("1500"), null if absent */
  templateId: string | null;
  /** The root CONTAINER of the content tree, null when the data set holds no SR content */
  root: ContentItem | null;
  itemCount: number;
  referenceCount: number;
  /** The TID 1500 model, null when the document is not a Measurement Report */
  measurementReport: MeasurementReport | null;
  /** Every problem found, each naming the content item it concerns; empty for a clean document */
  problems: string[];
}


/**
 * Value types and by-reference relationships each SR IOD allows (PS3.3 A.35). Content that breaks them is
 * still decoded, since a viewer can show it, but flagged: another application may reject the document.
 */
function checkIODConstraints(root: ContentItem, sopClassUID: string | null): void {
  const no3D = sopClassUID === SRSOPClass.EnhancedSR || sopClassUID === SRSOPClass.ComprehensiveSR;
  const noReferences = sopClassUID === SRSOPClass.EnhancedSR || sopClassUID === SRSOPClass.BasicTextSR;
  if (!no3D && !noReferences) return;
  const name = srDocumentName(sopClassUID);
  const stack: ContentNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop() as ContentNode;
    if (node.kind === 'reference') {
      if (noReferences) node.problems.push(`by-reference relationships are not allowed in ${name}; followed anyway`);
      continue;
    }
    if (no3D && node.valueType === 'SCOORD3D') {
      node.problems.push(`SCOORD3D is not allowed in ${name} (only in Comprehensive 3D SR); decoded anyway`);
    }
    stack.push(...node.children);
  }
}

/** Decode an SR document given as DICOM JSON. Never throws on bad content: problems are reported instead. */
export function decodeReport(ds: DicomJsonDataset): SRDocument {
  const sopClassUID = text(ds, Tag.SOPClassUID);
  const tree = decodeContentTree(ds);
  const root = tree.root;
  if (root) checkIODConstraints(root, sopClassUID);
  const measurementReport = readMeasurementReport(root);
  const problems = root ? collectProblems(root) : tree.problems;
  if (sopClassUID && !srDocumentName(sopClassUID)) {
    problems.unshift(`SOP class ${sopClassUID} is not an SR document class; its content tree was read anyway`);
  }
  return {
    sopClassUID,
    sopInstanceUID: text(ds, Tag.SOPInstanceUID),
    documentClass: srDocumentName(sopClassUID),
    completionFlag: text(ds, Tag.CompletionFlag),
    verificationFlag: text(ds, Tag.VerificationFlag),
    preliminaryFlag: text(ds, Tag.PreliminaryFlag),
    contentDate: text(ds, Tag.ContentDate),
    contentTime: text(ds, Tag.ContentTime),
    title: root?.conceptName ?? null,
    templateId: root?.templateId ?? null,
    root,
    itemCount: tree.itemCount,
    referenceCount: tree.referenceCount,
    measurementReport,
    problems,
  };
}

/**
 * Decode an SR document from Part 10 bytes (what a worker or the CLI holds). Throws DicomReadError only when
 * the bytes are not a readable Part 10 file; `name` names the file in that message.
 */
export function decodeReportPart10(buffer: ArrayBuffer | Uint8Array, name: string): SRDocument {
  const { dict } = readPart10(buffer, name);
  return decodeReport(headerJson(dict));
}
