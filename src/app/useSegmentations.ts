// SEGs of the open study that belong on the shown series (referencing it, or sharing its Frame of Reference): all
// listed, the newest loaded by itself (segChoice.ts; none with `seg=off`), any other at one click. A loaded SEG is
// decoded in the worker into labelmap layers on the series' grid and handed to the viewer: segment by segment as it
// downloads when the worker can (segAssembly.ts), else once. The panel's
// entries hold what it lists (segments, layout, status), not the layers; how each SEG is drawn (shown, hidden
// segments, style) is the viewer's record, read back here.
import { useLayerDisplayChanges } from './useLayerDisplay';
import { useCallback, useEffect, useMemo, useRef, useState, type RefObject } from 'react';
import type { DicomwebClient } from '../dicomweb/client';
import { failedEntry, startRuns } from './derivedRuns';
import type { ImageStack } from '../viewer/imageIds';
import type { OverlayLayer } from '../viewer/labelmapOverlay';
import type { SegResult } from '../workers/protocol';
import type { ViewerController } from '../viewer/ViewerController';
import { decodeSegmentationInWorker, type SegDownload } from './derivedDecoder';
import { overlayInTheMaking } from '../viewer/prefetch';
import { derivedItems, type DerivedItem, type SeriesInfo } from './studyModel';
import { newest, segDistinctions } from './segChoice';
import { setObjectProgress } from './objectProgress';
import { overlaysOf, SegAssembly, type PartialSeg } from './segAssembly';
import { WIDE_FROM_SEGMENTS } from '../dicom/seg/layersCombined';

/** What the hook keeps of a SEG: its status and what the panel lists; the voxels went to the viewer. */
interface SegState {
  key: string;
  seriesLabel: string;
  /** 'available': listed, not loaded (its `load` loads it) */
  status: 'available' | 'loading' | 'ready' | 'error';
  /** what tells it from the other SEGs (series number, creator, date, content label, UID tail) */
  about: string[];
  /** the newest SEG on this series: the one loaded by itself */
  newest: boolean;
  load?: () => void;
  phase?: string;
  message?: string;
  result?: Omit<SegResult, 'packed'>;
  /** while it arrives in parts (drawn segment by segment): its segments, those drawn and those coming */
  partial?: PartialSeg;
  /** the segmentationIds of its layers in the viewer, in layer order */
  layerIds: string[];
  /** asks for the SEG again, when its download failed */
  retry?: () => void;
}

export interface SegEntry extends SegState {
  /** how it is drawn, as the viewer has it (its first layer's; the panel sets all its layers alike) */
  visible: boolean;
  hidden: ReadonlySet<number>;
  /** fill, outline or both; fill opacity 0..1 */
  mode: 'fill' | 'outline' | 'both';
  opacity: number;
}

const UNDRAWN = { visible: true, hidden: new Set<number>(), mode: 'both' as const, opacity: 0.5 };

/** A SEG instance's identifying attributes: its header's, with its series' number when the header has none. */
function aboutOf(it: DerivedItem) {
  const a = it.info.header?.about ?? {};
  return a.seriesNumber === undefined && it.series.seriesNumber !== undefined ? { ...a, seriesNumber: it.series.seriesNumber } : a;
}

/** Every SEG object of these series has its header (or failed): only then is "the newest" known. */
function allHeadersIn(series: SeriesInfo[]): boolean {
  return series.every((s) => s.error || (s.instances && s.instances.every((i) => i.header || i.error)));
}

export function useSegmentations(
  client: DicomwebClient,
  allSeries: SeriesInfo[],
  active: SeriesInfo | undefined,
  stack: ImageStack | undefined,
  enabled: boolean,
  viewer: RefObject<ViewerController | null>,
  viewerReady: boolean,
) {
  const [entries, setEntries] = useState<SegState[]>([]);
  // SEGs a person asked for (kept while the page is open: they load on any series they belong on).
  const [requested, setRequested] = useState<ReadonlySet<string>>(new Set());
  /** the layers handed to the viewer, by SOP Instance UID (again when the viewer comes after the decode) */
  const handed = useRef(new Map<string, OverlayLayer[]>());
  const hand = useCallback((sop: string, layers: OverlayLayer[]) => viewer.current?.setLabelmapGroup(`seg:${sop}`, layers), [viewer]);
  const runners = useRef(new Map<string, () => void>());
  /** this series' runs: cancelled when it changes; which SEGs were started; the automatic choice once made */
  const scope = useRef<{ cancelled: boolean; started: Set<string>; auto?: string | null }>({ cancelled: true, started: new Set() });
  const segSeries = useMemo(() => allSeries.filter((s) => s.modality === 'SEG'), [allSeries]);
  // Every instance of every SEG series whose header places it here: a series may hold several (one per reader,
  // one per structure, ...). Their bytes are already downloading (studyModel); the decode waits for them.
  const items = useMemo(() => (active ? derivedItems(segSeries, active) : []), [segSeries, active]);
  const settled = useMemo(() => allHeadersIn(segSeries), [segSeries]);
  const key = items.map((c) => c.sopInstanceUID).join(',');
  const requestedKey = [...requested].join(',');

  useEffect(() => {
    if (!stack || !active) return;
    const current = { cancelled: false, started: new Set<string>() };
    scope.current = current;
    runners.current = new Map();
    setEntries([]);
    const given = handed.current;
    return () => {
      current.cancelled = true;
      // Another series: the viewer lets these layers go.
      for (const sop of given.keys()) hand(sop, []);
      given.clear();
    };
    // a new series (by its UID) or grid starts over; nothing else of `active` matters here
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [client, stack, active?.seriesUID]);

  useEffect(() => {
    if (!stack || !active) return;
    const current = scope.current;
    // Chosen once there is something to choose from: a SEG whose header failed and came on a Retry is chosen then.
    if (current.auto === undefined && settled && items.length) current.auto = enabled ? (newest(items.map((it) => ({ it, about: aboutOf(it) })))?.it.sopInstanceUID ?? null) : null;
    const patch = (k: string, p: Partial<SegState>): void => {
      if (!current.cancelled) setEntries((prev) => prev.map((e) => (e.key === k ? { ...e, ...p } : e)));
    };
    const fresh = (it: DerivedItem): SegState => ({
      key: it.sopInstanceUID,
      seriesLabel: it.label,
      status: 'available',
      about: segDistinctions(aboutOf(it), it.sopInstanceUID),
      newest: false,
      load: () => setRequested((prev) => new Set(prev).add(it.sopInstanceUID)),
      layerIds: [],
    });
    const toStart = items.filter((it) => !current.started.has(it.sopInstanceUID) && (it.sopInstanceUID === current.auto || requested.has(it.sopInstanceUID)));
    for (const it of toStart) current.started.add(it.sopInstanceUID);
    setEntries((prev) => {
      const was = new Map(prev.map((e) => [e.key, e]));
      return items.map((it) => {
        const e = was.get(it.sopInstanceUID) ?? fresh(it);
        const starting = toStart.includes(it);
        return {
          ...e,
          seriesLabel: it.label,
          about: segDistinctions(aboutOf(it), it.sopInstanceUID),
          newest: it.sopInstanceUID === current.auto,
          ...(starting ? { status: 'loading' as const, phase: 'downloading', load: undefined } : {}),
        };
      });
    });
    const run = (it: DerivedItem): void => {
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
      const idBase = `${sop}:${active.seriesUID}`;
      // Segments drawn while the SEG downloads come in parts: one layer that grows (segAssembly.ts).
      // Its own id: when the answer comes whole after all (the parts widened, or the file was cut), its layers
      // replace this one in the viewer rather than pass for it.
      const assembly = new SegAssembly(`${idBase}:P0`, it.label, planes.length);
      // Its empty layer goes to the viewer now, to be registered while the worker reads the header and draws the
      // first segment (begun at the first part, registering it came after: 0.3-0.5 s on the benchmark SEG's path).
      const begun = assembly.begin(planes[0].rows * planes[0].columns, (it.info.header?.segmentNumbers?.length ?? 0) >= WIDE_FROM_SEGMENTS);
      handed.current.set(sop, [begun]);
      hand(sop, [begun]);
      // Background prefetch waits for the first segment drawn (2 cores: its images' decoding would share them
      // with the worker's, and their caching the page with this layer's registration).
      let firstDrawn: (() => void) | undefined = overlayInTheMaking();
      const onPart: Parameters<typeof decodeSegmentationInWorker>[5] = (part) => {
        if (current.cancelled) return;
        // Read by `npm run bench`: this SEG is drawn in parts (its last part marks 'seg:all-visible').
        if (!assembly.partial()) performance.mark('seg:first-part');
        const { changed, created } = assembly.add(part);
        const layer = assembly.layer;
        if (created && layer) {
          handed.current.set(sop, [layer]);
          hand(sop, [layer]);
        }
        if (layer && changed.length) {
          // Prefetch goes on once the first segment is on screen (or the viewer is not there to draw it).
          const drawn = firstDrawn;
          firstDrawn = undefined;
          if (viewer.current) viewer.current.updateLabelmapLayer(layer.segmentationId, changed, undefined, drawn);
          else drawn?.();
        }
        patch(sop, { partial: assembly.partial(), layerIds: layer ? [layer.segmentationId] : [] });
      };
      decodeSegmentationInWorker(
        sop,
        download,
        it.label,
        { frameOfReferenceUID: stack.frameOfReferenceUID ?? null, planes },
        () => {
          // The viewer decides what waits while an overlay for its series is being made (viewer/prefetch.ts).
          decoded = overlayInTheMaking();
          setObjectProgress(sop, { phase: 'decoding', received: 0, total: null });
        },
        onPart,
      )
        .finally(() => {
          firstDrawn?.();
          decoded();
        })
        .then(
          (result) => {
            if (current.cancelled) return;
            const changed = assembly.finish(result);
            let overlays: OverlayLayer[];
            // Decoded; its progress line ends once the viewer has drawn it (the study's other objects wait for that
            // when the link named this one: studyModel.deriveLinkedFirst).
            setObjectProgress(sop, { phase: 'drawing', received: 0, total: null });
            const shown = (): void => setObjectProgress(sop, undefined);
            if (changed && assembly.layer) {
              overlays = [assembly.layer];
              // Read by `npm run bench`: every segment of a SEG drawn in parts is on screen.
              if (viewer.current) viewer.current.updateLabelmapLayer(assembly.layer.segmentationId, changed, 'seg:all-visible', shown);
              else shown();
            } else {
              overlays = overlaysOf(result, idBase, it.label);
              handed.current.set(sop, overlays);
              hand(sop, overlays);
              // After its layers are registered and drawn (the viewer's queue): the same mark as a SEG in parts.
              if (overlays.length && viewer.current) viewer.current.updateLabelmapLayer(overlays[overlays.length - 1].segmentationId, [], 'seg:all-visible', shown);
              else shown();
            }
            const { packed: _packed, ...listed } = result;
            const problems = result.layers.problems;
            patch(sop, {
              status: 'ready',
              phase: undefined,
              result: listed,
              partial: undefined,
              layerIds: overlays.map((o) => o.segmentationId),
              message: problems.length ? problems.slice(0, 3).join(' ') : undefined,
            });
          },
          (err: Error) => {
            // What was drawn of it goes (the empty layer too): a SEG that failed is not shown in part.
            if (!current.cancelled && assembly.layer) {
              handed.current.delete(sop);
              hand(sop, []);
            }
            patch(sop, { ...failedEntry(it.label, err, () => runners.current.get(sop)?.()), partial: undefined, layerIds: [] });
          },
        );
    };
    startRuns(toStart, runners.current, patch, run);
    // items is derived from key, requested from requestedKey
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [client, key, stack, active?.seriesUID, settled, enabled, requestedKey]);

  // The viewer came after a decode (or was made anew): it gets the layers it does not have.
  useEffect(() => {
    if (viewerReady) for (const [sop, layers] of handed.current) hand(sop, layers);
  }, [viewerReady, hand]);

  // How the SEGs are drawn is read from the viewer, again whenever it changes there.
  const drawn = useLayerDisplayChanges(viewer, viewerReady);

  const shown = useMemo<SegEntry[]>(
    () =>
      entries.map((e) => {
        const first = e.layerIds[0];
        const display = first && viewer.current ? viewer.current.labelmapDisplay(first) : UNDRAWN;
        const { visible, hidden, mode, opacity } = display;
        return { ...e, visible, hidden, mode, opacity };
      }),
    // drawn: how they are drawn changed (in the viewer). The download's progress is the panel's ObjectPhase.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [entries, drawn],
  );
  return { entries: shown };
}
