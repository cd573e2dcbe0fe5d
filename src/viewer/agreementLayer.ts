// The agreement of one reference / test pair as a labelmap layer like a SEG's (so it draws in stack and MPR):
// value 1 where both have the voxel, 2 the reference only, 3 the test only. Colours from the Okabe-Ito palette,
// told apart with the common colour-vision deficiencies.
import type { PackedLayer } from '../dicom/seg/packLayers';
import type { OverlayLayer, RGBA } from './labelmapOverlay';

export const AGREEMENT_CLASSES = [
  { value: 1, name: 'both', colour: [240, 228, 66, 255] as RGBA },
  { value: 2, name: 'reference only', colour: [0, 114, 178, 255] as RGBA },
  { value: 3, name: 'test only', colour: [213, 94, 0, 255] as RGBA },
] as const;

/** `id`: unique per series and pair (labelmap images are registered under it). */
export function agreementOverlay(id: string, label: string, packed: PackedLayer): OverlayLayer {
  return {
    segmentationId: id,
    label,
    packed,
    colors: new Map(AGREEMENT_CLASSES.map((c) => [c.value, c.colour])),
    names: new Map(AGREEMENT_CLASSES.map((c) => [c.value, `${label}: ${c.name}`])),
    voxels: new Map(AGREEMENT_CLASSES.map((c) => [c.value, 0])),
  };
}
