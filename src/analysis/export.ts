// Comparisons and statistics as CSV (RFC 4180) and JSON, with what a methods section needs: the files and
// UIDs compared, the grid, the metric definitions in words and the viewer's version.
import { version as VIEWER_VERSION } from '../../package.json';
import type { Annotation } from './annotations';
import type { AnnotationComparison } from './compareAnnotations';
import type { RegionStatistics } from './statistics';

export { VIEWER_VERSION };

export const METRIC_DEFINITIONS = [
  'All metrics are computed on the voxel grid of the reference (the image series when one is given, else the reference SEG).',
  'A test SEG on another grid is resampled onto it by nearest neighbour: a reference voxel is in the test segment when the test voxel whose centre is nearest to its centre (through patient coordinates) is.',
  'An RTSTRUCT ROI is rasterised on the grid: a voxel is inside when its centre is inside the ROI\'s closed planar contours on its slice, even-odd rule (holes).',
  'Segments are paired by label (case-insensitive), then by segmented property type, unless pairs are given.',
  'Dice = 2|A∩B| / (|A| + |B|); Jaccard = |A∩B| / |A∪B| (A reference, B test).',
  'Volume = voxel count x voxel volume of the reference grid (column spacing x row spacing x slice step), in mL; volume difference = (test - reference) / reference x 100 %.',
  'Surface = voxels of a mask with at least one of their 6 face neighbours outside it (the grid edge counts as outside).',
  'Directed distances: from each surface voxel centre of one mask to the nearest surface voxel centre of the other, in mm with the grid spacing per axis (exact Euclidean distance transform).',
  'Hausdorff distance = maximum of both directed maxima; HD95 = maximum of both directed 95th percentiles (linear interpolation between closest ranks); mean surface distance = sum of both directed distance sets / number of surface voxels of both masks.',
  'Image statistics: real-world values (CT: HU from RescaleSlope/Intercept; PT: stated Units; Parametric Map: Real World Value Mapping) at the voxels of the region; SD with n - 1.',
].join('\n');

const PLAIN_NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/**
 * One CSV field: numbers as they are; text that a spreadsheet would run as a formula (starting with = + - @,
 * tab or CR) gets a leading ' unless it is a plain number; quoted when it holds a comma, quote, LF or CR.
 */
export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  let s = String(value);
  if (/^[=+\-@\t\r]/.test(s) && !PLAIN_NUMBER.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvTable(rows: ReadonlyArray<ReadonlyArray<string | number | boolean | null | undefined>>): string {
  return rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

function ids(a: Annotation) {
  return { file: a.name, kind: a.kind, sopInstanceUID: a.sopInstanceUID, seriesInstanceUID: a.seriesInstanceUID, frameOfReferenceUID: a.frameOfReferenceUID };
}

/** Everything about a comparison, for a JSON file next to the CSV. */
export function comparisonJson(c: AnnotationComparison) {
  return {
    viewer: { name: 'IDC annotation viewer', version: VIEWER_VERSION },
    reference: ids(c.reference),
    test: ids(c.test),
    grid: { frameOfReferenceUID: c.grid.frameOfReferenceUID, columns: c.grid.columns, rows: c.grid.rows, slices: c.grid.slices, spacingMm: c.grid.spacing, warning: c.grid.warning },
    definitions: METRIC_DEFINITIONS,
    problems: c.problems,
    pairs: c.pairs.map((p) => ({
      reference: p.reference && { number: p.reference.number, label: p.reference.label },
      test: p.test && { number: p.test.number, label: p.test.label },
      matchedBy: p.matchedBy,
      ...(p.metrics ?? {}),
      reason: p.reason,
    })),
  };
}

const COMPARISON_COLUMNS = [
  'reference_file', 'reference_sop_instance_uid', 'test_file', 'test_sop_instance_uid', 'frame_of_reference_uid',
  'reference_number', 'reference_label', 'test_number', 'test_label', 'matched_by',
  'dice', 'jaccard', 'reference_voxels', 'test_voxels', 'reference_volume_ml', 'test_volume_ml', 'volume_difference_percent',
  'hausdorff_mm', 'hausdorff95_mm', 'mean_surface_distance_mm', 'worst_slice', 'reason', 'viewer_version',
];

/** One line per pair (metric definitions: METRIC_DEFINITIONS, or the JSON export). */
export function comparisonCsv(c: AnnotationComparison): string {
  const rows = c.pairs.map((p) => {
    const m = p.metrics;
    return [
      c.reference.name, c.reference.sopInstanceUID, c.test.name, c.test.sopInstanceUID, c.grid.frameOfReferenceUID,
      p.reference?.number, p.reference?.label, p.test?.number, p.test?.label, p.matchedBy,
      m?.dice, m?.jaccard, m?.referenceVoxels, m?.testVoxels, m?.referenceVolumeMl, m?.testVolumeMl, m?.volumeDifferencePercent,
      m?.hausdorffMm, m?.hausdorff95Mm, m?.meanSurfaceDistanceMm, m?.worstSlice, p.reason, VIEWER_VERSION,
    ];
  });
  return csvTable([COMPARISON_COLUMNS, ...rows]);
}

export interface RegionStatisticsRow {
  annotation: Annotation;
  number: number;
  label: string;
  statistics: RegionStatistics;
  /** the image series the values come from, if any */
  imageSeriesInstanceUID?: string | null;
}

const STATISTICS_COLUMNS = [
  'file', 'sop_instance_uid', 'number', 'label', 'voxels', 'volume_ml', 'first_slice', 'last_slice',
  'bbox_min_x_mm', 'bbox_min_y_mm', 'bbox_min_z_mm', 'bbox_max_x_mm', 'bbox_max_y_mm', 'bbox_max_z_mm',
  'centroid_x_mm', 'centroid_y_mm', 'centroid_z_mm', 'mean', 'sd', 'min', 'max', 'median', 'unit',
  'image_series_instance_uid', 'values_reason', 'viewer_version',
];

export function statisticsCsv(rows: readonly RegionStatisticsRow[]): string {
  return csvTable([
    STATISTICS_COLUMNS,
    ...rows.map(({ annotation: a, number, label, statistics: s, imageSeriesInstanceUID }) => [
      a.name, a.sopInstanceUID, number, label, s.voxels, s.volumeMl, s.sliceRange?.[0], s.sliceRange?.[1],
      ...(s.boundingBoxMm ? [...s.boundingBoxMm.min, ...s.boundingBoxMm.max] : new Array<null>(6).fill(null)),
      ...(s.centroidMm ?? [null, null, null]),
      s.values?.mean, s.values?.standardDeviation, s.values?.minimum, s.values?.maximum, s.values?.median, s.values?.unit?.code,
      imageSeriesInstanceUID ?? null, s.valuesReason, VIEWER_VERSION,
    ]),
  ]);
}

export function statisticsJson(rows: readonly RegionStatisticsRow[]) {
  return {
    viewer: { name: 'IDC annotation viewer', version: VIEWER_VERSION },
    definitions: METRIC_DEFINITIONS,
    regions: rows.map((r) => ({ ...ids(r.annotation), number: r.number, label: r.label, imageSeriesInstanceUID: r.imageSeriesInstanceUID ?? null, ...r.statistics })),
  };
}
