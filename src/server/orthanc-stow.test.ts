// The STOW-RS client without a server: request body, meta header reading and answer matching.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { matchResponse, metaSopInstanceUID, multipartBody, stowFiles, type StowPart } from './orthanc-stow';

const DATA = fileURLToPath(new URL('../../../shared/data/', import.meta.url));
const LIVER = join(DATA, 'dcmqi/segmentations/liver.dcm');
const LIVER_SOP = '1.2.276.0.7230010.3.1.4.0.42154.1458337731.665796'; // MANIFEST.json

function part10(uid: string | undefined): Uint8Array {
  const meta: number[] = [];
  const el = (element: number, value: string) => {
    const v = Buffer.from(value.length % 2 ? `${value}\0` : value, 'latin1');
    meta.push(0x02, 0x00, element, 0x00, 0x55, 0x49, v.length & 0xff, v.length >> 8, ...v);
  };
  el(0x02, '1.2.840.10008.5.1.4.1.1.7');
  if (uid) el(0x03, uid);
  const bytes = new Uint8Array(132 + meta.length);
  bytes.set([0x44, 0x49, 0x43, 0x4d], 128);
  bytes.set(meta, 132);
  return bytes;
}

const ref = (uid: string) => ({ '00081155': { vr: 'UI', Value: [uid] } });

describe('STOW-RS client', () => {
  it('writes one application/dicom part per file and a closing boundary', () => {
    const body = Buffer.from(multipartBody('B', [Uint8Array.of(1, 2), Uint8Array.of(3)])).toString('latin1');
    expect(body).toBe(
      '--B\r\nContent-Type: application/dicom\r\n\r\n\x01\x02\r\n' +
        '--B\r\nContent-Type: application/dicom\r\n\r\n\x03\r\n--B--\r\n',
    );
  });

  it('reads MediaStorageSOPInstanceUID from the file meta group', () => {
    expect(metaSopInstanceUID(part10('1.2.3'))).toBe('1.2.3');
    expect(metaSopInstanceUID(part10(undefined))).toBeUndefined();
    if (existsSync(LIVER)) expect(metaSopInstanceUID(readFileSync(LIVER))).toBe(LIVER_SOP);
  });

  it('sorts a batch by ReferencedSOPSequence and FailedSOPSequence', () => {
    const parts: StowPart[] = ['1.1', '1.2', '1.3'].map((uid) => ({
      label: `f${uid}`,
      bytes: new Uint8Array(),
      sopInstanceUID: uid,
    }));
    const answer = {
      '00081198': { vr: 'SQ', Value: [{ ...ref('1.2'), '00081197': { vr: 'US', Value: [0xc000] } }] },
      '00081199': { vr: 'SQ', Value: [ref('1.1')] },
    };
    expect(matchResponse(parts, answer, 202)).toEqual({
      stored: 1,
      failed: [
        { file: 'f1.2', message: '1.2: FailureReason 0xc000 (cannot understand), HTTP 202' },
        // Orthanc lists nothing for a part it could not parse, and answers 400.
        { file: 'f1.3', message: '1.3: not acknowledged by the server (HTTP 202)' },
      ],
    });
  });

  it('reports unreadable and non-DICOM input without sending it', async () => {
    const result = await stowFiles('http://127.0.0.1:9/dicom-web', ['/no/such/file.dcm', new Uint8Array(10)]);
    expect(result.stored).toBe(0);
    expect(result.failed.map((f) => f.file)).toEqual(['/no/such/file.dcm', '#1']);
    expect(result.failed[1]!.message).toMatch(/not a DICOM Part 10 file/);
  });

  it('marks a whole batch failed when the server cannot be reached', async () => {
    const result = await stowFiles('http://127.0.0.1:9/dicom-web', [part10('1.2.3')]);
    expect(result).toEqual({
      stored: 0,
      failed: [{ file: '#0', message: expect.stringMatching(/request to .* failed/) }],
    });
  });
});
