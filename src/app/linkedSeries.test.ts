import { describe, expect, it } from 'vitest';
import { firstSeries, linkedSeries, waitForSeriesList } from './linkedSeries';
import type { SeriesInfo } from './studyModel';

const series = (uid: string, modality: string, more: Partial<SeriesInfo> = {}): SeriesInfo => ({
  studyUID: more.studyUID ?? 'study-1',
  seriesUID: uid,
  modality,
  description: uid,
  instanceCount: modality === 'SEG' ? 1 : 100,
  derived: modality !== 'CT' && modality !== 'PT',
  referencedSeriesUIDs: [],
  ...(modality === 'CT' || modality === 'PT' ? { metadata: [{}], frameOfReferenceUID: `for-${uid}` } : {}),
  ...more,
});

/** A SEG series whose header came: it names the series it annotates. */
const withHeader = (s: SeriesInfo, refs: string[]): SeriesInfo => ({
  ...s,
  referencedSeriesUIDs: refs,
  instances: [{ sopInstanceUID: `${s.seriesUID}.1`, header: { sopInstanceUID: `${s.seriesUID}.1`, referencedSeriesUIDs: refs } as never }],
});

describe('a link naming a SEG series', () => {
  const ct = series('ct', 'CT');
  const pet = series('pet', 'PT');
  const seg = series('seg', 'SEG', { instances: [{ sopInstanceUID: 'seg.1' }] });

  it('shows the study\'s one image series before the SEG\'s header comes', () => {
    const linked = linkedSeries([ct, seg], ['seg']);
    expect(linked.map((s) => s.seriesUID).sort()).toEqual(['ct', 'seg']);
    expect(firstSeries(linked, 'seg', true)).toEqual({ pick: ct, missing: false });
  });

  it('waits for the header when the study has two image series (it could annotate either)', () => {
    const linked = linkedSeries([ct, pet, seg], ['seg']);
    expect(linked.map((s) => s.seriesUID)).toEqual(['seg']);
    expect(firstSeries(linked, 'seg', true)).toBe('wait');
  });

  it('then shows the series the header names, not the largest', () => {
    const bigPet = { ...pet, instanceCount: 500 };
    const seen = withHeader(seg, ['ct']);
    const linked = linkedSeries([ct, bigPet, seen], ['seg']);
    expect(linked.map((s) => s.seriesUID).sort()).toEqual(['ct', 'seg']);
    expect(firstSeries(linked, 'seg', true)).toEqual({ pick: ct, missing: false });
  });

  it('does not bring another study\'s only image series', () => {
    const other = series('ct2', 'CT', { studyUID: 'study-2' });
    const linked = linkedSeries([ct, pet, seg, other], ['seg']);
    expect(linked.map((s) => s.seriesUID)).toEqual(['seg']);
  });

  it('keeps the one image series when the header names series the study lacks', () => {
    const dangling = withHeader(seg, ['elsewhere']);
    const linked = linkedSeries([ct, dangling], ['seg']);
    expect(linked.map((s) => s.seriesUID).sort()).toEqual(['ct', 'seg']);
  });
});

describe('a link naming a SEG series, while the study lists only its image series (the full list still coming)', () => {
  const ct = series('ct', 'CT');
  const pet = series('pet', 'PT');

  it('shows the study\'s one image series at once', () => {
    const linked = linkedSeries([ct], ['seg'], new Set(['study-1']));
    expect(linked.map((s) => s.seriesUID)).toEqual(['ct']);
    expect(firstSeries(linked, undefined, true)).toEqual({ pick: ct, missing: false });
  });

  it('shows nothing yet when the study has two image series, or when the study is listed whole (the SEG is not in it)', () => {
    expect(linkedSeries([ct, pet], ['seg'], new Set(['study-1']))).toEqual([]);
    expect(linkedSeries([ct], ['seg'])).toEqual([]);
  });

  it('a link naming the CT itself shows it, partial list or not', () => {
    expect(linkedSeries([ct, pet], ['ct'], new Set(['study-1'])).map((s) => s.seriesUID)).toEqual(['ct']);
  });
});

describe('while a study is listed by its image series alone', () => {
  const ct = series('ct', 'CT');
  const pet = series('pet', 'PT');
  const partial = (...s: SeriesInfo[]) => [{ partial: true, series: s }];

  it('a link naming a series that is not among them (a SEG) shows the study\'s one image series at once', () => {
    expect(waitForSeriesList(partial(ct), 'seg', [])).toBe(false);
  });

  it('a link naming one of them, or none, shows at once', () => {
    expect(waitForSeriesList(partial(ct, pet), 'pet', [])).toBe(false);
    expect(waitForSeriesList(partial(ct, pet), undefined, [])).toBe(false);
  });

  it('waits for the full list when the study has several image series (which one a SEG annotates comes later)', () => {
    expect(waitForSeriesList(partial(ct, pet), 'seg', [])).toBe(true);
  });

  it('waits for the full list when the link places series in cells', () => {
    expect(waitForSeriesList(partial(ct), undefined, ['ct', 'seg'])).toBe(true);
  });

  it('never waits once every study is fully listed', () => {
    expect(waitForSeriesList([{ series: [ct, pet] }], 'seg', ['ct'])).toBe(false);
  });
});
