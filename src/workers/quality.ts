// The decode worker's quality work: statistics per segment / ROI, comparison of two annotations, the agreement
// labelmap of one pair, and the SR cross-check, all on the displayed series' grid with src/analysis. Thin: it
// finds the objects by key (SEG bytes held by the worker, structure sets and image values sent once by the
// page), calls analysis/ and sends plain results (and CSV / JSON text for the exports) back.
import { readPart10Async } from '../dicom/part10';
import { parseSegmentation } from '../dicom/seg/parse';
import { segmentationPixels, type FrameDecoder } from '../dicom/seg/pixels';
import type { StructureSet } from '../dicom/rtstruct/model';
import type { Code } from '../dicom/codes/code';
import { volumeGrid, type VolumeGrid } from '../dicom/geometry/volumeGrid';
import type { ImageVolume } from '../dicom/image/imageVolume';
import type { PackedLayer } from '../dicom/seg/packLayers';
import { annotationRegions, regionMask, rtstructAnnotation, segAnnotation, type Annotation, type SegAnnotation } from '../analysis/annotations';
import { compareAnnotations, type AnnotationComparison, type PairResult } from '../analysis/compareAnnotations';
import { regionStatistics } from '../analysis/statistics';
import { comparisonCsv, comparisonJson, statisticsCsv, statisticsJson, type RegionStatisticsRow } from '../analysis/export';
import { crossCheckReport } from '../analysis/crossCheck';
import { surfaceOf } from './surfaces';
import type { Box, BoxMask } from '../analysis/mask';
import type { AgreementResult, AnnotationRef, ComparisonResult, ImageValuesRef, QualityRequest, QualityResponse, QualityTarget, StatisticsResult } from './qualityProtocol';

export interface QualityDeps {
  /** the SEG bytes the worker holds, by SOP Instance UID */
  segBytes: (key: string) => Uint8Array | undefined;
  decoder?: FrameDecoder;
}

/** Thrown when the page must send something the worker does not hold. */
class Missing extends Error {
  constructor(
    readonly structureSets: string[],
    readonly image: boolean,
  ) {
    super(`not held by the worker: ${[...structureSets, ...(image ? ['image values'] : [])].join(', ')}`);
  }
}

const HU: Code = { code: "[hnsf'U]", scheme: 'UCUM', meaning: 'Hounsfield unit' };

/** Decoded annotations on a series' grid, the most recent few (a big SEG's labels are a volume or more). */
const annotations = new Map<string, Promise<Annotation>>();
const ANNOTATIONS_KEPT = 4;
const structureSets = new Map<string, StructureSet>();
/** Image values of the last series sent (one volume of floats). */
let image: ImageVolume | null = null;
const grids = new Map<string, VolumeGrid>();

function gridOf(target: QualityTarget): VolumeGrid {
  let g = grids.get(target.seriesInstanceUID);
  if (!g || g.slices !== target.planes.length) {
    const made = volumeGrid(target.planes, target.frameOfReferenceUID);
    if (!made.grid) throw new Error(`the shown series has no single voxel grid: ${made.problem}`);
    g = made.grid;
    grids.set(target.seriesInstanceUID, g);
  }
  return g;
}

function remember(key: string, p: Promise<Annotation>): void {
  annotations.delete(key);
  annotations.set(key, p);
  p.catch(() => annotations.delete(key));
  while (annotations.size > ANNOTATIONS_KEPT) annotations.delete(annotations.keys().next().value as string);
}

async function decodeSegAnnotation(ref: AnnotationRef, target: QualityTarget, deps: QualityDeps): Promise<SegAnnotation> {
  const bytes = deps.segBytes(ref.key);
  if (!bytes) throw new Error(`${ref.name} is no longer held by the decoder: show its series again to reload it`);
  const p10 = await readPart10Async(bytes, ref.name);
  const seg = parseSegmentation(p10, ref.name);
  return segAnnotation(seg, segmentationPixels(p10, seg, deps.decoder), target.planes, target.frameOfReferenceUID);
}

/** The annotations named, decoded onto the target grid (or Missing for structure sets the page must send). */
async function annotationsOf(refs: AnnotationRef[], target: QualityTarget, deps: QualityDeps): Promise<Annotation[]> {
  for (const r of refs) if (r.kind === 'RTSTRUCT' && r.set) structureSets.set(r.key, r.set);
  const lacking = refs.filter((r) => r.kind === 'RTSTRUCT' && !structureSets.has(r.key)).map((r) => r.key);
  if (lacking.length) throw new Missing(lacking, false);
  return Promise.all(
    refs.map((r) => {
      const key = `${r.kind}:${r.key}@${target.seriesInstanceUID}`;
      let p = annotations.get(key);
      if (!p) {
        const set = r.kind === 'RTSTRUCT' ? structureSets.get(r.key) : undefined;
        p = set ? Promise.resolve(rtstructAnnotation(set, r.name)) : decodeSegAnnotation(r, target, deps);
        remember(key, p);
      } else remember(key, p);
      return p;
    }),
  );
}

/** The image values as an ImageVolume on the target grid; null when none were asked for; Missing when not held. */
function imageOf(ref: ImageValuesRef | null, target: QualityTarget): ImageVolume | null {
  if (!ref) return null;
  const grid = gridOf(target);
  if (ref.values) {
    const size = grid.rows * grid.columns;
    if (ref.values.length !== size * grid.slices) throw new Error(`image values: ${ref.values.length} values for ${grid.slices} slices of ${grid.rows}x${grid.columns}`);
    const values = ref.values;
    image = {
      seriesInstanceUID: ref.seriesInstanceUID,
      modality: ref.modality,
      grid,
      slices: Array.from({ length: grid.slices }, (_s, k) => values.subarray(k * size, (k + 1) * size)),
      // the page sends modality values: stored x slope + intercept already applied
      realWorld: Array.from({ length: grid.slices }, () => ({ slope: 1, intercept: 0 })),
      unit: ref.modality === 'CT' ? HU : null,
      sopInstanceUIDs: target.planes.map((p) => p.sopInstanceUID),
      problems: [],
    };
  }
  if (!image || image.seriesInstanceUID !== ref.seriesInstanceUID) throw new Missing([], true);
  return image;
}

function statistics(a: Annotation, grid: VolumeGrid, img: ImageVolume | null, seriesUID: string): StatisticsResult {
  const rows: RegionStatisticsRow[] = [];
  const problems: string[][] = [];
  for (const region of annotationRegions(a)) {
    const m = regionMask(a, region.number, grid);
    rows.push({ annotation: a, number: region.number, label: region.label, statistics: regionStatistics(grid, m.mask, img), imageSeriesInstanceUID: img ? seriesUID : null });
    problems.push(m.problems);
  }
  return {
    rows: rows.map((r, i) => ({ number: r.number, label: r.label, statistics: r.statistics, problems: problems[i] })),
    csv: statisticsCsv(rows),
    json: JSON.stringify(statisticsJson(rows), null, 1),
    imageNote: img ? null : 'image values not loaded',
  };
}

/** With explicit pairs, the regions left out are still listed (unpaired), as with automatic pairing. */
function withUnpaired(c: AnnotationComparison): PairResult[] {
  const pairs = [...c.pairs];
  const usedRef = new Set(pairs.map((p) => p.reference?.number));
  const usedTest = new Set(pairs.map((p) => p.test?.number));
  for (const r of annotationRegions(c.reference)) if (!usedRef.has(r.number)) pairs.push({ reference: r, test: null, matchedBy: null, metrics: null, reason: 'not paired with a region of the test' });
  for (const t of annotationRegions(c.test)) if (!usedTest.has(t.number)) pairs.push({ reference: null, test: t, matchedBy: null, metrics: null, reason: 'not paired with a region of the reference' });
  return pairs;
}

function agreement(reference: Annotation, test: Annotation, grid: VolumeGrid, pair: { reference: number; test: number }): AgreementResult {
  const r = regionMask(reference, pair.reference, grid).mask;
  const t = regionMask(test, pair.test, grid).mask;
  const sliceSize = grid.rows * grid.columns;
  const slices: Array<Uint8Array | null> = new Array<Uint8Array | null>(grid.slices).fill(null);
  const counts: [number, number, number] = [0, 0, 0];
  // Voxel by voxel over the box of both masks (one pair, once per click: no need for the packed path here).
  const inside = (m: BoxMask, x: number, y: number, z: number): boolean => {
    const b = m.box;
    if (!b) return false;
    const dx = x - b.x0;
    const dy = y - b.y0;
    const dz = z - b.z0;
    return dx >= 0 && dy >= 0 && dz >= 0 && dx < b.nx && dy < b.ny && dz < b.nz && m.data[(dz * b.ny + dy) * b.nx + dx] !== 0;
  };
  const boxes = [r.box, t.box].filter((b): b is Box => b !== null);
  if (boxes.length) {
    const [x0, y0, z0] = [Math.min(...boxes.map((b) => b.x0)), Math.min(...boxes.map((b) => b.y0)), Math.min(...boxes.map((b) => b.z0))];
    const [x1, y1, z1] = [Math.max(...boxes.map((b) => b.x0 + b.nx)), Math.max(...boxes.map((b) => b.y0 + b.ny)), Math.max(...boxes.map((b) => b.z0 + b.nz))];
    for (let z = z0; z < z1; z++) {
      let out: Uint8Array | null = null;
      for (let y = y0; y < y1; y++) {
        for (let x = x0; x < x1; x++) {
          const a = inside(r, x, y, z);
          const b = inside(t, x, y, z);
          const v = a ? (b ? 1 : 2) : b ? 3 : 0;
          if (!v) continue;
          out ??= new Uint8Array(sliceSize);
          out[y * grid.columns + x] = v;
          counts[v - 1]++;
        }
      }
      slices[z] = out;
    }
  }
  const layer: PackedLayer = { segmentNumbers: [1, 2, 3], members: [[1], [2], [3]], levels: 1, slices, sliceSize };
  return { layer, counts };
}

/** Answers one quality request; `transfer`: the buffers to move with it. */
export async function handleQuality(req: QualityRequest, deps: QualityDeps): Promise<{ msg: QualityResponse; transfer: ArrayBuffer[] }> {
  const t0 = performance.now();
  const ms = (): number => performance.now() - t0;
  try {
    const grid = gridOf(req.target);
    if (req.kind === 'q-stats') {
      const img = imageOf(req.image, req.target);
      const [a] = await annotationsOf([req.annotation], req.target, deps);
      return { msg: { id: req.id, ok: true, kind: 'q-stats', result: statistics(a, grid, img, req.target.seriesInstanceUID), ms: ms() }, transfer: [] };
    }
    if (req.kind === 'q-compare') {
      const [reference, test] = await annotationsOf([req.reference, req.test], req.target, deps);
      const tAnnotations = ms();
      const c = compareAnnotations(reference, test, grid, { pairs: req.pairs });
      const tCompare = ms() - tAnnotations;
      const pairs = req.pairs ? withUnpaired(c) : c.pairs;
      const all = { ...c, pairs };
      const result: ComparisonResult = {
        pairs,
        problems: c.problems,
        referenceRegions: annotationRegions(reference),
        testRegions: annotationRegions(test),
        csv: comparisonCsv(all),
        json: JSON.stringify(comparisonJson(all), null, 1),
        timings: { annotations: tAnnotations, compare: tCompare },
      };
      return { msg: { id: req.id, ok: true, kind: 'q-compare', result, ms: ms() }, transfer: [] };
    }
    if (req.kind === 'q-agreement') {
      const [reference, test] = await annotationsOf([req.reference, req.test], req.target, deps);
      const result = agreement(reference, test, grid, req.pair);
      const transfer = result.layer.slices.filter((s): s is Uint8Array => s !== null).map((s) => s.buffer as ArrayBuffer);
      return { msg: { id: req.id, ok: true, kind: 'q-agreement', result, ms: ms() }, transfer };
    }
    if (req.kind === 'q-surface') {
      const [a] = await annotationsOf([req.annotation], req.target, deps);
      const result = surfaceOf(regionMask(a, req.region, grid), req.region, grid, req.share);
      return { msg: { id: req.id, ok: true, kind: 'q-surface', result, ms: ms() }, transfer: [result.positions.buffer, result.normals.buffer, result.cells.buffer] as ArrayBuffer[] };
    }
    const img = imageOf(req.image, req.target);
    const segs = (await annotationsOf(req.segs, req.target, deps)).filter((a): a is SegAnnotation => a.kind === 'SEG');
    return { msg: { id: req.id, ok: true, kind: 'q-crosscheck', result: crossCheckReport(req.report, segs, img), ms: ms() }, transfer: [] };
  } catch (e) {
    const object = req.kind === 'q-stats' || req.kind === 'q-surface' ? req.annotation.name : req.kind === 'q-crosscheck' ? 'SR cross-check' : `${req.reference.name} vs ${req.test.name}`;
    const error = { object, message: e instanceof Error ? e.message : String(e), name: e instanceof Error ? e.name : 'Error' };
    if (e instanceof Missing) return { msg: { id: req.id, ok: false, kind: 'q-missing', structureSets: e.structureSets, image: e.image, error }, transfer: [] };
    return { msg: { id: req.id, ok: false, kind: 'q-error', error }, transfer: [] };
  }
}
