// Two annotations of one image (SEG vs SEG, SEG vs RTSTRUCT, RTSTRUCT vs RTSTRUCT) compared region by region on
// the reference grid. Regions are paired by label (case-insensitive), then by segmented property type among the
// rest, unless the caller gives the pairs.
import { sameCode } from '../dicom/codes/code';
import type { VolumeGrid } from '../dicom/geometry/volumeGrid';
import { annotationRegions, labelmapIndex, regionMask, type Annotation, type AnnotationRegion } from './annotations';
import { sameGrid } from '../dicom/geometry/volumeGrid';
import { embedBits, layoutWords, unionLayout } from './bitMask';
import { segmentBitMasks } from './segmentMasks';
import { compareBits, compareMasks, defaultWorkspace, type MaskComparison } from './compareMasks';
import type { Workspace } from './distanceTransform';

/** An explicit pairing: reference region number (SegmentNumber / ROINumber) with a test region number. */
export interface RegionPair {
  reference: number;
  test: number;
}

export interface PairResult {
  reference: AnnotationRegion | null;
  test: AnnotationRegion | null;
  matchedBy: 'label' | 'type' | 'explicit' | null;
  /** null when the pair could not be compared at all (see reason) */
  metrics: MaskComparison | null;
  /** why numbers are missing, in words (also set when metrics has a reason of its own); null when complete */
  reason: string | null;
}

export interface AnnotationComparison {
  reference: Annotation;
  test: Annotation;
  grid: VolumeGrid;
  pairs: PairResult[];
  /** problems of the annotations and the grid that may affect the numbers */
  problems: string[];
}

const key = (label: string): string => label.trim().toLowerCase();

/** Pairs by label, then by type code; regions left over come last, unpaired. */
function matchRegions(reference: AnnotationRegion[], test: AnnotationRegion[], explicit?: readonly RegionPair[]): Array<Pick<PairResult, 'reference' | 'test' | 'matchedBy'>> {
  const out: Array<Pick<PairResult, 'reference' | 'test' | 'matchedBy'>> = [];
  if (explicit) {
    for (const p of explicit) {
      out.push({
        reference: reference.find((r) => r.number === p.reference) ?? { number: p.reference, label: `#${p.reference} (not in the reference)`, type: null },
        test: test.find((r) => r.number === p.test) ?? { number: p.test, label: `#${p.test} (not in the test)`, type: null },
        matchedBy: 'explicit',
      });
    }
    return out;
  }
  const freeTest = new Set(test);
  const paired = new Map<AnnotationRegion, AnnotationRegion>();
  for (const r of reference) {
    const t = test.find((c) => freeTest.has(c) && key(c.label) === key(r.label));
    if (t) {
      paired.set(r, t);
      freeTest.delete(t);
    }
  }
  const byType = new Set<AnnotationRegion>();
  for (const r of reference) {
    if (paired.has(r) || !r.type) continue;
    const t = test.find((c) => freeTest.has(c) && sameCode(c.type, r.type));
    if (t) {
      paired.set(r, t);
      byType.add(r);
      freeTest.delete(t);
    }
  }
  for (const r of reference) {
    const t = paired.get(r);
    out.push({ reference: r, test: t ?? null, matchedBy: t ? (byType.has(r) ? 'type' : 'label') : null });
  }
  for (const t of test) if (freeTest.has(t)) out.push({ reference: null, test: t, matchedBy: null });
  return out;
}

export interface CompareOptions {
  pairs?: readonly RegionPair[];
  ws?: Workspace;
  /** called after each pair (progress in a worker) */
  onPair?: (done: number, total: number) => void;
}

/** Compare `test` with `reference` on `grid` (normally the reference's own grid or the image grid). */
export function compareAnnotations(reference: Annotation, test: Annotation, grid: VolumeGrid, opts: CompareOptions = {}): AnnotationComparison {
  const problems = [...reference.problems.map((p) => `reference: ${p}`), ...test.problems.map((p) => `test: ${p}`)];
  if (grid.warning) problems.push(`grid: ${grid.warning}`);
  const otherFrame =
    reference.frameOfReferenceUID && test.frameOfReferenceUID && reference.frameOfReferenceUID !== test.frameOfReferenceUID
      ? `the annotations are on different frames of reference (${reference.frameOfReferenceUID}, ${test.frameOfReferenceUID})`
      : null;
  if (otherFrame) problems.push(otherFrame);
  const matched = matchRegions(annotationRegions(reference), annotationRegions(test), opts.pairs);
  // SEGs already on this grid: all their segments packed in one pass over each labelmap, up front
  const packed =
    !otherFrame && reference.kind === 'SEG' && test.kind === 'SEG' && sameGrid(reference.grid, grid) && sameGrid(test.grid, grid)
      ? {
          reference: segmentBitMasks(reference.labelmap, labelmapIndex(reference.labelmap), matched.flatMap((m) => (m.reference && m.test ? [m.reference.number] : []))),
          test: segmentBitMasks(test.labelmap, labelmapIndex(test.labelmap), matched.flatMap((m) => (m.reference && m.test ? [m.test.number] : []))),
        }
      : null;
  const pairs: PairResult[] = matched.map((m, i) => {
    let result: PairResult;
    if (!m.reference || !m.test) result = { ...m, metrics: null, reason: m.reference ? 'no matching region in the test' : 'no matching region in the reference' };
    else if (otherFrame) result = { ...m, metrics: null, reason: otherFrame };
    else if (packed) {
      // both already on this grid: packed masks copied into the scratch memory over their union layout
      const ws = opts.ws ?? defaultWorkspace;
      const a = packed.reference.get(m.reference.number) ?? null;
      const b = packed.test.get(m.test.number) ?? null;
      const layout = unionLayout(a && a.layout, b && b.layout);
      const size = layout ? layoutWords(layout) : 0;
      const wa = ws.uint32(0, size);
      const wb = ws.uint32(1, size);
      if (layout) {
        if (a) embedBits(a, layout, wa);
        else wa.fill(0);
        if (b) embedBits(b, layout, wb);
        else wb.fill(0);
      }
      const metrics = compareBits(grid, layout, wa, wb, { ws });
      result = { ...m, metrics, reason: metrics.reason };
    } else {
      const r = regionMask(reference, m.reference.number, grid);
      const t = regionMask(test, m.test.number, grid);
      const metrics = compareMasks(grid, r.mask, t.mask, { ws: opts.ws });
      const why = [...r.problems.map((p) => `reference: ${p}`), ...t.problems.map((p) => `test: ${p}`)];
      if (metrics.reason) why.unshift(metrics.reason);
      result = { ...m, metrics, reason: why.length ? why.join('; ') : null };
    }
    opts.onPair?.(i + 1, matched.length);
    return result;
  });
  return { reference, test, grid, pairs, problems };
}
