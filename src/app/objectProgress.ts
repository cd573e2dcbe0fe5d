// How far each derived object is (downloading x of y MB, decoding, drawing), by SOP Instance UID: the download
// starts at the study level (studyModel) before any panel shows the object, the decode in a panel's hook; both
// write here and every panel reads the same line.
import { useSyncExternalStore } from 'react';

export interface ObjectProgress {
  phase: 'downloading' | 'decoding' | 'drawing';
  received: number;
  /** the whole object's bytes when known: the response's length, else an estimate from QIDO (`estimated`) */
  total: number | null;
  estimated?: boolean;
}

const state = new Map<string, ObjectProgress>();
const listeners = new Set<() => void>();

export function setObjectProgress(sop: string, p: ObjectProgress | undefined): void {
  if (p) state.set(sop, p);
  else state.delete(sop);
  for (const l of listeners) l();
}

const subscribe = (l: () => void): (() => void) => {
  listeners.add(l);
  return () => listeners.delete(l);
};

/** One object's progress now (outside React). */
export function objectProgressOf(sop: string): ObjectProgress | undefined {
  return state.get(sop);
}

/** Calls `l` at every change of any object's progress; returns the unsubscribe. */
export function subscribeObjectProgress(l: () => void): () => void {
  const off = subscribe(l);
  return () => void off();
}

/**
 * Resolves once object `sop()` has no progress left (decoded and handed to the viewer, or dropped), or after `ms`
 * (an object nobody decodes keeps its 'decoding' line). `sop` is asked again at each change: an object retrieved as
 * a whole series is renamed when its header names it.
 */
export function whenObjectDone(sop: () => string, ms: number): Promise<void> {
  return new Promise((resolve) => {
    let off = (): void => undefined;
    const finish = (): void => {
      clearTimeout(timer);
      off();
      resolve();
    };
    const timer = setTimeout(finish, ms);
    off = subscribeObjectProgress(() => {
      if (!state.has(sop())) finish();
    });
    if (!state.has(sop())) finish();
  });
}

/**
 * Studies shown from their image series alone while their full series list is still on its way (studyModel): the
 * derived objects it may name are about to download, and the images' background prefetch should not be in full
 * flight by then.
 */
const listing = new Set<string>();

export function setStudyListing(studyUID: string, on: boolean): void {
  if (on === listing.has(studyUID)) return;
  if (on) listing.add(studyUID);
  else listing.delete(studyUID);
  for (const l of listeners) l();
}

/** Whether any derived object is downloading now, or may start to (a study's series still being listed). */
export function anyDownloading(): boolean {
  if (listing.size) return true;
  for (const p of state.values()) if (p.phase === 'downloading') return true;
  return false;
}

/**
 * One object's progress, re-rendering only the component that shows it: a page-wide version made the whole viewer
 * page render again (its panels, and the overlays it hands down) at every 1% of every download, 30-200 ms a time
 * on a 2-core machine while a big SEG streamed in.
 */
export function useObjectProgress(sop: string): ObjectProgress | undefined {
  return useSyncExternalStore(subscribe, () => state.get(sop));
}

/** Forgets everything: the study was closed. */
export function clearObjectProgress(): void {
  state.clear();
  listing.clear();
  for (const l of listeners) l();
}

const mb = (n: number): string => (n / 1e6 < 10 ? (n / 1e6).toFixed(1) : (n / 1e6).toFixed(0));

/**
 * What a panel says of an object still loading: "downloading 12 of 173 MB", "downloading 12 of about 180 MB" (the
 * size estimated from QIDO), "downloading 12 MB" (nothing known), "decoding", "drawing".
 */
export function progressText(p: ObjectProgress | undefined): string | undefined {
  if (!p) return undefined;
  if (p.phase !== 'downloading') return p.phase;
  if (!p.total || p.received > p.total) return `downloading ${mb(p.received)} MB`;
  return `downloading ${mb(p.received)} of ${p.estimated ? 'about ' : ''}${mb(p.total)} MB`;
}

/**
 * The size an object is expected to have, from its QIDO instance attributes: Rows x Columns x NumberOfFrames x
 * BitsAllocated (the pixels, which are nearly all of a SEG or map), or null when the server did not list them or
 * the object has no pixels (RTSTRUCT, SR). Compressed frames come smaller, hence "about".
 */
export function expectedBytes(rows?: number, columns?: number, frames?: number, bitsAllocated?: number): number | null {
  if (!rows || !columns || !bitsAllocated) return null;
  return Math.ceil((rows * columns * (frames ?? 1) * bitsAllocated) / 8);
}

/** Progress throttled to what a person sees change: a new line per 1% (known total) or per MB (unknown). */
export function progressStep(received: number, total: number | null): number {
  return total ? Math.floor((100 * Math.min(received, total)) / total) : Math.floor(received / 1e6);
}
