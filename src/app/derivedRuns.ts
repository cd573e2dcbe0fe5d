// What the SEG and Parametric Map hooks share: each object's download-and-decode run is started at once and kept,
// so that its Retry button can run it again; a failure becomes a panel entry whose Retry is offered only when
// asking again can help (a download that failed, not an object that cannot be decoded).
import { DicomwebError } from '../dicomweb/errors';

interface Entry {
  status: 'loading' | 'ready' | 'error';
  phase?: string;
  message?: string;
  retry?: () => void;
}

/** The entry fields of a failed object: its message, and a Retry for a failed download. */
export function failedEntry(label: string, err: Error, retry: () => void): Partial<Entry> & { status: 'error' } {
  return { status: 'error', phase: undefined, message: `${label}: ${err.message}`, retry: err instanceof DicomwebError ? retry : undefined };
}

/** Runs every item now, and keeps in `runners` (by SOP Instance UID) how to run it again from scratch. */
export function startRuns<T extends { sopInstanceUID: string }>(
  items: readonly T[],
  runners: Map<string, () => void>,
  patch: (sop: string, p: Partial<Entry>) => void,
  run: (item: T) => void,
): void {
  for (const it of items) {
    runners.set(it.sopInstanceUID, () => {
      patch(it.sopInstanceUID, { status: 'loading', phase: 'downloading', message: undefined, retry: undefined });
      run(it);
    });
    run(it);
  }
}
