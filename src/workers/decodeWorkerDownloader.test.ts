// The decode worker's downloader (download.worker.ts) starts when the page says the study is opening
// ('start-downloader'), so its code is loaded before the first object is asked for; aborting every download of a
// study being left ('fetch-abort' of ALL_DOWNLOADS) never starts one just to abort. Session 11 lost the first
// (the warm-up was a fetch-abort that then started nothing) with no test to say so.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ALL_DOWNLOADS, type DecodeRequest } from './protocol';

/** Workers the decode worker makes (its downloader), and what they were sent. */
const made: Array<{ url: string; sent: unknown[] }> = [];
class FakeWorker {
  onmessage: ((ev: MessageEvent) => void) | null = null;
  private readonly rec: { url: string; sent: unknown[] };
  constructor(url: URL | string) {
    this.rec = { url: String(url), sent: [] };
    made.push(this.rec);
  }
  postMessage(m: unknown): void {
    this.rec.sent.push(m);
  }
  terminate(): void {}
}

/** The decode worker's module, fresh, in this thread; returns how to send it a request. */
async function decodeWorker(): Promise<(req: DecodeRequest) => Promise<void>> {
  const scope: { onmessage?: (ev: MessageEvent<DecodeRequest>) => Promise<void>; postMessage: () => void } = { postMessage: () => undefined };
  vi.stubGlobal('self', scope);
  vi.stubGlobal('Worker', FakeWorker);
  vi.resetModules();
  await import('./decode.worker');
  return async (req) => {
    await scope.onmessage?.({ data: req } as MessageEvent<DecodeRequest>);
  };
}

describe('decode worker: its downloader', () => {
  beforeEach(() => {
    made.length = 0;
  });
  afterEach(() => vi.unstubAllGlobals());

  it("'start-downloader' makes the downloader at once, before any download is asked", async () => {
    const send = await decodeWorker();
    expect(made).toHaveLength(0);
    await send({ id: 0, kind: 'start-downloader' });
    expect(made.map((w) => w.url)).toEqual([expect.stringMatching(/download\.worker/)]);
    // Asked again (another study in the same worker): still the one downloader.
    await send({ id: 0, kind: 'start-downloader' });
    expect(made).toHaveLength(1);
  });

  it('aborting every download of a study makes no downloader; with one running, it is told', async () => {
    const send = await decodeWorker();
    await send({ id: 0, kind: 'fetch-abort', key: ALL_DOWNLOADS });
    expect(made).toHaveLength(0);
    await send({ id: 0, kind: 'start-downloader' });
    await send({ id: 0, kind: 'fetch-abort', key: ALL_DOWNLOADS });
    expect(made).toHaveLength(1);
    expect(made[0].sent).toEqual([{ id: 0, kind: 'fetch-abort', key: ALL_DOWNLOADS }]);
  });
});
