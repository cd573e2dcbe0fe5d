// Several SEGs on one series (readers, algorithm runs, re-exports of the same one): which one loads by itself, and
// what tells each apart in the panel. Pure functions of the SEGs' own attributes (dicom/json.ts DerivedAbout).
import type { DerivedAbout } from '../dicom/json';

/** DA + TM as one sortable string 'YYYYMMDDHHMMSS.ffffff'; undefined without a readable date. */
export function dicomDateTime(da: string | undefined, tm: string | undefined): string | undefined {
  const date = (da ?? '').replace(/[^0-9]/g, '');
  if (date.length !== 8) return undefined;
  // TM is HH[MM[SS[.F{1,6}]]] (older files: HH:MM:SS); missing parts count as zero.
  const [whole = '', frac = ''] = (tm ?? '').replace(/:/g, '').trim().split('.');
  const hms = /^\d{0,6}$/.test(whole) && whole.length % 2 === 0 ? whole.padEnd(6, '0') : '000000';
  const f = /^\d*$/.test(frac) ? frac.slice(0, 6).padEnd(6, '0') : '000000';
  return `${date}${hms}.${f}`;
}

export type MadeSource = 'series' | 'content' | 'instance creation';

/** When a SEG was made: its SeriesDate/Time, else ContentDate/Time, else InstanceCreationDate/Time. */
export function whenMade(a: DerivedAbout | undefined): { at: string; source: MadeSource } | undefined {
  if (!a) return undefined;
  const tries: Array<[string | undefined, MadeSource]> = [
    [dicomDateTime(a.seriesDate, a.seriesTime), 'series'],
    [dicomDateTime(a.contentDate, a.contentTime), 'content'],
    [dicomDateTime(a.instanceCreationDate, a.instanceCreationTime), 'instance creation'],
  ];
  const hit = tries.find(([at]) => at);
  return hit ? { at: hit[0] as string, source: hit[1] } : undefined;
}

/** > 0 when a was made after b: by date and time, then the higher series number, then the higher instance number. */
export function compareMade(a: DerivedAbout | undefined, b: DerivedAbout | undefined): number {
  const ta = whenMade(a)?.at;
  const tb = whenMade(b)?.at;
  if (ta !== tb) {
    if (!tb) return 1;
    if (!ta) return -1;
    return ta < tb ? -1 : 1;
  }
  return (a?.seriesNumber ?? -Infinity) - (b?.seriesNumber ?? -Infinity) || (a?.instanceNumber ?? -Infinity) - (b?.instanceNumber ?? -Infinity) || 0;
}

/** The newest of these SEGs (the first listed among equals); undefined for none. */
export function newest<T extends { about?: DerivedAbout }>(items: readonly T[]): T | undefined {
  let best: T | undefined;
  for (const it of items) if (!best || compareMade(it.about, best.about) > 0) best = it;
  return best;
}

/** 'YYYY-MM-DD HH:MM' of a sortable date-time (seconds and fractions dropped; 00:00 is shown as the date alone). */
export function formatMade(at: string): string {
  const d = `${at.slice(0, 4)}-${at.slice(4, 6)}-${at.slice(6, 8)}`;
  const hm = at.slice(8, 12);
  return hm === '0000' ? d : `${d} ${hm.slice(0, 2)}:${hm.slice(2, 4)}`;
}

/**
 * What tells one SEG from the others, in reading order: series number, creator (ContentCreatorName, with the
 * Manufacturer), when it was made, its ContentLabel and the tail of its SOP Instance UID (two copies of one SEG
 * differ there only).
 */
export function segDistinctions(a: DerivedAbout | undefined, sopInstanceUID: string): string[] {
  const made = whenMade(a);
  const creator =
    a?.contentCreatorName && a.manufacturer ? `${a.contentCreatorName} (${a.manufacturer})` : (a?.contentCreatorName ?? a?.manufacturer);
  return [
    a?.seriesNumber !== undefined ? `series ${a.seriesNumber}` : undefined,
    creator ? `by ${creator}` : undefined,
    made ? formatMade(made.at) : undefined,
    a?.contentLabel ? `label ${a.contentLabel}` : undefined,
    `UID …${sopInstanceUID.slice(-12)}`,
  ].filter((x): x is string => !!x);
}
