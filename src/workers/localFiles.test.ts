import { describe, expect, it } from 'vitest';
import dcmjs from 'dcmjs';
import { generateSampleStudy } from '../samples';
import { indexFile, readFrames } from './localFiles';
import { Tag } from '../dicom/tags';

const files = generateSampleStudy({ rows: 48, columns: 64, slices: 10 });
const ROOT = 'https://local-files.invalid/dicomweb';

/** Study/Series/SOP Instance UIDs and pixels as dcmjs reads them: the facts to compare with. */
function facts(bytes: Uint8Array) {
  const { dict } = dcmjs.data.DicomMessage.readFile(bytes.slice().buffer as ArrayBuffer);
  const v = (t: string): string => String(dict[t]?.Value?.[0] ?? '');
  const px = dict[Tag.PixelData]?.Value?.[0] as ArrayBuffer | undefined;
  return { study: v(Tag.StudyInstanceUID), series: v(Tag.SeriesInstanceUID), sop: v(Tag.SOPInstanceUID), pixels: px ? new Uint8Array(px) : null };
}

const blob = (b: Uint8Array): Blob => new Blob([b.slice()]);

describe('local files: index', () => {
  it('indexes every file of the sample study with the UIDs dcmjs reads, pixels as bulk data', async () => {
    for (const f of files) {
      const o = await indexFile(blob(f.bytes), f.name, ROOT);
      expect(o.kind, f.name).toBe('indexed');
      if (o.kind !== 'indexed') continue;
      const want = facts(f.bytes);
      expect([o.file.studyUID, o.file.seriesUID, o.file.sopUID]).toEqual([want.study, want.series, want.sop]);
      expect(o.file.json[Tag.PixelData]?.BulkDataURI ?? null).toBe(want.pixels ? `${ROOT}/studies/${want.study}/series/${want.series}/instances/${want.sop}/bulk/${Tag.PixelData}` : null);
      expect(o.file.json[Tag.AvailableTransferSyntaxUID]?.Value).toEqual([o.file.transferSyntaxUID]);
    }
  });

  it('reads a header longer than its first read whole, to the same result', async () => {
    const rt = files.find((f) => /RTSTRUCT/i.test(f.name)) as (typeof files)[number];
    expect(rt.bytes.length).toBeGreaterThan(4096);
    const whole = await indexFile(blob(rt.bytes), rt.name, ROOT);
    const cut = await indexFile(blob(rt.bytes), rt.name, ROOT, 4096);
    expect(cut).toEqual(whole);
    expect(cut.kind).toBe('indexed');
  });

  it('tells files that are not DICOM from DICOM files it cannot use', async () => {
    expect(await indexFile(new Blob(['just a README\n']), 'README.txt', ROOT)).toEqual({ kind: 'not-dicom', path: 'README.txt' });
    // A DICOM file without the UIDs of an instance (as a DICOMDIR is).
    const ct = files.find((f) => f.name.startsWith('CT')) as (typeof files)[number];
    const { dict, meta } = dcmjs.data.DicomMessage.readFile(ct.bytes.slice().buffer as ArrayBuffer);
    delete dict[Tag.SOPInstanceUID];
    const out = new dcmjs.data.DicomDict(meta);
    out.dict = dict;
    const o = await indexFile(new Blob([out.write()]), 'DICOMDIR', ROOT);
    expect(o).toMatchObject({ kind: 'problem', path: 'DICOMDIR', reason: expect.stringMatching(/SOP Instance UID/) });
  });

  it('gives a frame as the file holds it', async () => {
    const ct = files.find((f) => f.name.startsWith('CT')) as (typeof files)[number];
    const r = await readFrames(blob(ct.bytes), ct.name, [1]);
    expect(r.transferSyntaxUID).toBe('1.2.840.10008.1.2.1');
    expect(r.frames[0]).toEqual(facts(ct.bytes).pixels);
    expect(r.frames[0].length).toBe(48 * 64 * 2);
    await expect(readFrames(blob(ct.bytes), ct.name, [2])).rejects.toThrow(/frame 2 out of range 1\.\.1/);
  });
});
