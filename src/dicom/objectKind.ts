// What kind of object a DICOM instance is, for a viewer: an image that can be shown as a series, or an object that
// annotates, maps or selects images (and is listed under them). Told by SOP Class UID (PS3.4 Annex B) where it is
// known, else by Modality (PS3.3 C.7.3.1.1.1): a Parametric Map's modality is that of its source images, and a
// Key Object Selection's SOP class is one of the SR family, so neither alone is enough.

/** 'image': can be displayed as an image series; every other kind is listed under the images it refers to. */
export type ObjectKind =
  | 'image'
  | 'SEG'
  | 'RTSTRUCT'
  | 'SR'
  | 'PM'
  | 'RWVM'
  | 'KO'
  | 'PR'
  | 'REG'
  | 'FID'
  | 'RTPLAN'
  | 'RTRECORD'
  | 'RTDOSE'
  | 'DOC'
  | 'MODEL'
  | 'WAVEFORM'
  | 'RAW'
  | 'OTHER';

/** What a person calls each kind that is not an image (the badge shows the kind, its title this). */
export const KIND_NAMES: Record<Exclude<ObjectKind, 'image'>, string> = {
  SEG: 'Segmentation',
  RTSTRUCT: 'RT Structure Set',
  SR: 'Structured Report',
  PM: 'Parametric Map',
  RWVM: 'Real World Value Mapping',
  KO: 'Key Object Selection',
  PR: 'Presentation State',
  REG: 'Registration',
  FID: 'Spatial Fiducials',
  RTPLAN: 'RT Plan',
  RTRECORD: 'RT Treatment Record',
  RTDOSE: 'RT Dose',
  DOC: 'Encapsulated document',
  MODEL: 'Surface model',
  WAVEFORM: 'Waveform',
  RAW: 'Raw data',
  OTHER: 'Non-image object',
};

const STORAGE = '1.2.840.10008.5.1.4.1.1.';

/** Exact SOP classes (the part after 1.2.840.10008.5.1.4.1.1.). */
const BY_SOP_CLASS: Record<string, ObjectKind> = {
  '66.4': 'SEG', // Segmentation Storage
  '66.7': 'SEG', // Label Map Segmentation Storage
  '481.3': 'RTSTRUCT',
  '30': 'PM', // Parametric Map Storage
  '67': 'RWVM', // Real World Value Mapping Storage
  '88.59': 'KO', // Key Object Selection Document Storage
  '66': 'RAW', // Raw Data Storage
  '66.1': 'REG', // Spatial Registration Storage
  '66.3': 'REG', // Deformable Spatial Registration Storage
  '66.2': 'FID', // Spatial Fiducials Storage
  '66.5': 'MODEL', // Surface Segmentation Storage
  '481.2': 'RTDOSE',
  '481.5': 'RTPLAN', // RT Plan
  '481.8': 'RTPLAN', // RT Ion Plan
  '481.4': 'RTRECORD', // RT Beams Treatment Record
  '481.6': 'RTRECORD', // RT Brachy Treatment Record
  '481.7': 'RTRECORD', // RT Treatment Summary Record
  '481.9': 'RTRECORD', // RT Ion Beams Treatment Record
  '104.1': 'DOC', // Encapsulated PDF
  '104.2': 'DOC', // Encapsulated CDA
  '104.3': 'MODEL', // Encapsulated STL
  '104.4': 'MODEL', // Encapsulated OBJ
  '104.5': 'MODEL', // Encapsulated MTL
};

/** SOP class families by prefix (after 1.2.840.10008.5.1.4.1.1.): every SR document class, every presentation state, every waveform. */
const BY_FAMILY: Array<[string, ObjectKind]> = [
  ['88.', 'SR'],
  ['11.', 'PR'],
  ['9.', 'WAVEFORM'],
];

/** The kind of a SOP class, or undefined when this table does not know it. */
export function kindOfSopClass(sopClassUID: string | undefined): ObjectKind | undefined {
  if (!sopClassUID?.startsWith(STORAGE)) return undefined;
  const rest = sopClassUID.slice(STORAGE.length);
  return BY_SOP_CLASS[rest] ?? BY_FAMILY.find(([prefix]) => rest.startsWith(prefix))?.[1];
}

const BY_MODALITY: Record<string, ObjectKind> = {
  SEG: 'SEG',
  RTSTRUCT: 'RTSTRUCT',
  SR: 'SR',
  RWV: 'RWVM',
  KO: 'KO',
  PR: 'PR',
  REG: 'REG',
  FID: 'FID',
  RTPLAN: 'RTPLAN',
  PLAN: 'RTPLAN',
  RTRECORD: 'RTRECORD',
  RTDOSE: 'RTDOSE',
  DOC: 'DOC',
  M3D: 'MODEL',
  ECG: 'WAVEFORM',
  HD: 'WAVEFORM',
  AU: 'WAVEFORM',
  EPS: 'WAVEFORM',
  RESP: 'WAVEFORM',
};

/** The kind a Modality value names; 'image' when it names none of the non-image kinds (CT, MR, PT, OT, ...). */
export function kindOfModality(modality: string | undefined): ObjectKind {
  return BY_MODALITY[(modality ?? '').trim().toUpperCase()] ?? 'image';
}

/**
 * One instance: by its SOP class when known; an unknown SOP class is an image when it has Rows (every image IOD
 * has the Image Pixel module; no non-image one does), else a non-image object of its modality's kind.
 */
export function kindOfInstance(sopClassUID: string | undefined, modality: string | undefined, hasRows: boolean | undefined): ObjectKind {
  const bySop = kindOfSopClass(sopClassUID);
  if (bySop) return bySop;
  if (sopClassUID?.startsWith(STORAGE) && hasRows !== undefined) {
    if (hasRows) return 'image';
    const m = kindOfModality(modality);
    return m === 'image' ? 'OTHER' : m;
  }
  return kindOfModality(modality);
}

/**
 * A series' kind from its instances' kinds: 'image' when any of them is an image (the others are dropped from the
 * stack), else the kind most of them have.
 */
export function kindOfSeries(kinds: readonly ObjectKind[], modality: string | undefined): ObjectKind {
  if (!kinds.length) return kindOfModality(modality);
  if (kinds.includes('image')) return 'image';
  const counts = new Map<ObjectKind, number>();
  for (const k of kinds) counts.set(k, (counts.get(k) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0][0];
}
