// What the SEG, RTSTRUCT and report panels' buttons do: the hook's entry state changes, and the viewer is told.
import { useMemo, type RefObject } from 'react';
import type { ViewerController } from '../viewer/ViewerController';
import type { StructPanelActions } from './StructPanel';
import type { SegPanelActions } from './SegPanel';
import type { ReportPanelActions } from './ReportPanel';
import type { useStructureSets } from './useStructureSets';
import type { useSegmentations } from './useSegmentations';
import type { useReports } from './useReports';
import { regionSlice, type RegionLayer } from './useReportRegions';

type Controller = RefObject<ViewerController | null>;

export function useStructActions(structs: ReturnType<typeof useStructureSets>, controller: Controller): StructPanelActions {
  return useMemo<StructPanelActions>(
    () => ({
      toggleSet: (k) => structs.update(k, (e) => ({ visible: !e.visible })),
      toggleFill: (k) => structs.update(k, (e) => ({ fill: !e.fill })),
      toggleRoi: (k, i) =>
        structs.update(k, (e) => {
          const hidden = new Set(e.hidden);
          if (hidden.has(i)) hidden.delete(i);
          else hidden.add(i);
          return { hidden, visible: true };
        }),
      showOnlyRoi: (k, i) =>
        structs.update(k, (e) => ({ visible: true, hidden: new Set((e.set?.rois ?? []).map((_r, j) => j).filter((j) => j !== i)) })),
      jumpToRoi: (k, i) => {
        const e = structs.entries.find((x) => x.key === k);
        const slice = e?.placement?.rois[i]?.middleSliceIndex;
        if (slice !== null && slice !== undefined) controller.current?.jumpToSlice(slice);
      },
    }),
    [structs, controller],
  );
}

/** The SEG panel's actions: they tell the viewer, which keeps how each SEG is drawn (the panel reads it back). */
export function useSegActions(segs: ReturnType<typeof useSegmentations>, controller: Controller): SegPanelActions {
  return useMemo<SegPanelActions>(() => {
    const entry = (k: string) => segs.entries.find((x) => x.key === k);
    // How a SEG is drawn now, from the viewer (the rendered entry may not have caught up with a change just made).
    const drawn = (e: { layerIds: string[]; visible: boolean; hidden: ReadonlySet<number> }) => {
      const first = e.layerIds[0];
      return first && controller.current ? controller.current.labelmapDisplay(first) : e;
    };
    const setHidden = (k: string, hidden: Set<number>): void => {
      for (const id of entry(k)?.layerIds ?? []) controller.current?.setHiddenSegments(id, hidden);
    };
    return {
      toggleSeg: (k) => {
        const e = entry(k);
        if (!e) return;
        const visible = drawn(e).visible;
        for (const id of e.layerIds) controller.current?.setLayerVisibility(id, !visible);
      },
      toggleSegment: (k, n) => {
        const e = entry(k);
        if (!e) return;
        const hidden = new Set(drawn(e).hidden);
        if (hidden.has(n)) hidden.delete(n);
        else hidden.add(n);
        setHidden(k, hidden);
      },
      showOnly: (k, n) => {
        const e = entry(k);
        const seg = e?.result?.segmentation ?? e?.partial?.segmentation;
        if (!seg) return;
        setHidden(k, new Set(seg.segments.map((s) => s.segmentNumber).filter((x) => x !== n)));
      },
      showAll: (k) => setHidden(k, new Set()),
      setStyle: (k, mode, opacity) => {
        for (const id of entry(k)?.layerIds ?? []) controller.current?.setLayerStyle(id, mode, opacity);
      },
      jumpTo: (k, n) => {
        const e = entry(k);
        // While a SEG arrives in parts, the segments drawn so far can be jumped to.
        const l = (e?.result?.layers.segments ?? e?.partial?.drawn)?.find((x) => x.segmentNumber === n);
        if (e && l && l.layer >= 0 && l.peakSlice >= 0) controller.current?.jumpToSegment(e.layerIds, n, l.peakSlice);
      },
    };
  }, [segs, controller]);
}

export function useReportActions(
  reports: ReturnType<typeof useReports>,
  regionLayers: RegionLayer[],
  showRegions: () => void,
  segs: ReturnType<typeof useSegmentations>,
  segActions: SegPanelActions,
  controller: Controller,
): ReportPanelActions {
  return useMemo<ReportPanelActions>(
    () => ({
      selectGroup: (g) => {
        const ref = g.referencedSegment;
        if (!ref?.sopInstanceUID || ref.segmentNumber === null) {
          // A group with image regions: show the regions and go to the slice of the first one.
          const k = regionSlice(regionLayers, reports, g);
          if (typeof k === 'string') return k;
          if (k !== null) {
            showRegions();
            controller.current?.jumpToSlice(k);
          }
          return undefined;
        }
        const e = segs.entries.find((x) => x.key === ref.sopInstanceUID || x.result?.segmentation.sopInstanceUID === ref.sopInstanceUID);
        if (!e) return `Segment ${ref.segmentNumber} of SEG …${ref.sopInstanceUID.slice(-12)}: that segmentation is not loaded on this series.`;
        if (e.status === 'available') {
          e.load?.();
          return 'The referenced segmentation was not loaded: it is loading now; select the group again in a moment.';
        }
        if (e.status !== 'ready') return 'The referenced segmentation is still loading; select the group again in a moment.';
        segActions.showOnly(e.key, ref.segmentNumber);
        segActions.jumpTo(e.key, ref.segmentNumber);
        return undefined;
      },
    }),
    [segs.entries, segActions, regionLayers, reports, showRegions, controller],
  );
}
