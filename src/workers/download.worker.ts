// The decode worker's downloader, a worker of its own: a thread that only reads the response, so a big SEG comes
// as fast as the server sends it while the decode worker draws its segments (in one thread, each waited for the
// other: 173 MB took 5 s instead of 2.5 s), and neither is the page's main thread.
import { abortFetch, fetchFailure, fetchObject, wireTiming, type DownloadMessage, type DownloadRequest } from './fetchObject';

function post(msg: DownloadMessage, transfer: Transferable[] = []): void {
  (self as unknown as Worker).postMessage(msg, transfer);
}

self.onmessage = async (ev: MessageEvent<DownloadRequest>) => {
  const req = ev.data;
  if (req.kind === 'fetch-abort') return abortFetch(req.key);
  let batch: Uint8Array[] = [];
  let length: number | null = null;
  try {
    const bytes = await fetchObject(
      req,
      {
        piece: (p, l) => {
          batch.push(p);
          length = l;
        },
        // The pieces go on in batches (transferred): a message per 64 KB chunk would be thousands.
        look: () => {
          if (!batch.length) return;
          post({ kind: 'pieces', key: req.key, pieces: batch, length }, [...new Set(batch.map((p) => p.buffer as ArrayBuffer))]);
          batch = [];
        },
        restart: () => {
          batch = [];
          post({ kind: 'restart', key: req.key });
        },
      },
      (msg) => post({ kind: 'answer', key: req.key, msg }),
    );
    // Resource Timing adds the entry after the body's end, in a task of its own.
    await new Promise((resolve) => setTimeout(resolve, 0));
    post({ kind: 'done', key: req.key, msg: { id: req.id, ok: true, kind: 'fetched', bytes, wire: wireTiming(req) } });
  } catch (e) {
    post({ kind: 'done', key: req.key, msg: fetchFailure(req, e) });
  }
};
