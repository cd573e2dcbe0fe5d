import { describe, expect, it } from 'vitest';
import { dateQuery } from './dateQuery';

describe('dateQuery', () => {
  it.each([
    ['20240115', '20240115'],
    ['2024-01-15', '20240115'],
    ['20240101-20241231', '20240101-20241231'],
    ['2024-01-01-2024-12-31', '20240101-20241231'],
    [' 20240101 - 20241231 ', '20240101-20241231'],
    ['20240101-', '20240101-'],
    ['-20241231', '-20241231'],
    ['2024-01-01-', '20240101-'],
  ])('%s -> %s', (text, query) => {
    expect(dateQuery(text)).toBe(query);
  });

  it.each([['2024'], ['20241301'], ['20240230'], ['20241231-20240101'], ['-'], ['yesterday'], ['2024010120241231']])('refuses %s with a message', (text) => {
    const r = dateQuery(text);
    expect(r).toBeInstanceOf(Error);
    expect((r as Error).message).toMatch(/^Study date /);
  });
});
