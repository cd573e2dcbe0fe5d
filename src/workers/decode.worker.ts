// Decodes derived objects off the main thread. Thin: it only calls dicom/ decoders and moves big buffers
// back as transferables.
import { decodeStructureSetPart10 } from '../dicom/rtstruct/part10';
import type { StructureSet } from '../dicom/rtstruct/model';

export type DecodeRequest = { id: number; kind: 'rtstruct'; bytes: ArrayBuffer; name: string };

export type DecodeResponse =
  | { id: number; ok: true; kind: 'rtstruct'; result: StructureSet; ms: number }
  | { id: number; ok: false; error: string };

function transferablesOf(set: StructureSet): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  for (const roi of set.rois) for (const c of roi.contours) out.add(c.points.buffer as ArrayBuffer);
  return [...out];
}

self.onmessage = (ev: MessageEvent<DecodeRequest>) => {
  const req = ev.data;
  const t0 = performance.now();
  try {
    if (req.kind === 'rtstruct') {
      const result = decodeStructureSetPart10(req.bytes, req.name, { precision: 'float32' });
      const msg: DecodeResponse = { id: req.id, ok: true, kind: 'rtstruct', result, ms: performance.now() - t0 };
      (self as unknown as Worker).postMessage(msg, transferablesOf(result));
    }
  } catch (e) {
    const msg: DecodeResponse = { id: req.id, ok: false, error: e instanceof Error ? e.message : String(e) };
    (self as unknown as Worker).postMessage(msg);
  }
};
