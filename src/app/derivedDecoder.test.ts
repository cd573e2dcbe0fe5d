// A derived object downloads once, at the study's listing, into the decode worker; a panel's decode waits for that
// download. When it fails (the client already asked 1 + retries times), the decode fails with its error instead of
// asking the server again behind its back; asked again later (Retry), the decode downloads it itself.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DecodeRequest } from '../workers/protocol';

/**
 * The decode worker, in this thread: holds what ended ('seg-end'), decodes an RTSTRUCT it holds into no ROIs, and
 * asks for the bytes of one it neither holds nor is receiving ('need-bytes'), as the real one does.
 */
class FakeDecodeWorker {
  static last: FakeDecodeWorker;
  onmessage: ((ev: MessageEvent) => void) | null = null;
  onerror: ((ev: ErrorEvent) => void) | null = null;
  onmessageerror: ((ev: MessageEvent) => void) | null = null;
  held = new Set<string>();
  arriving = new Set<string>();
  headers: DecodeRequest[] = [];
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
    if (req.kind === 'seg-piece') this.arriving.add(req.key);
    else if (req.kind === 'seg-end') {
      this.held.add(req.key);
      this.arriving.delete(req.key);
      for (const d of this.decodes.filter((x) => x.key === req.key)) this.decode(d);
      this.decodes = this.decodes.filter((x) => x.key !== req.key);
    } else if (req.kind === 'header') this.headers.push(req);
    else if (req.kind === 'seg-drop' && req.final) {
      this.arriving.delete(req.key);
      for (const h of this.headers.filter((x) => x.kind === 'header' && x.key === req.key)) {
        this.answer({ id: h.id, ok: false, error: { object: req.key, message: 'its download failed', name: 'Error' } });
      }
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
    const first = fetchIntoDecoder('rt-1', (send) => new Promise<void>((_, reject) => {
      send(new Uint8Array(10), 20);
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
});
