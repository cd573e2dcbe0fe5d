// A parametric map as a labelmap layer (see dicom/pm/displayBins.ts): 255 value bins, each drawn in the colour
// the colour map gives its centre value under the map's own window; bins under the threshold are hidden.
import { MAP_BINS, binCentre } from '../dicom/pm/displayBins';
import type { PackedLayer } from '../dicom/seg/packLayers';
import { colormapTable, type ColormapId } from './colormaps';
import type { OverlayLayer, RGBA } from './labelmapOverlay';

export interface MapDisplay {
  colormap: ColormapId;
  /** values at the colour map's ends: below `lower` the lowest colour, above `upper` the highest */
  lower: number;
  upper: number;
  /** values below it are transparent (null: none) */
  threshold: number | null;
  /** 0..1 */
  opacity: number;
}

export interface MapRange {
  min: number;
  max: number;
}

/** The colour of bin `b` under a display: the colour map at the bin centre's place in the window. */
export function binColour(b: number, range: MapRange, d: MapDisplay): RGBA {
  const table = colormapTable(d.colormap);
  const v = binCentre(b, range.min, range.max);
  const t = d.upper > d.lower ? (v - d.lower) / (d.upper - d.lower) : v >= d.upper ? 1 : 0;
  const i = Math.round(Math.min(1, Math.max(0, t)) * 255);
  const [r, g, bl] = table[i];
  return [r, g, bl, 255];
}

/** The bins a display hides: those whose values lie below the threshold. */
export function hiddenBins(range: MapRange, d: MapDisplay): Set<number> {
  const hidden = new Set<number>();
  if (d.threshold === null) return hidden;
  const w = (range.max - range.min) / MAP_BINS;
  for (let b = 1; b <= MAP_BINS; b++) {
    // A bin is hidden when its values lie below the threshold: its upper edge is at or under it.
    if (range.min + b * w <= d.threshold && range.max > range.min) hidden.add(b);
  }
  return hidden;
}

export function mapOverlayLayer(
  segmentationId: string,
  label: string,
  slices: PackedLayer['slices'],
  sliceSize: number,
  range: MapRange,
  display: MapDisplay,
  probe: OverlayLayer['probe'],
): OverlayLayer {
  const bins = Array.from({ length: MAP_BINS }, (_v, i) => i + 1);
  const layer: OverlayLayer = {
    segmentationId,
    label,
    packed: { segmentNumbers: bins, members: bins.map((b) => [b]), levels: 1, slices, sliceSize },
    colors: new Map(),
    names: new Map(bins.map((b) => [b, label])),
    voxels: new Map(),
    probe,
  };
  recolour(layer, range, display);
  return layer;
}

/** Sets the bins' colours for a display (in place: the viewer re-reads them when the hidden set is applied). */
export function recolour(layer: OverlayLayer, range: MapRange, display: MapDisplay): void {
  for (let b = 1; b <= MAP_BINS; b++) layer.colors.set(b, binColour(b, range, display));
}
