// Command line for the synthetic sample study and the big benchmark SEG.
import { parseArgs } from 'node:util';
import { writeBigSeg } from './bigSeg';
import { writeBigParametricMap } from './bigParametricMap';
import { writeSampleStudy } from './sampleStudy';

const HELP = `Usage: tsx src/samples/cli.ts --out DIR [options]

Writes the deterministic synthetic CT phantom study as DICOM Part 10 files
(explicit VR little endian): CT/0001.dcm ..., SEG.dcm, RTSTRUCT.dcm, SR.dcm.
Same options, byte-identical files.

Options:
  --out DIR         output folder (created if missing)            required
  --slices N        number of axial slices; they always cover 250 mm,
                    so 100 slices are 2.5 mm apart      default 100 (300 with --big-seg)
  --rows N          rows per slice; the field of view is 409.6 mm default 512
  --columns N       columns per slice                             default = rows
  --big-seg         write the benchmark case instead: the CT series and
                    BIG_SEG.dcm, one BINARY SEG with many overlapping segments
  --segments N      number of segments of the big SEG             default 104
  --big-pm          write the Parametric Map benchmark case instead: the CT
                    series and BIG_PM.dcm, a float32 map of every slice
  -h, --help        show this help

Examples:
  tsx src/samples/cli.ts --out samples-out
  tsx src/samples/cli.ts --out bench-seg --big-seg --segments 104 --slices 300
`;

function positiveInteger(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive integer, got "${text}"`);
  return value;
}

function main(argv: string[]): number {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        out: { type: 'string' },
        slices: { type: 'string' },
        rows: { type: 'string' },
        columns: { type: 'string' },
        'big-seg': { type: 'boolean' },
        'big-pm': { type: 'boolean' },
        segments: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${HELP}`);
    return 2;
  }
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  if (!values.out) {
    console.error(`--out DIR is required\n\n${HELP}`);
    return 2;
  }
  let rows: number;
  let columns: number;
  let slices: number;
  let segments: number;
  const bigSeg = values['big-seg'] === true;
  const bigPm = values['big-pm'] === true;
  try {
    rows = positiveInteger('rows', values.rows, 512);
    columns = positiveInteger('columns', values.columns, rows);
    slices = positiveInteger('slices', values.slices, bigSeg || bigPm ? 300 : 100);
    segments = positiveInteger('segments', values.segments, 104);
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${HELP}`);
    return 2;
  }
  try {
    const started = performance.now();
    const paths = bigSeg
      ? writeBigSeg(values.out, { rows, columns, slices, segments })
      : bigPm
        ? writeBigParametricMap(values.out, { rows, columns, slices })
        : writeSampleStudy(values.out, { rows, columns, slices });
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(`Wrote ${paths.length} files to ${values.out} in ${seconds} s (${rows}x${columns}x${slices}).`);
    return 0;
  } catch (error) {
    console.error(`Could not generate the samples into ${values.out}: ${(error as Error).message}`);
    return 1;
  }
}

process.exitCode = main(process.argv.slice(2));
