// Which series of the open studies a link shows, and which one it opens first.
import type { SeriesInfo, StudyInfo } from './studyModel';

/**
 * The series a link selects (all when it names none). A link may name a SEG, RTSTRUCT or SR series alone (OHIF and
 * IDC links do): the images it annotates come with it, by reference, else by Frame of Reference.
 */
export function linkedSeries(all: SeriesInfo[], only: string[], partialStudies: ReadonlySet<string> = new Set()): SeriesInfo[] {
  if (!only.length) return all;
  const named = all.filter((s) => only.includes(s.seriesUID) && s.derived);
  // A study whose image series alone are listed yet (studyModel.loadStudy): a series the link names that is not
  // among them is no image series, so it is one to place, like a named SEG whose header has not come.
  const notListed = only.some((uid) => !all.some((s) => s.seriesUID === uid));
  const annotated = new Set(named.flatMap((d) => d.referencedSeriesUIDs));
  const frames = new Set(named.filter((d) => !d.referencedSeriesUIDs.some((r) => all.some((s) => s.seriesUID === r))).map((d) => d.frameOfReferenceUID));
  // A named object whose references are not known yet (they come with its first bytes, after the series list:
  // 1 s later for a 59 MB SEG from Orthanc) or name no series here can only annotate its study's one image
  // series, when the study has one: that series comes along at once.
  const unplaced = named.filter((d) => !d.referencedSeriesUIDs.some((r) => all.some((s) => s.seriesUID === r)));
  const soleImage = (s: SeriesInfo): boolean =>
    (unplaced.some((d) => d.studyUID === s.studyUID) || (notListed && partialStudies.has(s.studyUID))) &&
    all.filter((x) => x.studyUID === s.studyUID && !x.derived).length === 1;
  const images = (s: SeriesInfo): boolean =>
    !s.derived && (annotated.has(s.seriesUID) || (!!s.frameOfReferenceUID && frames.has(s.frameOfReferenceUID)) || soleImage(s));
  return all.filter((s) => only.includes(s.seriesUID) || images(s) || s.referencedSeriesUIDs.some((r) => only.includes(r)));
}

/**
 * The first series to show: the link's choice, the image series a derived one annotates, or the largest.
 * 'wait' while a linked SEG/RTSTRUCT/SR's references are still on their way, unless the link brings one image
 * series (it can annotate no other); `missing` when the link names a series the study does not have.
 */
export function firstSeries(all: SeriesInfo[], initialSeriesUID: string | undefined, loading: boolean): { pick?: SeriesInfo; missing: boolean } | 'wait' {
  const images = all.filter((s) => !s.derived && s.metadata && s.instanceCount > 0);
  const wanted = all.find((s) => s.seriesUID === initialSeriesUID);
  if (wanted?.derived && !wanted.instances?.some((i) => i.header) && !wanted.error && loading) {
    if (images.length !== 1 || all.some((s) => !s.derived && s !== images[0])) return 'wait';
    return { pick: images[0], missing: false };
  }
  let pick = wanted && !wanted.derived ? wanted : undefined;
  if (!pick && wanted) pick = images.find((s) => wanted.referencedSeriesUIDs.includes(s.seriesUID));
  pick ??= [...images].sort((a, b) => b.instanceCount - a.instanceCount)[0];
  return { pick, missing: wanted === undefined && !!initialSeriesUID };
}

/**
 * Whether the first series must wait for the studies' full series lists. A study listed by its image series alone so
 * far (studyModel.loadStudy) is enough for a link that names no series, or one of those image series, or another
 * series (a SEG, say: no image series of the usual modalities) of a study with one image series, which linkedSeries
 * shows (the full list came 0.3-1 s later from Orthanc with a big SEG in the study). Not for a link that places
 * series in cells, nor for one naming a series of a study with several image series: which of them a SEG annotates
 * is known from its header, after the full list.
 */
export function waitForSeriesList(studies: ReadonlyArray<Pick<StudyInfo, 'partial' | 'series'>>, initialSeriesUID: string | undefined, cells: readonly string[]): boolean {
  const partial = studies.filter((st) => st.partial);
  if (!partial.length) return false;
  if (cells.length) return true;
  if (!initialSeriesUID) return false;
  const images = (st: Pick<StudyInfo, 'series'>): SeriesInfo[] => st.series.filter((s) => !s.derived);
  if (partial.some((st) => images(st).some((s) => s.seriesUID === initialSeriesUID))) return false;
  return !partial.every((st) => images(st).length === 1);
}
