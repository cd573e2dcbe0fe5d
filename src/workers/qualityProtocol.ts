// The messages of the quality work (statistics, comparison, agreement overlay, SR cross-check) between the page
// and the decode worker. protocol.ts adds these to its unions; the page and the worker import them from there.
// Objects are named by key: a SEG by its SOP Instance UID (the worker holds its bytes), an RTSTRUCT by its SOP
// Instance UID (the page sends the decoded set when the worker does not hold it), the image values by series.
import type { ImagePlane } from '../dicom/geometry/plane';
import type { StructureSet } from '../dicom/rtstruct/model';
import type { MeasurementReport } from '../dicom/sr/model';
import type { AnnotationRegion } from '../analysis/annotations';
import type { PairResult, RegionPair } from '../analysis/compareAnnotations';
import type { RegionStatistics } from '../analysis/statistics';
import type { CrossCheckRow } from '../analysis/crossCheck';
import type { PackedLayer } from '../dicom/seg/packLayers';

// The analysis results these messages carry, re-exported for the page: app/ reaches analysis/ only through this
// protocol, by type (ARCHITECTURE.md: workers -> analysis, app -> workers/protocol types).
export type { PairResult, RegionPair, CrossCheckRow };
export type { MaskComparison } from '../analysis/compareMasks';

export type AnnotationRef =
  | { kind: 'SEG'; key: string; name: string }
  /** `set`: sent when the worker answered that it does not hold this structure set */
  | { kind: 'RTSTRUCT'; key: string; name: string; set?: StructureSet };

/** The displayed series: its grid is where everything is computed. */
export interface QualityTarget {
  seriesInstanceUID: string;
  frameOfReferenceUID: string | null;
  planes: ImagePlane[];
}

/**
 * Modality values (stored x slope + intercept) of the displayed series, slice after slice in the planes' order;
 * `values` is sent (transferred) only when the worker does not hold them yet.
 */
export interface ImageValuesRef {
  seriesInstanceUID: string;
  modality: string | null;
  values?: Float32Array;
}

export interface StatisticsRow {
  number: number;
  label: string;
  statistics: RegionStatistics;
  problems: string[];
}

export interface StatisticsResult {
  rows: StatisticsRow[];
  csv: string;
  json: string;
  /** why there are no image values, when there are none for any region */
  imageNote: string | null;
}

export interface ComparisonResult {
  pairs: PairResult[];
  problems: string[];
  referenceRegions: AnnotationRegion[];
  testRegions: AnnotationRegion[];
  csv: string;
  json: string;
  /** the worker's time (ms): getting both annotations on the grid (decoded again unless held), and comparing */
  timings: { annotations: number; compare: number };
}

/** Agreement of one pair as a labelmap layer on the target grid: 1 both, 2 reference only, 3 test only. */
export interface AgreementResult {
  layer: PackedLayer;
  /** voxels with label 1, 2, 3 */
  counts: [number, number, number];
}

/**
 * One region's surface for the 3D view (analysis/surfaceMesh.ts), in patient coordinates (LPS, mm); the buffers
 * are transferred.
 */
export interface SurfaceResult {
  number: number;
  /** x, y, z per vertex */
  positions: Float32Array;
  /** unit outward normal per vertex */
  normals: Float32Array;
  /** 3, a, b, c per triangle (the cell layout vtk.js and VTK files use), counter-clockwise from outside */
  cells: Uint32Array;
  /** voxels per block the surface was computed on, [1, 1, 1] at full resolution */
  block: [number, number, number];
  /** why there is no surface (no voxels on this grid, a POINT ROI, another frame of reference), in words */
  problems: string[];
}

export type QualityRequest =
  | { id: number; kind: 'q-stats'; annotation: AnnotationRef; target: QualityTarget; image: ImageValuesRef | null }
  | { id: number; kind: 'q-compare'; reference: AnnotationRef; test: AnnotationRef; target: QualityTarget; pairs?: RegionPair[] }
  | { id: number; kind: 'q-agreement'; reference: AnnotationRef; test: AnnotationRef; target: QualityTarget; pair: RegionPair }
  | { id: number; kind: 'q-crosscheck'; report: MeasurementReport; segs: AnnotationRef[]; target: QualityTarget; image: ImageValuesRef | null }
  /**
   * The surface of one segment / ROI. `share`: the surfaces the 3D view still needs (this one included) and the
   * triangles of those it has: this one gets its share of what is left of the triangle budget
   * (analysis/surfaceMesh.ts triangleBudget; voxels taken in blocks when a surface is bigger).
   */
  | { id: number; kind: 'q-surface'; annotation: AnnotationRef; target: QualityTarget; region: number; share: { remaining: number; spent: number } };

export type QualityFailure = { object: string; message: string; name: string };

export type QualityResponse =
  | { id: number; ok: true; kind: 'q-stats'; result: StatisticsResult; ms: number }
  | { id: number; ok: true; kind: 'q-compare'; result: ComparisonResult; ms: number }
  | { id: number; ok: true; kind: 'q-agreement'; result: AgreementResult; ms: number }
  | { id: number; ok: true; kind: 'q-crosscheck'; result: CrossCheckRow[]; ms: number }
  | { id: number; ok: true; kind: 'q-surface'; result: SurfaceResult; ms: number }
  /** The worker does not hold these: send them along and ask again. */
  | { id: number; ok: false; kind: 'q-missing'; structureSets: string[]; image: boolean; error: QualityFailure; code?: never }
  | { id: number; ok: false; kind: 'q-error'; error: QualityFailure; code?: never };
