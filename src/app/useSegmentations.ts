// SEGs of the open study that belong on the shown series (referencing it, or sharing its Frame of Reference):
// each fetched once, decoded in the worker into labelmap layers on the series' grid, then handed to the viewer.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { DicomwebClient } from '../dicomweb/client';
import { failedEntry, startRuns } from './derivedRuns';
import type { ImageStack } from '../viewer/imageIds';
import type { OverlayLayer, RGBA } from '../viewer/labelmapOverlay';
import type { SegResult } from '../workers/protocol';
import { decodeSegmentationInWorker, type SegDownload } from './derivedDecoder';
import { overlayInTheMaking } from '../viewer/prefetch';
import { segmentDisplayName } from '../dicom/seg/model';
import { derivedItems, type SeriesInfo } from './studyModel';
import { objectProgress, progressText, setObjectProgress, useObjectProgressVersion } from './objectProgress';

export interface SegEntry {
  key: string;
  seriesLabel: string;
  status: 'loading' | 'ready' | 'error';
  phase?: string;
  message?: string;
  result?: SegResult;
  overlays: OverlayLayer[];
  visible: boolean;
  hidden: Set<number>;
  /** asks for the SEG again, when its download failed */
  retry?: () => void;
  /** fill, outline or both; fill opacity 0..1 */
  mode: 'fill' | 'outline' | 'both';
  opacity: number;
}

function overlaysOf(result: SegResult, idBase: string, label: string): OverlayLayer[] {
  const colors = new Map<number, RGBA>(
    result.segmentation.segments.map((s) => [s.segmentNumber, [...s.displayColor, 255] as RGBA]),
  );
  const names = new Map(result.segmentation.segments.map((s) => [s.segmentNumber, segmentDisplayName(s)]));
  const voxels = new Map(result.layers.segments.map((s) => [s.segmentNumber, s.voxels]));
  return result.packed.map((packed, i) => ({
    segmentationId: `${idBase}:L${i}`,
    label: `${label}${result.packed.length > 1 ? ` (layer ${i + 1})` : ''}`,
    packed,
    colors,
    names,
    voxels,
  }));
}

export function useSegmentations(
  client: DicomwebClient,
  allSeries: SeriesInfo[],
  active: SeriesInfo | undefined,
  stack: ImageStack | undefined,
  enabled: boolean,
) {
  const [entries, setEntries] = useState<SegEntry[]>([]);
  const runners = useRef(new Map<string, () => void>());
  // Every instance of every SEG series whose header places it here: a series may hold several (one per reader,
  // one per structure, ...). Their bytes are already downloading (studyModel); the decode waits for them.
  const items = useMemo(
    () => (active && enabled ? derivedItems(allSeries.filter((s) => s.modality === 'SEG'), active) : []),
    [allSeries, active, enabled],
  );
  const key = items.map((c) => c.sopInstanceUID).join(',');

  useEffect(() => {
    if (!stack || !active) return;
    let cancelled = false;
    setEntries(
      items.map((it) => ({
        key: it.sopInstanceUID,
        seriesLabel: it.label,
        status: 'loading',
        phase: 'downloading',
        overlays: [],
        visible: true,
        hidden: new Set(),
        mode: 'both',
        opacity: 0.5,
      })),
    );
    const patch = (k: string, p: Partial<SegEntry>): void => {
      if (!cancelled) setEntries((prev) => prev.map((e) => (e.key === k ? { ...e, ...p } : e)));
    };
    runners.current = new Map();
    const run = (it: (typeof items)[number]): void => {
      const s = it.series;
      const sop = it.sopInstanceUID;
      if (!stack.planes) {
        patch(sop, {
          status: 'error',
          message: `${it.label} cannot be placed: ${stack.slicesProblem ?? 'the series has no plane geometry'}.`,
        });
        return;
      }
      const planes = stack.planes;
      // The bytes are in the worker already, or on their way (studyModel.fetchDerivedInstance); `download` is called
      // only when the worker no longer holds them (evicted, restarted). Asked again (another series of this Frame
      // of Reference), the worker decodes from its copy.
      const download: SegDownload = async (send, restart) => {
        await client.instancePieces(s.studyUID, s.seriesUID, sop, send, undefined, undefined, restart);
      };
      let decoded = (): void => undefined;
      decodeSegmentationInWorker(sop, download, it.label, { frameOfReferenceUID: stack.frameOfReferenceUID ?? null, planes }, () => {
        // The viewer decides what waits while an overlay for its series is being made (viewer/prefetch.ts).
        decoded = overlayInTheMaking();
        setObjectProgress(sop, { phase: 'decoding', received: 0, total: null });
      })
        .finally(() => decoded())
        .then(
          (result) => {
            const overlays = overlaysOf(result, `${sop}:${active.seriesUID}`, it.label);
            const problems = result.layers.problems;
            setObjectProgress(sop, undefined);
            patch(sop, {
              status: 'ready',
              phase: undefined,
              result,
              overlays,
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
    // candidates is derived from key
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [client, key, stack, active?.seriesUID]);

  const update = useCallback((k: string, f: (e: SegEntry) => Partial<SegEntry>) => {
    setEntries((prev) => prev.map((e) => (e.key === k ? { ...e, ...f(e) } : e)));
  }, []);

  const overlays = useMemo(() => entries.flatMap((e) => (e.status === 'ready' ? e.overlays : [])), [entries]);
  const version = useObjectProgressVersion();
  const shown = useMemo(
    () => entries.map((e) => (e.status === 'loading' ? { ...e, phase: progressText(objectProgress(e.key)) ?? e.phase } : e)),
    // version: the progress of the objects changed
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [entries, version],
  );
  return { entries: shown, overlays, update };
}
