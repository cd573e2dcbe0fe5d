// The messages between the page and the local-files worker (the one module both sides import). The worker reads
// the files the person dropped, picked or fetched by URL: their headers for the index, and image frames when
// Cornerstone asks for them. It holds nothing between requests, so a restarted worker loses nothing.
import type { DicomJsonDataset } from '../dicom/json';

/** One file's place in the index. */
export interface IndexedFile {
  /** where the file came from (relative path in a folder, file name or URL), for messages */
  path: string;
  studyUID: string;
  seriesUID: string;
  sopUID: string;
  transferSyntaxUID: string;
  /** DICOM JSON of everything before Pixel Data; bulk data (over 4 KB) as BulkDataURIs under `root` */
  json: DicomJsonDataset;
}

export type IndexOutcome =
  | { kind: 'indexed'; file: IndexedFile }
  /** no 'DICM' marker at byte 128: a README, a checksum list, a DICOMDIR-less folder's stray file */
  | { kind: 'not-dicom'; path: string }
  | { kind: 'problem'; path: string; reason: string };

export type LocalFilesRequest =
  /** index these files (in order); `root` is the DICOMweb root the page serves them under */
  | { id: number; kind: 'index'; files: Array<{ blob: Blob; path: string }>; root: string }
  /** frames (1-based) of one image file */
  | { id: number; kind: 'frames'; blob: Blob; path: string; transferSyntaxUID: string; frames: number[] };

export type LocalFilesResponse =
  | { id: number; kind: 'progress'; done: number; total: number }
  | { id: number; kind: 'indexed'; outcomes: IndexOutcome[] }
  | { id: number; kind: 'frames'; frames: Uint8Array[]; transferSyntaxUID: string }
  | { id: number; kind: 'error'; message: string };
