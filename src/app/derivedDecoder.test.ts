// A derived object downloads once, at the study's listing, into the decode worker; a panel's decode waits for that
// download. When it fails (the client already asked 1 + retries times), the decode fails with its error instead of
// asking the server again behind its back; asked again later (Retry), the decode downloads it itself.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DecodeRequest } from '../workers/protocol';

/**
 * The decode worker, in this thread: holds what ended ('seg-end'), decodes an RTSTRUCT it holds into no ROIs, and
 * asks for the bytes of one it neither holds nor is receiving ('need-bytes'), as the real one does. A 'receive'
 * gets the header as soon as a piece came (interim), and its answer 'held' at the end.
 */
class FakeDecodeWorker {
  static last: FakeDecodeWorker;
  onmessage: ((ev: MessageEvent) => void) | null = null;
  onerror: ((ev: ErrorEvent) => void) | null = null;
  onmessageerror: ((ev: MessageEvent) => void) | null = null;
  held = new Set<string>();
  arriving = new Set<string>();
  receives: Array<DecodeRequest & { kind: 'receive' }> = [];
  /** every message that expects an answer (id > 0), by kind */
  requests: string[] = [];
  decodes: Array<DecodeRequest & { kind: 'rtstruct' }> = [];
  constructor() {
    FakeDecodeWorker.last = this;
  }
  private answer(data: unknown): void {
    queueMicrotask(() => this.onmessage?.({ data } as MessageEvent));
  }
  private decode(req: DecodeRequest & { kind: 'rtstruct' }): void {
    this.answer({ id: req.id, ok: true, kind: 'started' });
    this.answer({ id: req.id, ok: true, kind: 'rtstruct', result: { rois: [], problems: [] }, ms: 0 });
  }
  postMessage(message: unknown): void {
    const req = message as DecodeRequest;
    if (req.id) this.requests.push(req.kind);
    if (req.kind === 'seg-piece') {
      if (!this.arriving.has(req.key)) {
        for (const r of this.receives.filter((x) => x.key === req.key)) {
          this.answer({ id: r.id, ok: true, kind: 'header', result: { sopInstanceUID: req.key }, ms: 0 });
        }
      }
      this.arriving.add(req.key);
    } else if (req.kind === 'seg-end') {
      this.held.add(req.key);
      this.arriving.delete(req.key);
      for (const r of this.receives.filter((x) => x.key === req.key)) this.answer({ id: r.id, ok: true, kind: 'held', bytes: 1, ms: 0 });
      this.receives = this.receives.filter((x) => x.key !== req.key);
      for (const d of this.decodes.filter((x) => x.key === req.key)) this.decode(d);
      this.decodes = this.decodes.filter((x) => x.key !== req.key);
    } else if (req.kind === 'receive') this.receives.push(req);
    else if (req.kind === 'seg-drop' && req.final) {
      this.arriving.delete(req.key);
      for (const r of this.receives.filter((x) => x.key === req.key)) {
        this.answer({ id: r.id, ok: false, error: { object: req.key, message: 'its download failed', name: 'DownloadError' }, code: 'download-failed' });
      }
      this.receives = this.receives.filter((x) => x.key !== req.key);
      for (const d of this.decodes.filter((x) => x.key === req.key)) {
        this.answer({ id: d.id, ok: false, error: { object: d.name, message: 'its download failed', name: 'DownloadError' }, code: 'download-failed' });
      }
      this.decodes = this.decodes.filter((x) => x.key !== req.key);
    } else if (req.kind === 'rtstruct') {
      if (this.held.has(req.key)) return this.decode(req);
      if (!req.coming && !this.arriving.has(req.key)) this.answer({ id: req.id, ok: true, kind: 'need-bytes' });
      this.decodes.push(req);
    }
  }
  terminate(): void {}
}

beforeAll(() => vi.stubGlobal('Worker', FakeDecodeWorker));
afterAll(() => vi.unstubAllGlobals());

describe('decodes wait for the download in flight', () => {
  it('a download that failed fails the decode waiting for it, with its error, and nothing is downloaded again', async () => {
    const { fetchIntoDecoder, decodeStructureSetInWorker } = await import('./derivedDecoder');
    const cut = new Error('example.org sent instance …1 incomplete (3 attempts)');
    let fail = (): void => undefined;
    const first = fetchIntoDecoder('rt-1', () => new Promise<void>((_, reject) => {
      fail = () => reject(cut);
    }), 'Structures');
    const again = vi.fn(async (send: (p: Uint8Array, l: number | null) => void) => send(new Uint8Array(20), 20));
    const decode = decodeStructureSetInWorker('rt-1', again, 'Structures');
    fail();
    await expect(first.done).rejects.toBe(cut);
    await expect(first.header).rejects.toThrow(/its download failed/);
    await expect(decode).rejects.toBe(cut);
    expect(again).not.toHaveBeenCalled();
  });

  it('not held and no download on its way (evicted, or Retry after a failure): the decode downloads the object itself, once', async () => {
    const { decodeStructureSetInWorker } = await import('./derivedDecoder');
    const again = vi.fn(async (send: (p: Uint8Array, l: number | null) => void) => send(new Uint8Array(20), 20));
    await expect(decodeStructureSetInWorker('rt-2', again, 'Structures')).resolves.toMatchObject({ rois: [] });
    expect(again).toHaveBeenCalledTimes(1);
    expect(FakeDecodeWorker.last.held.has('rt-2')).toBe(true);
  });

  it('a download into the worker is one request: its header comes as an interim answer while pieces still arrive', async () => {
    const { fetchIntoDecoder } = await import('./derivedDecoder');
    const before = FakeDecodeWorker.last?.requests.length ?? 0;
    let finish = (): void => undefined;
    const got = fetchIntoDecoder('seg-9', (send) => new Promise<void>((resolve) => {
      // A first batch big enough to leave at once; the rest of the object comes later.
      send(new Uint8Array(5 * 1024 * 1024), 10 * 1024 * 1024);
      finish = () => {
        send(new Uint8Array(5 * 1024 * 1024), 10 * 1024 * 1024);
        resolve();
      };
    }), 'Big SEG');
    let header: unknown;
    let done = false;
    void got.header.then((h) => (header = h));
    void got.done.then(() => (done = true));
    // The fake worker answers within the same turn of the event loop: one timer later, all it said has arrived.
    await new Promise((r) => setTimeout(r, 0));
    expect(header).toEqual({ sopInstanceUID: 'seg-9' });
    expect(done).toBe(false);
    finish();
    await got.done;
    expect(FakeDecodeWorker.last.requests.slice(before)).toEqual(['receive']);
  });
});
