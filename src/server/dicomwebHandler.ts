// A read-only DICOMweb endpoint (QIDO-RS, WADO-RS) over a FolderIndex, as Connect-style middleware.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { randomBytes } from 'node:crypto';
import { getBulkValue, readPart10 } from '../dicom/part10';
import { getFrames } from '../dicom/frames';
import type { DicomJsonDataset } from '../dicom/json';
import { BULK_PLACEHOLDER, type FolderIndex, type IndexedInstance } from './folderIndex';
import { query, type Level } from '../dicom/qido';
import { Tag } from '../dicom/tags';
import { throttled } from './throttle';

type Next = (err?: unknown) => void;

function send(res: ServerResponse, status: number, body: string | Uint8Array, type: string): void {
  res.statusCode = status;
  res.setHeader('Content-Type', type);
  res.setHeader('Cache-Control', 'no-cache');
  res.end(body);
}

function sendError(res: ServerResponse, status: number, message: string): void {
  send(res, status, JSON.stringify({ error: message }), 'application/json');
}

function multipartHead(outerType: string): { boundary: string; contentType: string } {
  const boundary = `dicomweb-${randomBytes(8).toString('hex')}`;
  return { boundary, contentType: `multipart/related; type="${outerType}"; boundary=${boundary}` };
}

function multipart(res: ServerResponse, parts: Array<{ type: string; body: Uint8Array }>, outerType: string): void {
  const { boundary, contentType } = multipartHead(outerType);
  const chunks: Buffer[] = [];
  for (const p of parts) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Type: ${p.type}\r\nContent-Length: ${p.body.length}\r\n\r\n`));
    chunks.push(Buffer.from(p.body.buffer, p.body.byteOffset, p.body.byteLength));
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  res.statusCode = 200;
  res.setHeader('Content-Type', contentType);
  res.setHeader('Cache-Control', 'no-cache');
  res.setHeader('Content-Length', chunks.reduce((n, c) => n + c.length, 0));
  // Written piece by piece: joining them first would copy every body once more.
  for (const c of chunks) res.write(c);
  res.end();
}

/**
 * One file as a one-part multipart response, streamed from disk (a SEG can be hundreds of MB); `bytesPerSecond`
 * paces it (a slow link).
 */
async function multipartFile(res: ServerResponse, file: string, type: string, bytesPerSecond?: number): Promise<void> {
  const { size } = await stat(file);
  const { boundary, contentType } = multipartHead(type);
  const head = Buffer.from(`--${boundary}\r\nContent-Type: ${type}\r\nContent-Length: ${size}\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  res.statusCode = 200;
  res.setHeader('Content-Type', contentType);
  res.setHeader('Cache-Control', 'no-cache');
  res.setHeader('Content-Length', head.length + size + tail.length);
  res.write(head);
  try {
    const read = createReadStream(file, { highWaterMark: 1 << 20 });
    if (bytesPerSecond) await pipeline(read, throttled(bytesPerSecond), res, { end: false });
    else await pipeline(read, res, { end: false });
  } catch {
    // The viewer went away (page closed, request aborted) or the file could not be read mid-way: nothing
    // more can be said on this response.
    res.destroy();
    return;
  }
  res.end(tail);
}

/** Re-pack a 1-bit frame that does not start on a byte boundary so that it starts at bit 0. */
function alignBits(bytes: Uint8Array, bitOffset: number, bitLength: number): Uint8Array {
  if (bitOffset === 0) return bytes;
  const out = new Uint8Array(Math.ceil(bitLength / 8));
  for (let i = 0; i < bitLength; i++) {
    const src = i + bitOffset;
    if (bytes[src >> 3] & (1 << (src & 7))) out[i >> 3] |= 1 << (i & 7);
  }
  return out;
}

export interface DicomwebHandlerOptions {
  /** Path prefix the endpoint is mounted at, e.g. '/dicomweb' */
  mount: string;
  /**
   * Pace whole-instance answers (what the viewer downloads derived objects with; images come as frames) at this
   * many bytes per second: a slow link, for the bench.
   */
  throttleBytesPerSecond?: number;
}

/** Small cache of parsed files, so that the frames of one instance don't re-read the file each time. */
class ParsedCache {
  private map = new Map<string, ReturnType<typeof readPart10>>();
  async get(inst: IndexedInstance): Promise<ReturnType<typeof readPart10>> {
    const hit = this.map.get(inst.file);
    if (hit) return hit;
    const buf = await readFile(inst.file);
    const ab = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer;
    const parsed = readPart10(ab, inst.file);
    this.map.set(inst.file, parsed);
    if (this.map.size > 16) this.map.delete(this.map.keys().next().value as string);
    return parsed;
  }
}

export function createDicomwebHandler(index: FolderIndex, opts: DicomwebHandlerOptions) {
  const cache = new ParsedCache();
  const mount = opts.mount.replace(/\/$/, '');

  const withRoot = (json: DicomJsonDataset, root: string): DicomJsonDataset =>
    JSON.parse(JSON.stringify(json).split(BULK_PLACEHOLDER).join(root)) as DicomJsonDataset;

  function instancesIn(studyUID: string, seriesUID?: string): IndexedInstance[] {
    const series = index.studies.get(studyUID);
    if (!series) return [];
    const out: IndexedInstance[] = [];
    for (const [uid, sops] of series) {
      if (seriesUID && uid !== seriesUID) continue;
      for (const sop of sops) out.push(index.instances.get(sop) as IndexedInstance);
    }
    return out;
  }

  return async function handle(req: IncomingMessage, res: ServerResponse, next: Next): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (!(url.pathname === mount || url.pathname.startsWith(`${mount}/`))) return next();
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendError(res, 405, 'read-only DICOMweb endpoint');
    const host = req.headers.host ?? 'localhost';
    const root = `http://${host}${mount}`;
    const parts = url.pathname.slice(mount.length).split('/').filter(Boolean).map(decodeURIComponent);
    try {
      // QIDO-RS
      const qidoLevel = ((): [Level, { studyUID?: string; seriesUID?: string }] | null => {
        if (parts.length === 1 && parts[0] === 'studies') return ['study', {}];
        if (parts.length === 1 && parts[0] === 'series') return ['series', {}];
        if (parts.length === 1 && parts[0] === 'instances') return ['instance', {}];
        if (parts.length === 3 && parts[0] === 'studies' && parts[2] === 'series') return ['series', { studyUID: parts[1] }];
        if (parts.length === 3 && parts[0] === 'studies' && parts[2] === 'instances') return ['instance', { studyUID: parts[1] }];
        if (parts.length === 5 && parts[0] === 'studies' && parts[2] === 'series' && parts[4] === 'instances')
          return ['instance', { studyUID: parts[1], seriesUID: parts[3] }];
        return null;
      })();
      if (qidoLevel) {
        const rows = query(index, qidoLevel[0], url.searchParams, qidoLevel[1], root);
        if (!rows.length) return send(res, 204, '', 'application/dicom+json');
        return send(res, 200, JSON.stringify(rows), 'application/dicom+json');
      }
      if (parts[0] !== 'studies' || !parts[1]) return sendError(res, 404, `no such DICOMweb resource: ${url.pathname}`);
      const studyUID = parts[1];
      if (!index.studies.has(studyUID)) return sendError(res, 404, `unknown study ${studyUID}`);
      // WADO-RS metadata
      if (parts[parts.length - 1] === 'metadata') {
        const seriesUID = parts[2] === 'series' ? parts[3] : undefined;
        const sopUID = parts[4] === 'instances' ? parts[5] : undefined;
        let list = instancesIn(studyUID, seriesUID);
        if (sopUID) list = list.filter((i) => i.sopUID === sopUID);
        if (!list.length) return sendError(res, 404, `unknown series or instance in ${url.pathname}`);
        return send(res, 200, JSON.stringify(list.map((i) => withRoot(i.json, root))), 'application/dicom+json');
      }
      const seriesUID = parts[2] === 'series' ? parts[3] : undefined;
      const sopUID = parts[4] === 'instances' ? parts[5] : undefined;
      if (sopUID) {
        const inst = index.instances.get(sopUID);
        if (!inst || inst.seriesUID !== seriesUID || inst.studyUID !== studyUID) {
          return sendError(res, 404, `unknown instance ${sopUID}`);
        }
        if (parts[6] === 'frames' && parts[7]) {
          const parsed = await cache.get(inst);
          const frames = getFrames(parsed.dict, inst.transferSyntaxUID);
          const wanted = parts[7].split(',').map((n) => Number(n));
          if (wanted.some((n) => !Number.isInteger(n) || n < 1 || n > frames.length)) {
            return sendError(res, 404, `frame ${parts[7]} out of range 1..${frames.length}`);
          }
          const bits = Number(inst.json[Tag.BitsAllocated]?.Value?.[0] ?? 16);
          const rows = Number(inst.json[Tag.Rows]?.Value?.[0] ?? 0);
          const cols = Number(inst.json[Tag.Columns]?.Value?.[0] ?? 0);
          const bodies = wanted.map((n) =>
            bits === 1 ? alignBits(frames[n - 1], ((n - 1) * rows * cols) % 8, rows * cols) : frames[n - 1],
          );
          // Deflate applies to the whole data set; the frames themselves are plain little endian.
          const ts = inst.transferSyntaxUID === '1.2.840.10008.1.2.1.99' ? '1.2.840.10008.1.2.1' : inst.transferSyntaxUID;
          return multipart(
            res,
            bodies.map((body) => ({ type: `application/octet-stream; transfer-syntax=${ts}`, body })),
            'application/octet-stream',
          );
        }
        if (parts[6] === 'bulk' && parts[7]) {
          const parsed = await cache.get(inst);
          const value = getBulkValue(parsed.dict, parts.slice(7).map((p) => p.toUpperCase()));
          if (!value) return sendError(res, 404, `no bulk data at ${parts.slice(7).join('/')}`);
          return multipart(res, [{ type: 'application/octet-stream', body: value }], 'application/octet-stream');
        }
        if (parts.length === 6) {
          if ((req.headers.accept ?? '').startsWith('application/dicom')) return send(res, 200, await readFile(inst.file), 'application/dicom');
          return multipartFile(res, inst.file, 'application/dicom', opts.throttleBytesPerSecond);
        }
        return sendError(res, 404, `no such DICOMweb resource: ${url.pathname}`);
      }
      if (parts.length <= 4) {
        const list = instancesIn(studyUID, seriesUID);
        if (!list.length) return sendError(res, 404, `unknown series ${seriesUID}`);
        // A series of one instance (how the viewer asks for a SEG, RTSTRUCT or SR series): streamed, paced like an instance.
        if (list.length === 1 && seriesUID) return multipartFile(res, list[0].file, 'application/dicom', opts.throttleBytesPerSecond);
        const bodies = await Promise.all(list.map((i) => readFile(i.file)));
        return multipart(res, bodies.map((body) => ({ type: 'application/dicom', body })), 'application/dicom');
      }
      return sendError(res, 404, `no such DICOMweb resource: ${url.pathname}`);
    } catch (e) {
      return sendError(res, 500, (e as Error).message);
    }
  };
}
