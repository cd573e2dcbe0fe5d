// What a person calls a series, a derived object of it, and a DICOM date.
import type { SeriesInfo } from './studyModel';

export function formatDate(da: string): string {
  return /^\d{8}$/.test(da) ? `${da.slice(0, 4)}-${da.slice(4, 6)}-${da.slice(6, 8)}` : da;
}

/** What a person calls a series: its description, else modality and number. */
export function seriesLabel(s: SeriesInfo): string {
  return s.description || `${s.modality} series${s.seriesNumber !== undefined ? ` ${s.seriesNumber}` : ''}`;
}

/** A derived object as a person calls it: its series' label, with "instance k of n" when the series holds more. */
export function instanceLabel(s: SeriesInfo, k: number, n: number): string {
  return n > 1 ? `${seriesLabel(s)} (instance ${k + 1} of ${n})` : seriesLabel(s);
}
