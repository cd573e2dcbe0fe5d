import { describe, expect, it } from 'vitest';
import { parseMultipart, boundaryOf } from './multipart';

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
