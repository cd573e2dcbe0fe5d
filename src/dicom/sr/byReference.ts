// By-reference relationships (PS3.3 C.17.3.2.5): a ContentSequence item with ReferencedContentItemIdentifier
// instead of a value points at another item of the same tree. Resolving them can go wrong in two ways, both
// reported on the reference and never followed: the target does not exist (dangling), or following it leads
// back to where we started (a cycle, which would hang any code that walks "children plus targets").
import type { ContentItem, ContentReference } from './contentItem';

export function resolveReferences(items: ContentItem[], references: ContentReference[]): void {
  if (references.length === 0) return;
  const indexById = new Map<string, number>();
  items.forEach((item, i) => indexById.set(item.id, i));
  const referenceIds = new Set(references.map((r) => r.id));
  const candidates: { reference: ContentReference; owner: number; target: number }[] = [];
  const ownerOf = ownerIndexes(items, indexById);

  for (const reference of references) {
    const ids = reference.referencedContentItemIdentifier;
    if (ids.length === 0) {
      reference.problems.push('ReferencedContentItemIdentifier is empty, so it points nowhere');
      continue;
    }
    if (ids[0] !== 1) {
      reference.problems.push(`ReferencedContentItemIdentifier ${reference.targetId} does not start at the root (1)`);
      continue;
    }
    const target = indexById.get(reference.targetId);
    if (target === undefined) {
      const why = referenceIds.has(reference.targetId) ? 'is itself a by-reference relationship' : 'does not exist';
      reference.problems.push(`points to content item ${reference.targetId}, which ${why} (dangling reference)`);
      continue;
    }
    const owner = ownerOf.get(reference.id);
    if (owner === undefined) continue;
    candidates.push({ reference, owner, target });
  }
  if (candidates.length === 0) return;

  // Items and resolvable references form a directed graph (parent -> child, owner -> target). A reference
  // lies on a cycle exactly when its owner and its target are in the same strongly connected component, and
  // every cycle contains at least one reference (the tree alone has none), so dropping those breaks all cycles.
  const edges: number[][] = items.map((item) =>
    item.children.flatMap((child) => (child.kind === 'item' ? [indexById.get(child.id) as number] : [])),
  );
  for (const c of candidates) edges[c.owner].push(c.target);
  const component = stronglyConnectedComponents(edges);
  for (const { reference, owner, target } of candidates) {
    if (component[owner] === component[target]) {
      const ancestor = reference.id.startsWith(`${reference.targetId}.`);
      reference.problems.push(
        ancestor
          ? `points to content item ${reference.targetId}, which contains it: a cycle, not followed`
          : `points to content item ${reference.targetId}, whose content leads back here: a cycle, not followed`,
      );
    } else {
      reference.target = items[target];
    }
  }
}

/** For each reference, the index of the item whose ContentSequence holds it. */
function ownerIndexes(items: ContentItem[], indexById: Map<string, number>): Map<string, number> {
  const out = new Map<string, number>();
  items.forEach((item) => {
    for (const child of item.children) {
      if (child.kind === 'reference') out.set(child.id, indexById.get(item.id) as number);
    }
  });
  return out;
}

/** Tarjan's algorithm, iterative so that long reference chains cannot overflow the call stack. */
function stronglyConnectedComponents(edges: number[][]): Int32Array {
  const n = edges.length;
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const component = new Int32Array(n).fill(-1);
  const nextEdge = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const stack: number[] = [];
  const calls: number[] = [];
  let counter = 0;
  let components = 0;
  for (let start = 0; start < n; start++) {
    if (index[start] !== -1) continue;
    index[start] = low[start] = counter++;
    stack.push(start);
    onStack[start] = 1;
    calls.push(start);
    while (calls.length > 0) {
      const v = calls[calls.length - 1];
      if (nextEdge[v] < edges[v].length) {
        const w = edges[v][nextEdge[v]++];
        if (index[w] === -1) {
          index[w] = low[w] = counter++;
          stack.push(w);
          onStack[w] = 1;
          calls.push(w);
        } else if (onStack[w]) {
          low[v] = Math.min(low[v], index[w]);
        }
        continue;
      }
      calls.pop();
      if (calls.length > 0) {
        const parent = calls[calls.length - 1];
        low[parent] = Math.min(low[parent], low[v]);
      }
      if (low[v] === index[v]) {
        let w: number;
        do {
          w = stack.pop() as number;
          onStack[w] = 0;
          component[w] = components;
        } while (w !== v);
        components++;
      }
    }
  }
  return component;
}
