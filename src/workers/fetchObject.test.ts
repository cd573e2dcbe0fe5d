// The decode worker's own download of a derived object: every byte reaches the sink in order, a download that
// breaks starts over (the sink told to forget), a server's refusal comes back as the client's error kind, and the
// study's close stops it. The server is a fake fetch (the client's own fault handling is clientFaults.test.ts).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { abortFetch, fetchFailure, fetchObject } from './fetchObject';
import { ALL_DOWNLOADS } from './protocol';
import type { DecodeRequest, DecodeResponse } from './protocol';

const enc = new TextEncoder();
const BOUNDARY = 'b0undary';
const MP = `multipart/related; type="application/dicom"; boundary=${BOUNDARY}`;

/** 5 MB that say where they are (byte i = i mod 251), with the boundary's first bytes inside as a SEG may have. */
function object(): Uint8Array {
  const body = new Uint8Array(5 * 1024 * 1024);
  for (let i = 0; i < body.length; i++) body[i] = i % 251;
  body.set(enc.encode(`\r\n--${BOUNDARY.slice(0, 4)}`), 1000);
  return body;
}

/** One part with its Content-Length, as Orthanc and our server send it, in chunks of `size`. */
function chunked(body: Uint8Array, size: number): Uint8Array[] {
  const head = enc.encode(`--${BOUNDARY}\r\nContent-Type: application/dicom\r\nContent-Length: ${body.length}\r\n\r\n`);
  const tail = enc.encode(`\r\n--${BOUNDARY}--\r\n`);
  const all = new Uint8Array(head.length + body.length + tail.length);
  all.set(head);
  all.set(body, head.length);
  all.set(tail, head.length + body.length);
  const out: Uint8Array[] = [];
  for (let i = 0; i < all.length; i += size) out.push(all.slice(i, i + size));
  return out;
}

/** A response of `chunks`, then the end, a broken connection, or nothing more until the request is aborted. */
function response(chunks: Uint8Array[], then: 'end' | 'reset' | 'stall', signal?: AbortSignal | null): Response {
  let i = 0;
  const length = then === 'end' ? chunks.reduce((n, c) => n + c.length, 0) : undefined;
  const body = new ReadableStream<Uint8Array>({
    pull(ctl) {
      if (i < chunks.length) return ctl.enqueue(chunks[i++]);
      if (then === 'end') return ctl.close();
      if (then === 'reset') return ctl.error(new TypeError('network error'));
      return new Promise<void>((_r, reject) =>
        signal?.addEventListener('abort', () => {
          const e = new DOMException('aborted', 'AbortError');
          ctl.error(e);
          reject(e);
        }),
      );
    },
  });
  return new Response(body, { status: 200, headers: { 'Content-Type': MP, ...(length ? { 'Content-Length': String(length) } : {}) } });
}

const request = (key: string): Extract<DecodeRequest, { kind: 'fetch' }> => ({
  id: 7,
  kind: 'fetch',
  key,
  name: 'SEG "Benchmark"',
  client: { root: 'http://127.0.0.1:1/dw', name: 'Test server', retries: 2, backoffMs: 1 },
  studyUID: '1.2',
  seriesUID: '1.2.3',
  sopUID: key,
});

/** A sink that keeps what came since the last restart, and counts. */
function sink(): { got: () => Uint8Array; restarts: () => number; looks: () => number; s: Parameters<typeof fetchObject>[1] } {
  let pieces: Uint8Array[] = [];
  let restarts = 0;
  let looks = 0;
  return {
    got: () => {
      const out = new Uint8Array(pieces.reduce((n, p) => n + p.length, 0));
      let at = 0;
      for (const p of pieces) out.set(p, (at += p.length) - p.length);
      return out;
    },
    restarts: () => restarts,
    looks: () => looks,
    s: {
      piece: (p) => void pieces.push(p.slice()),
      look: () => void looks++,
      restart: () => {
        pieces = [];
        restarts++;
      },
    },
  };
}

afterEach(() => vi.unstubAllGlobals());

/** Byte for byte (toEqual on 5 MB takes seconds). */
const same = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && Buffer.compare(a, b) === 0;

describe('fetchObject (the decode worker downloads an object itself)', () => {
  it('puts every byte of the object in the sink, in order, says how far it is and lets the decoder look every few MB', async () => {
    const body = object();
    const urls: string[] = [];
    vi.stubGlobal('fetch', async (url: string) => (urls.push(url), response(chunked(body, 64 * 1024), 'end')));
    const k = sink();
    const said: DecodeResponse[] = [];
    const bytes = await fetchObject(request('1.2.3.4'), k.s, (m) => said.push(m));
    expect(urls).toEqual(['http://127.0.0.1:1/dw/studies/1.2/series/1.2.3/instances/1.2.3.4']);
    expect(bytes).toBe(body.length);
    expect(same(k.got(), body)).toBe(true);
    expect(k.restarts()).toBe(0);
    // 5 MB: one look after the first 4 MB, one at the end.
    expect(k.looks()).toBeGreaterThanOrEqual(2);
    const progress = said.filter((m) => m.ok && m.kind === 'progress') as Array<{ received: number; total: number | null }>;
    expect(progress.length).toBeGreaterThan(10);
    expect(progress.length).toBeLessThanOrEqual(101);
    expect(progress.every((m) => m.total === progress[0].total && m.total !== null && m.total > body.length)).toBe(true);
    expect(progress[progress.length - 1].received).toBe(progress[0].total);
  });

  it('starts over when the connection breaks (the sink forgets what came) and ends with the whole object', async () => {
    const body = object();
    const chunks = chunked(body, 256 * 1024);
    let calls = 0;
    vi.stubGlobal('fetch', async () => (calls++ === 0 ? response(chunks.slice(0, 8), 'reset') : response(chunks, 'end')));
    const k = sink();
    await fetchObject(request('1.2.3.5'), k.s, () => undefined);
    expect(calls).toBe(2);
    expect(k.restarts()).toBe(1);
    expect(same(k.got(), body)).toBe(true);
  });

  it("answers a server's refusal with the client's error kind, status and URL, naming the object", async () => {
    vi.stubGlobal('fetch', async () => new Response('no such instance', { status: 404, headers: { 'Content-Type': 'text/plain' } }));
    const req = request('1.2.3.6');
    const e = await fetchObject(req, sink().s, () => undefined).then(
      () => null,
      (x: unknown) => x,
    );
    const answer = fetchFailure(req, e);
    expect(answer.ok).toBe(false);
    if (answer.ok || !('download' in answer)) throw new Error('not a download failure');
    expect(answer.download?.status).toBe(404);
    expect(answer.download?.url).toContain('/instances/1.2.3.6');
    expect(answer.error.object).toBe('SEG "Benchmark"');
    expect(answer.error.message).toContain('Test server');
  });

  it('stops when the study is left (abortFetch)', async () => {
    const chunks = chunked(object(), 256 * 1024);
    vi.stubGlobal('fetch', async (_url: string, init?: RequestInit) => response(chunks.slice(0, 2), 'stall', init?.signal));
    const k = sink();
    const done = fetchObject(request('1.2.3.7'), k.s, () => undefined).then(
      () => 'finished',
      (e: Error) => e.name,
    );
    await new Promise((r) => setTimeout(r, 50));
    abortFetch('1.2.3.7');
    expect(await done).toBe('AbortError');
  });

  it('stops every download at once (ALL_DOWNLOADS: the study was left)', async () => {
    const chunks = chunked(object(), 256 * 1024);
    vi.stubGlobal('fetch', async (_url: string, init?: RequestInit) => response(chunks.slice(0, 2), 'stall', init?.signal));
    const outcome = (key: string) =>
      fetchObject(request(key), sink().s, () => undefined).then(
        () => 'finished',
        (e: Error) => e.name,
      );
    const both = Promise.all([outcome('1.2.3.7'), outcome('1.2.3.8')]);
    await new Promise((r) => setTimeout(r, 50));
    abortFetch(ALL_DOWNLOADS);
    expect(await both).toEqual(['AbortError', 'AbortError']);
  });
});
