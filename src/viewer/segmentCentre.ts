// Where a segment is on one slice: the mean pixel of its voxels, and that point in patient space (for "jump to
// segment" in MPR). Free of Cornerstone, so it is unit tested.
import type { ImagePlane, Vec3 } from '../dicom/geometry/plane';
import { pixelToPatient } from '../dicom/geometry/transform';
import type { PackedLayer } from '../dicom/seg/packLayers';

/** Centre (row, column) of a segment's voxels on one slice, from the layers of its SEG; null when none. */
export function segmentCentreInSlice(
  layers: ReadonlyArray<{ packed: PackedLayer }>,
  segmentNumber: number,
  slice: number,
  columns: number,
): [number, number] | null {
  let sr = 0;
  let sc = 0;
  let n = 0;
  for (const layer of layers) {
    const labels = layer.packed.slices[slice];
    if (!labels) continue;
    const { members, levels } = layer.packed;
    const has = new Uint8Array(members.length * levels + 1);
    members.forEach((set, i) => {
      if (set.includes(segmentNumber)) for (let l = 1; l <= levels; l++) has[i * levels + l] = 1;
    });
    for (let i = 0; i < labels.length; i++) {
      if (!has[labels[i]]) continue;
      sr += Math.floor(i / columns);
      sc += i % columns;
      n++;
    }
  }
  return n ? [sr / n, sc / n] : null;
}

/** The patient position of that centre on `plane` (slice `slice` of the series); null when the slice lacks it. */
export function segmentCentreInPatient(
  layers: ReadonlyArray<{ packed: PackedLayer }>,
  segmentNumber: number,
  slice: number,
  plane: ImagePlane,
): Vec3 | null {
  const centre = segmentCentreInSlice(layers, segmentNumber, slice, plane.columns);
  return centre ? pixelToPatient(plane, centre[0], centre[1]) : null;
}
