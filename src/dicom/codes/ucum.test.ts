import { describe, expect, it } from 'vitest';
import { ucumDisplay } from './ucum';

const ucum = (code: string, meaning = code) => ({ code, scheme: 'UCUM', meaning });

describe('ucumDisplay', () => {
  it.each([
    ['mm', 'mm'],
    ['mm2', 'mm²'],
    ['mm3', 'mm³'],
    ['cm2', 'cm²'],
    ['cm3', 'cm³'],
    ['ml', 'ml'],
    ['mL', 'mL'],
    ['/mm', '/mm'],
    ['kg/m2', 'kg/m²'],
    ['mm.s-1', 'mm·s⁻¹'],
    ['10*3/uL', '10³/µL'],
    ['um', 'µm'],
    ['umol/L', 'µmol/L'],
    ["[hnsf'U]", 'HU'],
    ['{SUVbw}g/ml', 'SUVbw'],
    ['{SUVlbm}g/ml', 'SUVlbm'],
    ['{SUVbsa}cm2/ml', 'SUVbsa'],
    ['{pixels}', 'pixels'],
    ['{counts}/s', 'counts/s'],
    ['%', '%'],
    ['Cel', '°C'],
    ['deg', '°'],
    ['mm[Hg]', 'mmHg'],
    ['g', 'g'],
    ['s', 's'],
    ['Bq/ml', 'Bq/ml'],
    ['1/min', '1/min'],
  ])('%s -> %s', (code, shown) => {
    expect(ucumDisplay(ucum(code))).toBe(shown);
    expect(ucumDisplay(code)).toBe(shown);
  });

  it('shows the unity "1" as no unit, unless its meaning names one (dcmjs writes pixels as "1", "px")', () => {
    expect(ucumDisplay(ucum('1', 'no units'))).toBe('');
    expect(ucumDisplay(ucum('1', 'ratio'))).toBe('');
    expect(ucumDisplay('1')).toBe('');
    expect(ucumDisplay(ucum('1', 'px'))).toBe('px');
  });

  it('shows units coded outside UCUM by their meaning, and nothing for no unit', () => {
    expect(ucumDisplay({ code: 'A.16', scheme: '99TEST', meaning: 'Cats' })).toBe('Cats');
    expect(ucumDisplay({ code: 'A.16', scheme: '99TEST', meaning: '' })).toBe('A.16');
    expect(ucumDisplay(null)).toBe('');
    expect(ucumDisplay(undefined)).toBe('');
  });
});
