// Queries asked early (App.tsx starts a link's study while the viewer's code loads): the page's later call for the
// same path takes that answer instead of asking the server again, once; a failure reaches it too; its own cancel works.
import { describe, expect, it } from 'vitest';
import { DicomwebClient } from './client';

const ROOT = 'http://127.0.0.1:1/dw';

function fakeServer(status = 200) {
  const asked: string[] = [];
  let release = (): void => undefined;
  const gate = new Promise<void>((r) => (release = r));
  const fetchImpl = (async (url: string) => {
    asked.push(String(url).slice(ROOT.length));
    await gate;
    const body = status === 200 ? JSON.stringify([{ '0020000E': { vr: 'UI', Value: [`series-${asked.length}`] } }]) : 'nope';
    return new Response(body, { status, headers: { 'content-type': 'application/dicom+json' } });
  }) as unknown as typeof fetch;
  return { asked, release, client: new DicomwebClient({ root: ROOT, fetchImpl, retries: 0 }) };
}

describe('asking early', () => {
  it('the later call takes the early answer: one request, the same rows', async () => {
    const s = fakeServer();
    void s.client.early.searchSeries('1.2.3');
    const later = s.client.searchSeries('1.2.3');
    s.release();
    const rows = await later;
    expect(s.asked).toEqual(['/studies/1.2.3/series']);
    expect(rows[0]['0020000E'].Value).toEqual(['series-1']);
  });

  it('an answer is taken once: the next call asks the server again', async () => {
    const s = fakeServer();
    s.client.early.seriesMetadata('1.2.3', '4.5');
    s.release();
    await s.client.seriesMetadata('1.2.3', '4.5');
    await s.client.seriesMetadata('1.2.3', '4.5');
    expect(s.asked).toEqual(['/studies/1.2.3/series/4.5/metadata', '/studies/1.2.3/series/4.5/metadata']);
  });

  it('another path is not served by an early answer', async () => {
    const s = fakeServer();
    s.client.early.searchStudies({ StudyInstanceUID: '1.2.3' });
    s.release();
    await s.client.searchStudies({ StudyInstanceUID: '9.9.9' });
    expect(s.asked).toEqual(['/studies?StudyInstanceUID=1.2.3', '/studies?StudyInstanceUID=9.9.9']);
  });

  it('a failure of the early request reaches the later caller, with the server named', async () => {
    const s = fakeServer(404);
    void s.client.early.searchSeries('1.2.3');
    s.release();
    await expect(s.client.searchSeries('1.2.3')).rejects.toThrow(/404|not found/i);
    expect(s.asked.length).toBe(1);
  });

  it("the later caller's cancel still cancels its wait", async () => {
    const s = fakeServer();
    void s.client.early.searchSeries('1.2.3');
    const ac = new AbortController();
    const later = s.client.searchSeries('1.2.3', {}, ac.signal);
    ac.abort();
    await expect(later).rejects.toThrow();
    s.release();
  });
});
