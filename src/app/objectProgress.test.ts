import { describe, expect, it } from 'vitest';
import { expectedBytes, progressStep, progressText } from './objectProgress';

describe('object progress', () => {
  it('says the size known from the response, the QIDO estimate as "about", else only what came', () => {
    expect(progressText({ phase: 'downloading', received: 12_400_000, total: 173_000_000 })).toBe('downloading 12 of 173 MB');
    expect(progressText({ phase: 'downloading', received: 2_500_000, total: 180_000_000, estimated: true })).toBe('downloading 2.5 of about 180 MB');
    expect(progressText({ phase: 'downloading', received: 5_000_000, total: null })).toBe('downloading 5.0 MB');
    // An estimate overtaken by what came is dropped rather than shown as "7 of 5 MB".
    expect(progressText({ phase: 'downloading', received: 7_000_000, total: 5_000_000, estimated: true })).toBe('downloading 7.0 MB');
    expect(progressText({ phase: 'decoding', received: 1, total: 1 })).toBe('decoding');
    expect(progressText({ phase: 'drawing', received: 1, total: 1 })).toBe('drawing');
    expect(progressText(undefined)).toBeUndefined();
  });

  it('estimates a bit-packed SEG from its QIDO attributes: 512 x 512 x 5,180 frames x 1 bit is 170 MB', () => {
    expect(expectedBytes(512, 512, 5180, 1)).toBe(169_738_240);
    expect(expectedBytes(256, 256, undefined, 16)).toBe(131_072);
    // an RTSTRUCT or SR lists no pixel attributes
    expect(expectedBytes(undefined, undefined, undefined, undefined)).toBeNull();
  });

  it('steps by whole percents when the total is known, by MB when not', () => {
    expect(progressStep(49_999, 100_000)).toBe(49);
    expect(progressStep(200, 100)).toBe(100);
    expect(progressStep(2_500_000, null)).toBe(2);
  });
});
