// A parametric map on screen: its real-world values binned into 8-bit labels so that the viewer can draw it as
// a labelmap with a colour table (stack and MPR alike). Colour map, window and threshold then change only the
// table, never the voxels. 255 bins over the map's range: each bin is under 0.4% of the range wide.
//
//   label 0          no value here (outside the map, NaN, or no frame on this slice)
//   label b, 1..255  values in [min + (b-1) w, min + b w), w = (max - min) / 255; max falls in bin 255

export const MAP_BINS = 255;

/** The label of a real-world value (0 for NaN or infinite values). */
export function binOf(value: number, min: number, max: number): number {
  if (!Number.isFinite(value)) return 0;
  if (!(max > min)) return 1;
  const b = Math.floor(((value - min) / (max - min)) * MAP_BINS) + 1;
  return b < 1 ? 1 : b > MAP_BINS ? MAP_BINS : b;
}

/** The value at the centre of bin `b` (1..255). */
export function binCentre(b: number, min: number, max: number): number {
  return min + ((b - 0.5) * (max - min)) / MAP_BINS;
}
