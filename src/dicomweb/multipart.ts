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

export function parseMultipart(buffer: ArrayBuffer, contentType: string): Part[] {
  const bytes = new Uint8Array(buffer);
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
    const headerText = new TextDecoder().decode(bytes.subarray(afterDelim, headerEnd));
    const headers: Record<string, string> = {};
    for (const line of headerText.split('\r\n')) {
      const c = line.indexOf(':');
      if (c > 0) headers[line.slice(0, c).trim().toLowerCase()] = line.slice(c + 1).trim();
    }
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
