// Reading a content item's children the way templates describe them: by relationship, value type and concept
// name, with by-reference targets standing in for the references (a template row may be met either way).
import type { ContentItem, RelationshipType } from './contentItem';

export interface Related {
  relationshipType: RelationshipType | null;
  item: ContentItem;
  /** True when reached through a by-reference relationship (the item lives elsewhere in the tree). */
  byReference: boolean;
}

/** Children of an item plus the resolved targets of its by-reference relationships, in document order. */
export function relatedItems(item: ContentItem): Related[] {
  const out: Related[] = [];
  for (const child of item.children) {
    if (child.kind === 'item') out.push({ relationshipType: child.relationshipType, item: child, byReference: false });
    else if (child.target)
      out.push({ relationshipType: child.relationshipType, item: child.target, byReference: true });
  }
  return out;
}

/** The content item at a position ("1.4.2" or [1, 4, 2]), following own children only. */
export function findContentItem(root: ContentItem | null, position: string | readonly number[]): ContentItem | null {
  const path = typeof position === 'string' ? position.split('.').map(Number) : position;
  if (!root || path[0] !== 1) return null;
  let item: ContentItem = root;
  for (const index of path.slice(1)) {
    const child = item.children[index - 1];
    if (!child || child.kind !== 'item') return null;
    item = child;
  }
  return item;
}

/** Order of two positions in the document (pre-order): parents before children, siblings in sequence. */
export function comparePositions(a: readonly number[], b: readonly number[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}
