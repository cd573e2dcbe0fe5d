// The DICOMweb client: QIDO-RS and WADO-RS over fetch, with retries and readable errors.
import type { DicomJsonDataset } from './dicomJson';
import { DicomwebError, describeHttpError, shortPath } from './errors';
import { FirstPartReader, boundaryOf, hasClosingDelimiter, parseMultipart, type Part } from './multipart';
import { DEFAULT_POLICY, parseRetryAfter, retryDelay, retryableStatus, whenText, type RetryPolicy } from './retryPolicy';
import { isUnderRoot } from './auth';

export interface ClientOptions {
  /** DICOMweb root, absolute URL, without trailing slash */
  root: string;
  /** Shown in messages, e.g. "IDC" or "Orthanc" */
  name?: string;
  /** Sent as Authorization: Bearer only to requests under `root` */
  bearerToken?: string;
  retries?: number;
  /** First back-off in ms; doubles each retry */
  backoffMs?: number;
  /** Longest Retry-After we wait for; a server asking for more gets a message saying when to retry */
  maxRetryAfterMs?: number;
  /** No byte for this long: the attempt is abandoned and retried */
  stallMs?: number;
  fetchImpl?: typeof fetch;
}

export type QidoParams = Record<string, string | number | undefined>;

/** What a response must hold: DICOM JSON, or DICOM / frames (multipart/related or a single part). */
type Expect = 'json' | 'multipart' | 'any';

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(t);
      reject(signal?.reason as Error);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * One attempt's own abort signal: aborted when the caller aborts, or when no byte has come for `ms` (a stalled
 * server). `touch` on every byte received.
 */
class StallWatch {
  private readonly ac = new AbortController();
  private timer: ReturnType<typeof setTimeout> | undefined;
  stalled = false;
  private readonly onParent = (): void => this.ac.abort(this.parent?.reason);

  constructor(
    private readonly ms: number,
    private readonly parent?: AbortSignal,
  ) {
    if (parent?.aborted) this.ac.abort(parent.reason);
    parent?.addEventListener('abort', this.onParent, { once: true });
    this.touch();
  }

  get signal(): AbortSignal {
    return this.ac.signal;
  }

  touch(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.stalled = true;
      this.ac.abort(new DOMException('stalled', 'AbortError'));
    }, this.ms);
  }

  stop(): void {
    clearTimeout(this.timer);
    this.parent?.removeEventListener('abort', this.onParent);
  }
}

function isAbort(e: unknown): boolean {
  return e instanceof DOMException && e.name === 'AbortError';
}

export class DicomwebClient {
  readonly root: string;
  readonly name: string;
  readonly policy: RetryPolicy;
  private readonly token?: string;
  private readonly fetchImpl: typeof fetch;
  /** the options a copy of this client is made from in a worker; null when its fetch is not the browser's */
  private readonly portable: ClientOptions | null;
  /** Aborts every request of this client: the study or list it served was left. */
  private readonly closed = new AbortController();
  /** JSON asked for ahead of the code that reads it (see `early`): path -> its answer, taken once. */
  private readonly ahead = new Map<string, Promise<DicomJsonDataset[]>>();

  constructor(o: ClientOptions) {
    this.root = o.root.replace(/\/+$/, '');
    this.name = o.name ?? hostName(this.root);
    this.token = o.bearerToken;
    this.policy = {
      retries: o.retries ?? DEFAULT_POLICY.retries,
      backoffMs: o.backoffMs ?? DEFAULT_POLICY.backoffMs,
      maxRetryAfterMs: o.maxRetryAfterMs ?? DEFAULT_POLICY.maxRetryAfterMs,
      stallMs: o.stallMs ?? DEFAULT_POLICY.stallMs,
    };
    this.fetchImpl = o.fetchImpl ?? ((...a: Parameters<typeof fetch>) => fetch(...a));
    this.portable = o.fetchImpl ? null : { root: this.root, name: this.name, bearerToken: this.token, ...this.policy };
  }

  /**
   * What a worker needs to make the same client (root, name, token, retry policy): a worker that downloads a big
   * object itself keeps its bytes off the page's main thread. Null for a client that reads through its own fetch
   * (local files): only the page can answer those requests.
   */
  workerOptions(): ClientOptions | null {
    return this.portable && { ...this.portable };
  }

  /** Authorization headers for a URL: only URLs under our root (same origin, path below it) get the token. */
  headersFor(url: string): Record<string, string> {
    return this.token && isUnderRoot(url, this.root) ? { Authorization: `Bearer ${this.token}` } : {};
  }

  /** Cancels every request in flight and every later one (their promises reject with an AbortError). */
  close(): void {
    this.closed.abort();
  }

  /**
   * One request with bounded retries: network errors, 5xx, 429 (waiting as long as Retry-After asks, up to
   * `maxRetryAfterMs`), a stalled server (no byte for `stallMs`) and a body cut short are asked again, with
   * doubling back-off. A 4xx or a response of the wrong type is not. `read` reads the body (it is part of the
   * attempt: a body that breaks is retried); `mayRetry` is asked before a retry once `read` has begun.
   */
  private async attempt<T>(
    path: string,
    accept: string,
    expect: Expect,
    asked: AbortSignal | undefined,
    read: (res: Response, watch: StallWatch, url: string) => Promise<T>,
    mayRetry?: () => boolean,
  ): Promise<T> {
    const signal = asked ? AbortSignal.any([asked, this.closed.signal]) : this.closed.signal;
    const url = path.startsWith('http') ? path : `${this.root}${path}`;
    const { retries } = this.policy;
    let last: DicomwebError | undefined;
    let wait = 0;
    let used = false;
    for (let n = 1; n <= retries + 1; n++) {
      if (n > 1) {
        await sleep(wait, signal);
        if (used && mayRetry && !mayRetry()) break;
      }
      wait = retryDelay(this.policy, n, null);
      const watch = new StallWatch(this.policy.stallMs, signal);
      try {
        let res: Response;
        try {
          res = await this.fetchImpl(url, { headers: { Accept: accept, ...this.headersFor(url) }, signal: watch.signal });
        } catch (e) {
          if (signal?.aborted) throw e;
          last = watch.stalled
            ? this.stalledError(url, n, 'before answering')
            : new DicomwebError(
                'unreachable',
                `Cannot reach ${this.name} (${this.root}): ${(e as Error).message || 'network error'}${n > 1 ? ` (${n} attempts)` : ''}. Check the address and that the server is running.`,
                undefined,
                url,
              );
          continue;
        }
        watch.touch();
        if (!res.ok) {
          const body = await readText(res, watch).catch(() => '');
          const retryAfter = res.headers.get('retry-after');
          last = describeHttpError(res.status, url, this.name, body, retryAfter, n);
          if (!retryableStatus(res.status, url, retryAfter, body)) throw last;
          const asked = parseRetryAfter(retryAfter);
          if (asked !== null && asked > this.policy.maxRetryAfterMs) {
            throw new DicomwebError(
              'throttled',
              `${this.name} answered ${res.status} for ${shortPath(url)} and asks to retry ${whenText(asked)}. Retry then.`,
              res.status,
              url,
            );
          }
          wait = retryDelay(this.policy, n, asked);
          continue;
        }
        this.checkType(res, expect, url);
        used = true;
        return await read(res, watch, url);
      } catch (e) {
        if (signal?.aborted) throw e;
        if (e instanceof DicomwebError) {
          if (e.kind !== 'truncated' && e.kind !== 'stalled') throw e;
          last = e;
        } else if (watch.stalled) last = this.stalledError(url, n, 'while sending');
        else if (e instanceof TypeError || isAbort(e)) {
          // The body broke off (connection reset, length mismatch): the browser says only "network error".
          last = new DicomwebError('truncated', `${this.name} broke off its answer for ${shortPath(url)}: ${(e as Error).message || 'network error'}`, undefined, url);
        } else throw e;
      } finally {
        watch.stop();
      }
    }
    throw withAttempts(last as DicomwebError, retries + 1);
  }

  private stalledError(url: string, n: number, when: string): DicomwebError {
    return new DicomwebError(
      'stalled',
      `${this.name} stopped sending ${when} (nothing for ${seconds(this.policy.stallMs)} s) for ${shortPath(url)}${n > 1 ? ` (${n} attempts)` : ''}.`,
      undefined,
      url,
    );
  }

  /** A login page or a misconfigured proxy answers 200 with HTML: said as such, never parsed, not retried. */
  private checkType(res: Response, expect: Expect, url: string): void {
    if (res.status === 204 || expect === 'any') return;
    const type = (res.headers.get('content-type') ?? '').trim();
    if (!type) return;
    // JSON may come as text/plain from a plain web server; a web page, XML or binary data never is DICOM JSON.
    const ok = expect === 'json' ? !/html|xml|multipart|image\/|application\/dicom(\s*;|\s*$)|octet-stream/i.test(type) : !/^text\/|json|html|xml/i.test(type);
    if (ok) return;
    const what = expect === 'json' ? 'DICOM JSON' : 'DICOM data (multipart/related)';
    const hint = /html/i.test(type) ? ' (a web page: a sign-in page, or a proxy not set up for DICOMweb?)' : '';
    throw new DicomwebError(
      'wrong-type',
      `${this.name} answered ${type.split(';')[0]}${hint} where ${what} was expected, for ${shortPath(url)}. Check the DICOMweb address.`,
      res.status,
      url,
    );
  }

  /** A response whose status is OK, with retries (for callers that read the body themselves). */
  async request(path: string, accept: string, signal?: AbortSignal): Promise<Response> {
    return this.attempt(path, accept, 'any', signal, async (res) => res);
  }

  /** The whole body, checked against its Content-Length, with retries. */
  private bytes(path: string, accept: string, expect: Expect, signal?: AbortSignal): Promise<{ bytes: Uint8Array; type: string; status: number }> {
    return this.attempt(path, accept, expect, signal, async (res, watch, url) => {
      const bytes = await readBytes(res, watch, this.name, url);
      const type = res.headers.get('content-type') ?? '';
      if (expect === 'multipart' && boundaryOf(type) && !hasClosingDelimiter(bytes, type)) {
        throw new DicomwebError('truncated', `${this.name} sent ${shortPath(url)} cut short: the multipart answer ends without its closing boundary (${bytes.length} bytes).`, undefined, url);
      }
      if (expect === 'json' && cutJson(bytes)) {
        throw new DicomwebError('truncated', `${this.name} sent ${shortPath(url)} cut short: the JSON ends before its closing bracket (${bytes.length} bytes).`, undefined, url);
      }
      return { bytes, type, status: res.status };
    });
  }

  /**
   * Asks now for what a page will ask for later: a link's study queries start while the viewer's code still loads
   * (App.tsx). The later call for the same path takes this answer, once (its failure too); nothing is asked twice.
   */
  readonly early = {
    /** `after`: asked once this settles (see searchSeries) */
    searchStudies: (params: QidoParams, after?: Promise<unknown>): void => void this.askEarly(`/studies${qs(params)}`, after),
    /** `after`: asked once this settles (the page's later call takes the answer all the same) */
    searchSeries: (studyUID: string, params: QidoParams = {}, after?: Promise<unknown>): Promise<DicomJsonDataset[]> =>
      this.askEarly(`/studies/${studyUID}/series${qs(params)}`, after),
    seriesMetadata: (studyUID: string, seriesUID: string): void => void this.askEarly(`/studies/${studyUID}/series/${seriesUID}/metadata`),
    /** The answer of a series query asked early, taken (once); null when none was asked (nothing is asked then). */
    takeSeries: (studyUID: string, params: QidoParams, signal?: AbortSignal): Promise<DicomJsonDataset[]> | null => {
      const path = `/studies/${studyUID}/series${qs(params)}`;
      return this.ahead.has(path) ? this.json(path, signal) : null;
    },
  };

  private askEarly(path: string, after?: Promise<unknown>): Promise<DicomJsonDataset[]> {
    let p = this.ahead.get(path);
    if (!p) {
      const ask = (): Promise<DicomJsonDataset[]> => this.fetchJson(path);
      p = after ? after.then(ask, ask) : ask();
      // Whoever takes it hears of a failure; until then it is no unhandled rejection.
      p.catch(() => undefined);
      this.ahead.set(path, p);
    }
    return p;
  }

  private json(path: string, signal?: AbortSignal): Promise<DicomJsonDataset[]> {
    const early = this.ahead.get(path);
    if (!early) return this.fetchJson(path, signal);
    this.ahead.delete(path);
    if (!signal) return early;
    // The caller's own cancel still works on an answer it did not ask for itself.
    return new Promise((resolve, reject) => {
      const abort = (): void => reject(signal.reason ?? new DOMException('Aborted', 'AbortError'));
      if (signal.aborted) return abort();
      signal.addEventListener('abort', abort, { once: true });
      early.then(resolve, reject).finally(() => signal.removeEventListener('abort', abort));
    });
  }

  private async fetchJson(path: string, signal?: AbortSignal): Promise<DicomJsonDataset[]> {
    const { bytes, status } = await this.bytes(path, 'application/dicom+json, application/json', 'json', signal);
    if (status === 204) return [];
    const text = new TextDecoder().decode(bytes);
    if (!text.trim()) return [];
    try {
      const parsed: unknown = JSON.parse(text);
      if (!Array.isArray(parsed)) throw new Error('not a JSON array');
      return parsed as DicomJsonDataset[];
    } catch (e) {
      throw new DicomwebError(
        'bad-response',
        `${this.name} sent a response that is not DICOM JSON for ${path}: ${(e as Error).message}`,
      );
    }
  }

  /** QIDO-RS. No includefield: IDC's proxy rejects it, and the default attributes are enough. */
  searchStudies(params: QidoParams = {}, signal?: AbortSignal): Promise<DicomJsonDataset[]> {
    return this.json(`/studies${qs(params)}`, signal);
  }
  searchSeries(studyUID: string, params: QidoParams = {}, signal?: AbortSignal): Promise<DicomJsonDataset[]> {
    return this.json(`/studies/${studyUID}/series${qs(params)}`, signal);
  }
  searchInstances(
    studyUID: string,
    seriesUID: string,
    params: QidoParams = {},
    signal?: AbortSignal,
  ): Promise<DicomJsonDataset[]> {
    return this.json(`/studies/${studyUID}/series/${seriesUID}/instances${qs(params)}`, signal);
  }

  /** WADO-RS series metadata (DICOM JSON, bulk data as BulkDataURIs). */
  seriesMetadata(studyUID: string, seriesUID: string, signal?: AbortSignal): Promise<DicomJsonDataset[]> {
    return this.json(`/studies/${studyUID}/series/${seriesUID}/metadata`, signal);
  }

  /** WADO-RS frames, in whatever transfer syntax the server stores (transfer-syntax=*). */
  async frames(
    studyUID: string,
    seriesUID: string,
    sopUID: string,
    frames: number[],
    signal?: AbortSignal,
  ): Promise<Part[]> {
    const { bytes, type } = await this.bytes(
      `/studies/${studyUID}/series/${seriesUID}/instances/${sopUID}/frames/${frames.join(',')}`,
      'multipart/related; type="application/octet-stream"; transfer-syntax=*',
      'multipart',
      signal,
    );
    return parseMultipart(bytes.buffer as ArrayBuffer, type, bytes.byteOffset, bytes.byteLength);
  }

  /** WADO-RS whole instance as Part 10 bytes. */
  async instance(studyUID: string, seriesUID: string, sopUID: string, signal?: AbortSignal): Promise<Uint8Array> {
    const { bytes, type } = await this.bytes(
      `/studies/${studyUID}/series/${seriesUID}/instances/${sopUID}`,
      'multipart/related; type="application/dicom"; transfer-syntax=*',
      'multipart',
      signal,
    );
    const parts = parseMultipart(bytes.buffer as ArrayBuffer, type, bytes.byteOffset, bytes.byteLength);
    if (!parts.length)
      throw new DicomwebError('bad-response', `${this.name} sent no DICOM part for instance ${sopUID}`);
    return parts[0].body;
  }

  /**
   * WADO-RS whole instance, handed on piece by piece as it arrives (views on the response's chunks, in order),
   * with the body's length when the part declares it (else null). SEGs come this way: the page hands the pieces
   * on to the decode worker, which puts them together, so the page never holds a SEG of hundreds of MB nor
   * allocates room for one (on this VM first writes to fresh memory cost ~3 ms per MB). Resolves with the number
   * of body bytes.
   *
   * A download that breaks after pieces were handed on is retried from the start (DICOMweb servers do not promise
   * Range requests, nor the same bytes for transfer-syntax=*): `onRestart` is called first, and the consumer must
   * drop what it has. Without `onRestart`, such a download is not retried.
   *
   * `sopUID` null: the series' retrieve (WADO-RS series), for a series of one instance whose SOP Instance UID is
   * not known yet (studyModel asks no instance QIDO for it); its first part is handed on.
   */
  async instancePieces(
    studyUID: string,
    seriesUID: string,
    sopUID: string | null,
    onPiece: (piece: Uint8Array, bodyLength: number | null) => void,
    signal?: AbortSignal,
    onProgress?: (received: number, total: number | null) => void,
    onRestart?: () => void,
  ): Promise<number> {
    let handed = 0;
    const mayRetry = (): boolean => {
      if (!handed) return true;
      if (!onRestart) return false;
      onRestart();
      handed = 0;
      return true;
    };
    return this.attempt(
      sopUID ? `/studies/${studyUID}/series/${seriesUID}/instances/${sopUID}` : `/studies/${studyUID}/series/${seriesUID}`,
      'multipart/related; type="application/dicom"; transfer-syntax=*',
      'multipart',
      signal,
      async (res, watch, url) => {
        const parts = new FirstPartReader(res.headers.get('content-type') ?? '');
        const total = declaredLength(res);
        let received = 0;
        const hand = (pieces: Uint8Array[]): void => {
          for (const p of pieces) {
            handed += p.length;
            onPiece(p, parts.bodyLength);
          }
        };
        try {
          if (!res.body) {
            const all = new Uint8Array(await res.arrayBuffer());
            received = all.length;
            hand(parts.push(all));
          } else {
            const reader = res.body.getReader();
            let sliceStart = performance.now();
            for (;;) {
              const asked = performance.now();
              const { done, value } = await reader.read();
              if (done) break;
              watch.touch();
              // A read that waited for the network ran in a task of its own; one answered at once did not.
              const now = performance.now();
              if (now - asked > 1) sliceStart = now;
              received += value.length;
              hand(parts.push(value));
              onProgress?.(received, total);
              // Chunks already received resolve at once, all in one task (on the page, from a fast server, 100+ ms):
              // let other work in after 8 ms of it. Only then: a yield per chunk halved the download's speed.
              if (performance.now() - sliceStart > 8) {
                await yieldToEventLoop();
                sliceStart = performance.now();
              }
            }
          }
          if (total !== null && received < total) throw new Error(`${received} of ${total} bytes arrived`);
          hand(parts.end());
        } catch (e) {
          if (e instanceof DicomwebError || isAbort(e) || e instanceof TypeError) throw e;
          throw new DicomwebError(
            'truncated',
            `${this.name} sent ${sopUID ? `instance …${sopUID.slice(-12)}` : `series …${seriesUID.slice(-12)}`} incomplete: ${e instanceof Error ? e.message : String(e)}`,
            undefined,
            url,
          );
        }
        return handed;
      },
      mayRetry,
    );
  }

  /** A BulkDataURI from metadata (absolute, or relative to the root). */
  async bulkData(uri: string, signal?: AbortSignal): Promise<Uint8Array> {
    const { bytes, type } = await this.bytes(uri, 'multipart/related; type="application/octet-stream"; transfer-syntax=*', 'multipart', signal);
    const parts = parseMultipart(bytes.buffer as ArrayBuffer, type, bytes.byteOffset, bytes.byteLength);
    return parts[0]?.body ?? new Uint8Array();
  }
}

/** The body's length as sent, when the header gives it for the bytes we read (not for a compressed body). */
function declaredLength(res: Response): number | null {
  if (res.headers.get('content-encoding')) return null;
  const n = Number(res.headers.get('content-length') ?? NaN);
  return Number.isFinite(n) && n > 0 ? n : null;
}

/** The whole body, the stall watch told of every chunk; fewer bytes than Content-Length is a cut. */
async function readBytes(res: Response, watch: StallWatch, server: string, url: string): Promise<Uint8Array> {
  const total = declaredLength(res);
  if (!res.body) return new Uint8Array(await res.arrayBuffer());
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let n = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    watch.touch();
    chunks.push(value);
    n += value.length;
  }
  if (total !== null && n < total) {
    throw new DicomwebError('truncated', `${server} sent ${shortPath(url)} cut short: ${n} of ${total} bytes.`, undefined, url);
  }
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(n);
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}

async function readText(res: Response, watch: StallWatch): Promise<string> {
  const bytes = await readBytes(res, watch, '', '');
  return new TextDecoder().decode(bytes.subarray(0, 4096));
}

/** A JSON array that starts but never closes: the body was cut (a parse error would say less). */
function cutJson(bytes: Uint8Array): boolean {
  let a = 0;
  while (a < bytes.length && bytes[a] <= 0x20) a++;
  if (bytes[a] !== 0x5b) return false; // '['
  let z = bytes.length - 1;
  while (z > a && bytes[z] <= 0x20) z--;
  return bytes[z] !== 0x5d; // ']'
}

function seconds(ms: number): number {
  return ms >= 10_000 ? Math.round(ms / 1000) : Number((ms / 1000).toFixed(1));
}

function withAttempts(e: DicomwebError, n: number): DicomwebError {
  return /\(\d+ attempts\)/.test(e.message) || n < 2 ? e : new DicomwebError(e.kind, `${e.message.replace(/\.$/, '')} (${n} attempts).`, e.status, e.url);
}

/**
 * Lets the page handle input and paint, then goes on. A message to ourselves rather than setTimeout(0), which
 * browsers clamp to 4 ms once nested: hundreds of those slowed a big download by seconds.
 */
function yieldToEventLoop(): Promise<void> {
  if (typeof MessageChannel === 'undefined') return new Promise((resolve) => setTimeout(resolve, 0));
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

function qs(params: QidoParams): string {
  const entries = Object.entries(params).filter(([, v]) => v !== undefined && v !== '');
  if (!entries.length) return '';
  return `?${entries.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`).join('&')}`;
}

function hostName(root: string): string {
  try {
    return new URL(root).host;
  } catch {
    return root;
  }
}
