// The regions (SCOORD / SCOORD3D) of the loaded measurement reports, placed on the shown series and drawn like
// contours, each labelled with its group's tracking identifier.
import { useMemo } from 'react';
import type { ImagePlane } from '../dicom/geometry/plane';
import type { MeasurementGroup } from '../dicom/sr/model';
import { reportRegions } from '../dicom/sr/regionOutlines';
import { placeStructureSet } from '../dicom/rtstruct/placement';
import type { ContourLayer } from '../viewer/contourOverlay';
import type { ImageStack } from '../viewer/imageIds';
import type { ReportEntry } from './useReports';

export interface RegionLayer extends ContourLayer {
  /** the report entry */
  entryKey: string;
  roiOfGroup: Map<number, number>;
  problems: string[];
}

export function useReportRegions(entries: ReportEntry[], stack: ImageStack | undefined, visible: boolean): RegionLayer[] {
  return useMemo(() => {
    const slices = stack?.slices;
    const planes = stack?.planes;
    if (!slices || !planes) return [];
    const planeOf = (sop: string, frame: number | null): ImagePlane | null =>
      planes.find((p) => p.sopInstanceUID === sop && (frame === null || p.frameNumber === null || p.frameNumber === frame)) ?? null;
    return entries.flatMap((e) => {
      const groups = e.report?.measurementReport?.measurementGroups;
      if (!groups?.some((g) => g.regions.length)) return [];
      const r = reportRegions(groups, planeOf, { name: e.seriesLabel, seriesFrameOfReferenceUID: stack.frameOfReferenceUID });
      const placement = placeStructureSet(r.set, slices, { frameOfReferenceUID: stack.frameOfReferenceUID, seriesName: 'this series' });
      return [{ key: `sr:${e.key}`, entryKey: e.key, set: r.set, placement, stack: slices, visible, hidden: new Set<number>(), fill: false, labels: true, roiOfGroup: r.roiOfGroup, problems: r.problems }];
    });
  }, [entries, stack, visible]);
}

/** The slice where a group's region is drawn (the first one), or a sentence saying why there is none. */
export function regionSlice(layers: RegionLayer[], entries: ReportEntry[], group: MeasurementGroup): number | string | null {
  for (const e of entries) {
    const groups = e.report?.measurementReport?.measurementGroups ?? [];
    const gi = groups.indexOf(group);
    if (gi < 0) continue;
    if (!group.regions.length) return null;
    const layer = layers.find((l) => l.entryKey === e.key);
    const roi = layer?.roiOfGroup.get(gi);
    if (!layer || roi === undefined) {
      const why = layer?.problems.find((p) => p.includes(group.trackingIdentifier ?? '\u0000'));
      return why ?? 'Its region cannot be drawn on this series.';
    }
    const k = layer.placement.contoursBySlice.findIndex((list) => list.some((c) => c.roiIndex === roi));
    return k >= 0 ? k : (layer.placement.rois[roi]?.problems?.[0] ?? 'Its region lies on no slice of this series.');
  }
  return null;
}
