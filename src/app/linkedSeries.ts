// Which series of the open studies a link shows, and which one it opens first.
import type { SeriesInfo } from './studyModel';

/**
 * The series a link selects (all when it names none). A link may name a SEG, RTSTRUCT or SR series alone (OHIF and
 * IDC links do): the images it annotates come with it, by reference, else by Frame of Reference.
 */
export function linkedSeries(all: SeriesInfo[], only: string[]): SeriesInfo[] {
  if (!only.length) return all;
  const named = all.filter((s) => only.includes(s.seriesUID) && s.derived);
  const annotated = new Set(named.flatMap((d) => d.referencedSeriesUIDs));
  const frames = new Set(named.filter((d) => !d.referencedSeriesUIDs.some((r) => all.some((s) => s.seriesUID === r))).map((d) => d.frameOfReferenceUID));
  const images = (s: SeriesInfo): boolean => !s.derived && (annotated.has(s.seriesUID) || (!!s.frameOfReferenceUID && frames.has(s.frameOfReferenceUID)));
  return all.filter((s) => only.includes(s.seriesUID) || images(s) || s.referencedSeriesUIDs.some((r) => only.includes(r)));
}

/**
 * The first series to show: the link's choice, the image series a derived one annotates, or the largest.
 * 'wait' while a linked SEG/RTSTRUCT/SR's references are still on their way; `missing` when the link names a
 * series the study does not have.
 */
export function firstSeries(all: SeriesInfo[], initialSeriesUID: string | undefined, loading: boolean): { pick?: SeriesInfo; missing: boolean } | 'wait' {
  const images = all.filter((s) => !s.derived && s.metadata && s.instanceCount > 0);
  const wanted = all.find((s) => s.seriesUID === initialSeriesUID);
  if (wanted?.derived && !wanted.instances?.some((i) => i.header) && !wanted.error && loading) return 'wait';
  let pick = wanted && !wanted.derived ? wanted : undefined;
  if (!pick && wanted) pick = images.find((s) => wanted.referencedSeriesUIDs.includes(s.seriesUID));
  pick ??= [...images].sort((a, b) => b.instanceCount - a.instanceCount)[0];
  return { pick, missing: wanted === undefined && !!initialSeriesUID };
}
