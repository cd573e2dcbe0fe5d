// TID 1500 measurements of a segment, recomputed: volume from the SEG (voxels x voxel volume), image statistics
// (mean, SD, minimum, maximum, median) from the image values inside it (statistics.ts states the conventions).
// Flagged when they differ by more than 1% (volume) or 1 unit (image values). What cannot be checked says why.
import { sameCode, type Code } from '../dicom/codes/code';
import type { VolumeGrid } from '../dicom/geometry/volumeGrid';
import type { ImageVolume } from '../dicom/image/imageVolume';
import type { Measurement, MeasurementReport } from '../dicom/sr/model';
import { regionMask, type SegAnnotation } from './annotations';
import { regionStatistics, type ImageValueStatistics, type RegionStatistics } from './statistics';

export type CheckedQuantity = 'volume' | 'mean' | 'standardDeviation' | 'minimum' | 'maximum' | 'median';

export interface CrossCheckRow {
  trackingIdentifier: string | null;
  trackingUID: string | null;
  referencedSegment: { sopInstanceUID: string | null; segmentNumber: number | null } | null;
  /** the measurement's concept and derivation, as written */
  concept: Code | null;
  derivation: Code | null;
  quantity: CheckedQuantity | null;
  reported: number | null;
  unit: Code | null;
  /** in the reported unit; null when not checked (see reason) */
  recomputed: number | null;
  /** recomputed - reported, in the reported unit */
  difference: number | null;
  /** "1%" for volumes, "1 unit" for image values */
  tolerance: string | null;
  flagged: boolean;
  /** why it was not checked, in words; null when checked */
  reason: string | null;
}

const code = (scheme: string, value: string): Code => ({ code: value, scheme, meaning: '' });
const VOLUME = [code('SCT', '118565006'), code('SRT', 'G-D705')];
/** Derivations (CID 3488 / 7464), SNOMED CT and their SNOMED RT codes, else recognised by meaning. */
const DERIVATIONS: Array<{ quantity: Exclude<CheckedQuantity, 'volume'>; codes: Code[]; meaning: RegExp }> = [
  { quantity: 'mean', codes: [code('SCT', '373098007'), code('SRT', 'R-00317')], meaning: /^mean$/i },
  { quantity: 'standardDeviation', codes: [code('SCT', '386136009'), code('SRT', 'R-10047')], meaning: /^standard deviation$/i },
  { quantity: 'minimum', codes: [code('SCT', '255605001'), code('SRT', 'R-404FB')], meaning: /^minimum$/i },
  { quantity: 'maximum', codes: [code('SCT', '56851009'), code('SRT', 'G-A437')], meaning: /^maximum$/i },
  { quantity: 'median', codes: [], meaning: /^median$/i },
];
/** UCUM volume units -> mm³ */
const VOLUME_UNITS: Record<string, number> = { mm3: 1, cm3: 1000, mL: 1000, ml: 1000, dm3: 1e6, L: 1e6, l: 1e6 };

function quantityOf(m: Measurement): CheckedQuantity | null {
  if (!m.derivation && (VOLUME.some((c) => sameCode(m.concept, c)) || /^volume$/i.test(m.concept?.meaning ?? ''))) return 'volume';
  if (!m.derivation) return null;
  const d = m.derivation;
  return DERIVATIONS.find((x) => x.codes.some((c) => sameCode(d, c)) || x.meaning.test(d.meaning))?.quantity ?? null;
}

function check(m: Measurement, stats: RegionStatistics | null, statsReason: string | null, image: ImageVolume | null): Partial<CrossCheckRow> {
  const quantity = quantityOf(m);
  if (m.value === null) return { quantity, reason: 'no numeric value reported' };
  if (!quantity) return { reason: m.derivation ? `derivation "${m.derivation.meaning}" not recognised` : `"${m.concept?.meaning ?? '?'}" is neither a volume nor a derived image value` };
  if (!stats) return { quantity, reason: statsReason };
  if (quantity === 'volume') {
    const factor = m.unit && m.unit.scheme === 'UCUM' ? VOLUME_UNITS[m.unit.code] : undefined;
    if (factor === undefined) return { quantity, tolerance: '1%', reason: `volume unit unknown (${m.unit?.code ?? 'none'})` };
    const recomputed = (stats.volumeMl * 1000) / factor;
    const difference = recomputed - m.value;
    return { quantity, recomputed, difference, tolerance: '1%', flagged: Math.abs(difference) > 0.01 * Math.abs(m.value), reason: null };
  }
  if (!image) return { quantity, tolerance: '1 unit', reason: 'image not loaded' };
  if (!stats.values) return { quantity, tolerance: '1 unit', reason: stats.valuesReason };
  if (!m.unit) return { quantity, tolerance: '1 unit', reason: 'unit unknown (the measurement has none)' };
  if (!image.unit) return { quantity, tolerance: '1 unit', reason: `unit unknown (the ${image.modality ?? ''} image states no unit for its values)` };
  if (m.unit.code !== image.unit.code) return { quantity, tolerance: '1 unit', reason: `reported in ${m.unit.code}, image values in ${image.unit.code}` };
  const values: ImageValueStatistics = stats.values;
  const recomputed = { mean: values.mean, standardDeviation: values.standardDeviation, minimum: values.minimum, maximum: values.maximum, median: values.median }[quantity];
  const difference = recomputed - m.value;
  return { quantity, recomputed, difference, tolerance: '1 unit', flagged: Math.abs(difference) > 1, reason: null };
}

/**
 * Cross-check the measurements of `report` against `segs` (the SEGs that may be referenced) and `image`.
 * Statistics are computed on the image grid when an image is given, else on the SEG's own grid.
 */
export function crossCheckReport(report: MeasurementReport, segs: readonly SegAnnotation[], image: ImageVolume | null): CrossCheckRow[] {
  const rows: CrossCheckRow[] = [];
  for (const g of report.measurementGroups) {
    const ref = g.referencedSegment;
    let stats: RegionStatistics | null = null;
    let statsReason: string | null = null;
    if (!ref) statsReason = 'the group references no segment';
    else {
      const seg = segs.find((s) => s.sopInstanceUID === ref.sopInstanceUID);
      if (!seg) statsReason = `SEG ${ref.sopInstanceUID ?? '(no UID)'} not loaded`;
      else if (ref.segmentNumber === null || !seg.segments.some((s) => s.segmentNumber === ref.segmentNumber)) statsReason = `${seg.name} has no segment ${ref.segmentNumber ?? '(none named)'}`;
      else {
        const grid: VolumeGrid = image?.grid ?? seg.grid;
        const r = regionMask(seg, ref.segmentNumber, grid);
        if (!r.mask.voxels) statsReason = r.problems[0] ?? `segment ${ref.segmentNumber} of ${seg.name} is empty`;
        else stats = regionStatistics(grid, r.mask, image);
      }
    }
    for (const m of g.measurements) {
      rows.push({
        trackingIdentifier: g.trackingIdentifier,
        trackingUID: g.trackingUID,
        referencedSegment: ref ? { sopInstanceUID: ref.sopInstanceUID, segmentNumber: ref.segmentNumber } : null,
        concept: m.concept,
        derivation: m.derivation,
        quantity: null,
        reported: m.value,
        unit: m.unit,
        recomputed: null,
        difference: null,
        tolerance: null,
        flagged: false,
        reason: null,
        ...check(m, stats, statsReason, image),
      });
    }
  }
  return rows;
}
