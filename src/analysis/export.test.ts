// CSV cells: formula injection neutralised, plain numbers kept, RFC 4180 quoting (a bare CR too).
import { describe, expect, it } from 'vitest';
import { csvCell, csvTable, METRIC_DEFINITIONS, VIEWER_VERSION } from './export';
import pkg from '../../package.json';

describe('csvCell', () => {
  it('neutralises cells a spreadsheet would run as formulas, but keeps plain numbers', () => {
    expect(['=SUM(A1)', '+1+2', '-2+3', '@cmd', '\tx', '-1.5', '+2', '-1e-3', '3.25'].map(csvCell)).toEqual([
      "'=SUM(A1)", "'+1+2", "'-2+3", "'@cmd", "'\tx", '-1.5', '+2', '-1e-3', '3.25',
    ]);
    expect(csvCell(-1.5)).toBe('-1.5');
    expect([null, undefined, Number.NaN].map(csvCell)).toEqual(['', '', '']);
  });

  it('quotes per RFC 4180: comma, quote, LF and a bare CR', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('a\nb')).toBe('"a\nb"');
    expect(csvCell('a\rb')).toBe('"a\rb"');
    expect(csvCell('=a,b')).toBe(`"'=a,b"`);
    expect(csvTable([['x', 1], ['y', null]])).toBe('x,1\r\ny,\r\n');
  });

  it('carries the viewer version and the metric definitions', () => {
    expect(VIEWER_VERSION).toBe(pkg.version);
    expect(METRIC_DEFINITIONS).toMatch(/HD95 = maximum of both directed 95th percentiles/);
  });
});
