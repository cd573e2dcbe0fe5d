// Quality checks of the shown series' annotations, computed in the decode worker on the series' grid:
// statistics per SEG / structure set, the comparison of two annotations (pairs, metrics, per-slice Dice), the
// agreement overlay of one pair, and the SR cross-check. State is per shown series and starts afresh with it.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ImageStack } from '../viewer/imageIds';
import type { OverlayLayer } from '../viewer/labelmapOverlay';
import { agreementOverlay } from '../viewer/agreementLayer';
import { modalityValues } from '../viewer/modalityValues';
import type { MeasurementReport } from '../dicom/sr/model';
import type { ComparisonResult, CrossCheckRow, RegionPair, StatisticsResult } from '../workers/qualityProtocol';
import { askQuality, refOf, type AnnotationChoice, type QualityScope } from './qualityClient';
import type { SegEntry } from './useSegmentations';
import type { StructEntry } from './useStructureSets';
import type { SeriesInfo } from './studyModel';

export interface Job<T> {
  status: 'running' | 'ready' | 'error';
  phase?: string;
  result?: T;
  message?: string;
}

export interface ComparisonState extends Job<ComparisonResult> {
  reference: AnnotationChoice;
  test: AnnotationChoice;
  /** explicit pairs when the user re-paired; undefined: by label, then type */
  pairs?: RegionPair[];
}

export interface AgreementState {
  /** index into the comparison's pairs */
  pair: number;
  status: 'running' | 'ready' | 'error';
  overlay?: OverlayLayer;
  counts?: [number, number, number];
  message?: string;
}

/** What the hook asks of the viewer (ViewerPage passes the controller's methods). */
export interface QualityViewer {
  jumpToSlice: (index: number) => void;
  setLayerVisibility: (segmentationId: string, visible: boolean) => void;
  /** whether the viewer draws a layer now (it keeps that record; the legend reads it) */
  layerVisible: (segmentationId: string) => boolean;
}

/**
 * `displayChanges` changes whenever how a layer is drawn changes in the viewer (useLayerDisplayChanges): the
 * agreement overlay's visibility is read from there.
 */
export function useQuality(active: SeriesInfo | undefined, stack: ImageStack | undefined, segs: SegEntry[], structs: StructEntry[], viewer: QualityViewer, displayChanges: number) {
  const [stats, setStats] = useState<Record<string, Job<StatisticsResult>>>({});
  const [comparison, setComparison] = useState<ComparisonState | null>(null);
  const [agreement, setAgreement] = useState<AgreementState | null>(null);
  const [checks, setChecks] = useState<Record<string, Job<CrossCheckRow[]>>>({});
  const [imagePhase, setImagePhase] = useState<string | null>(null);
  const seriesUID = active?.seriesUID;
  const generation = useRef(0);
  const values = useRef<Promise<Float32Array | null> | null>(null);
  const structsRef = useRef(structs);
  structsRef.current = structs;

  // Everything is per shown series.
  useEffect(() => {
    generation.current++;
    values.current = null;
    setStats({});
    setComparison(null);
    setAgreement(null);
    setChecks({});
    setImagePhase(null);
  }, [seriesUID, stack]);

  const scope = useMemo<QualityScope | null>(() => {
    if (!active || !stack?.planes) return null;
    const planes = stack.planes;
    return {
      target: { seriesInstanceUID: active.seriesUID, frameOfReferenceUID: stack.frameOfReferenceUID ?? null, planes },
      modality: active.modality ?? null,
      structureSet: (k) => structsRef.current.find((e) => e.key === k)?.set,
      imageValues: () => {
        // Gathered once per request round; the worker keeps them after the transfer. The generation is read
        // now: the reset effect runs after this scope was made.
        const gen = generation.current;
        values.current ??= modalityValues(stack.imageIds, planes[0].rows, planes[0].columns, (done, total) => {
          if (generation.current === gen) setImagePhase(done < total ? `loading image values ${done}/${total}` : null);
        }, () => generation.current === gen).then(
          (v) => v,
          (e: Error) => {
            if (generation.current === gen) setImagePhase(`image values not loaded: ${e.message}`);
            return null;
          },
        );
        const p = values.current;
        // The buffer is transferred with the request: the next round gathers afresh.
        void p.finally(() => {
          if (values.current === p) values.current = null;
        });
        return p;
      },
    };
  }, [active, stack]);

  const choices = useMemo<AnnotationChoice[]>(
    () => [
      ...segs.filter((e) => e.status === 'ready').map((e) => ({ kind: 'SEG' as const, key: e.key, name: e.seriesLabel })),
      ...structs.filter((e) => e.status === 'ready' && e.set).map((e) => ({ kind: 'RTSTRUCT' as const, key: e.key, name: e.set?.structureSetLabel || e.seriesLabel })),
    ],
    [segs, structs],
  );

  const computeStatistics = useCallback(
    (a: AnnotationChoice) => {
      if (!scope) return;
      const gen = generation.current;
      const patch = (j: Job<StatisticsResult>): void => {
        if (generation.current === gen) setStats((s) => ({ ...s, [a.key]: j }));
      };
      patch({ status: 'running', phase: 'computing' });
      askQuality('q-stats', scope, a.name, true, (send, image) => ({ kind: 'q-stats', annotation: refOf(a, scope, send), target: scope.target, image })).then(
        (result) => patch({ status: 'ready', result }),
        (e: Error) => patch({ status: 'error', message: `${a.name}: ${e.message}` }),
      );
    },
    [scope],
  );

  const hideAgreement = useCallback(
    (prev: AgreementState | null) => {
      if (prev?.overlay) viewer.setLayerVisibility(prev.overlay.segmentationId, false);
    },
    [viewer],
  );

  const compare = useCallback(
    (reference: AnnotationChoice, test: AnnotationChoice, pairs?: RegionPair[]) => {
      if (!scope) return;
      const gen = generation.current;
      setAgreement((prev) => {
        hideAgreement(prev);
        return null;
      });
      const state: ComparisonState = { reference, test, pairs, status: 'running', phase: 'comparing' };
      setComparison(state);
      askQuality('q-compare', scope, `${reference.name} vs ${test.name}`, false, (send) => ({
        kind: 'q-compare',
        reference: refOf(reference, scope, send),
        test: refOf(test, scope, send),
        target: scope.target,
        pairs,
      })).then(
        (result) => generation.current === gen && setComparison({ ...state, status: 'ready', phase: undefined, result }),
        (e: Error) => generation.current === gen && setComparison({ ...state, status: 'error', phase: undefined, message: e.message }),
      );
    },
    [scope, hideAgreement],
  );

  /** Jumps to the pair's slice of largest disagreement and shows its agreement overlay. */
  const showPair = useCallback(
    (index: number) => {
      const c = comparison;
      const p = c?.result?.pairs[index];
      if (!scope || !c || !p?.reference || !p.test) return;
      if (p.metrics?.worstSlice !== null && p.metrics?.worstSlice !== undefined) viewer.jumpToSlice(p.metrics.worstSlice);
      const gen = generation.current;
      const pair = { reference: p.reference.number, test: p.test.number };
      const id = `agreement:${scope.target.seriesInstanceUID}:${c.reference.key}:${c.test.key}:${pair.reference}:${pair.test}`;
      setAgreement((prev) => {
        if (prev?.overlay && prev.overlay.segmentationId !== id) hideAgreement(prev);
        return { pair: index, status: 'running' };
      });
      askQuality('q-agreement', scope, `${p.reference.label} vs ${p.test.label}`, false, (send) => ({
        kind: 'q-agreement',
        reference: refOf(c.reference, scope, send),
        test: refOf(c.test, scope, send),
        target: scope.target,
        pair,
      })).then(
        (result) => {
          if (generation.current !== gen) return;
          const overlay = agreementOverlay(id, `${p.reference?.label} vs ${p.test?.label}`, result.layer);
          viewer.setLayerVisibility(id, true);
          setAgreement((prev) => (prev?.pair === index ? { pair: index, status: 'ready', overlay, counts: result.counts } : prev));
        },
        (e: Error) => generation.current === gen && setAgreement((prev) => (prev?.pair === index ? { ...prev, status: 'error', message: e.message } : prev)),
      );
    },
    [scope, comparison, viewer, hideAgreement],
  );

  const setAgreementVisible = useCallback(
    (visible: boolean) => {
      if (agreement?.overlay) viewer.setLayerVisibility(agreement.overlay.segmentationId, visible);
    },
    [viewer, agreement],
  );

  const crossCheck = useCallback(
    (key: string, report: MeasurementReport) => {
      if (!scope) return;
      const gen = generation.current;
      const patch = (j: Job<CrossCheckRow[]>): void => {
        if (generation.current === gen) setChecks((s) => ({ ...s, [key]: j }));
      };
      patch({ status: 'running', phase: 'recomputing' });
      // Only the groups that reference a segment can be recomputed; the others keep their reason.
      const segRefs = choices.filter((c) => c.kind === 'SEG');
      askQuality('q-crosscheck', scope, 'SR cross-check', true, (send, image) => ({
        kind: 'q-crosscheck',
        report,
        segs: segRefs.map((c) => refOf(c, scope, send)),
        target: scope.target,
        image,
      })).then(
        (result) => patch({ status: 'ready', result }),
        (e: Error) => patch({ status: 'error', message: e.message }),
      );
    },
    [scope, choices],
  );

  const overlays = useMemo(() => (agreement?.overlay ? [agreement.overlay] : []), [agreement?.overlay]);
  const shownAgreement = useMemo(
    () => agreement && { ...agreement, visible: agreement.overlay ? viewer.layerVisible(agreement.overlay.segmentationId) : true },
    // displayChanges: the viewer's record of what it draws changed
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [agreement, viewer, displayChanges],
  );
  return { choices, stats, computeStatistics, comparison, compare, agreement: shownAgreement, showPair, setAgreementVisible, checks, crossCheck, overlays, imagePhase, available: !!scope };
}

export type Quality = ReturnType<typeof useQuality>;
