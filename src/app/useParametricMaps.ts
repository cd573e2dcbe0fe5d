// Parametric Maps of the open study that belong on the shown series (referencing it, or sharing its Frame of
// Reference): fetched, decoded in the worker onto the series' grid, and drawn as a fused colour layer.
import { useEffect, useMemo, useRef, useState } from 'react';
import type { DicomwebClient } from '../dicomweb/client';
import { failedEntry, startRuns } from './derivedRuns';
import type { ImageStack } from '../viewer/imageIds';
import type { OverlayLayer } from '../viewer/labelmapOverlay';
import { mapOverlayLayer, type MapDisplay, type MapRange } from '../viewer/mapLayer';
import { useLayerDisplayChanges } from './useLayerDisplay';
import type { ViewerController } from '../viewer/ViewerController';
import type { MapPanelActions } from './MapPanel';
import type { PmResult } from '../workers/protocol';
import { decodeParametricMapInWorker, type SegDownload } from './derivedDecoder';
import { derivedItems, type SeriesInfo } from './studyModel';
import { progressStep, progressText } from './objectProgress';

export interface MapEntry {
  key: string;
  label: string;
  status: 'loading' | 'ready' | 'error';
  phase?: string;
  message?: string;
  /** asks for the map again, when its download failed */
  retry?: () => void;
  result?: PmResult;
  /** the layer drawn on the series (its colours follow `display`) */
  overlay?: OverlayLayer;
}

/** A map as the panel shows it: how it is drawn is read from the viewer, which keeps it (not React state). */
export interface ShownMap extends MapEntry {
  visible: boolean;
  display: MapDisplay;
}

const UNDRAWN: MapDisplay = { colormap: 'viridis', lower: 0, upper: 1, threshold: null, opacity: 0.6 };

/** How a map reads under the cursor: "ADC 812.3 µm²/s". */
function formatMapValue(v: number, name: string, units: string): string {
  const a = Math.abs(v);
  const text = a !== 0 && (a >= 1e5 || a < 1e-2) ? v.toExponential(3) : v.toFixed(a >= 100 ? 1 : a >= 1 ? 3 : 4);
  return `${name} ${text}${units ? ` ${units}` : ''}`;
}

/** The name a map goes by on screen: its LUT label, else its quantity, else its series label. */
export function mapName(result: PmResult, fallback: string): string {
  return result.map.lutLabel || result.map.quantity?.meaning || fallback;
}

/** How a map is drawn until someone changes it: its whole value range, half see-through. */
export function defaultDisplay(result: PmResult): MapDisplay {
  const { min, max } = result.statistics;
  return { ...UNDRAWN, lower: min ?? 0, upper: max ?? 1 };
}

function overlayOf(result: PmResult, id: string, label: string, display: MapDisplay): OverlayLayer | undefined {
  const { min, max } = result.statistics;
  if (min === null || max === null || !result.bins.length) return undefined;
  const { values, rows, columns } = result.volume;
  const name = mapName(result, label);
  const units = result.map.unitsDisplay;
  // The value itself, not its bin: read from the decoded volume (NaN: no value here).
  const probe = (slice: number, row: number, column: number): string | null => {
    const v = values[(slice * rows + row) * columns + column];
    return Number.isFinite(v) ? formatMapValue(v, name, units) : null;
  };
  return mapOverlayLayer(id, label, result.bins, rows * columns, { min, max }, display, probe);
}

export function useParametricMaps(
  client: DicomwebClient,
  allSeries: SeriesInfo[],
  active: SeriesInfo | undefined,
  stack: ImageStack | undefined,
  viewer: { current: ViewerController | null },
  viewerReady: boolean,
) {
  const [entries, setEntries] = useState<MapEntry[]>([]);
  const runners = useRef(new Map<string, () => void>());
  // A map opened alone is the shown series itself: not drawn over itself.
  const items = useMemo(
    () => (active ? derivedItems(allSeries.filter((s) => s.modality === 'PM' && s.seriesUID !== active.seriesUID), active) : []),
    [allSeries, active],
  );
  const key = items.map((c) => c.sopInstanceUID).join(',');

  useEffect(() => {
    if (!stack || !active) return;
    let cancelled = false;
    setEntries(
      items.map((it) => ({
        key: it.sopInstanceUID,
        label: it.label,
        status: 'loading',
        phase: 'downloading',
      })),
    );
    const patch = (k: string, p: Partial<MapEntry>): void => {
      if (!cancelled) setEntries((prev) => prev.map((e) => (e.key === k ? { ...e, ...p } : e)));
    };
    runners.current = new Map();
    const run = (it: (typeof items)[number]): void => {
      const sop = it.sopInstanceUID;
      if (!stack.planes) {
        patch(sop, { status: 'error', message: `${it.label} cannot be placed: ${stack.slicesProblem ?? 'the series has no plane geometry'}.` });
        return;
      }
      const target = { frameOfReferenceUID: stack.frameOfReferenceUID ?? null, planes: stack.planes };
      // Read by `npm run bench`: when the map was asked for ('pm:bytes' and 'pm:visible' later).
      performance.mark('pm:request');
      let shown = -1;
      const download: SegDownload = async (send, restart) => {
        await client.instancePieces(
          it.series.studyUID,
          it.series.seriesUID,
          sop,
          send,
          undefined,
          (received, length) => {
            const total = length ?? it.info.expectedBytes ?? null;
            const step = progressStep(received, total);
            if (step === shown) return;
            shown = step;
            patch(sop, { phase: progressText({ phase: 'downloading', received, total, estimated: length === null }) });
          },
          restart,
        );
        patch(sop, { phase: 'decoding' });
      };
      decodeParametricMapInWorker(sop, download, it.label, target)
        .then(
          (result) => {
            const display = defaultDisplay(result);
            const overlay = overlayOf(result, `pm:${sop}:${active.seriesUID}`, it.label, display);
            const problems = result.problems.map((p) => p.message);
            if (!overlay) problems.unshift(`${it.label}: has no finite value on this series.`);
            patch(sop, {
              status: overlay ? 'ready' : 'error',
              phase: undefined,
              result,
              overlay,
              message: problems.length ? problems.slice(0, 3).join(' ') : undefined,
            });
          },
          (err: Error) => patch(sop, failedEntry(it.label, err, () => runners.current.get(sop)?.())),
        );
    };
    startRuns(items, runners.current, patch, run);
    return () => {
      cancelled = true;
    };
    // items is derived from key
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [client, key, stack, active?.seriesUID]);

  const overlays = useMemo(() => entries.flatMap((e) => (e.status === 'ready' && e.overlay ? [e.overlay] : [])), [entries]);
  const drawn = useLayerDisplayChanges(viewer, viewerReady);
  const shown = useMemo<ShownMap[]>(
    () =>
      entries.map((e) => {
        const d = e.overlay && viewer.current ? viewer.current.labelmapDisplay(e.overlay.segmentationId) : undefined;
        return { ...e, visible: d?.visible ?? true, display: d?.map ?? (e.result ? defaultDisplay(e.result) : UNDRAWN) };
      }),
    // drawn: how the maps are drawn changed, in the viewer
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [entries, drawn],
  );
  return { entries: shown, overlays };
}

function rangeOf(result: PmResult): MapRange | null {
  const { min, max } = result.statistics;
  return min === null || max === null ? null : { min, max };
}

/**
 * Hands new map layers to the viewer, each drawn under its default display until the panel changes it (the viewer
 * keeps that display from then on).
 */
export function useMapLayers(controller: { current: ViewerController | null }, maps: ReturnType<typeof useParametricMaps>, ready: boolean): void {
  useEffect(() => {
    const c = controller.current;
    if (!c) return;
    c.setLabelmapGroup('maps', maps.overlays);
    // Before the layer is first shown (registration waits for the next task).
    for (const e of maps.entries) {
      const range = e.result ? rangeOf(e.result) : null;
      if (e.overlay && e.result && range && !c.labelmapDisplay(e.overlay.segmentationId).map) c.setMapDisplay(e.overlay.segmentationId, range, defaultDisplay(e.result));
    }
    // the entries' displays change through useMapActions; only new layers matter here
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [maps.overlays, ready]);
}

/** What the map panel does to the viewer: visibility, and colours/threshold/opacity from a display. */
export function useMapActions(controller: { current: ViewerController | null }, maps: ReturnType<typeof useParametricMaps>): MapPanelActions {
  return useMemo<MapPanelActions>(
    () => ({
      toggleMap: (k) => {
        const id = maps.entries.find((x) => x.key === k)?.overlay?.segmentationId;
        const c = controller.current;
        // Read from the viewer: the rendered entry may not have caught up with a change just made.
        if (id && c) c.setLayerVisibility(id, !c.labelmapDisplay(id).visible);
      },
      setDisplay: (k, display) => {
        const e = maps.entries.find((x) => x.key === k);
        const range = e?.result ? rangeOf(e.result) : null;
        if (e?.overlay && range) controller.current?.setMapDisplay(e.overlay.segmentationId, range, display);
      },
    }),
    [controller, maps],
  );
}
