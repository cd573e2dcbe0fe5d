// Expected kinds from the standard's tables, written out here (PS3.4 Table B.5-1 "Standard SOP Classes", PS3.3
// C.7.3.1.1.1 "Modality"), and from the real files' SOP classes and modalities in ../shared/data/MANIFEST.json.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HAS_SHARED_DATA, shared } from '../testing/sharedData';
import { kindOfInstance, kindOfModality, kindOfSeries, kindOfSopClass } from './objectKind';

describe('object kind by SOP class (PS3.4 B.5)', () => {
  const table: Array<[string, string, string | undefined]> = [
    ['CT Image Storage', '1.2.840.10008.5.1.4.1.1.2', undefined],
    ['Enhanced CT Image Storage', '1.2.840.10008.5.1.4.1.1.2.1', undefined],
    ['MR Image Storage', '1.2.840.10008.5.1.4.1.1.4', undefined],
    ['Computed Radiography Image Storage', '1.2.840.10008.5.1.4.1.1.1', undefined],
    ['Digital X-Ray Image Storage - For Presentation', '1.2.840.10008.5.1.4.1.1.1.1', undefined],
    ['X-Ray Angiographic Image Storage', '1.2.840.10008.5.1.4.1.1.12.1', undefined],
    ['Segmentation Storage', '1.2.840.10008.5.1.4.1.1.66.4', 'SEG'],
    ['Label Map Segmentation Storage', '1.2.840.10008.5.1.4.1.1.66.7', 'SEG'],
    ['RT Structure Set Storage', '1.2.840.10008.5.1.4.1.1.481.3', 'RTSTRUCT'],
    ['Parametric Map Storage', '1.2.840.10008.5.1.4.1.1.30', 'PM'],
    ['Real World Value Mapping Storage', '1.2.840.10008.5.1.4.1.1.67', 'RWVM'],
    ['Key Object Selection Document Storage', '1.2.840.10008.5.1.4.1.1.88.59', 'KO'],
    ['Comprehensive SR Storage', '1.2.840.10008.5.1.4.1.1.88.33', 'SR'],
    ['Comprehensive 3D SR Storage', '1.2.840.10008.5.1.4.1.1.88.34', 'SR'],
    ['Enhanced SR Storage', '1.2.840.10008.5.1.4.1.1.88.22', 'SR'],
    ['Grayscale Softcopy Presentation State Storage', '1.2.840.10008.5.1.4.1.1.11.1', 'PR'],
    ['Color Softcopy Presentation State Storage', '1.2.840.10008.5.1.4.1.1.11.2', 'PR'],
    ['Blending Softcopy Presentation State Storage', '1.2.840.10008.5.1.4.1.1.11.4', 'PR'],
    ['Spatial Registration Storage', '1.2.840.10008.5.1.4.1.1.66.1', 'REG'],
    ['Deformable Spatial Registration Storage', '1.2.840.10008.5.1.4.1.1.66.3', 'REG'],
    ['Spatial Fiducials Storage', '1.2.840.10008.5.1.4.1.1.66.2', 'FID'],
    ['RT Plan Storage', '1.2.840.10008.5.1.4.1.1.481.5', 'RTPLAN'],
    ['RT Dose Storage', '1.2.840.10008.5.1.4.1.1.481.2', 'RTDOSE'],
    ['Encapsulated PDF Storage', '1.2.840.10008.5.1.4.1.1.104.1', 'DOC'],
    ['12-lead ECG Waveform Storage', '1.2.840.10008.5.1.4.1.1.9.1.1', 'WAVEFORM'],
    ['Verification (not a storage class)', '1.2.840.10008.1.1', undefined],
  ];
  for (const [name, uid, kind] of table) it(`${name} (${uid}) -> ${kind ?? 'not known (decided by Rows / modality)'}`, () => expect(kindOfSopClass(uid)).toBe(kind));
});

describe('object kind by modality (PS3.3 C.7.3.1.1.1)', () => {
  it('names the non-image modalities, and leaves image modalities (and OT) to be images', () => {
    expect(['SEG', 'RTSTRUCT', 'SR', 'RWV', 'KO', 'PR', 'REG', 'RTPLAN', 'DOC', 'ECG'].map(kindOfModality)).toEqual([
      'SEG',
      'RTSTRUCT',
      'SR',
      'RWVM',
      'KO',
      'PR',
      'REG',
      'RTPLAN',
      'DOC',
      'WAVEFORM',
    ]);
    expect(['CT', 'MR', 'PT', 'OT', 'US', '', 'ko'].map(kindOfModality)).toEqual(['image', 'image', 'image', 'image', 'image', 'image', 'KO']);
  });
});

describe('instances and series', () => {
  it('a Parametric Map with modality MR is a map, a Key Object Selection in an SR-modality series is KO', () => {
    expect(kindOfInstance('1.2.840.10008.5.1.4.1.1.30', 'MR', true)).toBe('PM');
    expect(kindOfInstance('1.2.840.10008.5.1.4.1.1.88.59', 'SR', false)).toBe('KO');
  });
  it('an unknown storage class is an image with Rows, else a non-image of its modality (OT: other)', () => {
    expect(kindOfInstance('1.2.840.10008.5.1.4.1.1.2', 'CT', true)).toBe('image');
    expect(kindOfInstance('1.2.840.10008.5.1.4.1.1.999', 'OT', false)).toBe('OTHER');
    expect(kindOfInstance('1.2.840.10008.5.1.4.1.1.999', 'PR', false)).toBe('PR');
    expect(kindOfInstance(undefined, 'RWV', undefined)).toBe('RWVM');
  });
  it('a series with any image is an image series; otherwise the kind most of its instances have', () => {
    expect(kindOfSeries(['image', 'PR'], 'CT')).toBe('image');
    expect(kindOfSeries(['KO', 'KO', 'SR'], 'KO')).toBe('KO');
    expect(kindOfSeries([], 'RWV')).toBe('RWVM');
  });
});

interface ManifestFile {
  path: string;
  sopClassUID?: string;
  modality?: string;
}
const files: ManifestFile[] = HAS_SHARED_DATA ? (JSON.parse(readFileSync(shared('MANIFEST.json'), 'utf8')) as { files: ManifestFile[] }).files : [];

describe.runIf(HAS_SHARED_DATA || process.env.CI)('the real files (MANIFEST.json)', () => {
  it('CT and MR files are images; SEG, RTSTRUCT, SR, the maps (modality OT) and the RWVM are not, each of its kind', () => {
    const kinds = new Map<string, string>();
    for (const f of files.filter((x) => x.sopClassUID)) kinds.set(f.path, kindOfInstance(f.sopClassUID, f.modality, f.modality !== 'SR' && f.modality !== 'RTSTRUCT' && f.modality !== 'RWV'));
    const of = (pred: (f: ManifestFile) => boolean): string[] => [...new Set(files.filter((f) => f.sopClassUID && pred(f)).map((f) => kinds.get(f.path) as string))];
    expect(of((f) => f.modality === 'CT' || f.modality === 'MR')).toEqual(['image']);
    expect(of((f) => f.modality === 'SEG')).toEqual(['SEG']);
    expect(of((f) => f.modality === 'RTSTRUCT')).toEqual(['RTSTRUCT']);
    expect(of((f) => f.modality === 'SR')).toEqual(['SR']);
    expect(of((f) => f.modality === 'OT')).toEqual(['PM']);
    expect(of((f) => f.modality === 'RWV')).toEqual(['RWVM']);
  });
});
