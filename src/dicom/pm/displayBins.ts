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

/**
 * Bins a volume slice by slice: `values[k]` (rows x columns, NaN where there is no value) -> labels, or null
 * for a slice without a single value. Each slice its own buffer, so slices can be transferred.
 */
export function binSlices(values: Array<Float32Array | null>, min: number, max: number): Array<Uint8Array | null> {
  const scale = max > min ? MAP_BINS / (max - min) : 0;
  return values.map((v) => {
    if (!v) return null;
    const out = new Uint8Array(v.length);
    let any = false;
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      // NaN fails both comparisons below and stays 0.
      if (x >= min && x <= max) {
        const b = Math.floor((x - min) * scale) + 1;
        out[i] = b > MAP_BINS ? MAP_BINS : b;
        any = true;
      }
    }
    return any ? out : null;
  });
}
