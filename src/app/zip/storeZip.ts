// A zip archive of stored (uncompressed) entries, written by us rather than with a compression library: DICOM
// files are mostly pixel data, which deflate shrinks little for the seconds it costs on the main thread, and
// stored entries keep every file byte for byte as it came. The archive is a Blob of the entries' own bytes (no
// copy into one buffer); only the headers are new. Plain zip (no Zip64): up to 65,535 entries and 4 GiB.

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

export interface ZipEntry {
  /** path inside the archive, '/'-separated */
  name: string;
  bytes: Uint8Array;
}

const LIMIT = 0xffffffff;

/** MS-DOS time and date of `d` (local time, 2-second steps), as zip headers hold them. */
function dosDateTime(d: Date): { time: number; date: number } {
  const year = Math.max(1980, d.getFullYear());
  return {
    time: (d.getHours() << 11) | (d.getMinutes() << 5) | (d.getSeconds() >> 1),
    date: ((year - 1980) << 9) | ((d.getMonth() + 1) << 5) | d.getDate(),
  };
}

/** The archive; throws (naming the limit) past what plain zip can hold. */
export function storeZip(entries: ZipEntry[], when = new Date()): Blob {
  if (entries.length > 0xffff) throw new Error(`${entries.length} files are more than a zip without Zip64 holds (65,535)`);
  const { time, date } = dosDateTime(when);
  const enc = new TextEncoder();
  const parts: BlobPart[] = [];
  const central: Uint8Array<ArrayBuffer>[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = enc.encode(e.name);
    const size = e.bytes.byteLength;
    const crc = crc32(e.bytes);
    if (offset + 30 + name.length + size > LIMIT) throw new Error('the files are more than a zip without Zip64 holds (4 GiB)');
    const local = new Uint8Array(30 + name.length);
    const l = new DataView(local.buffer);
    l.setUint32(0, 0x04034b50, true);
    l.setUint16(4, 20, true); // version needed: 2.0
    l.setUint16(6, 0x0800, true); // names are UTF-8
    l.setUint16(8, 0, true); // stored
    l.setUint16(10, time, true);
    l.setUint16(12, date, true);
    l.setUint32(14, crc, true);
    l.setUint32(18, size, true);
    l.setUint32(22, size, true);
    l.setUint16(26, name.length, true);
    l.setUint16(28, 0, true);
    local.set(name, 30);
    const cd = new Uint8Array(46 + name.length);
    const c = new DataView(cd.buffer);
    c.setUint32(0, 0x02014b50, true);
    c.setUint16(4, 20, true);
    c.setUint16(6, 20, true);
    c.setUint16(8, 0x0800, true);
    c.setUint16(10, 0, true);
    c.setUint16(12, time, true);
    c.setUint16(14, date, true);
    c.setUint32(16, crc, true);
    c.setUint32(20, size, true);
    c.setUint32(24, size, true);
    c.setUint16(28, name.length, true);
    // extra, comment, disk number, internal and external attributes: 0
    c.setUint32(42, offset, true);
    cd.set(name, 46);
    central.push(cd);
    parts.push(local, e.bytes as BlobPart);
    offset += local.length + size;
  }
  const cdSize = central.reduce((n, x) => n + x.length, 0);
  if (offset + cdSize > LIMIT) throw new Error('the files are more than a zip without Zip64 holds (4 GiB)');
  const end = new Uint8Array(22);
  const v = new DataView(end.buffer);
  v.setUint32(0, 0x06054b50, true);
  v.setUint16(8, entries.length, true);
  v.setUint16(10, entries.length, true);
  v.setUint32(12, cdSize, true);
  v.setUint32(16, offset, true);
  return new Blob([...parts, ...central, end], { type: 'application/zip' });
}
