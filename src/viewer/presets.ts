// Window/level presets a radiologist expects (width, centre in HU), on OHIF's keys 1-5 (app/shortcuts.ts).
export interface WindowPreset {
  id: string;
  label: string;
  key: string;
  width: number;
  center: number;
}

export const WINDOW_PRESETS: WindowPreset[] = [
  { id: 'soft', label: 'Soft tissue', key: '1', width: 400, center: 40 },
  { id: 'lung', label: 'Lung', key: '2', width: 1500, center: -600 },
  { id: 'liver', label: 'Liver', key: '3', width: 150, center: 90 },
  { id: 'bone', label: 'Bone', key: '4', width: 2500, center: 480 },
  { id: 'brain', label: 'Brain', key: '5', width: 80, center: 40 },
];

/** A window taken from the image shown: `auto` from its 1st to 99.5th percentile, `full` its whole range. */
export type DataWindowRule = 'auto' | 'full';

export interface DataPreset {
  id: string;
  label: string;
  key: string;
  rule: DataWindowRule;
  title: string;
}

export type AnyPreset = WindowPreset | DataPreset;

export const isDataPreset = (p: AnyPreset): p is DataPreset => 'rule' in p;

/**
 * MR intensities have no absolute scale (they differ by scanner, sequence and coil), so its presets come from the
 * data; PET's are in SUV when the images are (suvScaling.ts), else from the data as for MR.
 */
const FROM_DATA: DataPreset[] = [
  { id: 'auto', label: 'Auto', key: '1', rule: 'auto', title: 'Window from the image: 1st to 99.5th percentile' },
  { id: 'full', label: 'Full range', key: '2', rule: 'full', title: 'Window from the image: its lowest to its highest value' },
];

const SUV_PRESETS: AnyPreset[] = [
  { id: 'suv5', label: 'SUV 0–5', key: '1', width: 5, center: 2.5 },
  { id: 'suv10', label: 'SUV 0–10', key: '2', width: 10, center: 5 },
  { id: 'suv3', label: 'SUV 0–3', key: '3', width: 3, center: 1.5 },
  { ...FROM_DATA[1], key: '4' },
];

/** The presets for a series of this modality (PET: whether its images are in SUV). */
export function presetsFor(modality: string | undefined, suv: boolean): AnyPreset[] {
  if (modality === 'MR') return FROM_DATA;
  if (modality === 'PT') return suv ? SUV_PRESETS : FROM_DATA;
  return WINDOW_PRESETS;
}
