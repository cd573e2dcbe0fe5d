// multipart/related bodies (WADO-RS) -> parts. Our own, because it runs on every frame and instance
// response and needs only byte searching over one ArrayBuffer, without copies.
export interface Part {
  headers: Record<string, string>;
  body: Uint8Array;
}

export function boundaryOf(contentType: string): string | undefined {
  const m = /boundary="?([^";]+)"?/i.exec(contentType);
  return m?.[1];
}

function indexOf(hay: Uint8Array, needle: Uint8Array, from: number): number {
  const first = needle[0];
  const last = hay.length - needle.length;
  outer: for (let i = from; i <= last; i++) {
    if (hay[i] !== first) continue;
    for (let j = 1; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

/** A part's header lines -> lower-case name: value. */
function partHeaders(bytes: Uint8Array): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of new TextDecoder().decode(bytes).split('\r\n')) {
    const c = line.indexOf(':');
    if (c > 0) headers[line.slice(0, c).trim().toLowerCase()] = line.slice(c + 1).trim();
  }
  return headers;
}

export function parseMultipart(buffer: ArrayBuffer, contentType: string, offset = 0, length = buffer.byteLength - offset): Part[] {
  const bytes = new Uint8Array(buffer, offset, length);
  const boundary = boundaryOf(contentType);
  if (!boundary) return [{ headers: { 'content-type': contentType }, body: bytes }];
  const delim = new TextEncoder().encode(`--${boundary}`);
  const parts: Part[] = [];
  let pos = indexOf(bytes, delim, 0);
  while (pos >= 0) {
    const afterDelim = pos + delim.length;
    if (bytes[afterDelim] === 0x2d && bytes[afterDelim + 1] === 0x2d) break; // closing delimiter
    const headerEnd = indexOf(bytes, new Uint8Array([13, 10, 13, 10]), afterDelim);
    if (headerEnd < 0) break;
    const headers = partHeaders(bytes.subarray(afterDelim, headerEnd));
    const bodyStart = headerEnd + 4;
    const len = Number(headers['content-length']);
    let bodyEnd: number;
    let next: number;
    if (Number.isFinite(len) && len >= 0 && bodyStart + len <= bytes.length) {
      bodyEnd = bodyStart + len;
      next = indexOf(bytes, delim, bodyEnd);
    } else {
      next = indexOf(bytes, delim, bodyStart);
      bodyEnd = next < 0 ? bytes.length : next - 2; // strip CRLF before the delimiter
    }
    parts.push({ headers, body: bytes.subarray(bodyStart, bodyEnd) });
    pos = next;
  }
  return parts;
}

/**
 * Whether a whole multipart body ends with its closing delimiter ("--boundary--"): without it the body was cut
 * short (a chunked answer that ended early still ends cleanly as HTTP). Looks at the last few KB only.
 */
export function hasClosingDelimiter(bytes: Uint8Array, contentType: string): boolean {
  const boundary = boundaryOf(contentType);
  if (!boundary) return true;
  const closing = new TextEncoder().encode(`--${boundary}--`);
  const from = Math.max(0, bytes.length - closing.length - 4096);
  return indexOf(bytes, closing, from) >= 0;
}

const CRLF2 = new Uint8Array([13, 10, 13, 10]);
/** Most header bytes looked at before giving up on finding the first part's header. */
const MAX_HEADER_BYTES = 64 * 1024;

/**
 * The body of the first part of a multipart/related response, read as the chunks arrive: `push` returns the body
 * bytes found in a chunk (views on it, no copies, except the few bytes held back to spot the closing delimiter
 * when the part has no Content-Length). So a SEG of hundreds of MB can go on to a worker piece by piece, never
 * whole on the page. A response that is not multipart is its own body.
 */
export class FirstPartReader {
  /** the part's Content-Length, once its header is read (null when it gives none) */
  bodyLength: number | null = null;
  headers: Record<string, string> = {};
  private readonly delim: Uint8Array | null;
  private state: 'header' | 'body' | 'done' = 'header';
  private head: Uint8Array = new Uint8Array(0);
  private remaining = Infinity;
  /** without a length: the tail of the bytes so far, which may be the start of "\r\n--boundary" */
  private held: Uint8Array = new Uint8Array(0);

  constructor(contentType: string) {
    const boundary = boundaryOf(contentType);
    this.delim = boundary ? new TextEncoder().encode(`\r\n--${boundary}`) : null;
    if (!this.delim) this.state = 'body';
  }

  push(chunk: Uint8Array): Uint8Array[] {
    if (this.state === 'done' || !chunk.length) return [];
    if (!this.delim) return [chunk];
    if (this.state === 'header') {
      // Usually the whole header is in the first chunk, which can be megabytes: look in it, not in a copy.
      const head = this.head.length ? concat(this.head, chunk) : chunk;
      // The first delimiter may open the body without the CRLF before it.
      const start = indexOf(head, this.delim.subarray(2), 0);
      const end = start < 0 ? -1 : indexOf(head, CRLF2, start);
      if (end < 0) {
        if (head.length > MAX_HEADER_BYTES) throw new Error(`no multipart part header in the first ${head.length} bytes`);
        this.head = head;
        return [];
      }
      this.headers = partHeaders(head.subarray(start + this.delim.length - 2, end));
      const len = Number(this.headers['content-length']);
      if (this.headers['content-length'] !== undefined && Number.isFinite(len) && len >= 0) this.remaining = this.bodyLength = len;
      this.state = 'body';
      this.head = new Uint8Array(0);
      return this.body(head.subarray(end + 4));
    }
    return this.body(chunk);
  }

  /** What is left when the response ends. Throws when no part was found or the body was cut short. */
  end(): Uint8Array[] {
    if (this.state === 'header') throw new Error('the response has no multipart part');
    if (this.state === 'body' && this.remaining !== Infinity && this.remaining > 0) {
      throw new Error(`the part ends ${this.remaining} bytes short of its Content-Length`);
    }
    if (this.state === 'body' && this.delim && this.remaining === Infinity) throw new Error('the multipart response ends without its closing delimiter');
    return [];
  }

  private body(bytes: Uint8Array): Uint8Array[] {
    if (this.remaining !== Infinity) {
      const take = Math.min(this.remaining, bytes.length);
      this.remaining -= take;
      if (this.remaining === 0) this.state = 'done';
      return take ? [bytes.subarray(0, take)] : [];
    }
    // No length: the body ends where "\r\n--boundary" starts. Look across the held tail and this chunk.
    const delim = this.delim as Uint8Array;
    const keep = delim.length - 1;
    const straddle = new Uint8Array(this.held.length + Math.min(bytes.length, keep));
    straddle.set(this.held);
    straddle.set(bytes.subarray(0, straddle.length - this.held.length), this.held.length);
    let at = indexOf(straddle, delim, 0);
    if (at >= 0) {
      this.state = 'done';
      return at ? [straddle.slice(0, at)] : [];
    }
    at = indexOf(bytes, delim, 0);
    if (at >= 0) {
      this.state = 'done';
      const out = [this.held, bytes.subarray(0, at)].filter((b) => b.length);
      this.held = new Uint8Array(0);
      return out;
    }
    // Hand out all but the last `keep` bytes seen; those are held (copied: a few bytes) for the next chunk.
    const all = this.held.length + bytes.length;
    const out: Uint8Array[] = [];
    if (all <= keep) {
      this.held = straddle.length === all ? straddle : concat(this.held, bytes);
      return out;
    }
    const cut = bytes.length - keep; // bytes[cut..] are held back; everything before goes out
    if (cut >= 0) {
      if (this.held.length) out.push(this.held);
      if (cut) out.push(bytes.subarray(0, cut));
      this.held = bytes.slice(cut);
    } else {
      // The chunk is shorter than what must be held: part of the old tail goes out.
      const joined = concat(this.held, bytes);
      out.push(joined.subarray(0, joined.length - keep));
      this.held = joined.slice(joined.length - keep);
    }
    return out;
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
