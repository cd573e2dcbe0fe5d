// What is wrong with the link that opened the viewer, said once, in one banner: keys it does not understand, values
// that are not UIDs (routes.ts), and UIDs the loaded studies do not hold. A study that cannot be found is said
// with the other failures instead (its message has a Retry).
import type { AppRoute } from './routes';
import type { StudyInfo } from './studyModel';
import { str } from '../dicom/json';
import { Tag } from '../dicom/tags';

/**
 * `loaded`: every study of the link has answered (series and their metadata); before that only the link's own
 * problems are known.
 */
export function linkProblems(route: AppRoute, studies: StudyInfo[], loaded: boolean): string[] {
  const out = [...route.errors];
  if (!loaded || !studies.length) return out;
  const series = studies.flatMap((st) => st.series);
  const known = new Set(series.map((s) => s.seriesUID));
  const missing = route.seriesUIDs.filter((u) => !known.has(u));
  if (missing.length) out.push(`SeriesInstanceUIDs not in the loaded ${studies.length > 1 ? 'studies' : 'study'}: ${missing.join(', ')}`);
  const initial = route.initialSeriesUID;
  if (initial && !known.has(initial) && !missing.includes(initial)) out.push(`initialSeriesInstanceUID ${initial} is not in the loaded ${studies.length > 1 ? 'studies' : 'study'}; another series is shown.`);
  const cellsMissing = route.cells.filter((u) => u && !known.has(u));
  if (cellsMissing.length) out.push(`cells: series not in the loaded ${studies.length > 1 ? 'studies' : 'study'}: ${cellsMissing.join(', ')}; ${cellsMissing.length > 1 ? 'their viewports are' : 'its viewport is'} left empty.`);
  const notImages = route.cells.filter((u) => u && series.some((s) => s.seriesUID === u && s.derived));
  if (notImages.length) out.push(`cells: not image series: ${notImages.join(', ')}; left empty.`);
  const sop = route.initialSOPInstanceUID;
  // Only when every image series has its metadata can an instance be said to be absent.
  if (sop && series.every((s) => s.derived || s.metadata)) {
    const here = series.some((s) => s.metadata?.some((m) => str(m, Tag.SOPInstanceUID) === sop) || s.instances?.some((i) => i.sopInstanceUID === sop));
    if (!here) out.push(`initialSOPInstanceUID ${sop} is not in the loaded series; the series opens at its middle image.`);
  }
  return out;
}
