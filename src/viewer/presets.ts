// Window/level presets a radiologist expects (width, centre in HU).
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
  { id: 'bone', label: 'Bone', key: '3', width: 2500, center: 480 },
  { id: 'brain', label: 'Brain', key: '4', width: 80, center: 40 },
];
