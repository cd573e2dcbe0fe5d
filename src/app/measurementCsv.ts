// The measurements as CSV (RFC 4180): one row per value, so each value has its own unit. Text cells are quoted
// when needed, and a text cell that a spreadsheet would run as a formula (starting with = + - @, or a tab or
// carriage return that some strip before looking) gets a leading apostrophe; numbers are written as numbers.

/** The plain data the panel lists (src/viewer/measurementList.ts's Measurement, with the series named). */
export interface MeasurementRow {
  tool: string;
  series: string;
  where: string;
  values: Array<{ name: string; value: number; unit: string }>;
}

export const CSV_HEADER = ['Measurement', 'Tool', 'Series', 'Slice', 'Quantity', 'Value', 'Unit'] as const;

/** A text cell: formula guard, then quotes when it holds a comma, quote or line break. */
export function csvText(s: string): string {
  const guarded = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\r\n]/.test(guarded) ? `"${guarded.replace(/"/g, '""')}"` : guarded;
}

/** A number cell: as many decimals as it has, up to 4 (the display rounds further); NaN and infinities empty. */
export function csvNumber(v: number): string {
  return Number.isFinite(v) ? String(Number(v.toFixed(4))) : '';
}

export function measurementsCsv(rows: readonly MeasurementRow[]): string {
  const lines = [CSV_HEADER.join(',')];
  rows.forEach((m, i) => {
    for (const v of m.values) {
      lines.push([String(i + 1), csvText(m.tool), csvText(m.series), csvText(m.where), csvText(v.name), csvNumber(v.value), csvText(v.unit)].join(','));
    }
  });
  return `${lines.join('\r\n')}\r\n`;
}

/** A value as the panel shows it: 3 significant digits at least, at most 2 decimals above 1. */
export function formatValue(v: number): string {
  const a = Math.abs(v);
  if (a >= 100) return v.toFixed(1);
  if (a >= 1 || a === 0) return v.toFixed(2);
  return v.toPrecision(3);
}
