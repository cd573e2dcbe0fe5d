import { describe, expect, it } from 'vitest';
import { parseDecimal, parseDecimalStrings } from './decimalString';

const ascii = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('parseDecimalStrings', () => {
  it('gives exactly the doubles Number() gives, for many random DS texts', () => {
    // A deterministic generator, so a failure can be reproduced.
    let seed = 12345;
    const rand = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const texts: string[] = [];
    for (let i = 0; i < 20000; i++) {
      const magnitude = 10 ** Math.floor(rand() * 6 - 2);
      const decimals = Math.floor(rand() * 8);
      const v = (rand() - 0.5) * magnitude;
      texts.push(v.toFixed(decimals).slice(0, 16));
    }
    const parsed = parseDecimalStrings(ascii(texts.join('\\')));
    expect(parsed.length).toBe(texts.length);
    texts.forEach((t, i) => {
      if (parsed[i] !== Number(t)) throw new Error(`${t}: ${parsed[i]} !== ${Number(t)}`);
    });
  });

  it('reads padding, signs, leading dots, exponents and long mantissas', () => {
    const text = ' -72.7\\+1.5 \\.25\\-0\\1e2\\-3.5E-1\\12345678901234567\\0.000000000000001234\\7 ';
    expect(Array.from(parseDecimalStrings(ascii(text)))).toEqual([
      -72.7,
      1.5,
      0.25,
      -0,
      100,
      -0.35,
      Number('12345678901234567'),
      0.000000000000001234,
      7,
    ]);
    // DS values may be padded with a trailing space or NUL to an even length.
    expect(Array.from(parseDecimalStrings(ascii('1\\2\0')))).toEqual([1, 2]);
    expect(Array.from(parseDecimalStrings('3\\4'))).toEqual([3, 4]);
  });

  it('turns empty and malformed values into NaN, keeping their position', () => {
    const out = Array.from(parseDecimalStrings(ascii('1\\\\abc\\1.2.3\\-\\5\\0x10\\  ')));
    expect(out.map((v) => (Number.isNaN(v) ? 'NaN' : v))).toEqual([1, 'NaN', 'NaN', 'NaN', 'NaN', 5, 'NaN', 'NaN']);
  });

  it('gives no values for an empty or all-padding element', () => {
    expect(parseDecimalStrings(ascii('')).length).toBe(0);
    expect(parseDecimalStrings(ascii('  ')).length).toBe(0);
  });

  it('can fill a Float32Array', () => {
    const out = parseDecimalStrings(ascii('0.1\\-2.5'), 'float32');
    expect(out).toBeInstanceOf(Float32Array);
    expect(Array.from(out)).toEqual([Math.fround(0.1), -2.5]);
  });
});

describe('parseDecimal', () => {
  it('accepts DS syntax only', () => {
    expect(parseDecimal(' 1.5 ')).toBe(1.5);
    expect(parseDecimal('-2e-3')).toBe(-0.002);
    expect(parseDecimal('')).toBeNaN();
    expect(parseDecimal('Infinity')).toBeNaN();
    expect(parseDecimal('0x1F')).toBeNaN();
  });
});
