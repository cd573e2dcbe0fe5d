// Decodes derived objects off the main thread. Thin: it only calls dicom/ decoders and moves big buffers
// back as transferables.
import { decodeStructureSetPart10 } from '../dicom/rtstruct/part10';
import type { StructureSet } from '../dicom/rtstruct/model';
import type { TargetSeries } from '../dicom/geometry/placeFrames';
import { decodeSeg, type SegResult } from './decodeSeg';
import { decodeReportPart10, type SRDocument } from '../dicom/sr/document';

/** The SR without its content tree (the viewer's panel needs the TID 1500 model and the problems). */
export type ReportResult = Omit<SRDocument, 'root'>;

export type { SegResult };

export type DecodeRequest =
  | { id: number; kind: 'rtstruct'; bytes: ArrayBuffer; name: string }
  | { id: number; kind: 'seg'; bytes: ArrayBuffer; name: string; target: TargetSeries }
  | { id: number; kind: 'sr'; bytes: ArrayBuffer; name: string };

export type DecodeResponse =
  | { id: number; ok: true; kind: 'rtstruct'; result: StructureSet; ms: number }
  | { id: number; ok: true; kind: 'seg'; result: SegResult; ms: number }
  | { id: number; ok: true; kind: 'sr'; result: ReportResult; ms: number }
  | { id: number; ok: false; error: string };

function transferablesOf(set: StructureSet): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  for (const roi of set.rois) for (const c of roi.contours) out.add(c.points.buffer as ArrayBuffer);
  return [...out];
}

self.onmessage = async (ev: MessageEvent<DecodeRequest>) => {
  const req = ev.data;
  const t0 = performance.now();
  try {
    if (req.kind === 'rtstruct') {
      const result = decodeStructureSetPart10(req.bytes, req.name, { precision: 'float32' });
      const msg: DecodeResponse = { id: req.id, ok: true, kind: 'rtstruct', result, ms: performance.now() - t0 };
      (self as unknown as Worker).postMessage(msg, transferablesOf(result));
    } else if (req.kind === 'sr') {
      const { root: _root, ...result } = decodeReportPart10(req.bytes, req.name);
      const msg: DecodeResponse = { id: req.id, ok: true, kind: 'sr', result, ms: performance.now() - t0 };
      (self as unknown as Worker).postMessage(msg);
    } else if (req.kind === 'seg') {
      const result = await decodeSeg(req.bytes, req.name, req.target);
      const msg: DecodeResponse = { id: req.id, ok: true, kind: 'seg', result, ms: performance.now() - t0 };
      const buffers = result.layers.layers.flatMap((l) => [l.labels.buffer, ...(l.fractions ? [l.fractions.buffer] : [])]);
      (self as unknown as Worker).postMessage(msg, buffers as ArrayBuffer[]);
    }
  } catch (e) {
    const msg: DecodeResponse = { id: req.id, ok: false, error: e instanceof Error ? e.message : String(e) };
    (self as unknown as Worker).postMessage(msg);
  }
};
