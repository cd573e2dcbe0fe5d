// Our SEG decode vs @cornerstonejs/adapters `createFromDICOMSegBuffer` (the path OHIF's cornerstone-dicom-seg
// extension takes), timed in one Node process on the same bytes: the big SEG (104 segments, 5,180 bit-packed
// frames) over its 512x512x300 CT. Both sides start from the SEG's Part 10 bytes and end with labelmaps placed on
// the CT's slices; the CT headers are read once beforehand and handed to each side the way its viewer holds them
// (our image planes / a Cornerstone metadata provider), so neither pays for them.
//
// Standalone, quick: `npx tsx bench/segAdapters.ts [--runs 3] [--adapter-runs 2]`
//   The case is generated once into .cache/bench-bigseg-300x104/ (gitignored) and reused while SAMPLE_VERSION
//   holds. The measuring happens in a child Node (--max-old-space-size=16000 --expose-gc) so the adapters' GBs
//   and the peak RSS belong to this comparison alone; `npm run bench` calls the same child.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import dcmjs from 'dcmjs';
import type { DcmjsDict } from 'dcmjs';
import { readPart10, toDicomJson } from '../src/dicom/part10';
import { num, str, type DicomJsonDataset } from '../src/dicom/json';
import { sortInstances } from '../src/dicom/geometry/sortSlices';
import { imagePlanesOf } from '../src/dicom/geometry/imagePlanes';
import type { TargetSeries } from '../src/dicom/geometry/placeFrames';
import { decodeSeg, type SegResult } from '../src/workers/decodeSeg';
import { SAMPLE_VERSION, writeBigSeg } from '../src/samples';
import { Tag } from '../src/dicom/tags';

const thisFile = fileURLToPath(import.meta.url);
const repoRoot = path.resolve(path.dirname(thisFile), '..');
const SEG_NAME = 'BIG_SEG.dcm';
const RESULT_MARK = 'SEG_ADAPTERS_RESULT ';

export interface Timing {
  runsMs: number[];
  minMs: number;
  medianMs: number;
}

export interface SegmentCheck {
  segmentNumber: number;
  label: string;
  /** voxels counted in the labelmap each side produced */
  ours: number;
  adapters: number;
}

export interface SegAdaptersResult {
  segMB: number;
  frames: number;
  ctSlices: number;
  ours: Timing & { layers: number; segmentsDrawn: number; problems: string[] };
  adapters: Timing & {
    layers: number;
    segmentsInMetadata: number;
    segmentsWithVoxels: number;
    overlappingSegments: boolean;
  };
  /** process RSS before any decode, and the process's peak RSS after our runs / after the adapters' runs (MB) */
  memory: { baselineRssMB: number; peakRssAfterOursMB: number; peakRssAfterAdaptersMB: number };
  /** held by one result (after GC, over the state before decoding): JS heap and ArrayBuffers (MB) */
  held: { ours: Held; adapters: Held };
  /** every segment's voxel count compared; `checks` lists a few, `mismatches` all that differ */
  checks: SegmentCheck[];
  mismatches: SegmentCheck[];
}

// ---------------------------------------------------------------------------------------------- the case

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

/** The big SEG case under `dir`, generated when missing or made by another generator version. */
function ensureBigSegCase(dir = path.join(repoRoot, '.cache/bench-bigseg-300x104')): string {
  const stamp = path.join(dir, 'VERSION');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === SAMPLE_VERSION) return dir;
  console.log('Generating the big SEG case (512x512x300 CT, 104 segments) into', dir);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeBigSeg(dir, { slices: 300, segments: 104 });
  writeFileSync(stamp, SAMPLE_VERSION);
  return dir;
}

// ---------------------------------------------------------------------------------------------- CT headers

interface CtImage {
  imageId: string;
  json: DicomJsonDataset;
  /** dcmjs naturalized header: what OHIF's metadata store serves as the 'instance' module */
  natural: Record<string, unknown>;
}

/** The CT headers, sorted along the slice normal as the viewer (and OHIF) order the stack. */
function readCtSeries(ctPaths: string[]): { images: CtImage[]; target: TargetSeries } {
  const read = ctPaths.map((p) => {
    const buf = readFileSync(p);
    const ab = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer;
    const { dict } = readPart10(ab, path.basename(p), { untilPixelData: true });
    const json = toDicomJson(dict, { inlineLimit: 0, bulkDataURI: () => '' });
    return { dict, json };
  });
  const byJson = new Map(read.map((r) => [r.json, r.dict]));
  const sorted = sortInstances(read.map((r) => r.json)).instances;
  const images = sorted.map((json) => {
    const study = str(json, Tag.StudyInstanceUID);
    const series = str(json, Tag.SeriesInstanceUID);
    const sop = str(json, Tag.SOPInstanceUID);
    return {
      // The viewer's (and OHIF's) WADO-RS imageId shape; nothing is fetched through it.
      imageId: `wadors:bench/studies/${study}/series/${series}/instances/${sop}/frames/1`,
      json,
      natural: dcmjs.data.DicomMetaDictionary.naturalizeDataset(byJson.get(json) as DcmjsDict),
    };
  });
  const planes = sorted.flatMap((ds) => imagePlanesOf(ds));
  if (planes.length !== sorted.length) throw new Error('some CT images lack a plane');
  return { images, target: { frameOfReferenceUID: str(sorted[0], Tag.FrameOfReferenceUID) ?? null, planes } };
}

type Modules = Record<string, unknown>;

/** Precomputed Cornerstone metadata modules per imageId (computed once, so the adapters pay only lookups). */
function cornerstoneModules(images: CtImage[]): Map<string, Modules> {
  const out = new Map<string, Modules>();
  for (const { imageId, json, natural } of images) {
    const [plane] = imagePlanesOf(json);
    const [row, col] = plane.imageOrientationPatient;
    const rows = num(json, Tag.Rows) ?? 0;
    const columns = num(json, Tag.Columns) ?? 0;
    out.set(imageId, {
      instance: natural,
      generalImageModule: {
        sopInstanceUID: str(json, Tag.SOPInstanceUID),
        instanceNumber: num(json, Tag.InstanceNumber),
      },
      generalSeriesModule: {
        modality: str(json, Tag.Modality),
        seriesInstanceUID: str(json, Tag.SeriesInstanceUID),
        studyInstanceUID: str(json, Tag.StudyInstanceUID),
        seriesNumber: num(json, Tag.SeriesNumber),
      },
      imagePlaneModule: {
        frameOfReferenceUID: str(json, Tag.FrameOfReferenceUID),
        rows,
        columns,
        imageOrientationPatient: [...row, ...col],
        rowCosines: row,
        columnCosines: col,
        imagePositionPatient: plane.imagePositionPatient,
        pixelSpacing: plane.pixelSpacing,
        rowPixelSpacing: plane.pixelSpacing[0],
        columnPixelSpacing: plane.pixelSpacing[1],
        sliceThickness: natural.SliceThickness,
      },
      imagePixelModule: {
        samplesPerPixel: 1,
        photometricInterpretation: 'MONOCHROME2',
        rows,
        columns,
        bitsAllocated: natural.BitsAllocated,
        bitsStored: natural.BitsStored,
        highBit: natural.HighBit,
        pixelRepresentation: natural.PixelRepresentation,
      },
    });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------- measuring

function timing(runsMs: number[]): Timing {
  const s = [...runsMs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return { runsMs, minMs: s[0], medianMs: s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2 };
}

const MB = (n: number): number => Math.round(n / 1e6);
const peakRssMB = (): number => Math.round((process.resourceUsage().maxRSS * 1024) / 1e6);

function collect(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

interface Held {
  heapMB: number;
  arrayBuffersMB: number;
}

function held(): Held {
  collect();
  const m = process.memoryUsage();
  return { heapMB: MB(m.heapUsed), arrayBuffersMB: MB(m.arrayBuffers) };
}

function heldSince(before: Held): Held {
  const now = held();
  return { heapMB: now.heapMB - before.heapMB, arrayBuffersMB: now.arrayBuffersMB - before.arrayBuffersMB };
}

/** The adapters' labelmap images, as far as this benchmark reads them. */
interface LabelmapImage {
  getPixelData(): ArrayLike<number>;
  voxelManager?: { getScalarData(): ArrayLike<number> };
}
interface AdaptersResult {
  labelMapImages: LabelmapImage[][];
  segMetadata: { data: Array<{ SegmentNumber?: number } | undefined> };
  overlappingSegments: boolean;
}

function adapterVoxelCounts(result: AdaptersResult): Map<number, number> {
  const counts = new Map<number, number>();
  for (const layer of result.labelMapImages) {
    for (const image of layer) {
      const px = image.voxelManager ? image.voxelManager.getScalarData() : image.getPixelData();
      for (let i = 0; i < px.length; i++) {
        const v = px[i];
        if (v) counts.set(v, (counts.get(v) ?? 0) + 1);
      }
    }
  }
  return counts;
}

function ourVoxelCounts(result: SegResult): Map<number, number> {
  // Count label values, then credit every segment a label stands for (overlapping segments share labels).
  const counts = new Map<number, number>();
  for (const layer of result.packed) {
    const perValue = new Float64Array(layer.members.length * layer.levels + 1);
    for (const slice of layer.slices) if (slice) for (let i = 0; i < slice.length; i++) perValue[slice[i]]++;
    for (let v = 1; v < perValue.length; v++) {
      if (!perValue[v]) continue;
      for (const n of layer.members[Math.floor((v - 1) / layer.levels)]) counts.set(n, (counts.get(n) ?? 0) + perValue[v]);
    }
  }
  return counts;
}

/** What the comparison needs of our result, so the result itself can be let go. */
function summarizeOurs(ours: SegResult) {
  return {
    counts: ourVoxelCounts(ours),
    summary: {
      layers: ours.packed.length,
      segmentsDrawn: ours.layers.segments.filter((s) => s.layer >= 0).length,
      problems: ours.layers.problems,
    },
    frames: ours.layers.placedFrames + ours.layers.unplacedFrames,
    labels: new Map(ours.segmentation.segments.map((s) => [s.segmentNumber, s.segmentLabel ?? ''])),
  };
}

/** Times `runs` decodes of fresh copies of `bytes`; each run's result is let go (and collected) before the next. */
async function timeRuns<T>(
  name: string,
  runs: number,
  bytes: ArrayBuffer,
  decode: (bytes: ArrayBuffer) => Promise<T>,
  before?: () => void,
): Promise<{ ms: number[]; last: { result?: T } }> {
  const ms: number[] = [];
  const last: { result?: T } = {};
  for (let r = 0; r < runs; r++) {
    delete last.result;
    before?.();
    collect();
    const copy = bytes.slice(0);
    const t0 = performance.now();
    last.result = await decode(copy);
    ms.push(performance.now() - t0);
    console.log(`  ${name} run ${r + 1}: ${ms[r].toFixed(0)} ms`);
  }
  if (last.result === undefined) throw new Error(`${name}: no runs`);
  return { ms, last };
}

/** Runs both paths in this process; ours first, so the peak RSS after it is ours alone. */
async function compareSegDecoders(dir: string, runs = 3, adapterRuns = 2): Promise<SegAdaptersResult> {
  const all = filesUnder(dir).filter((f) => f.endsWith('.dcm'));
  const segPath = all.find((f) => path.basename(f) === SEG_NAME);
  if (!segPath) throw new Error(`${dir}: no ${SEG_NAME}`);
  const { images, target } = readCtSeries(all.filter((f) => f !== segPath));
  const file = readFileSync(segPath);
  const segBytes = file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength) as ArrayBuffer;
  // Imported here, not at the top: `npm run bench` loads this module without paying for Cornerstone.
  const { metaData, cache } = await import('@cornerstonejs/core');
  const { adaptersSEG } = await import('@cornerstonejs/adapters');
  const modules = cornerstoneModules(images);
  metaData.addProvider((type: string, imageId: string) => modules.get(imageId)?.[type], 10_000);
  cache.setMaxCacheSize(8 * 1024 ** 3);
  const referencedImageIds = images.map((i) => i.imageId);

  const before = held();
  const baselineRssMB = MB(process.memoryUsage().rss);
  // The worker is handed its own copy of the bytes (the viewer transfers one); so is the adapter.
  const oursRun = await timeRuns('ours', runs, segBytes, (bytes) => decodeSeg(bytes, SEG_NAME, target));
  const oursHeld = heldSince(before);
  const peakRssAfterOursMB = peakRssMB();
  const oursInfo = summarizeOurs(oursRun.last.result as SegResult);
  delete oursRun.last.result; // our layers (~1 GB) are not in the way of the adapters' runs

  const theirsRun = await timeRuns(
    'adapters',
    adapterRuns,
    segBytes,
    async (bytes) =>
      (await adaptersSEG.Cornerstone3D.Segmentation.createFromDICOMSegBuffer(referencedImageIds, bytes, {
        metadataProvider: metaData,
      })) as AdaptersResult,
    () => cache.purgeCache(),
  );
  const adaptersHeld = heldSince(before);
  const peakRssAfterAdaptersMB = peakRssMB();
  const theirs = theirsRun.last.result as AdaptersResult;
  const theirCounts = adapterVoxelCounts(theirs);
  const segmentNumbers = [...oursInfo.labels.keys()];
  const compared = segmentNumbers.map((n) => ({
    segmentNumber: n,
    label: oursInfo.labels.get(n) ?? '',
    ours: oursInfo.counts.get(n) ?? 0,
    adapters: theirCounts.get(n) ?? 0,
  }));
  const pick = new Set([1, 2, 16, 52, segmentNumbers.length]);
  return {
    segMB: MB(segBytes.byteLength),
    frames: oursInfo.frames,
    ctSlices: images.length,
    ours: { ...timing(oursRun.ms), ...oursInfo.summary },
    adapters: {
      ...timing(theirsRun.ms),
      layers: theirs.labelMapImages.length,
      segmentsInMetadata: theirs.segMetadata.data.filter(Boolean).length,
      segmentsWithVoxels: [...theirCounts.values()].filter((v) => v > 0).length,
      overlappingSegments: theirs.overlappingSegments,
    },
    memory: { baselineRssMB, peakRssAfterOursMB, peakRssAfterAdaptersMB },
    held: { ours: oursHeld, adapters: adaptersHeld },
    checks: compared.filter((c) => pick.has(c.segmentNumber)),
    mismatches: compared.filter((c) => c.ours !== c.adapters),
  };
}

// ---------------------------------------------------------------------------------------------- child + report

/** Runs `compareSegDecoders` in a child Node with room for the adapters' memory and an exposed GC. */
export function runSegAdaptersBench(dir: string, runs = 3, adapterRuns = 2): Promise<SegAdaptersResult> {
  const args = ['--max-old-space-size=16000', '--expose-gc', '--import', 'tsx', thisFile];
  args.push('--child', dir, '--runs', String(runs), '--adapter-runs', String(adapterRuns));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] });
    let pending = '';
    let result: SegAdaptersResult | undefined;
    const take = (line: string): void => {
      if (line.startsWith(RESULT_MARK)) result = JSON.parse(line.slice(RESULT_MARK.length)) as SegAdaptersResult;
      else if (line.trim()) console.log(line);
    };
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      const lines = (pending + chunk).split('\n');
      pending = lines.pop() ?? '';
      lines.forEach(take);
    });
    child.on('error', reject);
    child.on('close', (code) => {
      take(pending);
      if (code !== 0 || !result) reject(new Error(`segAdapters child exited with ${code}`));
      else resolve(result);
    });
  });
}

export function printSegAdapters(r: SegAdaptersResult): void {
  const ms = (t: Timing): string => t.runsMs.map((v) => v.toFixed(0)).join(', ');
  const head = ['', 'our decode ms', 'adapters createFromDICOMSegBuffer ms', 'ratio'];
  const rows = [
    ['min', r.ours.minMs.toFixed(0), r.adapters.minMs.toFixed(0), `${(r.adapters.minMs / r.ours.minMs).toFixed(1)}x`],
    ['median', r.ours.medianMs.toFixed(0), r.adapters.medianMs.toFixed(0), `${(r.adapters.medianMs / r.ours.medianMs).toFixed(1)}x`],
  ];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i])).join('  ');
  console.log(`SEG ${r.segMB} MB, ${r.frames} frames, onto ${r.ctSlices} CT slices; Node ${process.version}, one process\n`);
  console.log(line(head));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) console.log(line(row));
  console.log(`\nruns: ours [${ms(r.ours)}] ms, adapters [${ms(r.adapters)}] ms`);
  console.log(
    `peak RSS: ${r.memory.baselineRssMB} MB before decoding, ${r.memory.peakRssAfterOursMB} MB after our runs, ` +
      `${r.memory.peakRssAfterAdaptersMB} MB after the adapters' runs`,
  );
  console.log(
    `held by one result (after GC): ours heap ${r.held.ours.heapMB} MB + buffers ${r.held.ours.arrayBuffersMB} MB; ` +
      `adapters heap ${r.held.adapters.heapMB} MB + buffers ${r.held.adapters.arrayBuffersMB} MB`,
  );
  console.log(
    `\nsanity: ours ${r.ours.layers} layers, ${r.ours.segmentsDrawn} segments drawn` +
      `${r.ours.problems.length ? `, problems: ${r.ours.problems.join(' | ')}` : ', no problems'}; adapters ` +
      `${r.adapters.layers} layers, ${r.adapters.segmentsInMetadata} segments in metadata, ` +
      `${r.adapters.segmentsWithVoxels} with voxels, overlappingSegments=${r.adapters.overlappingSegments}`,
  );
  for (const c of r.checks) {
    console.log(`  segment ${c.segmentNumber} (${c.label}): ours ${c.ours} voxels, adapters ${c.adapters} voxels`);
  }
  console.log(
    r.mismatches.length
      ? `  ${r.mismatches.length} segments differ in voxel count: ${r.mismatches.slice(0, 8).map((c) => `#${c.segmentNumber} ${c.ours} vs ${c.adapters}`).join(', ')}`
      : '  every segment has the same voxel count on both sides',
  );
  if (r.mismatches.length) {
    // Checked by hand on 5.14.0: compactMergeSegmentDataWithoutInformationLoss walks the longer sparse array with
    // forEach, so a segment merged into a layer loses every slice the layer has no data on.
    console.log('  (adapters: slices dropped when merging sparse segment data, cornerstonejs/cornerstone3D#2846)');
  }
}

function argValue(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

async function cli(): Promise<void> {
  const runs = Number(argValue('--runs', '3'));
  const adapterRuns = Number(argValue('--adapter-runs', '2'));
  if (process.argv.includes('--child')) {
    const result = await compareSegDecoders(argValue('--child', ''), runs, adapterRuns);
    console.log(RESULT_MARK + JSON.stringify(result));
    return;
  }
  const dir = ensureBigSegCase(process.argv.includes('--dir') ? path.resolve(argValue('--dir', '')) : undefined);
  console.log('\n## SEG decode: ours vs @cornerstonejs/adapters createFromDICOMSegBuffer (Node, same bytes)\n');
  printSegAdapters(await runSegAdaptersBench(dir, runs, adapterRuns));
}

if (process.argv[1] && path.resolve(process.argv[1]) === thisFile) {
  cli().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
