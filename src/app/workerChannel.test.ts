// Every request gets an answer: a worker that crashes, cannot read a message or runs away is replaced, and each
// request it held fails with a message naming its own object.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WorkerChannel, type WorkerLike } from './workerChannel';

type Req = { id: number; kind: 'echo' | 'hang' | 'note'; text: string };
type Res = { id: number; ok: true; text: string; part?: boolean } | { id: number; ok: false; error: { object: string; message: string; name: string } };

/** A worker in this thread: echoes 'echo' requests, never answers 'hang', keeps 'note' messages. */
class FakeWorker implements WorkerLike {
  onmessage: ((ev: MessageEvent) => void) | null = null;
  onerror: ((ev: ErrorEvent) => void) | null = null;
  onmessageerror: ((ev: MessageEvent) => void) | null = null;
  terminated = false;
  notes: string[] = [];
  postMessage(message: unknown): void {
    const req = message as Req;
    if (this.terminated) throw new Error('posted to a terminated worker');
    if (req.kind === 'note') this.notes.push(req.text);
    if (req.kind !== 'echo') return;
    queueMicrotask(() => {
      this.onmessage?.({ data: { id: req.id, ok: true, text: `part of ${req.text}`, part: true } } as MessageEvent);
      this.onmessage?.({ data: { id: req.id, ok: true, text: req.text } } as MessageEvent);
    });
  }
  terminate(): void {
    this.terminated = true;
  }
  crash(message: string): void {
    this.onerror?.({ message, preventDefault: () => undefined } as unknown as ErrorEvent);
  }
}

function setup() {
  const workers: FakeWorker[] = [];
  const parts: string[] = [];
  const restarts: string[] = [];
  const channel = new WorkerChannel<Req, Res>({
    create: () => {
      const w = new FakeWorker();
      workers.push(w);
      return w;
    },
    failure: (id, error) => ({ id, ok: false, error }),
    interim: (m) => {
      if (m.ok && m.part) parts.push(m.text);
      return m.ok && !!m.part;
    },
    onRestart: (reason) => restarts.push(reason),
  });
  return { channel, workers, parts, restarts };
}

afterEach(() => vi.useRealTimers());

describe('WorkerChannel', () => {
  it('answers requests, passing interim messages to their handler', async () => {
    const { channel, workers, parts } = setup();
    const [a, b] = await Promise.all([channel.request({ kind: 'echo', text: 'A' }, 'SEG A'), channel.request({ kind: 'echo', text: 'B' }, 'SEG B')]);
    expect(a).toMatchObject({ ok: true, text: 'A' });
    expect(b).toMatchObject({ ok: true, text: 'B' });
    expect(parts).toEqual(['part of A', 'part of B']);
    expect(workers).toHaveLength(1);
  });

  it('a crash fails every held request naming its object, and the next request runs on a new worker', async () => {
    const { channel, workers, restarts } = setup();
    const seg = channel.request({ kind: 'hang', text: '' }, 'SEG "Liver" (1.2.3)');
    const sr = channel.request({ kind: 'hang', text: '' }, 'SR "Report" (4.5.6)');
    workers[0].crash('out of memory');
    const [r1, r2] = await Promise.all([seg, sr]);
    expect(r1).toEqual({ id: 1, ok: false, error: { object: 'SEG "Liver" (1.2.3)', name: 'WorkerError', message: 'SEG "Liver" (1.2.3): the decoder stopped with an error (out of memory); the decoder was restarted.' } });
    expect(r2.ok === false && r2.error.message).toMatch(/^SR "Report" \(4\.5\.6\): the decoder stopped/);
    expect(workers[0].terminated).toBe(true);
    expect(restarts).toHaveLength(1);
    await expect(channel.request({ kind: 'echo', text: 'C' }, 'RTSTRUCT C')).resolves.toMatchObject({ ok: true, text: 'C' });
    expect(workers).toHaveLength(2);
    expect(channel.restarts).toBe(1);
  });

  it('a message the page cannot read fails what the worker held', async () => {
    const { channel, workers } = setup();
    const r = channel.request({ kind: 'hang', text: '' }, 'SEG X');
    workers[0].onmessageerror?.({} as MessageEvent);
    await expect(r).resolves.toMatchObject({ ok: false, error: { object: 'SEG X', name: 'MessageError' } });
  });

  it('a runaway decode is stopped after its time limit; an error from a replaced worker is ignored', async () => {
    vi.useFakeTimers();
    const { channel, workers } = setup();
    const r = channel.request({ kind: 'hang', text: '' }, 'SEG big', [], 5_000);
    await vi.advanceTimersByTimeAsync(4_999);
    expect(workers[0].terminated).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await expect(r).resolves.toMatchObject({ ok: false, error: { object: 'SEG big', name: 'Timeout', message: 'SEG big: decoding took longer than 5 s and was stopped; the decoder was restarted.' } });
    expect(workers[0].terminated).toBe(true);
    const next = channel.request({ kind: 'hang', text: '' }, 'SEG next');
    workers[0].crash('late error from the old worker');
    channel.post({ kind: 'note', text: 'still alive' });
    expect(workers[1].notes).toEqual(['still alive']);
    channel.reset('study closed');
    await expect(next).resolves.toMatchObject({ ok: false, error: { object: 'SEG next', name: 'Cancelled' } });
  });

  it('a reset with a farewell: the old worker gets its last message and a grace time, the next request a new worker', async () => {
    vi.useFakeTimers();
    const { channel, workers } = setup();
    const pending = channel.request({ kind: 'hang', text: '' }, 'SEG left');
    channel.reset('study closed', { message: { kind: 'note', text: 'abort your downloads' }, graceMs: 100 });
    await expect(pending).resolves.toMatchObject({ ok: false, error: { object: 'SEG left', name: 'Cancelled' } });
    expect(workers[0].notes).toEqual(['abort your downloads']);
    expect(workers[0].terminated).toBe(false);
    channel.post({ kind: 'note', text: 'next study' });
    expect(workers).toHaveLength(2);
    expect(workers[1].notes).toEqual(['next study']);
    await vi.advanceTimersByTimeAsync(100);
    expect(workers[0].terminated).toBe(true);
    expect(workers[1].terminated).toBe(false);
  });
});
