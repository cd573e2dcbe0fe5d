// A large TID 1500 report for benchmarks and the windowed-table test: `groups` planar groups of `perGroup`
// measurements each, outlined on the sample CT's slices (same study and UIDs as the sample study at the same
// size), with a few findings and sites to sort by. Every 100th group outlines an image that is not in the
// study, so the reference check has something to find. Written with the fast DICOM JSON -> Part 10 writer the
// SR tests use: dcmjs takes tens of seconds for an SR this size.
import { copyFileSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { DicomJsonDataset } from '../dicom/json';
import { dcm, el, sct, sopSeq } from '../dicom/sr/testing/contentBuilder';
import { COMPREHENSIVE_3D_SR, CT_IMAGE, Units, measurementReportJson, type GroupSpec } from '../dicom/sr/testing/reportBuilder';
import { writePart10 } from '../dicom/sr/testing/writePart10';
import type { SampleFile } from './part10';
import { STUDY_DATE, STUDY_TIME, contextUid, createStudyContext } from './studyContext';
import { createVolumeGeometry, type SampleSizeOptions } from './volumeGeometry';

export interface BigReportOptions extends SampleSizeOptions {
  groups: number;
  perGroup: number;
}

const FINDINGS = [sct('27925004', 'Nodule'), sct('108369006', 'Neoplasm'), sct('441457006', 'Cyst'), sct('4147007', 'Mass'), sct('125149003', 'Calcification')];
const SITES = [sct('10200004', 'Liver'), sct('64033007', 'Kidney'), sct('39607008', 'Lung'), sct('78961009', 'Spleen'), sct('15825003', 'Aorta'), sct('113197003', 'Rib')];
const DERIVATIONS = [sct('373098007', 'Mean'), sct('56851009', 'Maximum'), undefined];
const UNITS = Object.values(Units);

/** Every 100th group (100, 200...) outlines this absent image. */
export const BIG_REPORT_MISSING_EVERY = 100;

const bigReportSeriesNumber = 7;

export function generateBigReport(options: BigReportOptions): SampleFile & { sopInstanceUID: string; missingImageUID: string } {
  const geometry = createVolumeGeometry(options);
  const context = createStudyContext(geometry);
  const sopInstanceUID = contextUid(context, `big-report/${options.groups}/instance`);
  const missingImageUID = contextUid(context, 'big-report/absent-image');
  const ct = (k: number) => ({ sopClassUID: CT_IMAGE, sopInstanceUID: context.ctSopInstanceUIDs[k % geometry.slices] });
  const groups: GroupSpec[] = Array.from({ length: options.groups }, (_, g) => {
    const image = (g + 1) % BIG_REPORT_MISSING_EVERY === 0 ? { sopClassUID: CT_IMAGE, sopInstanceUID: missingImageUID } : ct(g);
    const cx = 100 + ((g * 37) % 300);
    const cy = 100 + ((g * 53) % 300);
    return {
      trackingIdentifier: `Lesion ${g + 1}`,
      trackingUID: contextUid(context, `big-report/tracking/${g}`),
      finding: FINDINGS[g % FINDINGS.length],
      findingSite: { site: SITES[(g * 7) % SITES.length] },
      region: { is3D: false, graphicType: 'POLYLINE', data: [cx - 8, cy - 6, cx + 8, cy - 6, cx + 8, cy + 6, cx - 8, cy + 6, cx - 8, cy - 6], image },
      measurements: Array.from({ length: options.perGroup }, (_m, k) => ({
        concept: dcm(`BM${k}`, `Measurement ${k + 1}`),
        value: Math.round((g * 13.7 + k * 1.93 + 0.5) * 1000) / 1000,
        unit: UNITS[k % UNITS.length],
        derivation: DERIVATIONS[k % DERIVATIONS.length],
      })),
    };
  });
  const json = measurementReportJson({
    sopInstanceUID,
    sopClassUID: COMPREHENSIVE_3D_SR,
    images: context.ctSopInstanceUIDs.map((uid) => ({ sopClassUID: CT_IMAGE, sopInstanceUID: uid })),
    groups,
  });
  const header: DicomJsonDataset = {
    '00080005': el('CS', 'ISO_IR 192'),
    '00080020': el('DA', STUDY_DATE),
    '00080023': el('DA', STUDY_DATE),
    '00080030': el('TM', STUDY_TIME),
    '00080033': el('TM', STUDY_TIME),
    '00080050': el('SH', 'PHANTOM0001'),
    '00080070': el('LO', 'IDC derived viewer'),
    '00080090': el('PN'),
    '0008103E': el('LO', `Benchmark SR, ${options.groups} groups`),
    '00100010': el('PN', { Alphabetic: 'Phantom^Sample' }),
    '00100020': el('LO', 'PHANTOM-001'),
    '00100030': el('DA'),
    '00100040': el('CS', 'O'),
    '0020000D': el('UI', context.studyInstanceUID),
    '0020000E': el('UI', contextUid(context, `big-report/${options.groups}/series`)),
    '00200010': el('SH', 'PHANTOM1'),
    '00200011': el('IS', bigReportSeriesNumber),
    '00200013': el('IS', 1),
    '0040A375': el('SQ', {
      '0020000D': el('UI', context.studyInstanceUID),
      '00081115': el('SQ', {
        '0020000E': el('UI', context.ctSeriesInstanceUID),
        '00081199': el('SQ', ...context.ctSopInstanceUIDs.map((uid) => sopSeq({ sopClassUID: CT_IMAGE, sopInstanceUID: uid }).Value?.[0] as DicomJsonDataset)),
      }),
    }),
  };
  const bytes = new Uint8Array(writePart10({ ...json, ...header }));
  return { name: 'BIG_SR.dcm', bytes, sopInstanceUID, missingImageUID };
}

/**
 * A folder to serve as one DICOMweb root: a copy of the sample CT (from `sampleDir`, as ensureSampleStudy
 * wrote it) and the big report over it.
 */
export function writeBigReportStudy(dir: string, sampleDir: string, options: BigReportOptions): ReturnType<typeof generateBigReport> {
  mkdirSync(path.join(dir, 'CT'), { recursive: true });
  for (const f of readdirSync(path.join(sampleDir, 'CT'))) copyFileSync(path.join(sampleDir, 'CT', f), path.join(dir, 'CT', f));
  const report = generateBigReport(options);
  writeFileSync(path.join(dir, report.name), report.bytes);
  return report;
}
