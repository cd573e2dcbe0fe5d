import { describe, expect, it } from 'vitest';
import { csvNumber, csvText, formatValue, measurementsCsv } from './measurementCsv';

describe('measurement CSV', () => {
  it('guards text cells a spreadsheet would run as formulas, and quotes commas, quotes and line breaks', () => {
    expect(csvText('=SUM(A1)')).toBe("'=SUM(A1)");
    expect(csvText('+1')).toBe("'+1");
    expect(csvText('-2')).toBe("'-2");
    expect(csvText('@cmd')).toBe("'@cmd");
    expect(csvText('\tx')).toBe("'\tx");
    expect(csvText('a, "b"')).toBe('"a, ""b"""');
    expect(csvText('=HYPERLINK("x","y")')).toBe('"\'=HYPERLINK(""x"",""y"")"');
    expect(csvText('line\nbreak')).toBe('"line\nbreak"');
    expect(csvText('Liver 2')).toBe('Liver 2');
  });

  it('writes numbers as numbers (a negative HU is not a formula), up to 4 decimals', () => {
    expect(csvNumber(-850)).toBe('-850');
    expect(csvNumber(131.33633)).toBe('131.3363');
    expect(csvNumber(0)).toBe('0');
    expect(csvNumber(Number.NaN)).toBe('');
  });

  it('has a header and one row per value, each with its unit, numbered per measurement', () => {
    const csv = measurementsCsv([
      { tool: 'Length', series: 'CT, axial', where: 'Slice 3', values: [{ name: 'Length', value: 12.5, unit: 'mm' }] },
      {
        tool: 'Rectangle ROI',
        series: '=bad',
        where: 'Slice 1',
        values: [
          { name: 'Area', value: 100, unit: 'mm²' },
          { name: 'Mean', value: -850.25, unit: 'HU' },
        ],
      },
    ]);
    expect(csv.split('\r\n')).toEqual([
      'Measurement,Tool,Series,Slice,Quantity,Value,Unit',
      '1,Length,"CT, axial",Slice 3,Length,12.5,mm',
      "2,Rectangle ROI,'=bad,Slice 1,Area,100,mm²",
      "2,Rectangle ROI,'=bad,Slice 1,Mean,-850.25,HU",
      '',
    ]);
  });

  it('shows values with 3 significant digits at least', () => {
    expect(formatValue(131.336)).toBe('131.3');
    expect(formatValue(40)).toBe('40.00');
    expect(formatValue(0.01234)).toBe('0.0123');
    expect(formatValue(-1000)).toBe('-1000.0');
  });
});
