// SR content faults: by-reference items that make the content tree a graph with cycles, and content nested far
// deeper than any report (undefined lengths all the way down, so only the delimiters say where items end).
import { UNDEFINED, type FileLayout, type Span } from './elements';
import { concat, encodeElement, insertInSequence, itemHeader, replaceElement, textValue, u32Value } from './edits';
import type { Mutation, Random } from './mutate';

const CONTENT_SEQUENCE = 0x0040a730;
const RELATIONSHIP_TYPE = 0x0040a010;
const VALUE_TYPE = 0x0040a040;
const CONTINUITY = 0x0040a050;
const REFERENCED_CONTENT_ITEM = 0x0040db73;
const ITEM = 0xfffee000;
const ITEM_END = 0xfffee00d;
const SEQUENCE_END = 0xfffee0dd;

function rootContent(layout: FileLayout): Span | undefined {
  return layout.spans.find((s) => !s.inMeta && s.depth === 0 && s.tag === CONTENT_SEQUENCE);
}

function byReference(target: number[], layout: FileLayout): Uint8Array {
  const { syntax } = layout;
  const body = concat([
    encodeElement(RELATIONSHIP_TYPE, 'CS', textValue('CONTAINS'), syntax),
    encodeElement(REFERENCED_CONTENT_ITEM, 'UL', u32Value(target, syntax.little), syntax),
  ]);
  return concat([itemHeader(ITEM, body.length, syntax.little), body]);
}

/** By-reference items put first in the root's content: pointing at the root, at themselves, at each other. */
export function contentCycle(bytes: Uint8Array, layout: FileLayout, rng: Random): Omit<Mutation, 'kind'> | null {
  const root = rootContent(layout);
  if (!root) return null;
  const form = Math.floor(rng() * 4);
  const targets = [[[1]], [[1, 1]], [[1, 2], [1, 1]], [[1, 99999, 3]]][form];
  const items = concat(targets.map((t) => byReference(t, layout)));
  const what = ['the root', 'itself', 'each other', 'an item that does not exist'][form];
  return { bytes: insertInSequence(bytes, root, items, layout.syntax), description: `by-reference content item(s) pointing at ${what}` };
}

/** The root's content replaced by CONTAINERs nested `depth` deep, all of undefined length. */
export function deepNesting(bytes: Uint8Array, layout: FileLayout, rng: Random): Omit<Mutation, 'kind'> | null {
  const root = rootContent(layout);
  if (!root || !layout.syntax.little) return null;
  const { syntax } = layout;
  const depth = rng() < 0.5 ? 10_000 : 2_000;
  const open = concat([
    itemHeader(ITEM, UNDEFINED, true),
    encodeElement(RELATIONSHIP_TYPE, 'CS', textValue('CONTAINS'), syntax),
    encodeElement(VALUE_TYPE, 'CS', textValue('CONTAINER'), syntax),
    encodeElement(CONTINUITY, 'CS', textValue('SEPARATE'), syntax),
    encodeElement(CONTENT_SEQUENCE, 'SQ', null, syntax, UNDEFINED),
  ]);
  const close = concat([itemHeader(SEQUENCE_END, 0, true), itemHeader(ITEM_END, 0, true)]);
  const parts: Uint8Array[] = [encodeElement(CONTENT_SEQUENCE, 'SQ', null, syntax, UNDEFINED)];
  for (let i = 0; i < depth; i++) parts.push(open);
  for (let i = 0; i < depth; i++) parts.push(close);
  parts.push(itemHeader(SEQUENCE_END, 0, true));
  return { bytes: replaceElement(bytes, root, concat(parts), syntax), description: `content nested ${depth} deep (undefined lengths)` };
}
