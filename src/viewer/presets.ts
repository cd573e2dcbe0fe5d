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
