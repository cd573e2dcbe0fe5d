// loadStudy lists a study's image series (asked for by modality) before its full series list, which a server that
// reads every listed series' files answers late when the study holds a big SEG: the images are shown meanwhile.
import { describe, expect, it, vi } from 'vitest';
import { DicomwebClient } from '../dicomweb/client';
import { askStudyEarly, loadStudy, type StudyInfo } from './studyModel';
import { forgetEarlyObjects } from './earlyObjects';
import { anyDownloading, objectProgressOf, setObjectProgress } from './objectProgress';

// No decode worker here: the download runs on the page (the client is not portable: it has its own fetch), its
// bytes are dropped, and the header is what the worker would read from them.
// `worker`: what the decode worker does with a download asked of it (a portable client), when a test says.
const decoded = vi.hoisted(() => ({ keys: [] as string[], bytes: 0, sop: '1.2.3.2.77', worker: undefined as undefined | ((o: { seriesUID: string; sopUID: string | null; onProgress?: (received: number, total: number | null) => void; signal?: AbortSignal }) => Promise<void>) }));
vi.mock('./derivedDecoder', () => ({
  startDecoder: () => undefined,
  fetchIntoDecoder: (key: string, download: (send: (p: Uint8Array) => void, restart: () => void) => Promise<void>, _name: string, portable?: { seriesUID: string; sopUID: string | null; onProgress?: (received: number, total: number | null) => void; signal?: AbortSignal }) => {
    decoded.keys.push(key);
    const done =
      portable && decoded.worker
        ? decoded.worker(portable)
        : download(
            (p) => (decoded.bytes += p.length),
            () => undefined,
          );
    // The RTSTRUCT (series 1.2.3.3) and the SEG, as their headers name them.
    const rt = key.endsWith('1.2.3.3');
    const header = { sopInstanceUID: rt ? '1.2.3.3.77' : decoded.sop, sopClassUID: rt ? '1.2.840.10008.5.1.4.1.1.481.3' : '1.2.840.10008.5.1.4.1.1.66.4', referencedSeriesUIDs: ['1.2.3.1'] };
    return { header: done.then(() => header), done };
  },
}));

const ROOT = 'http://127.0.0.1:1/dw';
const STUDY = '1.2.3';
const CT = '1.2.3.1';
const SEG = '1.2.3.2';
const RT = '1.2.3.3';
const ui = (v: string) => ({ vr: 'UI', Value: [v] });
const cs = (v: string) => ({ vr: 'CS', Value: [v] });
const seriesRow = (uid: string, modality: string, n: number) => ({ '0020000E': ui(uid), '00080060': cs(modality), '00201209': { vr: 'IS', Value: [n] }, '0020000D': ui(STUDY) });
const ctInstance = (k: number) => ({
  '00080016': ui('1.2.840.10008.5.1.4.1.1.2'),
  '00080018': ui(`${CT}.${k}`),
  '00080060': cs('CT'),
  '00280010': { vr: 'US', Value: [40] },
  '00280011': { vr: 'US', Value: [30] },
  '00200052': ui('1.2.3.9'),
});

/** A server whose full series list waits for `release` (a list it reads a big SEG for); `modalityList`: how it answers a Modality list. */
function server(
  modalityList: 'answers' | 'rejects',
  more: { rtstruct?: boolean; segSent?: Promise<void>; byUidHeld?: Promise<void>; imagesHeld?: Promise<void>; segInstances?: number } = {},
) {
  const asked: string[] = [];
  let release = (): void => undefined;
  const slow = new Promise<void>((r) => (release = r));
  const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/dicom+json' } });
  const fetchImpl = (async (input: string) => {
    const url = new URL(String(input));
    const path = decodeURIComponent(url.pathname.slice(new URL(ROOT).pathname.length) + url.search);
    asked.push(path);
    if (path.startsWith('/studies?')) return json([{ '0020000D': ui(STUDY), '00100020': { vr: 'LO', Value: ['P1'] } }]);
    if (path === `/studies/${STUDY}/series`) {
      await slow;
      return json([seriesRow(SEG, 'SEG', 1), seriesRow(CT, 'CT', 3), ...(more.rtstruct ? [seriesRow(RT, 'RTSTRUCT', 1)] : [])]);
    }
    if (path.startsWith(`/studies/${STUDY}/series?SeriesInstanceUID=`)) {
      await more.byUidHeld;
      const rows = [seriesRow(SEG, 'SEG', more.segInstances ?? 1), seriesRow(CT, 'CT', 3), ...(more.rtstruct ? [seriesRow(RT, 'RTSTRUCT', 1)] : [])];
      return json(rows.filter((r) => r['0020000E'].Value[0] === url.searchParams.get('SeriesInstanceUID')));
    }
    if (path.startsWith(`/studies/${STUDY}/series?Modality=`)) {
      await more.imagesHeld;
      if (modalityList === 'rejects') return json({ error: 'bad Modality' }, 400);
      const wanted = url.searchParams.get('Modality')?.split(',') ?? [];
      return json(wanted.includes('CT') ? [seriesRow(CT, 'CT', 3)] : []);
    }
    if (path === `/studies/${STUDY}/series/${CT}/metadata`) return json([1, 2, 3].map(ctInstance));
    if (path === `/studies/${STUDY}/series/${SEG}` || (more.rtstruct && path === `/studies/${STUDY}/series/${RT}`)) {
      if (path.endsWith(SEG)) await more.segSent;
      // WADO-RS series: one part, 1000 bytes standing for the object's file.
      const body = `--b1\r\nContent-Type: application/dicom\r\nContent-Length: 1000\r\n\r\n${'x'.repeat(1000)}\r\n--b1--\r\n`;
      return new Response(body, { status: 200, headers: { 'content-type': 'multipart/related; type="application/dicom"; boundary=b1' } });
    }
    return json({ error: 'not here' }, 404);
  }) as unknown as typeof fetch;
  return { asked, release, client: new DicomwebClient({ root: ROOT, fetchImpl, retries: 0 }) };
}

/** A worker download that never ends until it is aborted; the signals it was given go into `signals`. */
const downloadUntilAborted =
  (signals: AbortSignal[]) =>
  (o: { signal?: AbortSignal }): Promise<void> => {
    if (o.signal) signals.push(o.signal);
    return new Promise<void>((_, reject) => o.signal?.addEventListener('abort', () => reject(new DOMException('Aborted', 'AbortError'))));
  };

type WorkerDownload = NonNullable<typeof decoded.worker>;

/**
 * A fresh start for a test of the early downloads: the earlier tests' study left (what the viewer does when it
 * leaves one), the worker's keys cleared, a client the decode worker can copy, and what its downloader does
 * (by default: downloads through the same server, keeping nothing).
 */
function decodeThrough(s: ReturnType<typeof server>, worker?: WorkerDownload): void {
  vi.spyOn(s.client, 'workerOptions').mockReturnValue({ root: ROOT, retries: 0 });
  decoded.worker = worker ?? ((o) => s.client.instancePieces(STUDY, o.seriesUID, o.sopUID, () => undefined).then(() => undefined));
  decoded.keys.length = 0;
  forgetEarlyObjects();
}

const summary = (st: StudyInfo) => st.series.map((s) => `${s.modality}${s.metadata ? ` ${s.metadata.length} images` : ''}`);

describe('loadStudy', () => {
  it('publishes the image series with their metadata while the full series list is still on its way, then the whole study', async () => {
    const s = server('answers');
    const seen: StudyInfo[] = [];
    const done = loadStudy(s.client, STUDY, undefined, (st) => seen.push(st));
    await vi.waitFor(() => expect(seen.some((st) => st.series[0]?.metadata)).toBe(true));
    const early = seen.filter((st) => st.series[0]?.metadata);
    expect(early[0].partial).toBe(true);
    expect(summary(early[0])).toEqual(['CT 3 images']);
    // The images' background prefetch is held back while the derived objects may still come.
    expect(anyDownloading()).toBe(true);
    s.release();
    const last = await done;
    expect(anyDownloading()).toBe(false);
    expect(last.partial).toBeFalsy();
    expect(summary(last)).toEqual(['CT 3 images', 'SEG']);
    expect(seen.at(-1)?.partial).toBeFalsy();
    // The CT's metadata was asked once, whichever list named it first.
    expect(s.asked.filter((p) => p.endsWith('/metadata'))).toEqual([`/studies/${STUDY}/series/${CT}/metadata`]);
  });

  it('asked early (while the viewer loads) and then loaded: the CT metadata is asked of the server once', async () => {
    const s = server('answers');
    askStudyEarly(s.client, STUDY);
    const seen: StudyInfo[] = [];
    const done = loadStudy(s.client, STUDY, undefined, (st) => seen.push(st));
    // The image series shown from their own list (their metadata taken from the early answer), then the full list.
    await vi.waitFor(() => expect(seen.some((st) => st.series[0]?.metadata)).toBe(true));
    s.release();
    const last = await done;
    await new Promise((r) => setTimeout(r, 20));
    expect(summary(last)).toEqual(['CT 3 images', 'SEG']);
    expect(s.asked.filter((p) => p.endsWith('/metadata'))).toHaveLength(1);
  });

  it('a SEG series of one instance is retrieved whole at once (no instance QIDO), and its instance named by its header', async () => {
    const s = server('answers');
    s.release();
    decoded.keys.length = 0;
    decoded.bytes = 0;
    const last = await loadStudy(s.client, STUDY);
    expect(s.asked.filter((p) => p.includes(`/series/${SEG}`))).toEqual([`/studies/${STUDY}/series/${SEG}`]);
    expect(decoded.bytes).toBe(1000);
    const seg = last.series.find((x) => x.modality === 'SEG');
    expect(seg?.instances?.map((i) => [i.sopInstanceUID, i.header?.referencedSeriesUIDs, i.wholeSeries])).toEqual([[decoded.sop, [CT], undefined]]);
    // The decoder knows it by the key it was downloaded under (and the header's UID, through its alias).
    expect(decoded.keys).toEqual([`series:${SEG}`]);
  });

  it('a link naming the SEG: the study\'s other derived objects are asked for once the SEG is drawn, not beside it', async () => {
    let send = (): void => undefined;
    const segSent = new Promise<void>((r) => (send = r));
    const s = server('answers', { rtstruct: true, segSent });
    s.release();
    const done = loadStudy(s.client, STUDY, undefined, undefined, [SEG]);
    await vi.waitFor(() => expect(s.asked).toContain(`/studies/${STUDY}/series/${SEG}`));
    await new Promise((r) => setTimeout(r, 50));
    expect(s.asked.filter((p) => p.includes(RT))).toEqual([]);
    // Its bytes in: it is being decoded (its progress says so), the others still wait.
    send();
    await vi.waitFor(() => expect(objectProgressOf(decoded.sop)?.phase).toBe('decoding'));
    await new Promise((r) => setTimeout(r, 50));
    expect(s.asked.filter((p) => p.includes(RT))).toEqual([]);
    // Decoded and handed to the viewer (useSegmentations clears its progress): now the others.
    setObjectProgress(decoded.sop, undefined);
    const last = await done;
    expect(s.asked.filter((p) => p.includes(RT))).toEqual([`/studies/${STUDY}/series/${RT}`]);
    expect(last.series.map((x) => x.modality)).toEqual(['CT', 'SEG', 'RTSTRUCT']);
  });

  it('a link naming no derived series: every derived object is asked for at once', async () => {
    const s = server('answers', { rtstruct: true, segSent: new Promise(() => undefined) });
    s.release();
    void loadStudy(s.client, STUDY, undefined, undefined, [CT]).catch(() => undefined);
    await vi.waitFor(() => expect(s.asked).toContain(`/studies/${STUDY}/series/${RT}`));
    expect(s.asked).toContain(`/studies/${STUDY}/series/${SEG}`);
  });

  it('a link to the whole study: its SEG of one instance is retrieved as soon as the early series list names it, and the page takes that download over', async () => {
    const s = server('answers', { rtstruct: true });
    decodeThrough(s);
    try {
      askStudyEarly(s.client, STUDY);
      s.release();
      // Before the page has loaded anything: the SEG and the RTSTRUCT are on their way, the CT is not retrieved whole.
      await vi.waitFor(() => expect(s.asked).toContain(`/studies/${STUDY}/series/${SEG}`));
      await vi.waitFor(() => expect(s.asked).toContain(`/studies/${STUDY}/series/${RT}`));
      expect(s.asked).not.toContain(`/studies/${STUDY}/series/${CT}`);
      const last = await loadStudy(s.client, STUDY);
      await new Promise((r) => setTimeout(r, 20));
      // Asked of the server once each: the page's load took the early downloads over, headers and all.
      expect(s.asked.filter((p) => p === `/studies/${STUDY}/series/${SEG}`)).toHaveLength(1);
      expect(s.asked.filter((p) => p === `/studies/${STUDY}/series/${RT}`)).toHaveLength(1);
      expect(decoded.keys).toEqual([`series:${SEG}`, `series:${RT}`]);
      expect(last.series.find((x) => x.modality === 'SEG')?.instances?.map((i) => [i.sopInstanceUID, i.header?.referencedSeriesUIDs])).toEqual([[decoded.sop, [CT]]]);
    } finally {
      decoded.worker = undefined;
    }
  });

  it("a link naming the SEG: the study's row and full series list wait for the SEG's first bytes (a server reads files for them)", async () => {
    let send = (): void => undefined;
    const segSent = new Promise<void>((r) => (send = r));
    const s = server('answers', { segSent });
    decodeThrough(s, (o) => s.client.instancePieces(STUDY, o.seriesUID, o.sopUID, () => undefined, undefined, o.onProgress).then(() => undefined));
    const fullList = `/studies/${STUDY}/series`;
    try {
      s.release();
      askStudyEarly(s.client, STUDY, [SEG]);
      await vi.waitFor(() => expect(s.asked).toContain(`/studies/${STUDY}/series/${SEG}`));
      // The image series' own list goes at once; the full one waits while the server has not sent the SEG.
      await new Promise((r) => setTimeout(r, 100));
      expect(s.asked.some((p) => p.startsWith(`/studies/${STUDY}/series?Modality=`))).toBe(true);
      expect(s.asked).not.toContain(fullList);
      // The study's own row too (a server reads one of its files for it).
      expect(s.asked.some((p) => p.startsWith('/studies?'))).toBe(false);
      send();
      await vi.waitFor(() => expect(s.asked).toContain(fullList));
      expect(s.asked.filter((p) => p.startsWith('/studies?'))).toHaveLength(1);
      // The page takes that answer: asked once.
      await loadStudy(s.client, STUDY, undefined, undefined, [SEG]);
      expect(s.asked.filter((p) => p === fullList)).toHaveLength(1);
    } finally {
      decoded.worker = undefined;
    }
  });

  it('a link naming the SEG: listed beside the image series from its own query and downloaded before the full list comes', async () => {
    const s = server('answers', { rtstruct: true });
    decodeThrough(s);
    try {
      askStudyEarly(s.client, STUDY, [SEG]);
      const seen: StudyInfo[] = [];
      const done = loadStudy(s.client, STUDY, undefined, (st) => seen.push(st), [SEG]);
      // The full list is held back by the server: the SEG is in the partial study all the same, its header read.
      await vi.waitFor(() => expect(seen.some((st) => st.partial && st.series.find((x) => x.seriesUID === SEG)?.instances?.[0]?.header)).toBe(true));
      expect(s.asked.filter((p) => p.includes(RT))).toEqual([]);
      s.release();
      const last = await done;
      // Listed once, downloaded once; the RTSTRUCT after it, as for any link naming the SEG.
      expect(last.series.map((x) => x.modality)).toEqual(['CT', 'SEG', 'RTSTRUCT']);
      expect(s.asked.filter((p) => p === `/studies/${STUDY}/series/${SEG}`)).toHaveLength(1);
      expect(s.asked.filter((p) => p.startsWith(`/studies/${STUDY}/series?SeriesInstanceUID=`))).toHaveLength(1);
      expect(decoded.keys.filter((k) => k === `series:${SEG}`)).toHaveLength(1);
      expect(last.series.find((x) => x.seriesUID === SEG)?.instances?.map((i) => i.sopInstanceUID)).toEqual([decoded.sop]);
    } finally {
      decoded.worker = undefined;
    }
  });

  it("a link naming the SEG: retrieved once the image series' list comes without it, before its own query answers", async () => {
    let answer = (): void => undefined;
    const s = server('answers', { byUidHeld: new Promise<void>((r) => (answer = r)) });
    decodeThrough(s);
    try {
      askStudyEarly(s.client, STUDY, [SEG]);
      // Its own query is held by the server (as Orthanc reads the SEG's file for it): the retrieve goes all the same.
      await vi.waitFor(() => expect(s.asked).toContain(`/studies/${STUDY}/series/${SEG}`));
      answer();
      s.release();
      const last = await loadStudy(s.client, STUDY, undefined, undefined, [SEG]);
      // Taken over by the page: retrieved once, named by its header.
      expect(s.asked.filter((p) => p === `/studies/${STUDY}/series/${SEG}`)).toHaveLength(1);
      expect(decoded.keys.filter((k) => k === `series:${SEG}`)).toHaveLength(1);
      expect(last.series.find((x) => x.seriesUID === SEG)?.instances?.map((i) => i.sopInstanceUID)).toEqual([decoded.sop]);
    } finally {
      decoded.worker = undefined;
    }
  });

  it('a link naming a SEG series of two instances: the retrieve started ahead stops when its own query says so', async () => {
    let answer = (): void => undefined;
    const s = server('answers', { byUidHeld: new Promise<void>((r) => (answer = r)), segInstances: 2 });
    const signals: AbortSignal[] = [];
    decodeThrough(s, downloadUntilAborted(signals));
    try {
      askStudyEarly(s.client, STUDY, [SEG]);
      await vi.waitFor(() => expect(decoded.keys).toEqual([`series:${SEG}`]));
      expect(signals.map((x) => x.aborted)).toEqual([false]);
      answer();
      await vi.waitFor(() => expect(signals.map((x) => x.aborted)).toEqual([true]));
    } finally {
      decoded.worker = undefined;
    }
  });

  it("a link naming a SEG series of two instances whose own query answers before the image list: nothing is retrieved whole", async () => {
    let images = (): void => undefined;
    const s = server('answers', { imagesHeld: new Promise<void>((r) => (images = r)), segInstances: 2 });
    vi.spyOn(s.client, 'workerOptions').mockReturnValue({ root: ROOT, retries: 0 });
    decoded.keys.length = 0;
    forgetEarlyObjects();
    askStudyEarly(s.client, STUDY, [SEG]);
    await vi.waitFor(() => expect(s.asked.some((p) => p.startsWith(`/studies/${STUDY}/series?SeriesInstanceUID=${SEG}`))).toBe(true));
    // Its own query has answered (two instances) before the image list comes.
    await new Promise((r) => setTimeout(r, 50));
    images();
    await vi.waitFor(() => expect(s.asked).toContain(`/studies/${STUDY}/series/${CT}/metadata`));
    await new Promise((r) => setTimeout(r, 50));
    expect(s.asked).not.toContain(`/studies/${STUDY}/series/${SEG}`);
    expect(decoded.keys).toEqual([]);
  });

  it('a link naming the CT: the image list holds it, so it is never retrieved whole', async () => {
    const s = server('answers');
    vi.spyOn(s.client, 'workerOptions').mockReturnValue({ root: ROOT, retries: 0 });
    decoded.keys.length = 0;
    forgetEarlyObjects();
    s.release();
    askStudyEarly(s.client, STUDY, [CT]);
    await vi.waitFor(() => expect(s.asked).toContain(`/studies/${STUDY}/series/${CT}/metadata`));
    await vi.waitFor(() => expect(s.asked.some((p) => p.startsWith(`/studies/${STUDY}/series?SeriesInstanceUID=${CT}`))).toBe(true));
    await new Promise((r) => setTimeout(r, 50));
    expect(s.asked).not.toContain(`/studies/${STUDY}/series/${CT}`);
    expect(decoded.keys).toEqual([]);
  });

  it('a study left: the early downloads the page took over are cancelled with its own', async () => {
    const s = server('answers', { segSent: new Promise(() => undefined) });
    const signals: AbortSignal[] = [];
    decodeThrough(s, downloadUntilAborted(signals));
    try {
      askStudyEarly(s.client, STUDY);
      s.release();
      await vi.waitFor(() => expect(decoded.keys).toEqual([`series:${SEG}`]));
      const page = new AbortController();
      const done = loadStudy(s.client, STUDY, page.signal).catch(() => undefined);
      // Taken over (not downloaded again), then the study is left.
      await new Promise((r) => setTimeout(r, 50));
      expect(decoded.keys).toEqual([`series:${SEG}`]);
      expect(signals.map((x) => x.aborted)).toEqual([false]);
      page.abort();
      await Promise.race([done, new Promise((r) => setTimeout(r, 500))]);
      expect(signals.map((x) => x.aborted)).toEqual([true]);
    } finally {
      decoded.worker = undefined;
    }
  });

  it('an early download that failed (a 429) is taken over with its failure, not asked of the server again', async () => {
    const s = server('answers', { rtstruct: true });
    let rtAsked = 0;
    decodeThrough(s, (o) => {
      if (o.seriesUID !== RT) return s.client.instancePieces(STUDY, o.seriesUID, o.sopUID, () => undefined).then(() => undefined);
      rtAsked++;
      return Promise.reject(new Error('the server answered 429 (asks to retry in 60 min)'));
    });
    try {
      askStudyEarly(s.client, STUDY);
      s.release();
      await vi.waitFor(() => expect(rtAsked).toBe(1));
      await new Promise((r) => setTimeout(r, 20));
      const last = await loadStudy(s.client, STUDY);
      await vi.waitFor(() => expect(last.series.find((x) => x.modality === 'RTSTRUCT')?.instances?.[0]?.error).toBeDefined());
      expect(rtAsked).toBe(1);
    } finally {
      decoded.worker = undefined;
    }
  });

  it('a server that rejects the modality list: the full list is waited for, and nothing is published as partial', async () => {
    const s = server('rejects');
    const seen: StudyInfo[] = [];
    const done = loadStudy(s.client, STUDY, undefined, (st) => seen.push(st));
    await new Promise((r) => setTimeout(r, 50));
    expect(seen).toEqual([]);
    s.release();
    const last = await done;
    expect(summary(last)).toEqual(['CT 3 images', 'SEG']);
    expect(seen.some((st) => st.partial)).toBe(false);
  });
});
