// `npm run compare -- [--json] REFERENCE TEST [--images DIR]`: agreement of two annotations (SEG or RTSTRUCT)
// region by region, with the code the viewer's worker runs (src/analysis).
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sameGrid, type VolumeGrid } from '../dicom/geometry/volumeGrid';
import { compareAnnotations, type AnnotationComparison, type RegionPair } from '../analysis/compareAnnotations';
import { comparisonCsv, comparisonJson } from '../analysis/export';
import { loadAnnotation, loadImages, objectKind } from './loadDicom';

const HELP = `Usage: npm run compare -- [--json] REFERENCE TEST [--images DIR] [--pair R:T ...] [--csv FILE] [--export-json FILE]

Compares two annotations of one image, SEG or RTSTRUCT (Part 10 files), region by region: Dice, Jaccard,
volumes (mL) and their difference (% of the reference), Hausdorff, HD95 and mean surface distance (mm).
  --images DIR      the image series (CT/MR/...) the annotations lie on: needed when an RTSTRUCT is involved or
                    the two SEGs are on different grids; metrics are then computed on its grid. Without it two
                    SEGs on the same grid are compared on the reference SEG's own grid.
  --pair R:T        compare reference region R with test region T (SegmentNumber / ROINumber; repeatable);
                    default: pair by label (case-insensitive), then by segmented property type
  --json            print {"reference", "test", "pairs": [...]} (a "reason" where a pair is incomplete)
  --csv FILE        also write the comparison as CSV (one line per pair, files, UIDs, viewer version)
  --export-json FILE also write everything as JSON (grid, metric definitions, directed distances, per-slice Dice)
Exit code 1 when a file cannot be read or the annotations cannot be compared.`;

export interface CompareArgs {
  reference: string;
  test: string;
  images: string | null;
  pairs: RegionPair[] | undefined;
  json: boolean;
  csv: string | null;
  exportJson: string | null;
}

export function parseArgs(argv: string[]): CompareArgs | string {
  const files: string[] = [];
  const out: CompareArgs = { reference: '', test: '', images: null, pairs: undefined, json: false, csv: null, exportJson: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--json') out.json = true;
    else if (a === '--images') out.images = value();
    else if (a === '--csv') out.csv = value();
    else if (a === '--export-json') out.exportJson = value();
    else if (a === '--pair') {
      const m = /^(\d+):(\d+)$/.exec(value());
      if (!m) return `--pair takes REFERENCE:TEST region numbers, e.g. --pair 1:3`;
      (out.pairs ??= []).push({ reference: Number(m[1]), test: Number(m[2]) });
    } else if (a.startsWith('--')) return `unknown option ${a}`;
    else files.push(a);
  }
  if (files.length !== 2) return `give two files, REFERENCE and TEST (got ${files.length})`;
  [out.reference, out.test] = files;
  return out;
}

export async function runCompare(args: CompareArgs): Promise<AnnotationComparison> {
  const [refKind, testKind] = [await objectKind(args.reference), await objectKind(args.test)];
  for (const [k, f] of [[refKind, args.reference], [testKind, args.test]] as const) {
    if (k.kind === 'other') throw new Error(`${path.basename(f)}: SOP class ${k.sopClassUID} is neither a SEG nor an RTSTRUCT`);
  }
  let grid: VolumeGrid | null = null;
  if (args.images) grid = (await loadImages(args.images, refKind.frameOfReferenceUID)).grid;
  else if (refKind.kind === 'RTSTRUCT' || testKind.kind === 'RTSTRUCT') {
    throw new Error('an RTSTRUCT is rasterised on the image grid: give the images with --images DIR');
  }
  const reference = await loadAnnotation(args.reference);
  const test = await loadAnnotation(args.test);
  if (!grid) {
    if (reference.kind !== 'SEG' || test.kind !== 'SEG') throw new Error('unreachable: SEGs expected');
    if (!sameGrid(reference.grid, test.grid)) {
      throw new Error(`${reference.name} and ${test.name} are on different voxel grids: give the images with --images DIR (the test is then resampled onto their grid)`);
    }
    grid = reference.grid;
  }
  return compareAnnotations(reference, test, grid, { pairs: args.pairs });
}

/** The --json shape (exactly these keys). */
export function compareJson(c: AnnotationComparison, reference: string, test: string) {
  return {
    reference,
    test,
    pairs: c.pairs.map((p) => {
      const m = p.metrics;
      return {
        reference: p.reference?.label ?? null,
        test: p.test?.label ?? null,
        dice: m?.dice ?? null,
        jaccard: m?.jaccard ?? null,
        referenceVolumeMl: m?.referenceVolumeMl ?? null,
        testVolumeMl: m?.testVolumeMl ?? null,
        volumeDifferencePercent: m?.volumeDifferencePercent ?? null,
        hausdorffMm: m?.hausdorffMm ?? null,
        hausdorff95Mm: m?.hausdorff95Mm ?? null,
        meanSurfaceDistanceMm: m?.meanSurfaceDistanceMm ?? null,
        ...(p.reason ? { reason: p.reason } : {}),
      };
    }),
  };
}

function printTable(c: AnnotationComparison): void {
  const f = (v: number | null | undefined, d = 3): string => (v === null || v === undefined ? '-' : v.toFixed(d));
  console.log(`reference ${c.reference.name} (${c.reference.kind}), test ${c.test.name} (${c.test.kind})`);
  console.log(`grid ${c.grid.columns}x${c.grid.rows}x${c.grid.slices}, spacing ${c.grid.spacing.map((s) => s.toFixed(3)).join(' x ')} mm`);
  for (const p of c.problems) console.log(`  note: ${p}`);
  const head = ['reference', 'test', 'Dice', 'Jaccard', 'ref mL', 'test mL', 'dVol %', 'HD mm', 'HD95 mm', 'MSD mm', 'reason'];
  const body = c.pairs.map((p) => {
    const m = p.metrics;
    return [p.reference?.label ?? '-', p.test?.label ?? '-', f(m?.dice, 4), f(m?.jaccard, 4), f(m?.referenceVolumeMl), f(m?.testVolumeMl), f(m?.volumeDifferencePercent, 2), f(m?.hausdorffMm, 2), f(m?.hausdorff95Mm, 2), f(m?.meanSurfaceDistanceMm, 2), p.reason ?? ''];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i >= 2 && i < 10 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd();
  console.log(line(head));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const b of body) console.log(line(b));
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (!argv.length || argv.includes('--help') || argv.includes('-h')) {
    console.log(HELP);
    process.exit(argv.length ? 0 : 2);
  }
  const args = parseArgs(argv);
  if (typeof args === 'string') {
    console.error(`compare: ${args}\n\n${HELP}`);
    process.exit(2);
  }
  try {
    const c = await runCompare(args);
    if (args.json) console.log(JSON.stringify(compareJson(c, path.basename(args.reference), path.basename(args.test)), null, 1));
    else printTable(c);
    if (args.csv) await writeFile(args.csv, comparisonCsv(c));
    if (args.exportJson) await writeFile(args.exportJson, JSON.stringify(comparisonJson(c), null, 1));
  } catch (e) {
    console.error(`compare: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  void main();
}
