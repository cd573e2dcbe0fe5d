// The messages between the page and the decode worker: the one module both sides import (the page never
// imports the worker's entry file).
import type { StructureSet } from '../dicom/rtstruct/model';
import type { TargetSeries } from '../dicom/geometry/placeFrames';
import type { SRDocument } from '../dicom/sr/document';
import type { MeasurementGroup } from '../dicom/sr/model';
import type { DerivedInstanceInfo } from '../dicom/json';
import type { SegResult } from './decodeSeg';
import type { SegPart } from '../dicom/seg/progressive';
import type { RtPart } from '../dicom/rtstruct/progressive';
import type { PmResult } from './decodePm';
import type { QualityRequest, QualityResponse } from './qualityProtocol';
import type { ClientOptions } from '../dicomweb/client';
import type { DicomwebErrorKind } from '../dicomweb/errors';

/**
 * The decoded SR. A Measurement Report comes without its content tree (`root` is null: the panel shows the
 * TID 1500 model, and the tree would double the message), its groups sent ahead in 'sr-part' messages; any
 * other SR keeps its tree, since the tree is all the panel can show of it.
 */
export type ReportResult = SRDocument;

export type { SegResult, PmResult, SegPart, RtPart };

export type DecodeRequest =
  /**
   * An RTSTRUCT, SR or SEG (on `target`, the shown series), decoded from the bytes the worker holds under `key`
   * (from 'seg-piece' messages). One request per object: when the worker does not hold them it waits for them,
   * and says so ('need-bytes') unless they are on their way (`coming`: the page was sending them when it asked,
   * so their end or failure follows this request); 'started' when it begins decoding. An RTSTRUCT's or SR's bytes
   * are dropped once decoded, a SEG's kept (it may be shown on another series). A SEG asked for while its bytes
   * arrive is drawn segment by segment as they come ('seg-part' messages before the answer; see SegResult.delta).
   */
  | { id: number; kind: 'rtstruct'; key: string; name: string; coming: boolean }
  | { id: number; kind: 'sr'; key: string; name: string; coming: boolean }
  | { id: number; kind: 'seg'; key: string; name: string; target: TargetSeries; coming: boolean }
  /**
   * The next piece of object `key` (a SEG or a Parametric Map) as it downloads (`length`: the whole object's,
   * when known). No answer.
   */
  | { id: number; kind: 'seg-piece'; key: string; pieces: Uint8Array[]; length: number | null }
  /**
   * The download of object `key` starts over (forget its pieces), or (`final`) failed: the 'receive' and decode
   * requests waiting for it are answered with a failure ('download-failed'). No answer.
   */
  | { id: number; kind: 'seg-drop'; key: string; final?: boolean }
  /** Every piece of object `key` has been sent: the worker holds its bytes (for 'seg', 'rtstruct', 'sr', 'pm'). No answer. */
  | { id: number; kind: 'seg-end'; key: string }
  /**
   * The download of object `key` into the worker begins (its pieces follow as 'seg-piece', then 'seg-end' or
   * 'seg-drop'): the one request of an object as the study lists it. Its interim answer 'header' says what the
   * object references as soon as the pieces that arrived hold the header (for a big SEG, long before its pixels
   * are in); its answer 'held' comes when the worker holds the whole object, a failure when the download failed
   * or the object is no DICOM.
   */
  | { id: number; kind: 'receive'; key: string; name: string }
  /**
   * The worker downloads object `key` itself (WADO-RS instance retrieve, with `client`'s token and retries), its
   * pieces going where 'seg-piece' messages put them, so a big SEG's bytes never cross the page's main thread.
   * Interim answers 'progress'; the answer 'fetched' once every byte is in, or the download's failure.
   */
  | { id: number; kind: 'fetch'; key: string; name: string; client: ClientOptions; studyUID: string; seriesUID: string; sopUID: string | null }
  /** Stops the worker's download of `key` (the study was left), or all of them (ALL_DOWNLOADS). No answer. */
  | { id: number; kind: 'fetch-abort'; key: string }
  /** Starts the downloader worker now, while the study's queries are under way: its code loads before the first
   * object is asked for, not after (0.1-0.3 s on 2 busy cores). No answer. */
  | { id: number; kind: 'start-downloader' }
  /**
   * A Parametric Map: its real world values on `target`, or on its own grid when `target` is null, from the
   * 'seg-piece' messages sent under `key` beforehand (the page never holds the map).
   */
  | { id: number; kind: 'pm'; key: string; name: string; target: TargetSeries | null }
  /** ceiling on one object's decoded size, bytes (null: the decoders' default) */
  | { id: number; kind: 'limits'; maxDecodedBytes: number | null }
  /** Quality work on the shown series' grid (statistics, comparison, agreement, SR cross-check): qualityProtocol.ts */
  | QualityRequest;

export type DecodeResponse =
  | { id: number; ok: true; kind: 'rtstruct'; result: StructureSet; ms: number }
  | { id: number; ok: true; kind: 'seg'; result: SegResult; ms: number }
  | { id: number; ok: true; kind: 'sr'; result: ReportResult; ms: number }
  | { id: number; ok: true; kind: 'pm'; result: PmResult; ms: number }
  /** Not the answer: what the object of a 'receive' references, read from its first pieces. */
  | { id: number; ok: true; kind: 'header'; result: DerivedInstanceInfo; ms: number }
  /** The answer to 'receive': the worker holds the object's `bytes` bytes. */
  | { id: number; ok: true; kind: 'held'; bytes: number; ms: number }
  /** Not the answer: how far the worker's download of a 'fetch' is (`total`: the body's length, when sent). */
  | { id: number; ok: true; kind: 'progress'; received: number; total: number | null }
  /** The answer to 'fetch': every byte is in. */
  | { id: number; ok: true; kind: 'fetched'; bytes: number; wire: WireTiming | null }
  /** Not the answer: segments of a SEG drawn while it downloads (progressive.ts), the slices transferred. */
  | { id: number; ok: true; kind: 'seg-part'; part: SegPart }
  /** ROIs of an RTSTRUCT still downloading, as they come (the answer, 'rtstruct', is the whole decode) */
  | { id: number; ok: true; kind: 'rtstruct-part'; part: RtPart }
  /** Measurement groups of the SR answer that follows, in document order (see REPORT_PART_SIZE). */
  | { id: number; ok: true; kind: 'sr-part'; groups: MeasurementGroup[] }
  /** Not an answer: the worker does not hold the object of this decode request and no download of it is arriving. */
  | { id: number; ok: true; kind: 'need-bytes' }
  /** Not an answer: the object's bytes are in and its decode begins (its time limit runs from here). */
  | { id: number; ok: true; kind: 'started' }
  /** 'download-failed': the object's download failed ('seg-drop' final) while the request waited for it */
  | { id: number; ok: false; error: DecodeFailure; code?: 'download-failed' }
  /** A 'fetch' that failed for good: the client's own error (the page offers Retry for it as for its own downloads). */
  | { id: number; ok: false; error: DecodeFailure; download: { kind: DicomwebErrorKind; status?: number; url?: string } | null; code?: undefined }
  | QualityResponse;

/**
 * A download's Resource Timing as the worker saw it (its clock: `timeOrigin`, ms since the epoch, and times from
 * it), for `npm run bench`; sizes in bytes, encoded as on the wire.
 */
export interface WireTiming {
  url: string;
  timeOrigin: number;
  startMs: number;
  firstByteMs: number;
  lastByteMs: number;
  encoded: number;
  decoded: number;
}

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


/** The key of 'fetch-abort' that stops every download of the worker (the study was left). */
export const ALL_DOWNLOADS = '*';
