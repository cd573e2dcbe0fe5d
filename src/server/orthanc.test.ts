import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import dcmjs from 'dcmjs';
import { describe, expect, it } from 'vitest';
import { findOrthanc, startOrthanc, stowFiles } from './orthanc';

const DATA = fileURLToPath(new URL('../../../shared/data/', import.meta.url));
const SEGS = join(DATA, 'dcmqi/segmentations');
const CT_FILES = ['01.dcm', '02.dcm', '03.dcm'].map((f) => join(SEGS, 'ct-3slice', f));
const LIVER_SEG = join(SEGS, 'liver.dcm');

// Orthanc is an optional system package (Debian: orthanc + orthanc-dicomweb); where it is missing
// there is no server to test, so the test is skipped rather than failed.
const orthanc = findOrthanc();
const haveData = [...CT_FILES, LIVER_SEG].every((f) => existsSync(f));
if (!orthanc) console.warn('orthanc.test: skipped, Orthanc or its DICOMweb plugin is not installed');
if (!haveData) console.warn(`orthanc.test: skipped, the shared sample data is missing under ${DATA}`);

interface ManifestFile {
  path: string;
  modality: string;
  studyInstanceUID: string;
  seriesInstanceUID: string;
  sopInstanceUID: string;
}
type Json = Record<string, { vr: string; Value?: unknown[]; BulkDataURI?: string }>;

function fileInfo(path: string): ManifestFile {
  const manifest = JSON.parse(readFileSync(join(DATA, 'MANIFEST.json'), 'utf8')) as { files: ManifestFile[] };
  const rel = path.slice(DATA.length);
  const entry = manifest.files.find((f) => f.path === rel);
  if (!entry) throw new Error(`${rel} is not in MANIFEST.json`);
  return entry;
}

function readDataset(path: string): Record<string, { Value?: unknown[] }> {
  const buf = readFileSync(path);
  const ab = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer;
  return dcmjs.data.DicomMessage.readFile(ab).dict;
}

async function getJson(url: string): Promise<Json[]> {
  const res = await fetch(url, { headers: { Accept: 'application/dicom+json' } });
  expect(res.status, url).toBe(200);
  return (await res.json()) as Json[];
}

/** Bodies of a multipart/related answer (enough for tests: headers are skipped, not interpreted). */
function multipartParts(contentType: string, body: Uint8Array): Uint8Array[] {
  const boundary = /boundary="?([^";]+)"?/.exec(contentType)?.[1];
  if (!boundary) throw new Error(`no boundary in ${contentType}`);
  const text = Buffer.from(body).toString('latin1');
  return text
    .split(`--${boundary}`)
    .slice(1, -1)
    .map((part) => {
      const start = part.indexOf('\r\n\r\n') + 4;
      return Uint8Array.from(Buffer.from(part.slice(start, part.length - 2), 'latin1'));
    });
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((done) => {
    const srv = createServer();
    srv.once('error', () => done(false));
    srv.listen({ port, host: '0.0.0.0', exclusive: true }, () => srv.close(() => done(true)));
  });
}

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('Orthanc harness', () => {
  it.skipIf(!orthanc || !haveData)(
    'starts Orthanc, takes STOW-RS, answers QIDO-RS and WADO-RS, and stops cleanly',
    async () => {
      const ct = fileInfo(CT_FILES[0]!);
      const seg = fileInfo(LIVER_SEG);
      const ctDataset = readDataset(CT_FILES[0]!);
      const patientID = ctDataset['00100020']?.Value?.[0] as string;
      expect(patientID).toBeTruthy();

      const server = await startOrthanc();
      const port = Number(new URL(server.baseUrl).port);
      try {
        expect(server.dicomWebRoot).toBe(`http://127.0.0.1:${port}/dicom-web`);
        expect(server.versions.orthanc).toMatch(/^\d+\.\d+/);

        // batchBytes 1 MB: the three 0.5 MB CTs and the SEG go in three requests.
        const requests: number[] = [];
        const stow = await stowFiles(server.dicomWebRoot, [...CT_FILES, LIVER_SEG, join(DATA, 'README.md')], {
          batchBytes: 1_000_000,
          onProgress: (p) => requests.push(p.done),
        });
        expect(stow.stored).toBe(4);
        expect(stow.failed).toEqual([
          { file: join(DATA, 'README.md'), message: expect.stringMatching(/not a DICOM Part 10/) },
        ]);
        expect(requests).toEqual([1, 2, 5]);

        const studies = await getJson(`${server.dicomWebRoot}/studies?PatientID=${encodeURIComponent(patientID)}`);
        expect(studies.map((s) => s['0020000D']?.Value?.[0])).toEqual([ct.studyInstanceUID]);
        expect(studies[0]!['00201208']?.Value?.[0]).toBe(4);
        expect(await getJson(`${server.dicomWebRoot}/studies?PatientID=no-such-patient`)).toEqual([]);

        const studyUrl = `${server.dicomWebRoot}/studies/${ct.studyInstanceUID}`;
        const series = await getJson(`${studyUrl}/series`);
        const bySeries = new Map(series.map((s) => [s['0020000E']?.Value?.[0], s['00080060']?.Value?.[0]]));
        expect(bySeries).toEqual(
          new Map([
            [ct.seriesInstanceUID, 'CT'],
            [seg.seriesInstanceUID, 'SEG'],
          ]),
        );

        // includefield reaches attributes Orthanc does not index (it reads them from the stored files).
        const instances = await getJson(`${studyUrl}/series/${ct.seriesInstanceUID}/instances?includefield=00200032`);
        expect(instances).toHaveLength(3);
        for (const i of instances) expect(i['00200032']?.Value).toHaveLength(3);

        const ctMeta = await getJson(`${studyUrl}/series/${ct.seriesInstanceUID}/metadata`);
        expect(ctMeta).toHaveLength(3);
        for (const m of ctMeta) {
          expect(m['00280010']?.Value?.[0]).toBe(512);
          expect(m['7FE00010']?.BulkDataURI).toMatch(/\/bulk\/7fe00010$/i);
        }
        // "Full" metadata: the SEG's per-frame functional groups are there, not only indexed tags.
        const segMeta = await getJson(`${studyUrl}/series/${seg.seriesInstanceUID}/metadata`);
        expect(segMeta[0]!['52009230']?.Value).toHaveLength(3);

        const frameUrl = `${studyUrl}/series/${ct.seriesInstanceUID}/instances/${ct.sopInstanceUID}/frames/1`;
        const res = await fetch(frameUrl, {
          headers: { Accept: 'multipart/related; type="application/octet-stream"; transfer-syntax=*' },
        });
        expect(res.status).toBe(200);
        const contentType = res.headers.get('content-type') ?? '';
        expect(contentType).toMatch(/^multipart\/related/);
        const parts = multipartParts(contentType, new Uint8Array(await res.arrayBuffer()));
        expect(parts).toHaveLength(1);
        expect(parts[0]!.length).toBe(512 * 512 * 2);
        const pixels = ctDataset['7FE00010']?.Value?.[0] as ArrayBuffer;
        expect(Buffer.from(parts[0]!).equals(Buffer.from(pixels))).toBe(true);
      } finally {
        await server.stop();
      }

      expect(processExists(server.pid)).toBe(false);
      expect(await server.exited).toEqual({ code: 0, signal: null });
      expect(await portIsFree(port)).toBe(true);
      expect(existsSync(server.storageDir)).toBe(false);
      await server.stop(); // a second stop is harmless
    },
    60_000,
  );
});
