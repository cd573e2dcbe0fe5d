// Our summaries against ../shared/data/MANIFEST.json (`derived`, an independent pydicom + numpy decoder), field by
// field as ../shared/inspect-json.md states:
//   - counts, numbers, sizes, codes, colours, UIDs, labels: exact (a count off by one fails, whatever its size);
//   - centroids: to the precision MANIFEST writes them, 3 decimals (mm), so within half a unit of that last place;
//   - measurement values (SR) and real-world values (PM min/max/mean): within 1e-3 relative or 0.01 absolute;
//   - null in MANIFEST must be null here and a value in MANIFEST must be a value here (a missing colour or centroid
//     fails); keys are compared both ways, so a field we add or drop shows up too.
// Used by the real-data tests of dicom/seg, dicom/rtstruct, dicom/sr and cli/inspect; manifestCompare.test.ts
// shows that it fails on injected faults.

/** MANIFEST writes centroids rounded to 3 decimals (checked in manifestCompare.test.ts). */
export const CENTROID_DECIMALS = 3;
const CENTROID_TOLERANCE = 0.5 * 10 ** -CENTROID_DECIMALS + 1e-9;

type Rule = 'exact' | 'centroid' | 'measured';

/** Which rule the numbers under `key` (a field of `parentKey`) follow. */
function ruleFor(key: string, parentKey: string | undefined, inherited: Rule): Rule {
  if (key === 'centroid') return 'centroid';
  if (key === 'value' && parentKey === 'measurements') return 'measured';
  if ((key === 'min' || key === 'max' || key === 'mean') && parentKey === 'parametricMap') return 'measured';
  return inherited;
}

function numbersAgree(expected: number, actual: number, rule: Rule): boolean {
  switch (rule) {
    case 'exact':
      return Object.is(expected, actual) || expected === actual;
    case 'centroid':
      return Math.abs(actual - expected) <= CENTROID_TOLERANCE;
    case 'measured':
      return Math.abs(actual - expected) <= Math.max(0.01, 1e-3 * Math.abs(expected));
  }
}

const show = (v: unknown): string => (v === undefined ? 'undefined' : JSON.stringify(v));

/**
 * Every difference between `expected` (a MANIFEST entry or part of one) and `actual`, as readable paths;
 * [] when they agree. `parentKey` is the field that holds `expected` (for the rules above).
 */
export function manifestDifferences(
  expected: unknown,
  actual: unknown,
  at = '',
  rule: Rule = 'exact',
  parentKey?: string,
): string[] {
  if (typeof expected === 'number') {
    if (typeof actual !== 'number') return [`${at}: expected ${expected}, got ${show(actual)}`];
    return numbersAgree(expected, actual, rule) ? [] : [`${at}: expected ${expected}, got ${actual} (${rule})`];
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return [`${at}: expected ${show(expected)}, got ${show(actual)}`];
    if (expected.length !== actual.length) return [`${at}: expected ${expected.length} items, got ${actual.length}`];
    return expected.flatMap((e, i) => manifestDifferences(e, actual[i], `${at}[${i}]`, rule, parentKey));
  }
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual))
      return [`${at}: expected an object, got ${show(actual)}`];
    const e = expected as Record<string, unknown>;
    const a = actual as Record<string, unknown>;
    const keys = [...new Set([...Object.keys(e), ...Object.keys(a)])];
    return keys.flatMap((k) => {
      if (!(k in e)) return [`${at}.${k}: not in MANIFEST, got ${show(a[k])}`];
      if (!(k in a)) return [`${at}.${k}: missing, expected ${show(e[k])}`];
      return manifestDifferences(e[k], a[k], `${at}.${k}`, ruleFor(k, parentKey, rule), k);
    });
  }
  // strings, booleans, null: exactly
  return expected === actual ? [] : [`${at}: expected ${show(expected)}, got ${show(actual)}`];
}
