// The bench's slow link passes every byte on, in order (the pace itself is for `npm run bench` to show).
import { describe, expect, it } from 'vitest';
import { Readable } from 'node:stream';
import { throttled } from './throttle';

describe('throttled', () => {
  it('passes the bytes through unchanged, across chunks bigger than its 64 KB step', async () => {
    const input = Buffer.from(Array.from({ length: 300_000 }, (_, i) => (i * 7919) % 251));
    const pieces: Buffer[] = [];
    // Fast enough that the test takes a few ms.
    const out = Readable.from([input.subarray(0, 100_001), input.subarray(100_001)]).pipe(throttled(1e9));
    for await (const p of out) pieces.push(p as Buffer);
    expect(Buffer.concat(pieces).equals(input)).toBe(true);
  });
});
