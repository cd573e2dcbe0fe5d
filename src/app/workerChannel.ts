// Requests to a worker that may fail: every request gets an answer, even when the worker itself does not.
//
// A worker that throws outside its message handler, cannot load its script, receives a message it cannot
// deserialise, or runs past a request's time limit is terminated; every request it held is answered with a
// failure naming its object, and the next request starts a fresh worker. The other objects go on.

/** The part of a Worker this channel uses (a fake in tests). */
export interface WorkerLike {
  postMessage(message: unknown, transfer: Transferable[]): void;
  terminate(): void;
  onmessage: ((ev: MessageEvent) => void) | null;
  onerror: ((ev: ErrorEvent) => void) | null;
  onmessageerror: ((ev: MessageEvent) => void) | null;
}

/** A request without its id (distributes over a union of request kinds). */
export type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

export interface ChannelFailure {
  object: string;
  message: string;
  name: string;
}

interface Pending<Res> {
  object: string;
  resolve: (r: Res) => void;
  timer?: ReturnType<typeof setTimeout>;
  options?: RequestOptions<Res>;
  /** arms the time limit (when the request has one) */
  arm?: () => void;
}

/** How one request treats the messages the worker sends before its answer. */
export interface RequestOptions<Res> {
  /** Messages for this request that are not its answer (e.g. "send me the bytes"): return true when handled. */
  interim?: (message: Res) => boolean;
  /**
   * The message saying the work began (not the answer): the time limit runs from it rather than from the request,
   * which may wait for a download first.
   */
  started?: (message: Res) => boolean;
}

export interface ChannelOptions<Res> {
  create: () => WorkerLike;
  /** The answer a failed request gets. */
  failure: (id: number, error: ChannelFailure) => Res;
  /**
   * Messages that are not final answers (progress, parts of a result): return true when handled, and the
   * request stays pending.
   */
  interim?: (message: Res) => boolean;
  /** Called after the worker was stopped and replaced (e.g. to forget what it held). */
  onRestart?: (reason: string) => void;
}

export class WorkerChannel<Req extends { id: number }, Res extends { id: number }> {
  private worker: WorkerLike | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending<Res>>();
  /** how many times a worker was replaced after a failure */
  restarts = 0;

  constructor(private readonly o: ChannelOptions<Res>) {}

  private get(): WorkerLike {
    if (this.worker) return this.worker;
    const w = this.o.create();
    w.onmessage = (ev: MessageEvent) => {
      const msg = ev.data as Res;
      if (this.o.interim?.(msg)) return;
      const p = this.pending.get(msg.id);
      if (!p) return;
      if (p.options?.started?.(msg)) return p.arm?.();
      if (p.options?.interim?.(msg)) return;
      this.pending.delete(msg.id);
      if (p.timer) clearTimeout(p.timer);
      p.resolve(msg);
    };
    w.onerror = (ev: ErrorEvent) => {
      ev.preventDefault?.();
      this.fail(w, `the decoder stopped with an error (${ev.message || 'the worker could not run'})`, 'WorkerError');
    };
    w.onmessageerror = () => this.fail(w, 'a message from the decoder could not be read', 'MessageError');
    this.worker = w;
    return w;
  }

  /** Stops `w` and answers every request it held. */
  private fail(w: WorkerLike, reason: string, name: string, farewell?: { message: WithoutId<Req>; graceMs: number }): void {
    if (this.worker !== w) return;
    if (farewell) {
      // Nothing it says from now on is heard.
      w.onmessage = w.onerror = w.onmessageerror = null;
      w.postMessage({ ...farewell.message, id: 0 }, []);
      setTimeout(() => w.terminate(), farewell.graceMs);
    } else w.terminate();
    this.worker = undefined;
    this.restarts++;
    const held = [...this.pending.entries()];
    this.pending.clear();
    for (const [id, p] of held) {
      if (p.timer) clearTimeout(p.timer);
      p.resolve(this.o.failure(id, { object: p.object, message: `${p.object}: ${reason}; the decoder was restarted.`, name }));
    }
    this.o.onRestart?.(reason);
  }

  /**
   * Sends a request that expects an answer. `timeoutMs`: past it, the worker is stopped as a runaway (every
   * request it held fails, naming its own object) and a new one takes the next request.
   */
  request(req: WithoutId<Req>, object: string, transfer: Transferable[] = [], timeoutMs?: number, options?: RequestOptions<Res>): Promise<Res> {
    const id = this.nextId++;
    const w = this.get();
    return new Promise<Res>((resolve) => {
      const p: Pending<Res> = { object, resolve, options };
      if (timeoutMs !== undefined) {
        p.arm = () => {
          if (p.timer) clearTimeout(p.timer);
          p.timer = setTimeout(() => {
            // Others held by the same worker are failed too: it cannot be interrupted selectively.
            this.fail(w, `decoding took longer than ${Math.round(timeoutMs / 1000)} s and was stopped`, 'Timeout');
          }, timeoutMs);
        };
        if (!options?.started) p.arm();
      }
      this.pending.set(id, p);
      w.postMessage({ ...req, id }, transfer);
    });
  }

  /** Sends a message that gets no answer. */
  post(msg: WithoutId<Req>, transfer: Transferable[] = []): void {
    this.get().postMessage({ ...msg, id: 0 }, transfer);
  }

  /**
   * Stops the worker (e.g. when leaving a study); pending requests fail with `reason`. `farewell`: a last message
   * the worker gets `graceMs` to act on before it is terminated (its downloads aborted: a request of a worker
   * terminated mid-way just vanishes), while the next request already starts a fresh worker.
   */
  reset(reason: string, farewell?: { message: WithoutId<Req>; graceMs: number }): void {
    if (this.worker) this.fail(this.worker, reason, 'Cancelled', farewell);
  }
}
