// The `structureSet` part of `inspect --json` (../shared/inspect-json.md), from the decoded model.
import type { RGB } from '../codes/color';
import type { DicomJsonDataset } from '../json';
import { decodeStructureSet, type DecodeStructureSetOptions } from './decode';
import type { ContourGeometricType, StructureSet } from './model';

export interface RoiSummary {
  number: number;
  name: string | null;
  interpretedType: string | null;
  color: RGB | null;
  contours: number;
  points: number;
  geometricTypes: Partial<Record<ContourGeometricType, number>>;
  /** Mean of all contour points (mm), rounded to 0.001 mm; null when the ROI has no points. */
  centroid: [number, number, number] | null;
}

export interface StructureSetSummary {
  label: string | null;
  rois: RoiSummary[];
}

const round3 = (v: number): number => Math.round(v * 1000) / 1000 || 0;

export function summarizeStructureSet(set: StructureSet): StructureSetSummary {
  return {
    label: set.structureSetLabel,
    rois: set.rois.map((roi) => {
      const geometricTypes: Partial<Record<ContourGeometricType, number>> = {};
      // Sums in doubles whatever the point precision, so big ROIs do not drift.
      let sx = 0;
      let sy = 0;
      let sz = 0;
      let points = 0;
      for (const c of roi.contours) {
        geometricTypes[c.contourGeometricType] = (geometricTypes[c.contourGeometricType] ?? 0) + 1;
        const p = c.points;
        for (let i = 0; i < p.length; i += 3) {
          sx += p[i];
          sy += p[i + 1];
          sz += p[i + 2];
        }
        points += c.numberOfContourPoints;
      }
      return {
        number: roi.roiNumber,
        name: roi.roiName,
        interpretedType: roi.rtRoiInterpretedType,
        color: roi.color,
        contours: roi.contours.length,
        points,
        geometricTypes,
        centroid: points ? [round3(sx / points), round3(sy / points), round3(sz / points)] : null,
      };
    }),
  };
}

/** Summary straight from DICOM JSON (bulk ContourData needs opts.bulkData). */
export function structureSetSummary(ds: DicomJsonDataset, opts: DecodeStructureSetOptions = {}): StructureSetSummary {
  return summarizeStructureSet(decodeStructureSet(ds, opts));
}
