// What the person is told after opening files: how many were read, what was skipped, and which could not be used.
import type { AddResult } from './localSource';

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/** Problems named one by one up to this many; the rest counted. */
const NAMED = 10;

export function describeOpening(given: number, r: AddResult): { text: string; problems: string[] } {
  const skipped: string[] = [];
  if (r.notDicom) skipped.push(`${plural(r.notDicom, 'file')} that ${r.notDicom === 1 ? 'is' : 'are'} not DICOM`);
  if (r.duplicates) skipped.push(`${plural(r.duplicates, 'duplicate')} of an instance already read`);
  if (r.problems.length) skipped.push(`${plural(r.problems.length, 'DICOM file')} that could not be used`);
  const head = r.indexed
    ? `Opened ${plural(r.indexed, 'DICOM file')} of ${given} (${plural(r.studyUIDs.length, 'study', 'studies')}).`
    : `No DICOM files could be opened among the ${plural(given, 'file')} given.`;
  const text = skipped.length ? `${head} Skipped ${skipped.join(', ')}.` : head;
  const problems = r.problems.slice(0, NAMED).map((p) => `${p.path}: ${p.reason}`);
  if (r.problems.length > NAMED) problems.push(`… and ${r.problems.length - NAMED} more`);
  return { text, problems };
}
