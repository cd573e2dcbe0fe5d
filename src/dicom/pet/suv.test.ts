import { describe, expect, it } from 'vitest';
import { suvBodyWeight } from './suv';
import type { DicomJsonDataset } from '../json';

/** A PET header in DICOM JSON: 72.5 kg, 370 MBq of F-18 (half-life 6586.2 s) at 10:15, series at 11:30. */
function pet(over: Record<string, unknown> = {}, drugOver: Record<string, unknown> = {}): DicomJsonDataset {
  const drug: DicomJsonDataset = {
    '00181072': { vr: 'TM', Value: ['101500'] },
    '00181074': { vr: 'DS', Value: [370e6] },
    '00181075': { vr: 'DS', Value: [6586.2] },
  };
  for (const [k, v] of Object.entries(drugOver)) {
    if (v === undefined) delete drug[k];
    else drug[k] = v as DicomJsonDataset[string];
  }
  const ds: DicomJsonDataset = {
    '00080060': { vr: 'CS', Value: ['PT'] },
    '00080021': { vr: 'DA', Value: ['20240102'] },
    '00080031': { vr: 'TM', Value: ['113000'] },
    '00101030': { vr: 'DS', Value: [72.5] },
    '00280051': { vr: 'CS', Value: ['DECY', 'ATTN'] },
    '00541001': { vr: 'CS', Value: ['BQML'] },
    '00541102': { vr: 'CS', Value: ['START'] },
    '00540016': { vr: 'SQ', Value: [drug] },
  };
  for (const [k, v] of Object.entries(over)) {
    if (v === undefined) delete ds[k];
    else ds[k] = v as DicomJsonDataset[string];
  }
  return ds;
}

describe('SUVbw', () => {
  it('is weight in grams over the dose decayed from injection to the series start', () => {
    const r = suvBodyWeight(pet());
    // 75 minutes of F-18 decay, written out: 370e6 * 2^(-4500 / 6586.2).
    const expected = 72_500 / (370e6 * Math.pow(2, -4500 / 6586.2));
    expect(r.suvbw).toBeCloseTo(expected, 12);
    // By hand: 2^(-0.68324) = 0.62278; 5000 Bq/mL x 72500 g / 230.43 MBq = 1.5732.
    expect(r.suvbw && 5000 * r.suvbw).toBeCloseTo(1.5732, 3);
  });

  it('takes the injection on the day before when the scan is past midnight', () => {
    const r = suvBodyWeight(pet({ '00080031': { vr: 'TM', Value: ['003000'] } }, { '00181072': { vr: 'TM', Value: ['233000'] } }));
    expect(r.suvbw).toBeCloseTo(72_500 / (370e6 * Math.pow(2, -3600 / 6586.2)), 12);
  });

  it('uses the earliest acquisition time when the series time is later, and a full injection date-time', () => {
    const r = suvBodyWeight(
      pet({ '00080032': { vr: 'TM', Value: ['111500'] } }, { '00181072': undefined, '00181078': { vr: 'DT', Value: ['20240102101500'] } }),
    );
    expect(r.suvbw).toBeCloseTo(72_500 / (370e6 * Math.pow(2, -3600 / 6586.2)), 12);
  });

  it('needs no decay for images corrected to the administration time', () => {
    expect(suvBodyWeight(pet({ '00541102': { vr: 'CS', Value: ['ADMIN'] } })).suvbw).toBeCloseTo(72_500 / 370e6, 15);
  });

  it.each([
    [{ '00101030': undefined }, {}, /weight/],
    [{ '00541001': { vr: 'CS', Value: ['CNTS'] } }, {}, /CNTS, not BQML/],
    [{ '00541102': { vr: 'CS', Value: ['NONE'] } }, {}, /NONE/],
    [{ '00280051': { vr: 'CS', Value: ['ATTN'] } }, {}, /not decay corrected/],
    [{}, { '00181074': undefined }, /dose/],
    [{}, { '00181072': undefined }, /injection time/],
    [{ '00540016': undefined }, {}, /Radiopharmaceutical Information/],
  ])('refuses %j %j, saying why, in stored units', (over, drug, why) => {
    const r = suvBodyWeight(pet(over, drug));
    expect(r.suvbw).toBeNull();
    if (r.suvbw === null) expect(r.reason).toMatch(why);
  });
});
