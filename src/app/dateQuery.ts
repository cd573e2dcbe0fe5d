// The study-date filter as a person types it -> a QIDO StudyDate value (PS3.4 C.2.2.2.5.1).
//   20240115, 2024-01-15          that day
//   20240101-20241231, 2024-01-01-2024-12-31, "20240101 - 20241231"   that range, both ends included
//   20240101-  /  -20241231       from / until
// Dashes inside an ISO date and the dash between two dates are told apart by where the dates are.

const DAY = String.raw`\d{4}-?\d{2}-?\d{2}`;
const PATTERN = new RegExp(`^(${DAY})?(?:\\s*(-)\\s*(${DAY})?)?$`);

function day(v: string | undefined): string {
  if (!v) return '';
  const d = v.replace(/-/g, '');
  const [y, m, dd] = [Number(d.slice(0, 4)), Number(d.slice(4, 6)), Number(d.slice(6, 8))];
  const date = new Date(Date.UTC(y, m - 1, dd));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== dd) throw new Error(`${v} is not a date`);
  return d;
}

/** The QIDO value, or an Error saying what is wrong with the text. */
export function dateQuery(text: string): string | Error {
  const m = PATTERN.exec(text.trim());
  if (!m || (!m[1] && !m[3])) return new Error(`Study date "${text}": use YYYYMMDD, YYYY-MM-DD, or a range such as 20240101-20241231`);
  try {
    const [from, to] = [day(m[1]), day(m[3])];
    if (!m[2]) return from;
    if (from && to && from > to) return new Error(`Study date "${text}": the range ends before it starts`);
    return `${from}-${to}`;
  } catch (e) {
    return new Error(`Study date "${text}": ${(e as Error).message}`);
  }
}
