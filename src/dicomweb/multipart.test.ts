import { describe, expect, it } from 'vitest';
import { FirstPartReader, parseMultipart, boundaryOf } from './multipart';

function build(boundary: string, parts: Array<{ type: string; body: Uint8Array; length?: boolean }>): ArrayBuffer {
  const enc = new TextEncoder();
  const chunks: Uint8Array[] = [];
  for (const p of parts) {
    chunks.push(enc.encode(`--${boundary}\r\nContent-Type: ${p.type}\r\n${p.length ? `Content-Length: ${p.body.length}\r\n` : ''}\r\n`));
    chunks.push(p.body, enc.encode('\r\n'));
  }
  chunks.push(enc.encode(`--${boundary}--\r\n`));
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return out.buffer;
}

describe('multipart/related parsing', () => {
  it('reads the boundary, quoted or not', () => {
    expect(boundaryOf('multipart/related; type="application/dicom"; boundary="abc=1"')).toBe('abc=1');
    expect(boundaryOf('multipart/related; boundary=xyz; type=application/octet-stream')).toBe('xyz');
  });

  it('splits parts with and without Content-Length, keeping binary bodies intact', () => {
    const a = new Uint8Array([0, 1, 2, 13, 10, 45, 45, 255]);
    const b = new Uint8Array(1000).map((_, i) => i % 251);
    const buf = build('BOUND', [
      { type: 'application/octet-stream; transfer-syntax=1.2.840.10008.1.2.1', body: a, length: true },
      { type: 'application/octet-stream', body: b },
    ]);
    const parts = parseMultipart(buf, 'multipart/related; type="application/octet-stream"; boundary=BOUND');
    expect(parts).toHaveLength(2);
    expect([...parts[0].body]).toEqual([...a]);
    expect(parts[0].headers['content-type']).toContain('transfer-syntax=1.2.840.10008.1.2.1');
    expect([...parts[1].body]).toEqual([...b]);
  });

  it('treats a body without a multipart content type as one part', () => {
    const parts = parseMultipart(new Uint8Array([1, 2, 3]).buffer, 'application/dicom');
    expect(parts).toHaveLength(1);
    expect([...parts[0].body]).toEqual([1, 2, 3]);
  });
});

describe('first part read as the chunks arrive', () => {
  /** Feeds `buf` in chunks of the given sizes (cycled) and joins what the reader hands out. */
  function stream(buf: ArrayBuffer, contentType: string, sizes: number[]): { body: Uint8Array; length: number | null } {
    const r = new FirstPartReader(contentType);
    const bytes = new Uint8Array(buf);
    const out: number[] = [];
    for (let o = 0, i = 0; o < bytes.length; i++) {
      const n = sizes[i % sizes.length];
      // A fresh buffer per chunk, as a network stream gives them.
      for (const piece of r.push(bytes.slice(o, o + n))) out.push(...piece);
      o += n;
    }
    for (const piece of r.end()) out.push(...piece);
    return { body: new Uint8Array(out), length: r.bodyLength };
  }

  const body = new Uint8Array(5000).map((_, i) => (i * 7) % 256);
  // Bytes that look like the start of a delimiter inside the body must not end it.
  body.set(new TextEncoder().encode('\r\n--BOUN'), 2000);
  const type = 'multipart/related; type="application/dicom"; boundary=BOUND';

  it.each([[[1]], [[2, 3]], [[7]], [[11, 1, 64]], [[100]], [[4096]], [[100000]]])('gives the same bytes as the whole-body parser, chunks of %j', (sizes) => {
    for (const length of [true, false]) {
      const buf = build('BOUND', [{ type: 'application/dicom', body, length }, { type: 'application/dicom', body: new Uint8Array([1, 2, 3]) }]);
      const whole = parseMultipart(buf, type)[0].body;
      const got = stream(buf, type, sizes);
      expect(got.body).toEqual(whole);
      expect(got.body).toEqual(body);
      expect(got.length).toBe(length ? body.length : null);
    }
  });

  it('passes a response that is not multipart through as it is', () => {
    const got = stream(body.slice().buffer, 'application/dicom', [333]);
    expect(got.body).toEqual(body);
  });

  it('says when the response is cut short or has no part', () => {
    const full = new Uint8Array(build('BOUND', [{ type: 'application/dicom', body, length: true }]));
    const r = new FirstPartReader(type);
    r.push(full.slice(0, 1000));
    expect(() => r.end()).toThrow(/bytes short of its Content-Length/);
    const open = new Uint8Array(build('BOUND', [{ type: 'application/dicom', body }]));
    const r2 = new FirstPartReader(type);
    r2.push(open.slice(0, 3000));
    expect(() => r2.end()).toThrow(/without its closing delimiter/);
    expect(() => new FirstPartReader(type).end()).toThrow(/no multipart part/);
  });
});
