// The measurement-group table as plain data: the order groups are listed in (filter, sort), the flat list of
// rows a windowed table draws (a group row, then its measurement rows when expanded), and the CSV of the same
// groups. Kept out of the component so it can be tested without a DOM.
import type { Code } from '../dicom/codes/code';
import type { MeasurementGroup, Measurement, QualitativeEvaluation } from '../dicom/sr/model';

export const meaning = (c: Code | null | undefined): string => c?.meaning ?? '';

/** Sensible precision: integers as they are, else four significant digits (at least one decimal). */
export function formatValue(v: number | null): string {
  if (v === null || !Number.isFinite(v)) return '—';
  if (Number.isInteger(v)) return String(v);
  const abs = Math.abs(v);
  return abs >= 1000 ? v.toFixed(1) : String(Number(v.toPrecision(4)));
}

/** Finding sites as the table shows them: "Left Kidney, Liver". */
export function sites(g: MeasurementGroup): string {
  return g.findingSites.map((s) => [meaning(s.laterality), meaning(s.site)].filter(Boolean).join(' ')).join(', ');
}

export type SortKey = 'trackingIdentifier' | 'finding' | 'site';
export interface SortState {
  key: SortKey;
  direction: 'ascending' | 'descending';
}

export const SORT_COLUMNS: { key: SortKey; label: string }[] = [
  { key: 'trackingIdentifier', label: 'Tracking ID' },
  { key: 'finding', label: 'Finding' },
  { key: 'site', label: 'Site' },
];

function sortText(g: MeasurementGroup, key: SortKey): string {
  if (key === 'trackingIdentifier') return g.trackingIdentifier ?? '';
  if (key === 'finding') return meaning(g.finding);
  return sites(g);
}

/** Clicking a column header: a new column sorts ascending, the same column flips direction. */
export function nextSort(current: SortState | null, key: SortKey): SortState {
  if (current?.key === key) return { key, direction: current.direction === 'ascending' ? 'descending' : 'ascending' };
  return { key, direction: 'ascending' };
}

/** What the filter box matches against, lower-cased once per group rather than on every keystroke. */
export function searchTexts(groups: MeasurementGroup[]): string[] {
  return groups.map((g) =>
    [g.trackingIdentifier ?? '', meaning(g.finding), sites(g), ...g.measurements.map((m) => meaning(m.concept))].join(' ').toLowerCase(),
  );
}

// "Lesion 2" before "Lesion 10", and case does not split the order.
const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/**
 * Indexes (into `groups`, document order) of the groups to list: those whose search text holds the filter,
 * sorted by the column when one is chosen. Equal values keep document order; groups without a value come
 * last in either direction, so flipping the order does not bury the ones that have one.
 */
export function orderGroups(groups: MeasurementGroup[], texts: string[], filter: string, sort: SortState | null): number[] {
  const q = filter.trim().toLowerCase();
  const shown: number[] = [];
  for (let i = 0; i < groups.length; i++) if (!q || texts[i].includes(q)) shown.push(i);
  if (!sort) return shown;
  const keys = new Map(shown.map((i) => [i, sortText(groups[i], sort.key)]));
  const sign = sort.direction === 'ascending' ? 1 : -1;
  return shown.sort((a, b) => {
    const ka = keys.get(a) as string;
    const kb = keys.get(b) as string;
    if (!ka !== !kb) return ka ? -1 : 1;
    return sign * collator.compare(ka, kb) || a - b;
  });
}

export type TableRow =
  | { kind: 'group'; key: string; group: number }
  | { kind: 'note'; key: string; group: number; text: string }
  | { kind: 'missing'; key: string; group: number; text: string }
  | { kind: 'measurement'; key: string; group: number; measurement: Measurement }
  | { kind: 'evaluation'; key: string; group: number; evaluation: QualitativeEvaluation };

/**
 * The rows of the table in display order: each listed group, and below an expanded one the note its selection
 * left, what it references that the study lacks (`missing`, per group), then its measurements and evaluations.
 */
export function flattenRows(
  groups: MeasurementGroup[],
  order: number[],
  open: ReadonlySet<number>,
  notes: Readonly<Record<number, string>>,
  missing: ReadonlyArray<readonly string[]> = [],
): TableRow[] {
  const rows: TableRow[] = [];
  for (const i of order) {
    rows.push({ kind: 'group', key: `g${i}`, group: i });
    if (!open.has(i)) continue;
    if (notes[i]) rows.push({ kind: 'note', key: `n${i}`, group: i, text: notes[i] });
    (missing[i] ?? []).forEach((text, j) => rows.push({ kind: 'missing', key: `x${i}.${j}`, group: i, text }));
    groups[i].measurements.forEach((m, j) => rows.push({ kind: 'measurement', key: `m${i}.${j}`, group: i, measurement: m }));
    groups[i].qualitativeEvaluations.forEach((e, j) => rows.push({ kind: 'evaluation', key: `e${i}.${j}`, group: i, evaluation: e }));
  }
  return rows;
}

/**
 * One CSV cell (RFC 4180). Text from a report is data: a cell a spreadsheet would run as a formula (starting
 * with = + - @, a tab or a CR) gets a leading apostrophe, except plain numbers such as -1.5.
 */
export function csvCell(v: string): string {
  const safe = /^[=+\-@\t\r]/.test(v) && !/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(v) ? `'${v}` : v;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** One line per measurement of the given groups, in the order given (the table's order). */
export function reportCsv(groups: MeasurementGroup[]): string {
  const rows = [['tracking identifier', 'tracking UID', 'finding', 'finding site', 'measurement', 'value', 'unit', 'derivation']];
  for (const g of groups) {
    for (const m of g.measurements) {
      rows.push([g.trackingIdentifier ?? '', g.trackingUID ?? '', meaning(g.finding), sites(g), meaning(m.concept), m.value === null ? '' : String(m.value), m.unit?.code ?? '', meaning(m.derivation)]);
    }
  }
  return rows.map((r) => r.map(csvCell).join(',')).join('\n') + '\n';
}
