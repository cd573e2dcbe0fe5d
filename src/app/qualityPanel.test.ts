import { describe, expect, it } from 'vitest';
import type { PairResult } from '../workers/qualityProtocol';
import { sortPairs } from './QualityPanel';
import { statisticsTsv } from './StatisticsTable';

const pair = (label: string, dice: number | null, volumeDifferencePercent: number | null = null): PairResult => ({
  reference: { number: 1, label, type: null },
  test: { number: 1, label, type: null },
  matchedBy: 'label',
  metrics: dice === null ? null : ({ dice, volumeDifferencePercent } as PairResult['metrics']),
  reason: dice === null ? 'no matching region' : null,
});

describe('sortPairs', () => {
  const pairs = [pair('a', 0.9, 5), pair('b', null), pair('c', 0.2, -40), pair('d', 0.5, 10)];
  it('puts the worst Dice first and pairs without numbers last, either way', () => {
    expect(sortPairs(pairs, { key: 'dice', direction: 'ascending' })).toEqual([2, 3, 0, 1]);
    expect(sortPairs(pairs, { key: 'dice', direction: 'descending' })).toEqual([0, 3, 2, 1]);
  });
  it('orders volume differences by their size', () => {
    expect(sortPairs(pairs, { key: 'volumeDifferencePercent', direction: 'descending' })).toEqual([2, 3, 0, 1]);
  });
});

describe('statisticsTsv', () => {
  it('keeps DICOM text on one cell: tabs and line breaks become spaces', () => {
    const tsv = statisticsTsv([
      { number: 1, label: 'Liver\tleft\nlobe', problems: [], statistics: { voxels: 2, volumeMl: 0.0032, sliceRange: [0, 1], boundingBoxMm: null, centroidMm: null, values: null, valuesReason: 'no image loaded' } },
    ]);
    const lines = tsv.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1].split('\t')).toEqual(['Liver left lobe', '2', '0.003', '1–2', '', '', '', '', '', '', '', '', '', 'no image loaded']);
  });
});
