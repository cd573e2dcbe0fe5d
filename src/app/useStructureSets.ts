// RTSTRUCTs of the open study that belong on the shown series (same Frame of Reference, or referencing it):
// fetched once, decoded in the worker, placed on the series' slices by geometry; ROI by ROI while they download
// (structAssembly.ts), then whole.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { DicomwebClient } from '../dicomweb/client';
import { DicomwebError } from '../dicomweb/errors';
import type { StructureSet } from '../dicom/rtstruct/model';
import { placeStructureSet, type StructureSetPlacement } from '../dicom/rtstruct/placement';
import type { ImageStack } from '../viewer/imageIds';
import type { ContourLayer } from '../viewer/contourOverlay';
import { decodeStructureSetInWorker } from './derivedDecoder';
import { derivedItems, type SeriesInfo } from './studyModel';
import { setObjectProgress } from './objectProgress';
import { GrowingStructureSet } from './structAssembly';

export interface StructEntry {
  key: string;
  seriesLabel: string;
  status: 'loading' | 'ready' | 'error';
  /** while loading: downloading x of y MB, decoding */
  phase?: string;
  message?: string;
  /** asks for the structure set again, when its download failed */
  retry?: () => void;
  /** while it downloads (status 'loading'): the ROIs as far as they came, those still coming without contours */
  set?: StructureSet;
  placement?: StructureSetPlacement;
  /** while it downloads: ROINumbers whose contours are still coming */
  coming?: ReadonlySet<number>;
  visible: boolean;
  hidden: Set<number>;
  fill: boolean;
}

export function useStructureSets(client: DicomwebClient, allSeries: SeriesInfo[], active: SeriesInfo | undefined, stack: ImageStack | undefined) {
  const [entries, setEntries] = useState<StructEntry[]>([]);
  const decoded = useRef(new Map<string, Promise<StructureSet>>());
  // Every instance of every RTSTRUCT series whose header places it here (its bytes came with the study).
  const items = useMemo(() => (active ? derivedItems(allSeries.filter((s) => s.modality === 'RTSTRUCT'), active) : []), [allSeries, active]);
  const key = items.map((c) => c.sopInstanceUID).join(',');

  useEffect(() => {
    if (!stack) return;
    let cancelled = false;
    const initial: StructEntry[] = items.map((it) => ({
      key: it.sopInstanceUID,
      seriesLabel: it.label,
      status: 'loading',
      visible: true,
      hidden: new Set(),
      fill: true,
    }));
    setEntries(initial);
    const run = (it: (typeof items)[number]): void => {
      const s = it.series;
      const sop = it.sopInstanceUID;
      const growing = new GrowingStructureSet();
      let p = decoded.current.get(sop);
      if (!p) {
        p = decodeStructureSetInWorker(
          sop,
          (send, restart) => client.instancePieces(s.studyUID, s.seriesUID, sop, send, undefined, undefined, restart).then(() => undefined),
          it.label,
          (part) => {
            if (cancelled) return;
            const partial = growing.add(part);
            if (!partial) return;
            const placement = stack.slices ? placeStructureSet(partial.set, stack.slices, { frameOfReferenceUID: stack.frameOfReferenceUID, seriesName: 'this series' }) : undefined;
            // Read by `npm run bench`: the first ROIs of a structure set drawn while it downloads.
            if (part.complete.length && !performance.getEntriesByName('rtstruct:first-roi').length) performance.mark('rtstruct:first-roi');
            setEntries((prev) => prev.map((e) => (e.key === sop && e.status === 'loading' ? { ...e, set: partial.set, placement, coming: partial.coming } : e)));
          },
        );
        decoded.current.set(sop, p);
        p.catch(() => decoded.current.delete(sop));
      }
      p.then(
        (set) => {
          setObjectProgress(sop, undefined);
          if (cancelled) return;
          let entry: Partial<StructEntry>;
          if (!stack.slices) {
            entry = { status: 'error', set, message: `Contours cannot be placed: ${stack.slicesProblem ?? 'no slice geometry'}.` };
          } else {
            const placement = placeStructureSet(set, stack.slices, { frameOfReferenceUID: stack.frameOfReferenceUID, seriesName: 'this series' });
            const problems = [...set.problems.filter((x) => x.severity === 'error').map((x) => x.message), ...placement.problems];
            entry = { status: 'ready', set, placement, coming: undefined, message: problems.length ? problems.slice(0, 3).join(' ') : undefined };
          }
          // Read by `npm run bench`: the whole structure set is drawn.
          performance.mark('rtstruct:ready', { detail: { sop } });
          setEntries((prev) => prev.map((e) => (e.key === sop ? { ...e, ...entry } : e)));
        },
        (err: Error) => {
          if (cancelled) return;
          // A download that failed can be asked again; a damaged file cannot be mended so.
          const retry =
            err instanceof DicomwebError
              ? () => {
                  setEntries((prev) => prev.map((e) => (e.key === sop ? { ...e, status: 'loading', message: undefined, retry: undefined } : e)));
                  run(it);
                }
              : undefined;
          // What came of it goes: a structure set that failed is not shown in part.
          setEntries((prev) => prev.map((e) => (e.key === sop ? { ...e, status: 'error', message: `${it.label}: ${err.message}`, retry, set: undefined, placement: undefined, coming: undefined } : e)));
        },
      );
    };
    items.forEach(run);
    return () => {
      cancelled = true;
    };
    // candidates is derived from key; re-run only when the set of RTSTRUCT series or the stack changes
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [client, key, stack]);

  const layers = useMemo<ContourLayer[]>(
    () =>
      entries
        // Drawn while it downloads too: the ROIs that came.
        .filter((e) => e.status !== 'error' && e.set && e.placement && stack?.slices)
        .map((e) => ({
          key: e.key,
          set: e.set as StructureSet,
          placement: e.placement as StructureSetPlacement,
          stack: stack?.slices as NonNullable<ImageStack['slices']>,
          visible: e.visible,
          hidden: e.hidden,
          fill: e.fill,
        })),
    [entries, stack],
  );

  const update = useCallback((k: string, f: (e: StructEntry) => Partial<StructEntry>) => {
    setEntries((prev) => prev.map((e) => (e.key === k ? { ...e, ...f(e) } : e)));
  }, []);

  // The download's progress is shown by the panel's ObjectPhase, which re-renders alone.
  return { entries, layers, update };
}
