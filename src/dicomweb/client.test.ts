// The DICOMweb client against the two real servers the viewer supports here: our embedded endpoint and
// Debian's Orthanc with its DICOMweb plugin, loaded with the same real files.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { DicomwebClient } from './client';
import { DicomwebError } from './errors';
import { num, str, strs } from '../dicom/json';
import { startEmbeddedServer } from '../server/testServer';
import { findOrthanc, startOrthanc, stowFiles } from '../server/orthanc';
import { HAS_SHARED_DATA, NO_SHARED_DATA_REASON, shared } from '../testing/sharedData';
import { Tag } from '../dicom/tags';

const CT3 = 'dcmqi/segmentations/ct-3slice';
const LIVER = 'dcmqi/segmentations/liver.dcm';
const CT3_STUDY = '1.2.392.200103.20080913.113635.0.2009.6.22.21.43.10.22941.1';

interface Fixture {
  client: DicomwebClient;
  stop: () => Promise<void>;
}

const servers: Array<[string, () => Promise<Fixture>, boolean]> = [
  [
    'embedded server',
    async () => {
      const s = await startEmbeddedServer([shared(CT3), shared(LIVER)]);
      return { client: new DicomwebClient({ root: s.root }), stop: s.close };
    },
    true,
  ],
  [
    'Orthanc',
    async () => {
      const o = await startOrthanc();
      const dir = shared(CT3);
      const files = [...readdirSync(dir).map((f) => path.join(dir, f)), shared(LIVER)];
      const r = await stowFiles(o.dicomWebRoot, files);
      if (r.failed.length) throw new Error(`STOW failed: ${JSON.stringify(r.failed)}`);
      return { client: new DicomwebClient({ root: o.dicomWebRoot }), stop: o.stop };
    },
    findOrthanc() !== null,
  ],
];

if (!HAS_SHARED_DATA) console.warn(NO_SHARED_DATA_REASON);

for (const [name, start, available] of servers) {
  // Orthanc is skipped only where it is not installed (`npm test` installs it on Debian when run as root).
  describe.skipIf(!HAS_SHARED_DATA || !available)(`DICOMweb client against the ${name}`, () => {
    let f: Fixture;
    beforeAll(async () => {
      f = await start();
    });
    afterAll(async () => {
      await f?.stop();
    });

    it('finds the study by PatientID and by UID (QIDO-RS studies)', async () => {
      const byUid = await f.client.searchStudies({ StudyInstanceUID: CT3_STUDY });
      expect(byUid).toHaveLength(1);
      const pid = str(byUid[0], Tag.PatientID) as string;
      const byPid = await f.client.searchStudies({ PatientID: pid });
      expect(byPid.map((s) => str(s, Tag.StudyInstanceUID))).toContain(CT3_STUDY);
      expect(strs(byUid[0], Tag.ModalitiesInStudy).sort()).toEqual(['CT', 'SEG']);
      expect(await f.client.searchStudies({ PatientID: 'NO-SUCH-PATIENT-XYZ' })).toEqual([]);
    });

    it('lists series with modality and instance counts, and instances (QIDO-RS)', async () => {
      const series = await f.client.searchSeries(CT3_STUDY);
      const ct = series.find((s) => str(s, Tag.Modality) === 'CT');
      const seg = series.find((s) => str(s, Tag.Modality) === 'SEG');
      expect(ct && seg).toBeTruthy();
      expect(num(ct, Tag.NumberOfSeriesRelatedInstances)).toBe(3);
      const inst = await f.client.searchInstances(CT3_STUDY, str(ct, Tag.SeriesInstanceUID) as string);
      expect(inst).toHaveLength(3);
    });

    it('lists the series of any of several modalities (the image series the viewer asks for before the full list)', async () => {
      const modalities = async (list: string): Promise<string[]> => (await f.client.searchSeries(CT3_STUDY, { Modality: list })).map((s) => str(s, Tag.Modality) ?? '?').sort();
      expect(await modalities('CT,MR,PT')).toEqual(['CT']);
      expect(await modalities('MR,SEG')).toEqual(['SEG']);
      expect(await modalities('CT,SEG')).toEqual(['CT', 'SEG']);
      expect(await modalities('MR,PT')).toEqual([]);
    });

    it('returns series metadata with geometry and pixel data as bulk data (WADO-RS)', async () => {
      const series = await f.client.searchSeries(CT3_STUDY, { Modality: 'CT' });
      const seriesUID = str(series[0], Tag.SeriesInstanceUID) as string;
      const md = await f.client.seriesMetadata(CT3_STUDY, seriesUID);
      expect(md).toHaveLength(3);
      for (const m of md) {
        expect(num(m, Tag.Rows)).toBe(512);
        expect(m[Tag.ImagePositionPatient]?.Value).toHaveLength(3);
        expect(m[Tag.PixelData]?.Value).toBeUndefined();
      }
    });

    it('returns one frame of 512x512 16-bit pixels (WADO-RS frames)', async () => {
      const series = await f.client.searchSeries(CT3_STUDY, { Modality: 'CT' });
      const seriesUID = str(series[0], Tag.SeriesInstanceUID) as string;
      const md = await f.client.seriesMetadata(CT3_STUDY, seriesUID);
      const sop = str(md[0], Tag.SOPInstanceUID) as string;
      const parts = await f.client.frames(CT3_STUDY, seriesUID, sop, [1]);
      expect(parts).toHaveLength(1);
      expect(parts[0].body.length).toBe(512 * 512 * 2);
      const px = new Int16Array(parts[0].body.slice().buffer);
      expect(new Set(px.subarray(0, 512 * 256)).size).toBeGreaterThan(100);
    });

    it('returns the whole SEG instance as Part 10 bytes (WADO-RS instance)', async () => {
      const series = await f.client.searchSeries(CT3_STUDY, { Modality: 'SEG' });
      const seriesUID = str(series[0], Tag.SeriesInstanceUID) as string;
      const inst = await f.client.searchInstances(CT3_STUDY, seriesUID);
      const bytes = await f.client.instance(CT3_STUDY, seriesUID, str(inst[0], Tag.SOPInstanceUID) as string);
      expect(new TextDecoder().decode(bytes.subarray(128, 132))).toBe('DICM');
      // The same bytes handed on piece by piece as they arrive, with progress: the count only grows and ends
      // at the whole response; the pieces join up to exactly the instance.
      const seen: Array<[number, number | null]> = [];
      const pieces: Uint8Array[] = [];
      const lengths = new Set<number | null>();
      const n = await f.client.instancePieces(
        CT3_STUDY,
        seriesUID,
        str(inst[0], Tag.SOPInstanceUID) as string,
        (p, length) => {
          pieces.push(p.slice());
          lengths.add(length);
        },
        undefined,
        (r, t) => seen.push([r, t]),
      );
      const joined = new Uint8Array(n);
      let o = 0;
      for (const p of pieces) {
        joined.set(p, o);
        o += p.length;
      }
      expect(o).toBe(bytes.length);
      expect(Array.from(joined)).toEqual(Array.from(bytes));
      // The part's own length when the server gives it, the same for every piece.
      expect(lengths.size).toBe(1);
      expect([null, bytes.length]).toContain([...lengths][0]);
      expect(seen.length).toBeGreaterThan(0);
      expect(seen.every(([r], i) => i === 0 || r > seen[i - 1][0])).toBe(true);
      const [last, total] = seen[seen.length - 1];
      expect(last).toBeGreaterThan(bytes.length);
      if (total !== null) expect(last).toBe(total);
    });

    it('says plainly when a study is unknown', async () => {
      await expect(f.client.seriesMetadata('1.2.3.4.5.6.7', '1.2.3')).rejects.toBeInstanceOf(DicomwebError);
      const series = await f.client.searchSeries('1.2.3.4.5.6.7');
      expect(series).toEqual([]);
    });
  });
}

describe('DICOMweb client errors and retries', () => {
  it('retries 5xx and succeeds, with back-off', async () => {
    let calls = 0;
    const fetchImpl = (async () => {
      calls++;
      return calls < 3 ? new Response('busy', { status: 503 }) : new Response('[]', { status: 200 });
    }) as typeof fetch;
    const c = new DicomwebClient({ root: 'http://127.0.0.1:1/dw', fetchImpl, backoffMs: 1 });
    expect(await c.searchStudies()).toEqual([]);
    expect(calls).toBe(3);
  });

  it("explains a 429 from IDC's proxy as the daily quota", async () => {
    // What ImagingDataCommons/ThrottleProxy's main.py sends over quota: `Response(status=429)`, CORS headers only.
    let calls = 0;
    const fetchImpl = (async () => {
      calls++;
      return new Response(null, { status: 429 });
    }) as typeof fetch;
    const c = new DicomwebClient({
      root: 'https://proxy.imaging.datacommons.cancer.gov/current/viewer-only/dicomWeb',
      fetchImpl,
      backoffMs: 1,
      retries: 3,
    });
    await expect(c.searchStudies()).rejects.toThrow(/IDC's public DICOMweb proxy .*quota for this address is used up. Try again tomorrow/);
    // A daily quota does not come back within seconds: asked once.
    expect(calls).toBe(1);
  });

  it('does not retry a 404 and names the server', async () => {
    let calls = 0;
    const fetchImpl = (async () => {
      calls++;
      return new Response('nope', { status: 404 });
    }) as typeof fetch;
    const c = new DicomwebClient({ root: 'http://127.0.0.1:1/dw', name: 'Test PACS', fetchImpl, backoffMs: 1 });
    await expect(c.seriesMetadata('1.2', '1.3')).rejects.toThrow(/Test PACS does not know/);
    expect(calls).toBe(1);
  });

  it('reports an unreachable server after retrying', async () => {
    const c = new DicomwebClient({ root: 'http://127.0.0.1:9/dw', backoffMs: 1, retries: 1 });
    await expect(c.searchStudies()).rejects.toThrow(/Cannot reach/);
  });

  it('sends the bearer token only to its own server', () => {
    const c = new DicomwebClient({ root: 'https://store.example/dicomWeb', bearerToken: 'T' });
    expect(c.headersFor('https://store.example/dicomWeb/studies')).toEqual({ Authorization: 'Bearer T' });
    expect(c.headersFor('https://other.example/dicomWeb/studies')).toEqual({});
  });
});
