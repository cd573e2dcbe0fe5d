import { polygonArea, traceContours } from './contours';
import type { VolumeGeometry } from './volumeGeometry';

export interface PlanarOutline {
  /** Closed POLYLINE in SR image coordinates (column, row; pixel centres at +0.5), first point repeated last. */
  outline: number[];
  longAxisMm: number;
  shortAxisMm: number;
  areaMm2: number;
}

/**
 * Measure the largest outline of a mask on one slice: long axis = largest distance between outline points,
 * short axis = extent perpendicular to it, area = pixel count times pixel area.
 */
export function measureOutline(mask: Uint8Array, geometry: VolumeGeometry): PlanarOutline | null {
  const polygons = traceContours(mask, geometry.rows, geometry.columns);
  if (polygons.length === 0) return null;
  const largest = polygons.reduce((best, p) => (polygonArea(p) > polygonArea(best) ? p : best));
  const mm = largest.map(([c, r]) => [c * geometry.columnSpacing, r * geometry.rowSpacing] as const);
  let longAxis = 0;
  let direction: readonly [number, number] = [1, 0];
  for (let i = 0; i < mm.length; i++) {
    for (let j = i + 1; j < mm.length; j++) {
      const dx = mm[j][0] - mm[i][0];
      const dy = mm[j][1] - mm[i][1];
      const d = Math.hypot(dx, dy);
      if (d > longAxis) {
        longAxis = d;
        direction = [dx / d, dy / d];
      }
    }
  }
  const across = mm.map(([x, y]) => -x * direction[1] + y * direction[0]);
  const shortAxis = Math.max(...across) - Math.min(...across);
  let count = 0;
  for (let i = 0; i < mask.length; i++) count += mask[i];
  const outline: number[] = [];
  for (const [c, r] of [...largest, largest[0]]) outline.push(c + 0.5, r + 0.5);
  return {
    outline,
    longAxisMm: longAxis,
    shortAxisMm: shortAxis,
    areaMm2: count * geometry.rowSpacing * geometry.columnSpacing,
  };
}
