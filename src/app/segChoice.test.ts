// Which SEG loads by itself when several apply. Expected answers are read off the dates written in each case
// (a calendar, not the code), and the DA/TM forms are those of PS3.5 Table 6.2-1.
import { describe, expect, it } from 'vitest';
import type { DerivedAbout } from '../dicom/json';
import { compareMade, dicomDateTime, formatMade, newest, segDistinctions, whenMade } from './segChoice';

const seg = (name: string, about: DerivedAbout) => ({ name, about });

describe('DA + TM', () => {
  it('reads full, partial, fractional and colon-separated times; no date means no time', () => {
    expect(dicomDateTime('20240115', '093000')).toBe('20240115093000.000000');
    expect(dicomDateTime('20240115', '09')).toBe('20240115090000.000000');
    expect(dicomDateTime('20240115', '0930')).toBe('20240115093000.000000');
    expect(dicomDateTime('20240115', '093000.25')).toBe('20240115093000.250000');
    expect(dicomDateTime('2024.01.15', '09:30:00')).toBe('20240115093000.000000');
    expect(dicomDateTime('20240115', undefined)).toBe('20240115000000.000000');
    expect(dicomDateTime(undefined, '093000')).toBeUndefined();
    expect(dicomDateTime('2024', '093000')).toBeUndefined();
  });
});

describe('the newest SEG', () => {
  it('is the one with the latest SeriesDate, whatever the order or series numbers', () => {
    // 2016-03-18 < 2022-05-10 < 2023-12-06
    const a = seg('liver 2016', { seriesDate: '20160318', seriesTime: '174852', seriesNumber: 1 });
    const b = seg('overlaps 2023', { seriesDate: '20231206', seriesTime: '202052', seriesNumber: 100 });
    const c = seg('reader 2022', { seriesDate: '20220510', seriesNumber: 300 });
    expect(newest([a, b, c])?.name).toBe('overlaps 2023');
    expect(newest([b, c, a])?.name).toBe('overlaps 2023');
  });

  it('on the same day, the later SeriesTime wins (09:30 before 14:05)', () => {
    const morning = seg('morning', { seriesDate: '20240115', seriesTime: '093000', seriesNumber: 9 });
    const afternoon = seg('afternoon', { seriesDate: '20240115', seriesTime: '1405', seriesNumber: 2 });
    expect(newest([afternoon, morning])?.name).toBe('afternoon');
  });

  it('without SeriesDate, ContentDate counts, then InstanceCreationDate', () => {
    const byContent = seg('content 2021-07-01', { contentDate: '20210701', contentTime: '120000' });
    const byCreation = seg('created 2020-02-02', { instanceCreationDate: '20200202' });
    const bySeries = seg('series 2019-01-01', { seriesDate: '20190101', contentDate: '20250101' });
    expect(newest([byCreation, byContent, bySeries])?.name).toBe('content 2021-07-01');
    expect(whenMade(bySeries.about)).toEqual({ at: '20190101000000.000000', source: 'series' });
    expect(whenMade(byCreation.about)?.source).toBe('instance creation');
  });

  it('equal or missing dates: the higher series number, then instance number; a dated SEG beats an undated one', () => {
    const same = { seriesDate: '20240115', seriesTime: '093000' };
    expect(newest([seg('series 2', { ...same, seriesNumber: 2 }), seg('series 12', { ...same, seriesNumber: 12 })])?.name).toBe('series 12');
    expect(newest([seg('instance 2', { seriesNumber: 5, instanceNumber: 2 }), seg('instance 1', { seriesNumber: 5, instanceNumber: 1 })])?.name).toBe('instance 2');
    expect(newest([seg('dated', { seriesDate: '19990101', seriesNumber: 1 }), seg('undated', { seriesNumber: 999 })])?.name).toBe('dated');
    expect(compareMade({}, {})).toBe(0);
    expect(newest([seg('first', {}), seg('second', {})])?.name).toBe('first');
    expect(newest([])).toBeUndefined();
  });
});

describe('what tells SEGs apart', () => {
  it('series number, creator with manufacturer, date, label and the UID tail', () => {
    const about: DerivedAbout = { seriesNumber: 301, contentCreatorName: 'Reader, Bob', manufacturer: 'SliceSeg', seriesDate: '20220510', seriesTime: '141500', contentLabel: 'LIVER_B' };
    expect(segDistinctions(about, '2.25.1234567890123456789')).toEqual(['series 301', 'by Reader, Bob (SliceSeg)', '2022-05-10 14:15', 'label LIVER_B', 'UID …890123456789']);
    expect(segDistinctions({ manufacturer: 'QIICR' }, '1.2.3')).toEqual(['by QIICR', 'UID …1.2.3']);
    expect(formatMade('20220510000000.000000')).toBe('2022-05-10');
  });
});
