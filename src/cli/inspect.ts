// `npm run inspect -- [--json] FILE...`: one summary per DICOM file, made by the same decoders the viewer runs
// in its workers (../shared/inspect-json.md describes the JSON).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readPart10Async } from '../dicom/part10';
import { commonSummary, headerJson, type CommonSummary } from '../dicom/summary';
import { Tag, str } from '../dicom/json';
import { segmentationSummary, type SegmentationSummary } from '../dicom/seg/summary';
import { structureSetSummary, type StructureSetSummary } from '../dicom/rtstruct/summary';
import { reportSummary, type ReportSummary } from '../dicom/sr/summary';
import { parametricMapSummary, type ParametricMapSummary } from '../dicom/pm/summary';
import { PARAMETRIC_MAP_STORAGE } from '../dicom/pm/model';
import { ucumDisplay } from '../dicom/codes/ucum';
import { nodeFrameDecoder } from './codecs';

const HELP = `Usage: npm run inspect -- [--json] FILE...

Summarises DICOM files: SEG (segments, colours, voxel counts, centroids), RTSTRUCT (ROIs, contours, points,
centroids), SR (TID 1500 measurement groups), Parametric Maps (size, pixel type, quantity, units, real world
min/max/mean), and the common identifiers of any other object. Deflated data sets and deflated frames are read.
  --json   one JSON array, one object per file (see ../shared/inspect-json.md)
A file that cannot be read is reported and the others are still summarised; the exit code is then 1.`;

export type Summary = CommonSummary & {
  segmentation?: SegmentationSummary;
  structureSet?: StructureSetSummary;
  report?: ReportSummary;
  parametricMap?: ParametricMapSummary;
};

const SEG_CLASSES = new Set(['1.2.840.10008.5.1.4.1.1.66.4', '1.2.840.10008.5.1.4.1.1.66.7']);
const RTSTRUCT_CLASS = '1.2.840.10008.5.1.4.1.1.481.3';
const SR_PREFIX = '1.2.840.10008.5.1.4.1.1.88.';

export async function inspectFile(file: string): Promise<Summary | { file: string; error: string }> {
  const name = path.basename(file);
  try {
    const bytes = await readFile(file);
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    const p10 = await readPart10Async(buffer, name);
    const ds = headerJson(p10.dict);
    const out: Summary = commonSummary(name, ds);
    const sopClass = str(ds, Tag.SOPClassUID) ?? '';
    // The codecs load only when a SEG's frames need one.
    if (SEG_CLASSES.has(sopClass)) out.segmentation = await segmentationSummary(p10, name, { decoder: nodeFrameDecoder() });
    else if (sopClass === RTSTRUCT_CLASS) out.structureSet = structureSetSummary(ds);
    else if (sopClass.startsWith(SR_PREFIX)) out.report = reportSummary(ds);
    else if (sopClass === PARAMETRIC_MAP_STORAGE) out.parametricMap = await parametricMapSummary(p10, name, { decoder: nodeFrameDecoder() });
    return out;
  } catch (e) {
    return { file: name, error: e instanceof Error ? e.message : String(e) };
  }
}

function fmt(v: unknown): string {
  if (v === null || v === undefined) return '-';
  if (Array.isArray(v)) return v.map((x) => (typeof x === 'number' ? Number(x.toFixed(3)) : x)).join(', ');
  if (typeof v === 'object' && v && 'meaning' in v) return String((v as { meaning: string }).meaning);
  return String(v);
}

function printText(s: Summary | { file: string; error: string }): void {
  if ('error' in s) {
    console.log(`${s.file}: ERROR ${s.error}\n`);
    return;
  }
  console.log(`${s.file}: ${s.modality ?? '?'} (${s.sopClassUID ?? '?'})`);
  console.log(`  SOP instance ${s.sopInstanceUID}, series ${s.seriesInstanceUID}`);
  if (s.referencedSeriesInstanceUIDs.length) console.log(`  references series ${s.referencedSeriesInstanceUIDs.join(', ')}`);
  if (s.segmentation) {
    const g = s.segmentation;
    console.log(`  SEG ${g.type}${g.fractionalType ? ` ${g.fractionalType}` : ''}, ${g.rows}x${g.columns}, ${g.frames} frames, ${g.segments.length} segments`);
    for (const seg of g.segments) {
      console.log(`    #${seg.number} ${seg.label}  [${fmt(seg.type)}]  colour ${fmt(seg.color)}  ${seg.frames} frames  ${seg.voxels} voxels  centroid ${fmt(seg.centroid)}`);
    }
  }
  if (s.structureSet) {
    console.log(`  RTSTRUCT "${s.structureSet.label}", ${s.structureSet.rois.length} ROIs`);
    for (const r of s.structureSet.rois) {
      console.log(`    #${r.number} ${r.name} (${r.interpretedType ?? '-'})  colour ${fmt(r.color)}  ${r.contours} contours  ${r.points} points  centroid ${fmt(r.centroid)}`);
    }
  }
  if (s.report) {
    console.log(`  SR template ${s.report.templateId ?? '-'} "${fmt(s.report.title)}", ${s.report.measurementGroups.length} measurement groups`);
    for (const g of s.report.measurementGroups) {
      console.log(`    ${g.trackingIdentifier ?? '(no tracking id)'}: ${fmt(g.finding)}, ${g.measurements.length} measurements`);
      for (const m of g.measurements) console.log(`      ${fmt(m.concept)} = ${m.value ?? '-'} ${m.unit ? m.unit.code : ''}`);
    }
  }
  if (s.parametricMap) {
    const m = s.parametricMap;
    const unit = m.unit ? ucumDisplay(m.unit) : '';
    console.log(`  Parametric Map ${m.rows}x${m.columns}, ${m.frames} frames, ${m.pixelType}, ${fmt(m.quantity)} "${m.lutLabel ?? '-'}"${unit ? ` in ${unit}` : ''}`);
    console.log(`    min ${fmt(m.min)}  max ${fmt(m.max)}  mean ${fmt(m.mean)}`);
  }
  console.log('');
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (!args.length || args.includes('--help') || args.includes('-h')) {
    console.log(HELP);
    process.exit(args.length ? 0 : 2);
  }
  const json = args.includes('--json');
  const files = args.filter((a) => a !== '--json');
  const results = [];
  for (const f of files) results.push(await inspectFile(f));
  if (json) console.log(JSON.stringify(results, null, 1));
  else results.forEach(printText);
  if (results.some((r) => 'error' in r)) process.exit(1);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  void main();
}
