// The client against a fake fetch that fails the way real servers and proxies do: statuses with and without
// Retry-After, bodies cut short or broken off, stalls, web pages where DICOM was expected, a server that is down.
import { describe, expect, it } from 'vitest';
import { DicomwebClient } from './client';
import { DicomwebError } from './errors';
import { parseRetryAfter } from './retryPolicy';

const ROOT = 'http://127.0.0.1:1/dw';
const enc = new TextEncoder();
const BOUNDARY = 'b0undary';
const MP = `multipart/related; type="application/dicom"; boundary=${BOUNDARY}`;

/** A one-part multipart body with its part's Content-Length, as our server and Orthanc send it. */
function multipart(body: Uint8Array): Uint8Array<ArrayBuffer> {
  const head = enc.encode(`--${BOUNDARY}\r\nContent-Type: application/dicom\r\nContent-Length: ${body.length}\r\n\r\n`);
  const tail = enc.encode(`\r\n--${BOUNDARY}--\r\n`);
  const out = new Uint8Array(head.length + body.length + tail.length);
  out.set(head);
  out.set(body, head.length);
  out.set(tail, head.length + body.length);
  return out;
}

/** A body of `chunks`, then: end, an error (connection reset) or nothing more (a stall, until aborted). */
function streamed(chunks: Uint8Array[], then: 'end' | 'reset' | 'stall', signal?: AbortSignal | null): ReadableStream<Uint8Array> {
  let i = 0;
  return new ReadableStream<Uint8Array>({
    pull(ctl) {
      if (i < chunks.length) {
        ctl.enqueue(chunks[i++]);
        return;
      }
      if (then === 'end') ctl.close();
      else if (then === 'reset') ctl.error(new TypeError('network error'));
      else
        return new Promise<void>((_r, reject) => {
          signal?.addEventListener('abort', () => {
            const e = new DOMException('aborted', 'AbortError');
            ctl.error(e);
            reject(e);
          });
        });
    },
  });
}

type Answer = (init: RequestInit | undefined) => Response | Promise<Response>;

/** A fake fetch that gives the answers in turn (the last one again when they run out) and counts calls. */
function fake(...answers: Answer[]): { fetchImpl: typeof fetch; calls: () => number } {
  let n = 0;
  const fetchImpl = ((_url: RequestInfo | URL, init?: RequestInit) => {
    const a = answers[Math.min(n, answers.length - 1)];
    n++;
    if (init?.signal?.aborted) return Promise.reject(new DOMException('aborted', 'AbortError'));
    return Promise.resolve(a(init));
  }) as typeof fetch;
  return { fetchImpl, calls: () => n };
}

const json200: Answer = () => new Response('[]', { status: 200, headers: { 'Content-Type': 'application/dicom+json' } });
const client = (f: { fetchImpl: typeof fetch }, o: Partial<ConstructorParameters<typeof DicomwebClient>[0]> = {}) =>
  new DicomwebClient({ root: ROOT, name: 'Test PACS', backoffMs: 1, retries: 3, ...f, ...o });

describe('Retry-After', () => {
  it('reads delay-seconds and HTTP-dates (the three date forms of RFC 9110)', () => {
    const now = Date.parse('Sun, 06 Nov 1994 08:49:00 GMT');
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('0', now)).toBe(0);
    expect(parseRetryAfter('Sun, 06 Nov 1994 08:49:37 GMT', now)).toBe(37_000);
    expect(parseRetryAfter('Sunday, 06-Nov-94 08:49:37 GMT', now)).toBe(37_000);
    expect(parseRetryAfter('Sun Nov  6 08:49:37 1994', now) !== null).toBe(true);
    // A date in the past means now.
    expect(parseRetryAfter('Sun, 06 Nov 1994 08:48:00 GMT', now)).toBe(0);
    for (const bad of [null, '', '-1', '1.5', 'soon']) expect(parseRetryAfter(bad, now)).toBeNull();
  });

  it('waits as long as a 503 asks (seconds), then succeeds', async () => {
    const f = fake(() => new Response('busy', { status: 503, headers: { 'Retry-After': '1' } }), json200);
    const t0 = Date.now();
    expect(await client(f).searchStudies()).toEqual([]);
    expect(f.calls()).toBe(2);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(950);
  });

  it('waits until the HTTP-date a 429 names', async () => {
    const at = new Date(Date.now() + 1500).toUTCString();
    const f = fake(() => new Response('slow down', { status: 429, headers: { 'Retry-After': at } }), json200);
    const t0 = Date.now();
    expect(await client(f).searchStudies()).toEqual([]);
    // HTTP-dates have whole seconds: between 0.5 and 1.5 s from now.
    expect(Date.now() - t0).toBeGreaterThanOrEqual(400);
  });

  it('beyond the cap: no wait, no retry, and the message says when to retry', async () => {
    const f = fake(() => new Response('', { status: 503, headers: { 'Retry-After': '3600' } }));
    const err = await client(f, { maxRetryAfterMs: 10_000 }).searchStudies().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DicomwebError);
    expect((err as DicomwebError).message).toMatch(/^Test PACS answered 503 for \/dw\/studies and asks to retry in 60 min \(at \d\d:\d\d:\d\d\)/);
    expect(f.calls()).toBe(1);
  });
});

describe('statuses', () => {
  it('a 500 that stays is asked 1 + retries times, and named with the server and the request', async () => {
    const f = fake(() => new Response('', { status: 500 }));
    await expect(client(f).seriesMetadata('1.2.3', '4.5.6')).rejects.toThrow(/^Test PACS answered 500 for \/dw\/studies\/1\.2\.3\/series\/4\.5\.6\/metadata \(4 attempts\)/);
    expect(f.calls()).toBe(4);
  });

  it('a 429 with a body or Retry-After is a throttle (retried); a bare one from another host is retried, then said to look like a daily quota', async () => {
    const bare = fake(() => new Response(null, { status: 429 }));
    await expect(client(bare).searchStudies()).rejects.toThrow(/without saying when to retry, as IDC's public proxy does when a daily download quota is used up/);
    expect(bare.calls()).toBe(4);
    const said = fake(() => new Response('rate limited', { status: 429 }));
    await expect(client(said).searchStudies()).rejects.toThrow(/answered 429 \(too many requests\).*\(4 attempts\)/);
  });

  it('a 4xx is not retried', async () => {
    const f = fake(() => new Response('no', { status: 400 }));
    await expect(client(f).searchStudies()).rejects.toThrow(/answered 400/);
    expect(f.calls()).toBe(1);
  });
});

describe('broken bodies', () => {
  it('a JSON body cut short (no closing bracket) is retried', async () => {
    const f = fake(() => new Response('[{"0020000D":', { status: 200, headers: { 'Content-Type': 'application/dicom+json' } }), json200);
    expect(await client(f).searchStudies()).toEqual([]);
    expect(f.calls()).toBe(2);
  });

  it('fewer bytes than Content-Length is retried', async () => {
    const whole = multipart(new Uint8Array(1000).fill(7));
    const f = fake(
      // Complete-looking (closing boundary there) but shorter than the length the server declared.
      () => new Response(whole, { status: 200, headers: { 'Content-Type': MP, 'Content-Length': String(whole.length + 100) } }),
      () => new Response(whole, { status: 200, headers: { 'Content-Type': MP, 'Content-Length': String(whole.length) } }),
    );
    const body = await client(f).instance('1', '2', '3');
    expect(body.length).toBe(1000);
    expect(f.calls()).toBe(2);
  });

  it('a multipart answer without its closing boundary is retried, and said when it stays so', async () => {
    const whole = multipart(new Uint8Array(100).fill(1));
    const cut = whole.subarray(0, whole.length - 12);
    const f = fake(() => new Response(cut.slice(), { status: 200, headers: { 'Content-Type': MP } }));
    await expect(client(f).instance('1', '2', '3')).rejects.toThrow(/Test PACS sent .* cut short: the multipart answer ends without its closing boundary.*\(4 attempts\)/);
    expect(f.calls()).toBe(4);
  });

  it('a connection reset mid-body is retried', async () => {
    const whole = multipart(new Uint8Array(5000).fill(3));
    const f = fake(
      () => new Response(streamed([whole.subarray(0, 2000)], 'reset'), { status: 200, headers: { 'Content-Type': MP } }),
      () => new Response(whole, { status: 200, headers: { 'Content-Type': MP } }),
    );
    expect((await client(f).instance('1', '2', '3')).length).toBe(5000);
    expect(f.calls()).toBe(2);
  });

  it('a server that stalls mid-body is abandoned after stallMs and asked again', async () => {
    const whole = multipart(new Uint8Array(5000).fill(3));
    const f = fake(
      (init) => new Response(streamed([whole.subarray(0, 100)], 'stall', init?.signal), { status: 200, headers: { 'Content-Type': MP } }),
      () => new Response(whole, { status: 200, headers: { 'Content-Type': MP } }),
    );
    const t0 = Date.now();
    expect((await client(f, { stallMs: 300 }).instance('1', '2', '3')).length).toBe(5000);
    expect(f.calls()).toBe(2);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(280);
  });

  it('a server that never answers is said to have stalled after 1 + retries attempts', async () => {
    const fetchImpl = ((_u: unknown, init?: RequestInit) =>
      new Promise<Response>((_r, reject) => init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))))) as typeof fetch;
    let calls = 0;
    const counted = ((u: RequestInfo | URL, i?: RequestInit) => {
      calls++;
      return fetchImpl(u, i);
    }) as typeof fetch;
    await expect(client({ fetchImpl: counted }, { stallMs: 100, retries: 2 }).searchStudies()).rejects.toThrow(/Test PACS stopped sending before answering \(nothing for 0\.1 s\) for \/dw\/studies \(3 attempts\)/);
    expect(calls).toBe(3);
  });

  it('a caller that aborts is not retried', async () => {
    const ac = new AbortController();
    const f = fake((init) => new Response(streamed([], 'stall', init?.signal), { status: 200, headers: { 'Content-Type': 'application/dicom+json' } }));
    const p = client(f).searchStudies({}, ac.signal);
    setTimeout(() => ac.abort(), 50);
    await expect(p).rejects.toThrow();
    expect(f.calls()).toBe(1);
  });
});

describe('wrong Content-Type', () => {
  const login = '<!doctype html><html><body><form action="/login">Sign in</form></body></html>';
  it('a sign-in page where DICOM JSON was expected is named as a web page and not retried', async () => {
    const f = fake(() => new Response(login, { status: 200, headers: { 'Content-Type': 'text/html; charset=utf-8' } }));
    await expect(client(f).searchStudies()).rejects.toThrow(/^Test PACS answered text\/html \(a web page: a sign-in page, or a proxy not set up for DICOMweb\?\) where DICOM JSON was expected, for \/dw\/studies/);
    expect(f.calls()).toBe(1);
  });

  it('a web page or JSON where multipart DICOM was expected, too', async () => {
    for (const type of ['text/html', 'application/json']) {
      const f = fake(() => new Response('{}', { status: 200, headers: { 'Content-Type': type } }));
      const e = (await client(f).instance('1', '2', '3').catch((x: unknown) => x)) as DicomwebError;
      expect(e.kind).toBe('wrong-type');
      expect(e.message).toContain(`answered ${type}`);
      expect(f.calls()).toBe(1);
    }
  });

  it('JSON as text/plain (a plain static server) is still read', async () => {
    const f = fake(() => new Response('[]', { status: 200, headers: { 'Content-Type': 'text/plain' } }));
    expect(await client(f).searchStudies()).toEqual([]);
  });
});

describe('a server that is down', () => {
  it('is asked 1 + retries times and said unreachable, naming server and root', async () => {
    let calls = 0;
    const fetchImpl = (async () => {
      calls++;
      throw new TypeError('Failed to fetch');
    }) as typeof fetch;
    await expect(client({ fetchImpl }).searchStudies()).rejects.toThrow(/^Cannot reach Test PACS \(http:\/\/127\.0\.0\.1:1\/dw\): Failed to fetch \(4 attempts\)\. Check the address/);
    expect(calls).toBe(4);
  });
});

describe('instancePieces when the download breaks', () => {
  const body = Uint8Array.from({ length: 20_000 }, (_v, i) => (i * 7) & 255);
  const whole = multipart(body);
  const ok: Answer = () => new Response(whole, { status: 200, headers: { 'Content-Type': MP } });
  const broken: Answer = () => new Response(streamed([whole.subarray(0, 9000)], 'reset'), { status: 200, headers: { 'Content-Type': MP } });

  it('restarts: the consumer is told to drop what it has, and ends with exactly the instance', async () => {
    const f = fake(broken, ok);
    let got: number[] = [];
    let restarts = 0;
    const n = await client(f).instancePieces('1', '2', '3', (p) => got.push(...p), undefined, undefined, () => {
      restarts++;
      got = [];
    });
    expect(restarts).toBe(1);
    expect(n).toBe(body.length);
    expect(got).toEqual(Array.from(body));
  });

  it('without a way to restart, a download that handed out pieces is not retried (they would be doubled)', async () => {
    const f = fake(broken, ok);
    const got: number[] = [];
    await expect(client(f).instancePieces('1', '2', '3', (p) => got.push(...p))).rejects.toThrow(/broke off/);
    expect(f.calls()).toBe(1);
  });

  it('a stream that ends early (no closing boundary, short of its part length) is retried from the start', async () => {
    const f = fake(() => new Response(whole.slice(0, 15_000), { status: 200, headers: { 'Content-Type': MP } }), ok);
    let got: number[] = [];
    await client(f).instancePieces('1', '2', '3', (p) => got.push(...p), undefined, undefined, () => (got = []));
    expect(got).toEqual(Array.from(body));
    expect(f.calls()).toBe(2);
  });
});
