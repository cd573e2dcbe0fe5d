// The fault proxy in front of the real embedded server, with the viewer's DICOMweb client behind it (Node's fetch):
// each fault reaches the client as a real network would deliver it, and the client's bounded retries recover.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmbeddedServer, type EmbeddedServer } from './testServer';
import { startFaultProxy, type FaultProxy } from './faultProxy';
import { DicomwebClient } from '../dicomweb/client';
import { str } from '../dicom/json';
import { HAS_SHARED_DATA, shared } from '../testing/sharedData';
import { Tag } from '../dicom/tags';

const CT3_STUDY = '1.2.392.200103.20080913.113635.0.2009.6.22.21.43.10.22941.1';

describe.skipIf(!HAS_SHARED_DATA)('fault proxy in front of the embedded server', () => {
  let server: EmbeddedServer;
  let proxy: FaultProxy;
  let direct: DicomwebClient;
  let seg: { series: string; sop: string; bytes: Uint8Array };
  const client = (o: Partial<ConstructorParameters<typeof DicomwebClient>[0]> = {}): DicomwebClient =>
    new DicomwebClient({ root: `${proxy.origin}/dicomweb`, name: 'Proxied', backoffMs: 20, retries: 3, ...o });

  beforeAll(async () => {
    server = await startEmbeddedServer([shared('dcmqi/segmentations/ct-3slice'), shared('dcmqi/segmentations/liver.dcm')]);
    proxy = await startFaultProxy(new URL(server.root).origin);
    direct = new DicomwebClient({ root: server.root });
    const series = str((await direct.searchSeries(CT3_STUDY, { Modality: 'SEG' }))[0], Tag.SeriesInstanceUID) as string;
    const sop = str((await direct.searchInstances(CT3_STUDY, series))[0], Tag.SOPInstanceUID) as string;
    seg = { series, sop, bytes: await direct.instance(CT3_STUDY, series, sop) };
  });
  afterAll(async () => {
    await proxy?.close();
    await server?.close();
  });
  beforeEach(() => proxy.clear());

  const instancePath = (): string => `/instances/${seg.sop}`;

  it('passes answers through untouched', async () => {
    expect(Array.from(await client().instance(CT3_STUDY, seg.series, seg.sop))).toEqual(Array.from(seg.bytes));
    expect(proxy.count(instancePath())).toBe(1);
  });

  it('503 with Retry-After twice, then the answer: three requests', async () => {
    proxy.add({ match: '/studies?', fault: { kind: 'status', status: 503, retryAfter: '1' }, times: 2 });
    const t0 = Date.now();
    expect(await client().searchStudies({ StudyInstanceUID: CT3_STUDY })).toHaveLength(1);
    expect(proxy.count('/studies?')).toBe(3);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(1900);
  });

  it('a connection reset mid-multipart: the streamed SEG starts over and arrives whole', async () => {
    proxy.add({ match: instancePath(), fault: { kind: 'reset', afterBytes: Math.floor(seg.bytes.length / 2) }, times: 1 });
    let got: Uint8Array[] = [];
    let restarts = 0;
    await client().instancePieces(CT3_STUDY, seg.series, seg.sop, (p) => got.push(p.slice()), undefined, undefined, () => {
      restarts++;
      got = [];
    });
    const joined = Buffer.concat(got);
    expect(restarts).toBe(1);
    expect(joined.equals(Buffer.from(seg.bytes))).toBe(true);
    expect(proxy.count(instancePath())).toBe(2);
  });

  it('a body ended early without its closing boundary is asked again', async () => {
    proxy.add({ match: instancePath(), fault: { kind: 'truncate', dropBytes: 40 }, times: 1 });
    expect((await client().instance(CT3_STUDY, seg.series, seg.sop)).length).toBe(seg.bytes.length);
    expect(proxy.count(instancePath())).toBe(2);
  });

  it('a stalled server is abandoned after the stall time and asked again', async () => {
    proxy.add({ match: instancePath(), fault: { kind: 'stall', afterBytes: 1000 }, times: 1 });
    expect((await client({ stallMs: 400 }).instance(CT3_STUDY, seg.series, seg.sop)).length).toBe(seg.bytes.length);
    expect(proxy.count(instancePath())).toBe(2);
  });

  it('a sign-in page instead of DICOM JSON is named and asked once', async () => {
    proxy.add({ match: '/series', fault: { kind: 'replace', contentType: 'text/html', body: '<html>Sign in</html>' } });
    await expect(client().searchSeries(CT3_STUDY)).rejects.toThrow(/Proxied answered text\/html \(a web page/);
    expect(proxy.count('/series')).toBe(1);
  });

  it('a server that is down: 1 + retries attempts, then "Cannot reach"', async () => {
    proxy.add({ match: '/dicomweb/', fault: { kind: 'down' } });
    await expect(client({ retries: 2 }).searchStudies()).rejects.toThrow(/^Cannot reach Proxied .*\(3 attempts\)/);
    expect(proxy.count('/dicomweb/')).toBe(3);
  });
});
