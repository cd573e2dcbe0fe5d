import { progressText, useObjectProgress } from './objectProgress';

/**
 * What an object still loading is doing ("downloading 12 of 173 MB…", "decoding…"), followed by itself: only this
 * line renders again as the download goes on. `fallback` is said while nothing is known of the object's progress.
 */
export function ObjectPhase({ sop, fallback }: { sop: string; fallback?: string }) {
  const progress = useObjectProgress(sop);
  return <>{progressText(progress) ?? fallback ?? 'loading'}…</>;
}
