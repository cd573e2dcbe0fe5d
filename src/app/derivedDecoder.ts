// The main thread's handle on the decode worker: bytes go in as transferables, models come back.
import type { ALL_DOWNLOADS, DecodeRequest, DecodeResponse, PmResult, ReportResult, RtPart, SegPart, SegResult } from '../workers/protocol';
import type { QualityRequest } from '../workers/qualityProtocol';
import type { TargetSeries } from '../dicom/geometry/placeFrames';
import type { StructureSet } from '../dicom/rtstruct/model';
import type { DerivedInstanceInfo } from '../dicom/json';
import type { MeasurementGroup } from '../dicom/sr/model';
import { clearObjectProgress } from './objectProgress';
import { WorkerChannel, type WithoutId, type WorkerLike } from './workerChannel';
import type { ClientOptions } from '../dicomweb/client';
import { DicomwebError } from '../dicomweb/errors';

/**
 * Past this, a decode is taken for a runaway: the worker is stopped and restarted, the object named. The biggest
 * SEG measured (173 MB, 104 segments) decodes in about 1 s here.
 */
const DECODE_TIMEOUT_MS = 120_000;

/** A big report's groups come ahead of its answer, a part per message (one short task each here). */
const reportGroups = new Map<number, MeasurementGroup[]>();

/** The deployment's ceiling on one object's decoded size (app-config.json `maxDecodedMB`), sent to every worker. */
let maxDecodedBytes: number | null = null;

export function setDecodedSizeCeiling(bytes: number | null): void {
  if (bytes === maxDecodedBytes) return;
  maxDecodedBytes = bytes;
  channel.post({ kind: 'limits', maxDecodedBytes });
}

const channel = new WorkerChannel<DecodeRequest, DecodeResponse>({
  create: () => {
    const w = new Worker(new URL('../workers/decode.worker.ts', import.meta.url), { type: 'module', name: 'decode' }) as unknown as WorkerLike;
    // A restarted worker starts with the deployment's limits too.
    if (maxDecodedBytes !== null) w.postMessage({ id: 0, kind: 'limits', maxDecodedBytes }, []);
    return w;
  },
  failure: (id, error) => ({ id, ok: false, error }),
  interim: (msg) => {
    if (msg.ok && msg.kind === 'sr-part') {
      const groups = reportGroups.get(msg.id) ?? [];
      for (const g of msg.groups) groups.push(g);
      reportGroups.set(msg.id, groups);
      return true;
    }
    if (msg.ok && msg.kind === 'sr' && msg.result.measurementReport) {
      msg.result.measurementReport.measurementGroups = reportGroups.get(msg.id) ?? [];
    }
    reportGroups.delete(msg.id);
    return false;
  },
  onRestart: () => reportGroups.clear(),
});

/**
 * Starts the decode worker and its downloader while the study's queries are under way:
 * their code then loads before the first object is asked for, not after.
 */
export function startDecoder(): void {
  channel.post({ kind: 'start-downloader' });
}

/**
 * The study was closed: the worker is stopped, which frees everything it held for it (SEG bytes, label slices,
 * quality volumes) at once; the next study gets a new one. Requests still open fail, and nobody reads them.
 */
export function releaseDecoder(): void {
  delivering.clear();
  deliveries.clear();
  deliveryFailures.clear();
  aliases.clear();
  clearObjectProgress();
  // Its downloads aborted before it ends (100 ms to do so): the server's answers stop, not just go unheard.
  const all: typeof ALL_DOWNLOADS = '*';
  channel.reset('the study was closed', { message: { kind: 'fetch-abort', key: all }, graceMs: 100 });
}

function run(req: WithoutId<DecodeRequest>, object: string, transfer: Transferable[]): Promise<DecodeResponse> {
  return channel.request(req, object, transfer, DECODE_TIMEOUT_MS);
}

/** A failed answer as an Error a panel can show: the worker's message names the object. */
function failed(res: DecodeResponse & { ok: false }): Error {
  const e = new Error(res.error.message);
  e.name = res.error.name;
  return e;
}

/**
 * Downloads into the worker in progress, by SOP Instance UID; each rejects with its download's failure. A decode
 * that waited for one that failed fails with that error: downloading again there would ask the server a fourth time
 * behind the back of the retries the client already made (and say the failure twice).
 */
const delivering = new Map<string, Promise<void>>();

/** The failure of the last download of each object, for the decodes that waited for it in the worker. */
const deliveryFailures = new Map<string, unknown>();

/** Deliveries of each object started so far, to tell whether one came or went while a decode asked. */
const deliveries = new Map<string, number>();

/**
 * Objects downloaded under another key than their SOP Instance UID (a one-instance series retrieved whole, before
 * its SOP Instance UID was known: studyModel), by that UID; the worker keeps the same aliases.
 */
const aliases = new Map<string, string>();
const keyOf = (key: string): string => aliases.get(key) ?? key;

/** Registers `delivery` under `key` until it settles. */
function deliver(key: string, delivery: Promise<void>): Promise<void> {
  delivering.set(key, delivery);
  deliveries.set(key, (deliveries.get(key) ?? 0) + 1);
  deliveryFailures.delete(key);
  const forget = (): void => {
    if (delivering.get(key) === delivery) delivering.delete(key);
  };
  delivery.then(forget, (e: unknown) => {
    deliveryFailures.set(key, e);
    forget();
  });
  return delivery;
}

const PIECE_BATCH_BYTES = 4 * 1024 * 1024;
/**
 * A batch leaves after this long even when smaller: on a slow link (4 MB take 0.2 s at 20 MB/s) the worker reads
 * the header and draws the first segments that much sooner.
 */
const PIECE_BATCH_MS = 100;
/**
 * The first bytes of an object go on at once, piece by piece: what it references is read from its first few KB,
 * and a SEG's whole header (its per-frame groups: 2.8 MB for the 104-segment benchmark SEG) and first segments
 * from the next MB, as soon as they are in (batching held them back by 0.1-0.3 s on a busy page).
 */
const UNBATCHED_BYTES = 8 * 1024 * 1024;

/**
 * Hands the pieces of a SEG to the worker as they arrive (`send`), resolving when the download is complete. A
 * download that breaks and starts over calls `restart` first: the worker drops what it got.
 */
export type SegDownload = (send: (piece: Uint8Array, length: number | null) => void, restart: () => void) => Promise<void>;

/**
 * Decodes a SEG in the worker into packed labelmap layers on the target series' grid. The worker keeps the SEG's
 * bytes under `key` (its SOP Instance UID): `download` is called only when the worker does not have them and no
 * download of them is on its way, and its pieces go straight on to the worker (transferred, not copied), so the
 * page never holds the SEG itself. `onStarted`: the bytes are in and the worker begins decoding. `onPart`: segments
 * drawn while the SEG downloads (the answer is then a delta of them, SegResult.delta).
 */
export async function decodeSegmentationInWorker(
  key: string,
  download: SegDownload,
  name: string,
  target: TargetSeries,
  onStarted?: () => void,
  onPart?: (part: SegPart) => void,
): Promise<SegResult> {
  // Read by `npm run bench`: the decode (and its label slices, made ready by the worker) asked for, before the
  // bytes are in; 'seg:bytes' when they are, 'seg:visible' when drawn.
  performance.mark('seg:prepare');
  let t0 = performance.now();
  const res = await decodeHeld(
    key,
    download,
    name,
    { kind: 'seg', key, name, target, coming: false },
    () => {
      performance.mark('seg:bytes');
      t0 = performance.now();
      onStarted?.();
    },
    onPart,
  );
  if (res.ok && res.kind === 'seg') performance.measure('seg:decode', { start: t0, detail: { workerMs: res.ms, ...res.result.timings } });
  if (!res.ok) throw failed(res);
  if (res.kind !== 'seg') throw new Error('unexpected worker answer');
  return res.result;
}

/**
 * Downloads a derived object straight into the worker (`download`, as for a SEG) as soon as the study lists it,
 * before anyone knows where it will be shown: one 'receive' request for the object, its pieces posted after it.
 * `header` resolves with what the object references as soon as the worker has read it from the first pieces (the
 * request's interim answer; for a big SEG, long before the pixels are in); `done` when the whole object has been
 * sent. Later decodes of `key` take the bytes from the worker.
 */
export function fetchIntoDecoder(key: string, download: SegDownload, name: string, byWorker?: WorkerDownload): { header: Promise<DerivedInstanceInfo>; done: Promise<void> } {
  let told: ((info: DerivedInstanceInfo) => void) | undefined;
  const early = new Promise<DerivedInstanceInfo>((resolve) => (told = resolve));
  // No timeout: the answer waits for the download, however long that takes.
  const received = channel.request({ kind: 'receive', key, name }, name, [], undefined, {
    interim: (msg) => {
      if (!(msg.ok && msg.kind === 'header')) return false;
      if (msg.result.sopInstanceUID && msg.result.sopInstanceUID !== key) aliases.set(msg.result.sopInstanceUID, key);
      told?.(msg.result);
      return true;
    },
  });
  // The header, or the request's failure (a download that failed, bytes that are no DICOM) when none came before.
  const header = Promise.race([
    early,
    received.then((res) => {
      if (!res.ok) throw failed(res);
      if (res.kind !== 'held') throw new Error('unexpected worker answer');
      // Held, and the header was sent first: `early` has settled the race already.
      return early;
    }),
  ]);
  const done = deliver(key, byWorker ? fetchInWorker(key, name, byWorker) : sendPieces(key, download).then(() => channel.post({ kind: 'seg-end', key })));
  // A header that never comes is a download that failed: `done` says so, not an unhandled rejection.
  header.catch(() => undefined);
  return { header, done };
}

/** An object the worker downloads itself ('fetch'): the client's options, the instance, and who hears how far it is. */
export interface WorkerDownload {
  client: ClientOptions;
  studyUID: string;
  seriesUID: string;
  /** null: the series' retrieve (a series of one instance, its SOP Instance UID not known yet) */
  sopUID: string | null;
  onProgress: (received: number, total: number | null) => void;
  signal?: AbortSignal;
}

/** The worker's download of `key`: resolves when every byte is in, rejects with the client's error (a DicomwebError). */
function fetchInWorker(key: string, name: string, d: WorkerDownload): Promise<void> {
  const { client, studyUID, seriesUID, sopUID } = d;
  const abort = (): void => channel.post({ kind: 'fetch-abort', key });
  d.signal?.addEventListener('abort', abort, { once: true });
  const res = channel.request({ kind: 'fetch', key, name, client, studyUID, seriesUID, sopUID }, name, [], undefined, {
    interim: (msg) => {
      if (!(msg.ok && msg.kind === 'progress')) return false;
      d.onProgress(msg.received, msg.total);
      return true;
    },
  });
  return res.then((r) => {
    d.signal?.removeEventListener('abort', abort);
    if (r.ok) {
      if (r.kind !== 'fetched') throw new Error('unexpected worker answer');
      // Read by `npm run bench`: when the worker asked, had the first byte and the last (in the page's clock).
      const w = r.wire;
      const at = (ms: number): number => (w ? ms + w.timeOrigin - performance.timeOrigin : -1);
      if (w) performance.mark('object:wire', { detail: { url: w.url, startMs: at(w.startMs), firstByteMs: at(w.firstByteMs), lastByteMs: at(w.lastByteMs), encoded: w.encoded, decoded: w.decoded } });
      return;
    }
    if ('download' in r && r.download) throw new DicomwebError(r.download.kind, r.error.message, r.download.status, r.download.url);
    throw failed(r);
  });
}

/**
 * Asks the worker to decode object `key`, once. It decodes from the bytes it holds, or waits for those on their way;
 * when it has neither (evicted, restarted, asked again after a failed download) it says 'need-bytes' and the
 * object is downloaded into it. A download that fails fails the decode, with the download's error.
 */
async function decodeHeld(
  key: string,
  download: SegDownload,
  name: string,
  req: WithoutId<DecodeRequest> & { coming: boolean },
  onStarted?: () => void,
  onPart?: (part: SegPart) => void,
  onRtPart?: (part: RtPart) => void,
): Promise<DecodeResponse> {
  key = keyOf(key);
  if ('key' in req) req.key = key;
  // A download under way now ends or fails after this request in the worker's queue: it waits for that.
  req.coming = delivering.has(key);
  const deliveriesBefore = deliveries.get(key) ?? 0;
  const res = await channel.request(req, name, [], DECODE_TIMEOUT_MS, {
    interim: (msg) => {
      if (msg.ok && msg.kind === 'seg-part') {
        onPart?.(msg.part);
        return true;
      }
      if (msg.ok && msg.kind === 'rtstruct-part') {
        onRtPart?.(msg.part);
        return true;
      }
      if (!(msg.ok && msg.kind === 'need-bytes')) return false;
      // A download started since the request left (another decode's) brings the bytes, or fails this decode too.
      if (!delivering.has(key) && (deliveries.get(key) ?? 0) === deliveriesBefore) {
        void deliver(key, sendPieces(key, download).then(() => channel.post({ kind: 'seg-end', key }))).catch(() => undefined);
      }
      return true;
    },
    started: (msg) => {
      if (!(msg.ok && msg.kind === 'started')) return false;
      onStarted?.();
      return true;
    },
  });
  if (!res.ok && res.code === 'download-failed') {
    // The download's own error (a DicomwebError a panel offers Retry for), not the worker's word for it.
    await delivering.get(key);
    if (deliveryFailures.has(key)) throw deliveryFailures.get(key);
  }
  return res;
}

/**
 * Decodes an RTSTRUCT in the worker, from the bytes it holds (downloaded again by `download` when it does not).
 * `onPart`: ROIs decoded while it downloads (the header's list first, then ROI by ROI); the answer is the whole set.
 */
export async function decodeStructureSetInWorker(key: string, download: SegDownload, name: string, onPart?: (part: RtPart) => void): Promise<StructureSet> {
  const t0 = performance.now();
  const res = await decodeHeld(key, download, name, { kind: 'rtstruct', key, name, coming: false }, undefined, undefined, onPart);
  if (!res.ok) throw failed(res);
  if (res.kind !== 'rtstruct') throw new Error('unexpected worker answer');
  performance.measure('rtstruct:decode', { start: t0, detail: { workerMs: res.ms } });
  return res.result;
}

/** Decodes an SR document in the worker (TID 1500 model or content tree, and problems), as for an RTSTRUCT. */
export async function decodeReportInWorker(key: string, download: SegDownload, name: string): Promise<ReportResult> {
  const t0 = performance.now();
  const res = await decodeHeld(key, download, name, { kind: 'sr', key, name, coming: false });
  if (!res.ok) throw failed(res);
  if (res.kind !== 'sr') throw new Error('unexpected worker answer');
  performance.measure('sr:decode', { start: t0, detail: { workerMs: res.ms } });
  return res.result;
}

/** Hands pieces of object `key` on to the worker as they arrive, in batches of a few MB (transferred). */
async function sendPieces(key: string, download: SegDownload): Promise<void> {
  // Pieces go in batches of a few MB: a message per 64 KB chunk is 2,700 messages for a 173 MB SEG.
  let batch: Uint8Array[] = [];
  let batchBytes = 0;
  let bodyLength: number | null = null;
  let sent = 0;
  /** a batch not full yet leaves at this timer (a link that slows down or pauses must not hold it back) */
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = (): void => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (!batch.length) return;
    channel.post({ kind: 'seg-piece', key, pieces: batch, length: bodyLength }, [...new Set(batch.map((p) => p.buffer as ArrayBuffer))]);
    sent += batchBytes;
    batch = [];
    batchBytes = 0;
  };
  const restart = (): void => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    batch = [];
    batchBytes = 0;
    sent = 0;
    channel.post({ kind: 'seg-drop', key });
  };
  try {
    await download((piece, length) => {
      bodyLength = length;
      batch.push(piece);
      batchBytes += piece.length;
      if (batchBytes >= PIECE_BATCH_BYTES || sent < UNBATCHED_BYTES) flush();
      else timer ??= setTimeout(flush, PIECE_BATCH_MS);
    }, restart);
    flush();
  } catch (e) {
    if (timer) clearTimeout(timer);
    channel.post({ kind: 'seg-drop', key, final: true });
    throw e;
  }
}

/**
 * Decodes a Parametric Map in the worker: real world values on `target` (the shown series) or, with null, on the
 * map's own grid; values and display bins come back transferred. The map's bytes go to the worker piece by piece
 * as they download (`download`, as for a SEG), so the page never holds a map of hundreds of MB.
 */
export async function decodeParametricMapInWorker(key: string, download: SegDownload, name: string, target: TargetSeries | null): Promise<PmResult> {
  await sendPieces(`pm:${key}`, download);
  // Read by `npm run bench`: the map's bytes are in ('pm:visible' later).
  performance.mark('pm:bytes');
  const t0 = performance.now();
  const res = await run({ kind: 'pm', key: `pm:${key}`, name, target }, name, []);
  if (!res.ok) throw failed(res);
  if (res.kind !== 'pm') throw new Error('unexpected worker answer');
  performance.measure('pm:decode', { start: t0, detail: { workerMs: res.ms, ...res.result.timings } });
  return res.result;
}

/**
 * Quality work (statistics, comparison, agreement, SR cross-check) in the decode worker, which holds the SEG
 * bytes; app/qualityClient.ts sends these and answers what the worker asks for.
 */
export function requestQuality(req: WithoutId<QualityRequest>, object: string, transfer: Transferable[] = []): Promise<DecodeResponse> {
  return channel.request(req, object, transfer, DECODE_TIMEOUT_MS);
}
