// Tests and benchmarks only: DICOM JSON -> Part 10 bytes (explicit VR little endian, undefined-length sequences), for the big
// reports of the timing test. dcmjs writes the same encoding but takes ~15 s for a 9 MB SR on this machine;
// this writes it in well under a second, so the test measures reading, not writing. Covers the VRs SR uses.
import type { DicomJsonDataset, DicomJsonElement, PersonName } from '../../json';

const LONG_LENGTH_VRS = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'UC', 'UN', 'UR', 'UT']);
const NUMERIC_VRS: Record<string, { size: number; set: (v: DataView, o: number, n: number) => void }> = {
  FL: { size: 4, set: (v, o, n) => v.setFloat32(o, n, true) },
  FD: { size: 8, set: (v, o, n) => v.setFloat64(o, n, true) },
  UL: { size: 4, set: (v, o, n) => v.setUint32(o, n, true) },
  US: { size: 2, set: (v, o, n) => v.setUint16(o, n, true) },
  SL: { size: 4, set: (v, o, n) => v.setInt32(o, n, true) },
  SS: { size: 2, set: (v, o, n) => v.setInt16(o, n, true) },
};
const UNDEFINED_LENGTH = 0xffffffff;

class ByteWriter {
  private bytes = new Uint8Array(1 << 16);
  private view = new DataView(this.bytes.buffer);
  length = 0;

  private reserve(n: number): void {
    if (this.length + n <= this.bytes.length) return;
    let size = this.bytes.length * 2;
    while (size < this.length + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.bytes.subarray(0, this.length));
    this.bytes = next;
    this.view = new DataView(next.buffer);
  }

  uint16(n: number): void {
    this.reserve(2);
    this.view.setUint16(this.length, n, true);
    this.length += 2;
  }

  uint32(n: number): void {
    this.reserve(4);
    this.view.setUint32(this.length, n, true);
    this.length += 4;
  }

  raw(b: Uint8Array): void {
    this.reserve(b.length);
    this.bytes.set(b, this.length);
    this.length += b.length;
  }

  result(): ArrayBuffer {
    return this.bytes.slice(0, this.length).buffer;
  }
}

function tag(w: ByteWriter, t: string): void {
  w.uint16(parseInt(t.slice(0, 4), 16));
  w.uint16(parseInt(t.slice(4, 8), 16));
}

function header(w: ByteWriter, t: string, vr: string, length: number): void {
  tag(w, t);
  w.raw(new Uint8Array([vr.charCodeAt(0), vr.charCodeAt(1)]));
  if (LONG_LENGTH_VRS.has(vr)) {
    w.uint16(0);
    w.uint32(length);
  } else {
    w.uint16(length);
  }
}

const encoder = new TextEncoder();

function valueBytes(el: DicomJsonElement): Uint8Array {
  if (el.InlineBinary !== undefined) return Uint8Array.from(atob(el.InlineBinary), (c) => c.charCodeAt(0));
  const values = el.Value ?? [];
  const numeric = NUMERIC_VRS[el.vr];
  if (numeric) {
    const out = new Uint8Array(values.length * numeric.size);
    const view = new DataView(out.buffer);
    values.forEach((v, i) => numeric.set(view, i * numeric.size, Number(v)));
    return out;
  }
  const text = values
    .map((v) => (v === null ? '' : typeof v === 'object' ? ((v as PersonName).Alphabetic ?? '') : String(v)))
    .join('\\');
  const bytes = encoder.encode(text);
  if (bytes.length % 2 === 0) return bytes;
  const padded = new Uint8Array(bytes.length + 1);
  padded.set(bytes);
  padded[bytes.length] = el.vr === 'UI' ? 0 : 0x20;
  return padded;
}

function dataset(w: ByteWriter, ds: DicomJsonDataset): void {
  for (const t of Object.keys(ds).sort()) {
    const el = ds[t];
    if (el.vr === 'SQ') {
      header(w, t, 'SQ', UNDEFINED_LENGTH);
      for (const item of (el.Value ?? []) as DicomJsonDataset[]) {
        tag(w, 'FFFEE000');
        w.uint32(UNDEFINED_LENGTH);
        dataset(w, item);
        tag(w, 'FFFEE00D');
        w.uint32(0);
      }
      tag(w, 'FFFEE0DD');
      w.uint32(0);
    } else {
      const bytes = valueBytes(el);
      header(w, t, el.vr, bytes.length);
      w.raw(bytes);
    }
  }
}

/** Part 10 file of a DICOM JSON data set: preamble, file meta information, data set. */
export function writePart10(ds: DicomJsonDataset): ArrayBuffer {
  const sopClass = String(ds['00080016']?.Value?.[0] ?? '');
  const sopInstance = String(ds['00080018']?.Value?.[0] ?? '');
  const meta = new ByteWriter();
  dataset(meta, {
    '00020001': { vr: 'OB', InlineBinary: 'AAE=' },
    '00020002': { vr: 'UI', Value: [sopClass] },
    '00020003': { vr: 'UI', Value: [sopInstance] },
    '00020010': { vr: 'UI', Value: ['1.2.840.10008.1.2.1'] },
    '00020012': { vr: 'UI', Value: ['2.25.1'] },
  });
  const w = new ByteWriter();
  w.raw(new Uint8Array(128));
  w.raw(encoder.encode('DICM'));
  header(w, '00020000', 'UL', 4);
  w.uint32(meta.length);
  w.raw(new Uint8Array(meta.result()));
  dataset(w, ds);
  return w.result();
}
