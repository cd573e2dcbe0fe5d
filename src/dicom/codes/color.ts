// Colours: DICOM CIELab (PS3.3 C.10.7.1.1, D65, scaled to 0..65535) -> sRGB, and a distinct fallback palette.
export type RGB = [number, number, number];

const D65 = [0.950456, 1.0, 1.088754];

function labToXyz(L: number, a: number, b: number): [number, number, number] {
  const fy = (L + 16) / 116;
  const fx = fy + a / 500;
  const fz = fy - b / 200;
  const e = 6 / 29;
  const inv = (t: number): number => (t > e ? t * t * t : 3 * e * e * (t - 4 / 29));
  return [D65[0] * inv(fx), D65[1] * inv(fy), D65[2] * inv(fz)];
}

function gamma(c: number): number {
  const v = c <= 0.0031308 ? 12.92 * c : 1.055 * Math.pow(c, 1 / 2.4) - 0.055;
  return Math.round(Math.min(1, Math.max(0, v)) * 255);
}

/** RecommendedDisplayCIELabValue / ROI colour in DICOM-scaled Lab -> sRGB 0..255. */
export function dicomLabToRgb(scaled: readonly number[]): RGB {
  const L = (scaled[0] / 65535) * 100;
  const a = (scaled[1] / 65535) * 255 - 128;
  const b = (scaled[2] / 65535) * 255 - 128;
  const [x, y, z] = labToXyz(L, a, b);
  const r = 3.2404542 * x - 1.5371385 * y - 0.4985314 * z;
  const g = -0.969266 * x + 1.8760108 * y + 0.041556 * z;
  const bl = 0.0556434 * x - 0.2040259 * y + 1.0572252 * z;
  return [gamma(r), gamma(g), gamma(bl)];
}

/**
 * Distinct colours for objects that carry none: golden-angle hues at two lightness levels, so neighbours in a
 * list never look alike.
 */
export function fallbackColor(index: number): RGB {
  const h = (index * 137.508) % 360;
  const l = index % 2 === 0 ? 0.55 : 0.42;
  const s = 0.75;
  const c = (1 - Math.abs(2 * l - 1)) * s;
  const x = c * (1 - Math.abs(((h / 60) % 2) - 1));
  const m = l - c / 2;
  const [r, g, b] =
    h < 60 ? [c, x, 0] : h < 120 ? [x, c, 0] : h < 180 ? [0, c, x] : h < 240 ? [0, x, c] : h < 300 ? [x, 0, c] : [c, 0, x];
  return [Math.round((r + m) * 255), Math.round((g + m) * 255), Math.round((b + m) * 255)];
}
