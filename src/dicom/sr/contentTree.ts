// Walks the nested ContentSequence of an SR document into the generic content tree, then resolves the
// by-reference relationships. Never throws and never loops: whatever cannot be read becomes a problem text.
import { readCodeSeq } from '../codes/code';
import { text, type DicomJsonDataset } from '../json';
import { resolveReferences } from './byReference';
import {
  RELATIONSHIP_TYPES,
  type ContentItem,
  type ContentItemBase,
  type ContentNode,
  type ContentReference,
  type RelationshipType,
} from './contentItem';
import { decodeValue } from './contentValue';
import { numberList } from './values';
import { Tag } from '../tags';

/** Real SR trees are a dozen levels deep at most; far deeper nesting is broken or hostile input. */
const MAX_DEPTH = 64;

export interface ContentTree {
  /** The document's root CONTAINER, or null when the data set has no SR content (no ValueType). */
  root: ContentItem | null;
  /** Every problem in the tree, each prefixed with the item it belongs to ("content item 1.4.2 (NUM ...): ..."). */
  problems: string[];
  itemCount: number;
  referenceCount: number;
}

interface WalkState {
  /** Data set objects on the path from the root: a data set built in code can contain itself. */
  onPath: Set<DicomJsonDataset>;
  items: ContentItem[];
  references: ContentReference[];
}


function relationship(ds: DicomJsonDataset, problems: string[]): RelationshipType | null {
  const raw = text(ds, Tag.RelationshipType);
  if (raw === null) {
    problems.push('RelationshipType is missing, so its relation to the parent item is unknown');
    return null;
  }
  if ((RELATIONSHIP_TYPES as readonly string[]).includes(raw)) return raw as RelationshipType;
  problems.push(`RelationshipType "${raw}" is not one of the standard's (${RELATIONSHIP_TYPES.join(', ')})`);
  return null;
}

function decodeNode(
  ds: DicomJsonDataset,
  position: number[],
  isRoot: boolean,
  depth: number,
  state: WalkState,
): ContentNode {
  const id = position.join('.');
  const problems: string[] = [];
  const relationshipType = isRoot ? null : relationship(ds, problems);
  const valueType = text(ds, Tag.ValueType);
  const hasReference = Tag.ReferencedContentItemIdentifier in ds;

  if (!isRoot && hasReference && valueType === null) {
    const { values, invalid } = numberList(ds, Tag.ReferencedContentItemIdentifier);
    if (invalid > 0) problems.push(`${invalid} ReferencedContentItemIdentifier value(s) are not numbers`);
    const reference: ContentReference = {
      kind: 'reference',
      position,
      id,
      relationshipType,
      referencedContentItemIdentifier: values,
      targetId: values.join('.'),
      target: null,
      problems,
    };
    state.references.push(reference);
    return reference;
  }
  if (hasReference) problems.push('has both a ValueType and a ReferencedContentItemIdentifier; read as its own item');

  const template = ds[Tag.ContentTemplateSequence]?.Value?.[0] as DicomJsonDataset | undefined;
  const base: ContentItemBase = {
    kind: 'item',
    position,
    id,
    relationshipType,
    conceptName: readCodeSeq(ds, Tag.ConceptNameCodeSequence),
    observationDateTime: text(ds, Tag.ObservationDateTime),
    observationUID: text(ds, Tag.ObservationUID),
    templateId: template ? text(template, Tag.TemplateIdentifier) : null,
    children: [],
    problems,
  };
  // An item without any code is still read; only say so, since its concept name shows as blank.
  if (!base.conceptName && ds[Tag.ConceptNameCodeSequence]?.Value?.length) {
    problems.push('ConceptNameCodeSequence has no code value');
  }
  const item = decodeValue(ds, valueType, base);
  state.items.push(item);

  const sequence = ds[Tag.ContentSequence]?.Value;
  const children = (Array.isArray(sequence) ? sequence : []) as DicomJsonDataset[];
  if (children.length === 0) return item;
  if (depth >= MAX_DEPTH) {
    problems.push(`nested more than ${MAX_DEPTH} levels deep; the ${children.length} item(s) below are not read`);
    return item;
  }
  state.onPath.add(ds);
  children.forEach((child, i) => {
    const childPosition = [...position, i + 1];
    if (child === null || typeof child !== 'object') {
      item.children.push(placeholder(childPosition, 'is not a data set', state));
    } else if (state.onPath.has(child)) {
      item.children.push(
        placeholder(childPosition, 'contains itself (the same data set appears above it); not read again', state),
      );
    } else {
      item.children.push(decodeNode(child, childPosition, false, depth + 1, state));
    }
  });
  state.onPath.delete(ds);
  return item;
}

function placeholder(position: number[], problem: string, state: WalkState): ContentItem {
  const item: ContentItem = {
    kind: 'item',
    position,
    id: position.join('.'),
    relationshipType: null,
    conceptName: null,
    observationDateTime: null,
    observationUID: null,
    templateId: null,
    children: [],
    problems: [problem],
    valueType: 'UNSUPPORTED',
    declaredValueType: null,
  };
  state.items.push(item);
  return item;
}

/** Decode the content tree of an SR document given as DICOM JSON (the document data set is the root item). */
export function decodeContentTree(ds: DicomJsonDataset): ContentTree {
  if (text(ds, Tag.ValueType) === null) {
    return {
      root: null,
      problems: ['the data set has no ValueType, so it holds no SR content tree'],
      itemCount: 0,
      referenceCount: 0,
    };
  }
  const state: WalkState = { onPath: new Set(), items: [], references: [] };
  const root = decodeNode(ds, [1], true, 0, state) as ContentItem;
  if (root.valueType !== 'CONTAINER') root.problems.push(`the root item is ${root.valueType}, not a CONTAINER`);
  resolveReferences(state.items, state.references);
  return {
    root,
    problems: collectProblems(root),
    itemCount: state.items.length,
    referenceCount: state.references.length,
  };
}

/** How problems name a node: its position, value type and concept name. */
function describeNode(node: ContentNode): string {
  if (node.kind === 'reference') return `by-reference relationship ${node.id}`;
  const concept = node.conceptName ? ` "${node.conceptName.meaning}"` : '';
  return `content item ${node.id} (${node.valueType}${concept})`;
}

/** Problems of a subtree in document order, prefixed with the node they belong to. */
export function collectProblems(root: ContentNode): string[] {
  const out: string[] = [];
  const stack: ContentNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop() as ContentNode;
    for (const p of node.problems) out.push(`${describeNode(node)}: ${p}`);
    if (node.kind === 'item') for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]);
  }
  return out;
}
