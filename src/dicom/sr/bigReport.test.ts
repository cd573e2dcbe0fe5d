// A report of 1,000 groups and 20,000 measurements: decoded completely and correctly, and how long Part 10 ->
// model takes, printed (never asserted: timings on a shared 2-core machine are not test results).
import { describe, expect, it } from 'vitest';
import { readPart10 } from '../part10';
import { headerJson } from '../summary';
import { decodeReport, summarizeReport, type SRDocument } from './index';
import { Units, bigReportSpec, measurementReportJson } from './testing/reportBuilder';
import { writePart10 } from './testing/writePart10';

const GROUPS = 1000;
const PER_GROUP = 20;

function ms(t0: number, t1: number): string {
  return `${(t1 - t0).toFixed(0)} ms`;
}

describe(`report with ${GROUPS} groups x ${PER_GROUP} measurements`, () => {
  const json = measurementReportJson(bigReportSpec(GROUPS, PER_GROUP));
  const part10 = writePart10(json);
  // Each test gets the Part 10 decode itself (made once, by whichever test runs first): the tests hold in any order.
  let decoded: SRDocument | undefined;
  const fromPart10 = (): SRDocument => (decoded ??= decodeReport(headerJson(readPart10(part10, 'big-report.dcm').dict)));

  it('decodes from Part 10 (timings printed)', () => {
    const t0 = performance.now();
    const { dict } = readPart10(part10, 'big-report.dcm');
    const t1 = performance.now();
    const ds = headerJson(dict);
    const t2 = performance.now();
    const doc = decodeReport(ds);
    decoded ??= doc;
    const t3 = performance.now();
    const summary = summarizeReport(doc);
    const t4 = performance.now();
    console.log(
      `SR ${(part10.byteLength / 1e6).toFixed(1)} MB, ${doc.itemCount} content items: ` +
        `readPart10 (dcmjs) ${ms(t0, t1)}, headerJson ${ms(t1, t2)}, decodeReport ${ms(t2, t3)}, ` +
        `Part 10 -> model ${ms(t0, t3)}; reportSummary ${ms(t3, t4)}`,
    );
    expect(summary.measurementGroups).toHaveLength(GROUPS);
  });

  it('reads every group and every measurement value, unit and derivation', () => {
    const doc = fromPart10();
    const report = doc.measurementReport;
    expect(doc.problems).toEqual([]);
    expect(report?.measurementGroups).toHaveLength(GROUPS);
    const units = Object.values(Units);
    let measurements = 0;
    report?.measurementGroups.forEach((group, g) => {
      expect(group.trackingIdentifier).toBe(`Lesion ${g + 1}`);
      expect(group.template).toBe('1411');
      expect(group.referencedSegment?.segmentNumber).toBe(g + 1);
      group.measurements.forEach((m, k) => {
        measurements++;
        if (m.value !== g * 100 + k + 0.25) expect(m.value, `group ${g} measurement ${k}`).toBe(g * 100 + k + 0.25);
        if (m.unit?.code !== units[k % units.length].code) expect(m.unit?.code).toBe(units[k % units.length].code);
        if ((m.derivation?.code ?? null) !== (k % 2 === 0 ? '373098007' : null)) {
          expect(m.derivation?.code ?? null).toBe(k % 2 === 0 ? '373098007' : null);
        }
      });
    });
    expect(measurements).toBe(GROUPS * PER_GROUP);
  });

  it('decodes the same from DICOM JSON directly (timing printed)', () => {
    const t0 = performance.now();
    const fromJson = decodeReport(json);
    const t1 = performance.now();
    console.log(`decodeReport from DICOM JSON: ${ms(t0, t1)}`);
    const doc = fromPart10();
    expect(fromJson.itemCount).toBe(doc.itemCount);
    expect(summarizeReport(fromJson)).toEqual(summarizeReport(doc));
  });
});
