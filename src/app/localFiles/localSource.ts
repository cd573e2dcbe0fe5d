// Files on the person's disk (dropped or picked) or fetched by `?url=`, served to the rest of the app as a
// DICOMweb server would serve them: a DicomwebClient whose fetch answers QIDO-RS, WADO-RS metadata, instances and
// frames from the files themselves. Every path that shows a study (series list, images, SEG, RTSTRUCT, SR, maps,
// quality checks, the zip download) is the one used with a server, unchanged; nothing leaves the page.
import { DicomwebClient } from '../../dicomweb/client';
import { query, type Level, type QidoIndex } from '../../dicom/qido';
import type { DicomJsonDataset } from '../../dicom/json';
import type { IndexedFile, IndexOutcome, LocalFilesRequest, LocalFilesResponse } from '../../workers/localFilesProtocol';
import type { WithoutId } from '../workerChannel';

/** The root local files are served under: `.invalid` can never resolve, so a request that escaped would fail. */
export const LOCAL_ROOT = 'https://local-files.invalid/dicomweb';

export interface PickedFile {
  blob: Blob;
  /** the path inside the dropped or picked folder, the file name, or the URL */
  path: string;
}

/** What came of adding files, for the message the person reads. */
export interface AddResult {
  /** studies that gained instances, in the order first met */
  studyUIDs: string[];
  indexed: number;
  notDicom: number;
  duplicates: number;
  problems: Array<{ path: string; reason: string }>;
}

type Held = { file: IndexedFile; blob: Blob };

/** Frames as the image loader wants them. */
export interface LocalFrames {
  frames: Uint8Array[];
  transferSyntaxUID: string;
}

/** The frames behind a local source's client, for the image loader (viewer/localFrames.ts). */
const frameSources = new WeakMap<DicomwebClient, { root: string; frames: (url: string) => Promise<LocalFrames> }>();

export function localFramesOf(client: DicomwebClient): { root: string; frames: (url: string) => Promise<LocalFrames> } | undefined {
  return frameSources.get(client);
}

export class LocalSource implements QidoIndex {
  readonly instances = new Map<string, Held & { json: DicomJsonDataset }>();
  readonly studies = new Map<string, Map<string, string[]>>();
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (r: LocalFilesResponse) => void; progress?: (done: number, total: number) => void }>();

  /** `name` says where the files came from in the viewer's header and messages ("Local files"). */
  constructor(readonly name: string) {}

  private ask(req: WithoutId<LocalFilesRequest>, progress?: (done: number, total: number) => void): Promise<LocalFilesResponse> {
    const id = this.nextId++;
    const w = (this.worker ??= this.start());
    return new Promise((resolve) => {
      this.pending.set(id, { resolve, progress });
      w.postMessage({ ...req, id });
    });
  }

  private start(): Worker {
    const w = new Worker(new URL('../../workers/localFiles.worker.ts', import.meta.url), { type: 'module', name: 'local-files' });
    w.onmessage = (ev: MessageEvent<LocalFilesResponse>) => {
      const msg = ev.data;
      const p = this.pending.get(msg.id);
      if (!p) return;
      if (msg.kind === 'progress') return p.progress?.(msg.done, msg.total);
      this.pending.delete(msg.id);
      p.resolve(msg);
    };
    // The worker holds nothing between requests: a new one takes the next request, the held ones fail by name.
    w.onerror = (ev) => {
      ev.preventDefault();
      w.terminate();
      if (this.worker === w) this.worker = undefined;
      const held = [...this.pending.entries()];
      this.pending.clear();
      for (const [id, p] of held) p.resolve({ id, kind: 'error', message: `the file reader stopped (${ev.message || 'worker error'})` });
    };
    return w;
  }

  /** Reads the files' headers (in the worker) and adds the DICOM ones to the index. */
  async add(files: PickedFile[], onProgress?: (done: number, total: number) => void): Promise<AddResult> {
    const res = await this.ask({ kind: 'index', files: files.map((f) => ({ blob: f.blob, path: f.path })), root: LOCAL_ROOT }, onProgress);
    if (res.kind === 'error') throw new Error(res.message);
    if (res.kind !== 'indexed') throw new Error('the file reader answered out of turn');
    return this.take(res.outcomes, files);
  }

  /** Outcomes come in the order of the files sent (public for tests, which index without a worker). */
  take(outcomes: IndexOutcome[], files: PickedFile[]): AddResult {
    const out: AddResult = { studyUIDs: [], indexed: 0, notDicom: 0, duplicates: 0, problems: [] };
    for (const [i, o] of outcomes.entries()) {
      if (o.kind === 'not-dicom') out.notDicom++;
      else if (o.kind === 'problem') out.problems.push({ path: o.path, reason: o.reason });
      else {
        const f = o.file;
        // The same instance twice (a folder dropped with a copy of itself): the first stays.
        if (this.instances.has(f.sopUID)) {
          out.duplicates++;
          continue;
        }
        this.instances.set(f.sopUID, { file: f, blob: files[i].blob, json: f.json });
        let series = this.studies.get(f.studyUID);
        if (!series) this.studies.set(f.studyUID, (series = new Map()));
        let sops = series.get(f.seriesUID);
        if (!sops) series.set(f.seriesUID, (sops = []));
        sops.push(f.sopUID);
        if (!out.studyUIDs.includes(f.studyUID)) out.studyUIDs.push(f.studyUID);
        out.indexed++;
      }
    }
    return out;
  }

  /** Frames (1-based) of one image instance, read from its file in the worker. */
  async frames(sopUID: string, frames: number[]): Promise<LocalFrames> {
    const held = this.instances.get(sopUID);
    if (!held) throw new Error(`instance ${sopUID} is not among the opened files`);
    const res = await this.ask({ kind: 'frames', blob: held.blob, path: held.file.path, transferSyntaxUID: held.file.transferSyntaxUID, frames });
    if (res.kind === 'error') throw new Error(res.message);
    if (res.kind !== 'frames') throw new Error('the file reader answered out of turn');
    return { frames: res.frames, transferSyntaxUID: res.transferSyntaxUID };
  }

  /** The frames an image id (wadors:<LOCAL_ROOT>/studies/…/instances/<sop>/frames/<n>) names. */
  framesOf(url: string): Promise<LocalFrames> {
    const m = /\/instances\/([^/]+)\/frames\/([\d,]+)$/.exec(url);
    if (!m) return Promise.reject(new Error(`not a frame of the opened files: ${url}`));
    return this.frames(m[1], m[2].split(',').map(Number));
  }

  /** A client of the app's DICOMweb code that reads these files. No token, no retries: nothing goes on the network. */
  client(): DicomwebClient {
    const client = new DicomwebClient({ root: LOCAL_ROOT, name: this.name, retries: 0, fetchImpl: (input, init) => this.fetch(String(input instanceof Request ? input.url : input), init?.signal ?? undefined) });
    frameSources.set(client, { root: LOCAL_ROOT, frames: (url) => this.framesOf(url) });
    return client;
  }

  /** Stops the worker; the files stay with the page until it lets this source go. */
  close(): void {
    this.worker?.terminate();
    this.worker = undefined;
  }

  /** One DICOMweb request, answered from the files (the subset of QIDO-RS and WADO-RS the viewer uses). */
  async fetch(url: string, signal?: AbortSignal): Promise<Response> {
    if (signal?.aborted) throw signal.reason ?? new DOMException('aborted', 'AbortError');
    if (!url.startsWith(`${LOCAL_ROOT}/`)) return notFound(`not a path of the opened files: ${url}`);
    const u = new URL(url);
    const parts = u.pathname.slice(new URL(LOCAL_ROOT).pathname.length).split('/').filter(Boolean).map(decodeURIComponent);
    const qido = qidoLevel(parts);
    if (qido) {
      const rows = query(this, qido[0], u.searchParams, qido[1], LOCAL_ROOT);
      return rows.length ? json(rows) : new Response(null, { status: 204 });
    }
    const [, studyUID, , seriesUID, , sopUID, tail, frameList] = parts;
    if (parts[0] !== 'studies' || !this.studies.has(studyUID)) return notFound(`no study ${studyUID ?? ''} among the opened files`);
    if (parts.length === 5 && parts[2] === 'series' && parts[4] === 'metadata') {
      const sops = this.studies.get(studyUID)?.get(seriesUID) ?? [];
      if (!sops.length) return notFound(`no series ${seriesUID} among the opened files`);
      return json(sops.map((s) => this.instances.get(s)?.json as DicomJsonDataset));
    }
    if (parts.length === 4 && parts[2] === 'series') {
      // WADO-RS series: the viewer retrieves a one-instance SEG, RTSTRUCT or SR series whole.
      const sops = this.studies.get(studyUID)?.get(seriesUID) ?? [];
      const blobs = sops.map((s) => this.instances.get(s)?.blob).filter((b): b is Blob => !!b);
      if (!blobs.length) return notFound(`no series ${seriesUID} among the opened files`);
      return multipart(blobs, 'application/dicom', 'application/dicom');
    }
    const held = sopUID ? this.instances.get(sopUID) : undefined;
    if (!held || held.file.seriesUID !== seriesUID || held.file.studyUID !== studyUID) return notFound(`no instance ${sopUID ?? ''} among the opened files`);
    if (parts.length === 6) return multipart([held.blob], 'application/dicom', 'application/dicom');
    if (parts.length === 8 && tail === 'frames') {
      const r = await this.frames(sopUID, frameList.split(',').map(Number));
      return multipart(r.frames, `application/octet-stream; transfer-syntax=${r.transferSyntaxUID}`, 'application/octet-stream');
    }
    return notFound(`not served for opened files: ${u.pathname}`);
  }
}

function qidoLevel(parts: string[]): [Level, { studyUID?: string; seriesUID?: string }] | null {
  if (parts.length === 1 && parts[0] === 'studies') return ['study', {}];
  if (parts.length === 3 && parts[0] === 'studies' && parts[2] === 'series') return ['series', { studyUID: parts[1] }];
  if (parts.length === 5 && parts[0] === 'studies' && parts[2] === 'series' && parts[4] === 'instances') return ['instance', { studyUID: parts[1], seriesUID: parts[3] }];
  return null;
}

function json(rows: unknown): Response {
  return new Response(JSON.stringify(rows), { status: 200, headers: { 'Content-Type': 'application/dicom+json' } });
}

function notFound(message: string): Response {
  return new Response(JSON.stringify({ error: message }), { status: 404, headers: { 'Content-Type': 'application/json' } });
}

/** A multipart/related answer whose parts are Blobs (files stay on disk until read) or bytes. */
function multipart(bodies: Array<Blob | Uint8Array>, partType: string, outerType: string): Response {
  const boundary = `local-${Math.random().toString(36).slice(2)}`;
  const pieces: BlobPart[] = [];
  for (const b of bodies) {
    const size = b instanceof Blob ? b.size : b.byteLength;
    pieces.push(`--${boundary}\r\nContent-Type: ${partType}\r\nContent-Length: ${size}\r\n\r\n`, b as BlobPart, '\r\n');
  }
  pieces.push(`--${boundary}--\r\n`);
  const body = new Blob(pieces);
  return new Response(body, {
    status: 200,
    headers: { 'Content-Type': `multipart/related; type="${outerType}"; boundary=${boundary}`, 'Content-Length': String(body.size) },
  });
}
