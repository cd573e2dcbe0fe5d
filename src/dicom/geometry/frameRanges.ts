// Frame lists in messages: one line for thousands of frames.

/** "frames 1-3, 7, 9-12" from 0-based frame indexes (shown 1-based, as DICOM numbers frames). */
export function frameRanges(frameIndexes: readonly number[]): string {
  const parts: string[] = [];
  const sorted = [...new Set(frameIndexes)].sort((a, b) => a - b);
  for (let i = 0; i < sorted.length; i++) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    parts.push(j === i ? `${sorted[i] + 1}` : `${sorted[i] + 1}-${sorted[j] + 1}`);
    i = j;
  }
  return `frame${sorted.length === 1 ? '' : 's'} ${parts.join(', ')}`;
}
