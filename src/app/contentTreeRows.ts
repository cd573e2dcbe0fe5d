// An SR content tree as the rows of a collapsible list: what each row says (concept, value, relationship)
// and which rows are there for a given set of expanded items. By-reference relationships are leaves that name
// their target, so a tree with shared items or cycles is still drawn as a finite list.
import type { Code } from '../dicom/codes/code';
import { ucumDisplay } from '../dicom/codes/ucum';
import type { ContentItem, ContentNode, ContentReference, SopReference } from '../dicom/sr/contentItem';
import { formatValue } from './reportRows';
import { formatDate } from './studyModel';

/** Items above this depth start expanded (the root is depth 0): the document's sections and their rows. */
const DEFAULT_OPEN_DEPTH = 2;

export interface TreeRow {
  node: ContentNode;
  depth: number;
  /** Has children to show */
  expandable: boolean;
  expanded: boolean;
}

/** Ids of the items that start expanded: those above `depth` with children. */
export function initiallyExpanded(root: ContentItem, depth = DEFAULT_OPEN_DEPTH): Set<string> {
  const out = new Set<string>();
  const stack: { node: ContentNode; depth: number }[] = [{ node: root, depth: 0 }];
  while (stack.length) {
    const { node, depth: d } = stack.pop() as { node: ContentNode; depth: number };
    if (node.kind !== 'item' || !node.children.length || d >= depth) continue;
    out.add(node.id);
    for (const child of node.children) stack.push({ node: child, depth: d + 1 });
  }
  return out;
}

/** Visible rows in document order: the root, and the children of every expanded item. */
export function flattenTree(root: ContentItem, expanded: ReadonlySet<string>): TreeRow[] {
  const rows: TreeRow[] = [];
  const stack: { node: ContentNode; depth: number }[] = [{ node: root, depth: 0 }];
  while (stack.length) {
    const { node, depth } = stack.pop() as { node: ContentNode; depth: number };
    const expandable = node.kind === 'item' && node.children.length > 0;
    const open = expandable && expanded.has(node.id);
    rows.push({ node, depth, expandable, expanded: open });
    if (open && node.kind === 'item') {
      for (let i = node.children.length - 1; i >= 0; i--) stack.push({ node: node.children[i], depth: depth + 1 });
    }
  }
  return rows;
}

/** Ids of every item with children, for "expand all". */
export function allExpandable(root: ContentItem): Set<string> {
  const out = new Set<string>();
  const stack: ContentNode[] = [root];
  while (stack.length) {
    const node = stack.pop() as ContentNode;
    if (node.kind !== 'item' || !node.children.length) continue;
    out.add(node.id);
    stack.push(...node.children);
  }
  return out;
}

const meaningOf = (c: Code | null): string => c?.meaning ?? '';

function time(tm: string): string {
  const m = /^(\d{2})(\d{2})?(\d{2})?/.exec(tm);
  if (!m) return tm;
  return [m[1], m[2], m[3]].filter((x) => x !== undefined).join(':');
}

/** 'Family^Given^Middle^Prefix^Suffix' -> 'Family, Given Middle' (the order a report names people in). */
export function personNameText(pn: string): string {
  const [family = '', given = '', middle = ''] = pn.split('=')[0].split('^');
  const rest = [given, middle].filter(Boolean).join(' ');
  return rest ? `${family}, ${rest}` : family;
}

function uidTail(uid: string): string {
  return uid.length > 16 ? `…${uid.slice(-12)}` : uid;
}

function sopText(ref: SopReference | null): string {
  if (!ref?.sopInstanceUID) return '(no object named)';
  const parts = [uidTail(ref.sopInstanceUID)];
  if (ref.frameNumbers.length) parts.push(`frame ${ref.frameNumbers.join(', ')}`);
  if (ref.segmentNumbers.length) parts.push(`segment ${ref.segmentNumbers.join(', ')}`);
  return parts.join(', ');
}

/** The value of an item as one line of text (empty for a CONTAINER). */
export function valueText(item: ContentItem): string {
  switch (item.valueType) {
    case 'CONTAINER':
      return '';
    case 'CODE':
      return item.value ? item.value.meaning : '(no code)';
    case 'TEXT':
    case 'UIDREF':
      return item.value ?? '(empty)';
    case 'PNAME':
      return item.value ? personNameText(item.value) : '(empty)';
    case 'DATE':
      return item.value ? formatDate(item.value) : '(empty)';
    case 'TIME':
      return item.value ? time(item.value) : '(empty)';
    case 'DATETIME':
      return item.value ? [formatDate(item.value.slice(0, 8)), time(item.value.slice(8))].filter(Boolean).join(' ') : '(empty)';
    case 'NUM': {
      if (item.value === null) return item.qualifier ? item.qualifier.meaning : (item.numericValueText ?? '(no value)');
      const unit = item.unit ? ucumDisplay(item.unit) : '';
      return unit ? `${formatValue(item.value)} ${unit}` : formatValue(item.value);
    }
    case 'IMAGE':
      return `image ${sopText(item.reference)}`;
    case 'COMPOSITE':
      return `object ${sopText(item.reference)}`;
    case 'WAVEFORM':
      return `waveform ${sopText(item.reference)}`;
    case 'SCOORD':
    case 'SCOORD3D': {
      const dims = item.valueType === 'SCOORD' ? 2 : 3;
      const points = Math.floor(item.graphicData.length / dims);
      const where = item.valueType === 'SCOORD3D' ? ' (3D)' : '';
      return `${item.graphicType ?? '(no graphic type)'}${where}, ${points} point${points === 1 ? '' : 's'}`;
    }
    case 'TCOORD':
      return item.temporalRangeType ?? '(no range type)';
    case 'UNSUPPORTED':
      return item.declaredValueType ? `(${item.declaredValueType} value not shown)` : '(no value type)';
  }
}

/** A by-reference relationship: the item it points to, or why it points nowhere (dangling, cycle). */
export function referenceText(ref: ContentReference): string {
  if (ref.target) {
    const concept = meaningOf(ref.target.conceptName);
    const value = valueText(ref.target);
    const what = [concept, value].filter(Boolean).join(': ');
    return `→ item ${ref.targetId}${what ? ` (${what})` : ''}`;
  }
  return `→ item ${ref.targetId || '?'}: ${ref.problems.join('; ') || 'not followed'}`;
}

/** Everything a row says, for its title (the row itself is cut to one line). */
export function rowTitle(node: ContentNode): string {
  const head = node.kind === 'reference' ? referenceText(node) : [meaningOf(node.conceptName), valueText(node)].filter(Boolean).join(': ');
  const lines = [`${node.id} ${node.relationshipType ?? ''}`.trim(), head];
  if (node.kind === 'item' && node.valueType === 'UIDREF' && node.value) lines.push(node.value);
  if (node.kind === 'item' && (node.valueType === 'IMAGE' || node.valueType === 'COMPOSITE') && node.reference?.sopInstanceUID) {
    lines.push(node.reference.sopInstanceUID);
  }
  if (node.kind === 'item') lines.push(...node.problems.map((p) => `⚠ ${p}`));
  return lines.join('\n');
}
