import { describe, expect, it } from 'vitest';
import { crc32, storeZip } from './storeZip';
import { readZip } from '../../testing/zipReader';

describe('storeZip', () => {
  it('gives the CRC-32 of the standard check value', () => {
    // "123456789" -> 0xCBF43926 (the check value of CRC-32/ISO-HDLC).
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  });

  it('writes an archive that another zip reader reads back byte for byte', async () => {
    const a = new Uint8Array(70_001).map((_, i) => (i * 7) & 0xff);
    const b = new TextEncoder().encode('second file');
    const blob = storeZip([
      { name: 'CT_1/1.2.3.dcm', bytes: a },
      { name: 'SEG_2/1.2.4.dcm', bytes: b },
    ]);
    const files = readZip(new Uint8Array(await blob.arrayBuffer()));
    expect([...files.keys()]).toEqual(['CT_1/1.2.3.dcm', 'SEG_2/1.2.4.dcm']);
    expect(files.get('CT_1/1.2.3.dcm')).toEqual(a);
    expect(new TextDecoder().decode(files.get('SEG_2/1.2.4.dcm'))).toBe('second file');
  });
});
