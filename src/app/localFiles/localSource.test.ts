import { describe, expect, it } from 'vitest';
import { generateSampleStudy } from '../../samples';
import { indexFile } from '../../workers/localFiles';
import { LOCAL_ROOT, LocalSource } from './localSource';
import { str } from '../../dicom/json';
import { Tag } from '../../dicom/tags';

const files = generateSampleStudy({ rows: 48, columns: 64, slices: 10 });

/** A source of the sample study, indexed as the worker would (without one: Node). */
async function source(): Promise<LocalSource> {
  const picked = [...files, files[0]].map((f) => ({ blob: new Blob([f.bytes.slice()]), path: f.name }));
  const s = new LocalSource('Local files');
  const r = s.take(await Promise.all(picked.map((p) => indexFile(p.blob, p.path, LOCAL_ROOT))), picked);
  expect(r).toMatchObject({ indexed: files.length, duplicates: 1, notDicom: 0, problems: [] });
  expect(r.studyUIDs).toHaveLength(1);
  return s;
}

describe('local source: DICOMweb from the files', () => {
  it('answers the QIDO-RS and WADO-RS the viewer asks, through the app’s own client', async () => {
    const s = await source();
    const client = s.client();
    expect(client.name).toBe('Local files');
    const [study] = await client.searchStudies();
    const studyUID = str(study, Tag.StudyInstanceUID) as string;
    expect(await client.searchStudies({ PatientID: 'NOBODY' })).toEqual([]);
    const series = await client.searchSeries(studyUID);
    expect(series.map((r) => str(r, Tag.Modality)).sort()).toEqual(['CT', 'RTSTRUCT', 'SEG', 'SR']);
    const ct = series.find((r) => str(r, Tag.Modality) === 'CT');
    const ctUID = str(ct, Tag.SeriesInstanceUID) as string;
    const md = await client.seriesMetadata(studyUID, ctUID);
    expect(md).toHaveLength(10);
    const sop = str(md[3], Tag.SOPInstanceUID) as string;
    const file = files.find((f) => new TextDecoder('latin1').decode(f.bytes).includes(sop)) as (typeof files)[number];
    expect(await client.instance(studyUID, ctUID, sop)).toEqual(file.bytes);
    await expect(client.instance(studyUID, ctUID, '1.2.3')).rejects.toThrow(/Local files does not know this object/);
  });
});
