// The token's boundary: a URL is "under the root" only on the same origin and on a path segment boundary.
import { describe, expect, it } from 'vitest';
import { isUnderRoot, sameRoot, tokenForRoot } from './auth';
import { DicomwebClient } from './client';

const ROOT = 'https://store.example.org/v1/dicomWeb';

describe('isUnderRoot', () => {
  it('accepts the root itself and paths below it', () => {
    expect(isUnderRoot(ROOT, ROOT)).toBe(true);
    expect(isUnderRoot(`${ROOT}/`, ROOT)).toBe(true);
    expect(isUnderRoot(`${ROOT}/studies/1.2.3/series?x=1`, ROOT)).toBe(true);
    expect(isUnderRoot('https://STORE.example.org:443/v1/dicomWeb/studies', ROOT)).toBe(true);
  });

  it.each([
    ['a longer host that starts with the same text', 'https://store.example.org.evil.test/v1/dicomWeb/studies'],
    ['a sibling path that starts with the same text', 'https://store.example.org/v1/dicomWebX/studies'],
    ['another scheme', 'http://store.example.org/v1/dicomWeb/studies'],
    ['another port', 'https://store.example.org:8443/v1/dicomWeb/studies'],
    ['credentials in the URL', 'https://user@store.example.org/v1/dicomWeb/studies'],
    ['a dot segment climbing out of the root', 'https://store.example.org/v1/dicomWeb/../other/studies'],
    ['a parent of the root', 'https://store.example.org/v1'],
    ['not a URL', 'studies/1.2.3'],
    ['a javascript: URL', 'javascript:alert(1)'],
  ])('refuses %s', (_what, url) => {
    expect(isUnderRoot(url, ROOT)).toBe(false);
  });
});

describe('tokenForRoot', () => {
  it('gives the token only to the server it was configured for', () => {
    expect(tokenForRoot('T', ROOT, `${ROOT}/`)).toBe('T');
    expect(tokenForRoot('T', ROOT, 'https://other.example.org/v1/dicomWeb')).toBeUndefined();
    expect(tokenForRoot('T', ROOT, 'https://store.example.org/v1/otherStore/dicomWeb')).toBeUndefined();
    expect(tokenForRoot(undefined, ROOT, ROOT)).toBeUndefined();
    expect(sameRoot(ROOT, 'https://store.example.org/v1/dicomWeb/studies')).toBe(false);
  });
});

describe('DicomwebClient and the token', () => {
  function recordingClient(root: string, token?: string) {
    const seen: Array<{ url: string; authorization: string | null }> = [];
    const fetchImpl: typeof fetch = (input, init) => {
      const headers = new Headers(init?.headers);
      seen.push({ url: String(input), authorization: headers.get('Authorization') });
      return Promise.resolve(new Response('[]', { status: 200, headers: { 'Content-Type': 'application/dicom+json' } }));
    };
    return { client: new DicomwebClient({ root, bearerToken: token, fetchImpl, retries: 0 }), seen };
  }

  it('sends the token with requests to its root', async () => {
    const { client, seen } = recordingClient(ROOT, 'secret');
    await client.request('/studies', 'application/dicom+json');
    expect(seen).toEqual([{ url: `${ROOT}/studies`, authorization: 'Bearer secret' }]);
  });

  it('never sends it to an absolute URL elsewhere (a BulkDataURI a server chose, a look-alike host or path)', async () => {
    const { client, seen } = recordingClient(ROOT, 'secret');
    for (const url of [
      'https://attacker.example.net/bulk/1',
      'https://store.example.org.attacker.example.net/v1/dicomWeb/studies',
      'https://store.example.org/v1/dicomWeb2/studies',
    ]) {
      await client.request(url, 'application/octet-stream');
    }
    expect(seen.map((s) => s.authorization)).toEqual([null, null, null]);
    expect(client.headersFor('https://attacker.example.net/')).toEqual({});
  });
});
