// A derived object downloaded by the decode worker itself: the same client as the page's (root, token, retries,
// stall watch), its pieces put straight where they are decoded. Read on the page, a 173 MB SEG came at 60 MB/s
// or less: the response is drained only when the page's main thread is free, and it was busy drawing the images.
import { DicomwebClient } from '../dicomweb/client';
import { DicomwebError } from '../dicomweb/errors';
import { ALL_DOWNLOADS, type DecodeRequest, type DecodeResponse, type WireTiming } from './protocol';

type FetchRequest = Extract<DecodeRequest, { kind: 'fetch' }>;

/** What the decode worker asks its downloader (download.worker.ts): the page's 'fetch' and 'fetch-abort'. */
export type DownloadRequest = FetchRequest | Extract<DecodeRequest, { kind: 'fetch-abort' }>;

/**
 * What the downloader tells the decode worker about the object `key`: pieces that came, a download that starts
 * over, a message for the page ('answer': progress), and the end ('done': the page's answer, success or failure).
 */
export type DownloadMessage =
  | { kind: 'pieces'; key: string; pieces: Uint8Array[]; length: number | null }
  | { kind: 'restart'; key: string }
  | { kind: 'answer'; key: string; msg: DecodeResponse }
  | { kind: 'done'; key: string; msg: DecodeResponse };

/** Where the pieces go (the worker's held objects). */
export interface ObjectSink {
  /** the next piece (`length`: the whole object's, when known) */
  piece(piece: Uint8Array, length: number | null): void;
  /** what came so far may be looked at (its header read, segments drawn): every few MB, or 100 ms */
  look(): void;
  /** the download starts over: forget the pieces */
  restart(): void;
}

/** What came is looked at after this much more (or after LOOK_MS): each look reads from what came. */
const LOOK_BYTES = 4 * 1024 * 1024;
const LOOK_MS = 100;

/** One client per set of options, as on the page: a client's state (e.g. a used-up quota) is per server. */
const clients = new Map<string, DicomwebClient>();
/** Downloads under way, by object key. */
const downloads = new Map<string, AbortController>();

/** Downloads `req`'s object into `sink`; resolves with its size, rejects with the client's error. */
export async function fetchObject(req: FetchRequest, sink: ObjectSink, post: (msg: DecodeResponse) => void): Promise<number> {
  const id = JSON.stringify(req.client);
  let client = clients.get(id);
  if (!client) clients.set(id, (client = new DicomwebClient(req.client)));
  downloads.get(req.key)?.abort();
  const ac = new AbortController();
  downloads.set(req.key, ac);
  let unseen = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let step = -1;
  const look = (): void => {
    clearTimeout(timer);
    timer = undefined;
    unseen = 0;
    sink.look();
  };
  try {
    const bytes = await client.instancePieces(
      req.studyUID,
      req.seriesUID,
      req.sopUID,
      (piece, length) => {
        sink.piece(piece, length);
        unseen += piece.length;
        if (unseen >= LOOK_BYTES) look();
        else timer ??= setTimeout(look, LOOK_MS);
      },
      ac.signal,
      (received, total) => {
        // The page shows 1% steps (or MB without a length): no more messages than that.
        const s = total ? Math.floor((100 * Math.min(received, total)) / total) : Math.floor(received / 1e6);
        if (s === step) return;
        step = s;
        post({ id: req.id, ok: true, kind: 'progress', received, total });
      },
      () => {
        clearTimeout(timer);
        timer = undefined;
        unseen = 0;
        step = -1;
        sink.restart();
      },
    );
    look();
    return bytes;
  } finally {
    clearTimeout(timer);
    if (downloads.get(req.key) === ac) downloads.delete(req.key);
  }
}

/** Stops the download of `key` (every download: ALL_DOWNLOADS), if under way (its fetchObject rejects with an AbortError). */
export function abortFetch(key: string): void {
  if (key === ALL_DOWNLOADS) for (const ac of downloads.values()) ac.abort();
  else downloads.get(key)?.abort();
}

/** A failed download as the page's answer: the client's error kind, status and URL with it. */
export function fetchFailure(req: FetchRequest, e: unknown): DecodeResponse {
  const err = e instanceof Error ? e : new Error(String(e));
  const download = e instanceof DicomwebError ? { kind: e.kind, status: e.status, url: e.url } : null;
  return { id: req.id, ok: false, error: { object: req.name, message: err.message, name: err.name }, download };
}

/** The Resource Timing of the last download of instance `sopUID` in this worker (read by `npm run bench`). */
export function wireTiming(req: { seriesUID: string; sopUID: string | null }): WireTiming | null {
  const tail = req.sopUID ? `/instances/${req.sopUID}` : `/series/${req.seriesUID}`;
  const e = performance
    .getEntriesByType('resource')
    .filter((x) => x.name.endsWith(tail))
    .pop() as PerformanceResourceTiming | undefined;
  if (!e) return null;
  return { url: e.name, timeOrigin: performance.timeOrigin, startMs: e.startTime, firstByteMs: e.responseStart, lastByteMs: e.responseEnd, encoded: e.encodedBodySize, decoded: e.decodedBodySize };
}
