// The DICOMweb client: QIDO-RS and WADO-RS over fetch, with retries and readable errors.
import type { DicomJsonDataset } from './dicomJson';
import { DicomwebError, describeHttpError } from './errors';
import { FirstPartReader, parseMultipart, type Part } from './multipart';
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
  fetchImpl?: typeof fetch;
}

export type QidoParams = Record<string, string | number | undefined>;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export class DicomwebClient {
  readonly root: string;
  readonly name: string;
  private readonly token?: string;
  private readonly retries: number;
  private readonly backoffMs: number;
  private readonly fetchImpl: typeof fetch;
  /** Aborts every request of this client: the study or list it served was left. */
  private readonly closed = new AbortController();

  constructor(o: ClientOptions) {
    this.root = o.root.replace(/\/+$/, '');
    this.name = o.name ?? hostName(this.root);
    this.token = o.bearerToken;
    this.retries = o.retries ?? 3;
    this.backoffMs = o.backoffMs ?? 500;
    this.fetchImpl = o.fetchImpl ?? ((...a: Parameters<typeof fetch>) => fetch(...a));
  }

  /** Authorization headers for a URL: only URLs under our root (same origin, path below it) get the token. */
  headersFor(url: string): Record<string, string> {
    return this.token && isUnderRoot(url, this.root) ? { Authorization: `Bearer ${this.token}` } : {};
  }

  /** Cancels every request in flight and every later one (their promises reject with an AbortError). */
  close(): void {
    this.closed.abort();
  }

  async request(path: string, accept: string, asked?: AbortSignal): Promise<Response> {
    const signal = asked ? AbortSignal.any([asked, this.closed.signal]) : this.closed.signal;
    const url = path.startsWith('http') ? path : `${this.root}${path}`;
    let lastError: DicomwebError | undefined;
    for (let attempt = 0; attempt <= this.retries; attempt++) {
      if (attempt > 0) await sleep(this.backoffMs * 2 ** (attempt - 1));
      let res: Response;
      try {
        res = await this.fetchImpl(url, { headers: { Accept: accept, ...this.headersFor(url) }, signal });
      } catch (e) {
        if (signal?.aborted) throw e;
        lastError = new DicomwebError(
          'unreachable',
          `Cannot reach ${this.name} (${this.root}): ${(e as Error).message || 'network error'}. Check the address and that the server is running.`,
          undefined,
          url,
        );
        continue;
      }
      if (res.ok) return res;
      const body = await res.text().catch(() => '');
      lastError = describeHttpError(res.status, url, this.name, body);
      const retryable = res.status >= 500 || res.status === 429;
      if (!retryable) throw lastError;
    }
    throw lastError as DicomwebError;
  }

  private async json(path: string, signal?: AbortSignal): Promise<DicomJsonDataset[]> {
    const res = await this.request(path, 'application/dicom+json, application/json', signal);
    if (res.status === 204) return [];
    const text = await res.text();
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

  /**
   * WADO-RS series metadata as raw bytes, for parsing elsewhere (a worker): a SEG's metadata can be megabytes
   * of JSON that would block the page while parsed.
   */
  async seriesMetadataBytes(studyUID: string, seriesUID: string, signal?: AbortSignal): Promise<ArrayBuffer> {
    const res = await this.request(
      `/studies/${studyUID}/series/${seriesUID}/metadata`,
      'application/dicom+json, application/json',
      signal,
    );
    return res.status === 204 ? new ArrayBuffer(0) : res.arrayBuffer();
  }

  /** WADO-RS frames, in whatever transfer syntax the server stores (transfer-syntax=*). */
  async frames(
    studyUID: string,
    seriesUID: string,
    sopUID: string,
    frames: number[],
    signal?: AbortSignal,
  ): Promise<Part[]> {
    const res = await this.request(
      `/studies/${studyUID}/series/${seriesUID}/instances/${sopUID}/frames/${frames.join(',')}`,
      'multipart/related; type="application/octet-stream"; transfer-syntax=*',
      signal,
    );
    return parseMultipart(await res.arrayBuffer(), res.headers.get('content-type') ?? '');
  }

  /** WADO-RS whole instance as Part 10 bytes. */
  async instance(studyUID: string, seriesUID: string, sopUID: string, signal?: AbortSignal): Promise<Uint8Array> {
    const res = await this.request(
      `/studies/${studyUID}/series/${seriesUID}/instances/${sopUID}`,
      'multipart/related; type="application/dicom"; transfer-syntax=*',
      signal,
    );
    const body = await res.arrayBuffer();
    const parts = parseMultipart(body, res.headers.get('content-type') ?? '');
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
   */
  async instancePieces(
    studyUID: string,
    seriesUID: string,
    sopUID: string,
    onPiece: (piece: Uint8Array, bodyLength: number | null) => void,
    signal?: AbortSignal,
    onProgress?: (received: number, total: number | null) => void,
  ): Promise<number> {
    const res = await this.request(
      `/studies/${studyUID}/series/${seriesUID}/instances/${sopUID}`,
      'multipart/related; type="application/dicom"; transfer-syntax=*',
      signal,
    );
    const parts = new FirstPartReader(res.headers.get('content-type') ?? '');
    const length = Number(res.headers.get('content-length'));
    const total = Number.isFinite(length) && length > 0 ? length : null;
    let received = 0;
    let body = 0;
    const hand = (pieces: Uint8Array[]): void => {
      for (const p of pieces) {
        body += p.length;
        onPiece(p, parts.bodyLength);
      }
    };
    try {
      if (!res.body) hand(parts.push(new Uint8Array(await res.arrayBuffer())));
      else {
        const reader = res.body.getReader();
        let sliceStart = performance.now();
        for (;;) {
          const asked = performance.now();
          const { done, value } = await reader.read();
          if (done) break;
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
      hand(parts.end());
    } catch (e) {
      if (e instanceof DicomwebError || (e instanceof DOMException && e.name === 'AbortError')) throw e;
      throw new DicomwebError(
        'bad-response',
        `${this.name} sent instance ${sopUID} incomplete: ${e instanceof Error ? e.message : String(e)}`,
      );
    }
    return body;
  }

  /** A BulkDataURI from metadata (absolute, or relative to the root). */
  async bulkData(uri: string, signal?: AbortSignal): Promise<Uint8Array> {
    const res = await this.request(
      uri,
      'multipart/related; type="application/octet-stream"; transfer-syntax=*',
      signal,
    );
    const parts = parseMultipart(await res.arrayBuffer(), res.headers.get('content-type') ?? '');
    return parts[0]?.body ?? new Uint8Array();
  }
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
