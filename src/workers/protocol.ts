// The messages between the page and the decode worker: the one module both sides import (the page never
// imports the worker's entry file).
import type { StructureSet } from '../dicom/rtstruct/model';
import type { TargetSeries } from '../dicom/geometry/placeFrames';
import type { SRDocument } from '../dicom/sr/document';
import type { MeasurementGroup } from '../dicom/sr/model';
import type { DerivedInstanceInfo } from '../dicom/json';
import type { SegResult } from './decodeSeg';
import type { PmResult } from './decodePm';
import type { QualityRequest, QualityResponse } from './qualityProtocol';

/**
 * The decoded SR. A Measurement Report comes without its content tree (`root` is null: the panel shows the
 * TID 1500 model, and the tree would double the message), its groups sent ahead in 'sr-part' messages; any
 * other SR keeps its tree, since the tree is all the panel can show of it.
 */
export type ReportResult = SRDocument;

export type { SegResult, PmResult };

export type DecodeRequest =
  /**
   * An RTSTRUCT or SR: its bytes with the request, or (`key`) those the worker holds from 'seg-piece' messages
   * ('not-cached' when it does not: the page downloads it again). Held bytes are dropped once decoded.
   */
  | { id: number; kind: 'rtstruct'; bytes?: Uint8Array; key?: string; name: string }
  /**
   * `bytes` may be left out when the worker has this SEG (`key`) from an earlier request or from 'seg-piece'
   * messages (`pieces`: the download is complete, take what came).
   */
  | { id: number; kind: 'seg'; key: string; bytes?: Uint8Array; pieces?: boolean; name: string; target: TargetSeries }
  /**
   * The next piece of object `key` (a SEG or a Parametric Map) as it downloads (`length`: the whole object's,
   * when known). No answer.
   */
  | { id: number; kind: 'seg-piece'; key: string; pieces: Uint8Array[]; length: number | null }
  /**
   * The download of object `key` starts over (forget its pieces), or (`final`) failed: a 'header' request
   * waiting for it is answered with a failure. No answer.
   */
  | { id: number; kind: 'seg-drop'; key: string; final?: boolean }
  /** Every piece of object `key` has been sent: the worker holds its bytes (for 'seg', 'rtstruct', 'sr', 'pm'). No answer. */
  | { id: number; kind: 'seg-end'; key: string }
  /**
   * What object `key` references (read from its Part 10 header), answered as soon as the pieces that arrived hold
   * the header: for a big SEG, long before its pixels are in. Sent when its download starts.
   */
  | { id: number; kind: 'header'; key: string; name: string }
  | { id: number; kind: 'sr'; bytes?: Uint8Array; key?: string; name: string }
  /**
   * A Parametric Map: its real world values on `target`, or on its own grid when `target` is null. Its bytes come
   * with the request, or (`key`) as 'seg-piece' messages beforehand: then the page never holds the map.
   */
  | { id: number; kind: 'pm'; bytes?: Uint8Array; key?: string; name: string; target: TargetSeries | null }
  /**
   * A SEG is downloading: make `slices` label slices of rows x columns ready (16-bit when `wide`) for its decode.
   * No answer.
   */
  | { id: number; kind: 'prepare'; rows: number; columns: number; slices: number; wide: boolean }
  /** ceiling on one object's decoded size, bytes (null: the decoders' default) */
  | { id: number; kind: 'limits'; maxDecodedBytes: number | null }
  /** Quality work on the shown series' grid (statistics, comparison, agreement, SR cross-check): qualityProtocol.ts */
  | QualityRequest;

export type DecodeResponse =
  | { id: number; ok: true; kind: 'rtstruct'; result: StructureSet; ms: number }
  | { id: number; ok: true; kind: 'seg'; result: SegResult; ms: number }
  | { id: number; ok: true; kind: 'sr'; result: ReportResult; ms: number }
  | { id: number; ok: true; kind: 'pm'; result: PmResult; ms: number }
  | { id: number; ok: true; kind: 'header'; result: DerivedInstanceInfo; ms: number }
  /** Measurement groups of the SR answer that follows, in document order (see REPORT_PART_SIZE). */
  | { id: number; ok: true; kind: 'sr-part'; groups: MeasurementGroup[] }
  | { id: number; ok: false; error: DecodeFailure; code?: 'not-cached' }
  | QualityResponse;

/**
 * A failure that crosses the worker boundary as data: the object (its name as the page gave it), what went wrong
 * in words, and the kind of error the decoder threw.
 */
export interface DecodeFailure {
  object: string;
  message: string;
  /** the thrown error's name, e.g. 'RangeError' or 'DicomParseError' */
  name: string;
}

