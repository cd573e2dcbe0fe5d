// `npm run inspect -- [--json] FILE...`: one summary per DICOM file, made by the same decoders the viewer runs
// in its workers (../shared/inspect-json.md describes the JSON).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readPart10Async } from '../dicom/part10';
import { commonSummary, headerJson, type CommonSummary } from '../dicom/summary';
import { str } from '../dicom/json';
import { segmentationSummary, type SegmentationSummary } from '../dicom/seg/summary';
import { structureSetSummary, type StructureSetSummary } from '../dicom/rtstruct/summary';
import { reportSummary, type ReportSummary } from '../dicom/sr/summary';
import { parametricMapSummary, type ParametricMapSummary } from '../dicom/pm/summary';
import { PARAMETRIC_MAP_STORAGE } from '../dicom/pm/model';
import { ucumDisplay } from '../dicom/codes/ucum';
import { nodeFrameDecoder } from './codecs';
import { loadAnnotation, loadImages, objectKind } from './loadDicom';
import { annotationRegions, regionMask } from '../analysis/annotations';
import { regionStatistics, type RegionStatistics } from '../analysis/statistics';
import type { ImageVolume } from '../dicom/image/imageVolume';
import { Tag } from '../dicom/tags';

const HELP = `Usage: npm run inspect -- [--json] [--stats [--images DIR]] FILE...

Summarises DICOM files: SEG (segments, colours, voxel counts, centroids), RTSTRUCT (ROIs, contours, points,
centroids), SR (TID 1500 measurement groups), Parametric Maps (size, pixel type, quantity, units, real world
min/max/mean), and the common identifiers of any other object. Deflated data sets and deflated frames are read.
  --json         one JSON array, one object per file (see ../shared/inspect-json.md)
  --stats        adds per segment / ROI statistics ("statistics" in JSON): voxels, volume (mL), slice range,
                 bounding box and centroid (mm), and with --images the image values inside (mean, SD, min, max,
                 median; CT in HU). SEGs use their own grid without --images; RTSTRUCTs need --images.
  --images DIR   the image series the objects lie on (CT/MR/PT/...)
A file that cannot be read is reported and the others are still summarised; the exit code is then 1.`;

/** `--stats`: statistics of each segment / ROI on a grid, or why there are none. */
export type StatisticsSummary =
  | {
      grid: { source: 'images' | 'segmentation'; columns: number; rows: number; slices: number; spacingMm: number[] };
      imageSeriesInstanceUID: string | null;
      regions: Array<{ number: number; label: string; problems: string[] } & RegionStatistics>;
    }
  | { error: string };

export type Summary = CommonSummary & {
  segmentation?: SegmentationSummary;
  structureSet?: StructureSetSummary;
  report?: ReportSummary;
  parametricMap?: ParametricMapSummary;
  statistics?: StatisticsSummary;
};

/** Statistics of every region of a SEG or RTSTRUCT file; `images` from --images (loaded once per frame of reference). */
export async function fileStatistics(file: string, images: ((frame: string | null) => Promise<ImageVolume>) | null): Promise<StatisticsSummary> {
  try {
    const kind = await objectKind(file);
    if (kind.kind === 'other') return { error: 'statistics are for SEG and RTSTRUCT objects' };
    const image = images ? await images(kind.frameOfReferenceUID) : null;
    const a = await loadAnnotation(file);
    const grid = image?.grid ?? (a.kind === 'SEG' ? a.grid : null);
    if (!grid) return { error: 'an RTSTRUCT is rasterised on the image grid: give the images with --images DIR' };
    const regions = annotationRegions(a).map((r) => {
      const m = regionMask(a, r.number, grid);
      return { number: r.number, label: r.label, problems: m.problems, ...regionStatistics(grid, m.mask, image) };
    });
    return {
      grid: { source: image ? 'images' : 'segmentation', columns: grid.columns, rows: grid.rows, slices: grid.slices, spacingMm: [...grid.spacing] },
      imageSeriesInstanceUID: image?.seriesInstanceUID ?? null,
      regions,
    };
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
}

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
  if (s.statistics) {
    const st = s.statistics;
    if ('error' in st) console.log(`  statistics: ${st.error}`);
    else {
      console.log(`  statistics on the ${st.grid.source === 'images' ? 'image' : 'SEG'} grid ${st.grid.columns}x${st.grid.rows}x${st.grid.slices}`);
      for (const r of st.regions) {
        const v = r.values;
        const values = v ? `  mean ${v.mean.toFixed(2)} SD ${v.standardDeviation.toFixed(2)} min ${v.minimum} max ${v.maximum} median ${v.median} ${v.unit?.code ?? ''}` : `  (${r.valuesReason})`;
        console.log(`    #${r.number} ${r.label}: ${r.voxels} voxels, ${r.volumeMl.toFixed(3)} mL, slices ${r.sliceRange?.join('-') ?? '-'}, centroid ${fmt(r.centroidMm)}${values}`);
        for (const p of r.problems) console.log(`      note: ${p}`);
      }
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
  const stats = args.includes('--stats');
  const imagesAt = args.indexOf('--images');
  const imagesDir = imagesAt >= 0 ? args[imagesAt + 1] : undefined;
  if (imagesAt >= 0 && !imagesDir) {
    console.error('inspect: --images needs a folder');
    process.exit(2);
  }
  const files = args.filter((a, i) => a !== '--json' && a !== '--stats' && i !== imagesAt && (imagesAt < 0 || i !== imagesAt + 1));
  const loaded = new Map<string, Promise<ImageVolume>>();
  const images = imagesDir
    ? (frame: string | null): Promise<ImageVolume> => {
        let p = loaded.get(frame ?? '');
        if (!p) loaded.set(frame ?? '', (p = loadImages(imagesDir, frame)));
        return p;
      }
    : null;
  const results = [];
  for (const f of files) {
    const r = await inspectFile(f);
    if (stats && !('error' in r) && (r.segmentation || r.structureSet)) r.statistics = await fileStatistics(f, images);
    results.push(r);
  }
  if (json) console.log(JSON.stringify(results, null, 1));
  else results.forEach(printText);
  if (results.some((r) => 'error' in r)) process.exit(1);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  void main();
}
