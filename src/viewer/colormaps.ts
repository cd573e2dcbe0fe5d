// Colour maps for parametric maps, as 256-entry sRGB tables. Taken from the libraries the viewer already ships:
// matplotlib's Viridis (perceptually uniform) from vtk.js's presets, Hot Iron from Cornerstone's CPU colour
// maps, and a plain grey ramp.
import { CONSTANTS } from '@cornerstonejs/core';
import vtkColorMaps from '@kitware/vtk.js/Rendering/Core/ColorTransferFunction/ColorMaps.js';

export type RGB = [number, number, number];

export const COLORMAPS = [
  { id: 'viridis', label: 'Viridis (perceptually uniform)' },
  { id: 'hot-iron', label: 'Hot iron' },
  { id: 'grey', label: 'Grey' },
] as const;

export type ColormapId = (typeof COLORMAPS)[number]['id'];

/** 256 colours sampled from RGBPoints (x, r, g, b, x, r, g, b, ..., x ascending, components 0..1). */
function fromRgbPoints(points: number[]): RGB[] {
  const xs: number[] = [];
  const cs: RGB[] = [];
  for (let i = 0; i + 3 < points.length; i += 4) {
    xs.push(points[i]);
    cs.push([points[i + 1], points[i + 2], points[i + 3]]);
  }
  const x0 = xs[0];
  const x1 = xs[xs.length - 1];
  const out: RGB[] = [];
  let j = 0;
  for (let k = 0; k < 256; k++) {
    const x = x0 + ((x1 - x0) * k) / 255;
    while (j < xs.length - 2 && xs[j + 1] < x) j++;
    const span = xs[j + 1] - xs[j] || 1;
    const t = Math.min(1, Math.max(0, (x - xs[j]) / span));
    out.push([0, 1, 2].map((c) => Math.round(255 * (cs[j][c] + t * (cs[j + 1][c] - cs[j][c])))) as RGB);
  }
  return out;
}

const tables = new Map<ColormapId, RGB[]>();

/** The colour map as 256 sRGB colours, lowest value first. */
export function colormapTable(id: ColormapId): RGB[] {
  let t = tables.get(id);
  if (t) return t;
  if (id === 'viridis') {
    const preset = vtkColorMaps.getPresetByName('Viridis (matplotlib)');
    t = fromRgbPoints(preset.RGBPoints as number[]);
  } else if (id === 'hot-iron') {
    t = (CONSTANTS.CPU_COLORMAPS.hotIron.colors as number[][]).map((c) => [c[0], c[1], c[2]] as RGB);
  } else {
    t = Array.from({ length: 256 }, (_v, i) => [i, i, i] as RGB);
  }
  tables.set(id, t);
  return t;
}

/** CSS linear-gradient of a colour map, for a colour bar. */
export function colormapGradient(id: ColormapId, direction = 'to right'): string {
  const t = colormapTable(id);
  const stops = [0, 32, 64, 96, 128, 160, 192, 224, 255].map((i) => `rgb(${t[i].join(', ')}) ${((100 * i) / 255).toFixed(1)}%`);
  return `linear-gradient(${direction}, ${stops.join(', ')})`;
}
