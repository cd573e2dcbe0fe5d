/** Decimal String (DS) text: at most 16 characters, no exponent, no trailing zeros. */
export function formatDS(value: number, maxDecimals = 6): string {
  if (!Number.isFinite(value)) throw new Error(`DS value must be finite, got ${value}`);
  for (let decimals = maxDecimals; decimals >= 0; decimals--) {
    let text = value.toFixed(decimals);
    if (text.includes('.')) text = text.replace(/0+$/, '').replace(/\.$/, '');
    if (text === '-0') text = '0';
    if (text.length <= 16) return text;
  }
  throw new Error(`DS value ${value} does not fit in 16 characters`);
}


export type RGB = readonly [number, number, number];

/**
 * sRGB (0..255) to the scaled CIELab triplet DICOM stores in RecommendedDisplayCIELabValue (PS3.3 C.10.7.1.1):
 * L* 0..100 and a*, b* -128..127 mapped linearly onto 0..65535, computed against the D50 white point of the
 * ICC profile connection space (Bradford-adapted sRGB matrix).
 */
export function rgbToDicomLab(rgb: RGB): [number, number, number] {
  const linear = rgb.map((channel) => {
    const c = channel / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  const [r, g, b] = linear;
  const x = (0.4360747 * r + 0.3850649 * g + 0.1430804 * b) / 0.9642;
  const y = 0.2225045 * r + 0.7168786 * g + 0.0606169 * b;
  const z = (0.0139322 * r + 0.0971045 * g + 0.7141733 * b) / 0.8249;
  const f = (t: number): number => (t > 216 / 24389 ? Math.cbrt(t) : ((24389 / 27) * t) / 116 + 16 / 116);
  const L = 116 * f(y) - 16;
  const A = 500 * (f(x) - f(y));
  const B = 200 * (f(y) - f(z));
  const clamp = (v: number): number => Math.min(65535, Math.max(0, Math.round(v)));
  return [clamp((L * 65535) / 100), clamp(((A + 128) * 65535) / 255), clamp(((B + 128) * 65535) / 255)];
}
