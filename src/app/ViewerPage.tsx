import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { AppRoute, Layout } from './routes';
import { listHref } from './routes';
import type { DicomwebClient } from '../dicomweb/client';
import { groupSeries, formatDate, seriesLabel, type SeriesInfo } from './studyModel';
import { useStudies } from './useStudies';
import { FailureList, failuresOf, type Failure } from './FailureList';
import { framePolicy } from './framePolicy';
import { SeriesBrowser } from './SeriesBrowser';
import { ViewportGrid, type ViewportGridHandle } from './ViewportGrid';
import { initCornerstone } from '../viewer/init';
import { buildImageStack, type ImageStack } from '../viewer/imageIds';
import { ViewerController, type FramesFailed, type ViewportState } from '../viewer/ViewerController';
import { WINDOW_PRESETS } from '../viewer/presets';
import { useKeyboard } from './useKeyboard';
import { useStructureSets } from './useStructureSets';
import { StructPanel, type StructPanelActions } from './StructPanel';
import { useSegmentations } from './useSegmentations';
import { SegPanel, type SegPanelActions } from './SegPanel';
import { useMapActions, useParametricMaps } from './useParametricMaps';
import { MapLegend, MapPanel } from './MapPanel';
import { decodeParametricMapInWorker, releaseDecoder, setDecodedSizeCeiling } from './derivedDecoder';
import { mapImageStack } from '../viewer/mapImages';
import { useReports } from './useReports';
import { ReportPanel, type ReportPanelActions } from './ReportPanel';
import { indexStudyContents } from '../dicom/sr/studyReferences';
import { regionSlice, useReportRegions } from './useReportRegions';
import { useQuality, type QualityViewer } from './useQuality';
import { useQualityExtras } from './qualityExtras';
import { AgreementLegend, QualityPanel } from './QualityPanel';
import { AppLink } from './navigation';
import { LinkBanner } from './LinkBanner';
import { linkProblems } from './linkProblems';

interface Props {
  route: AppRoute;
  client: DicomwebClient;
  /** the deployment's bound of the image cache (app-config.json) */
  imageCacheMB?: number;
  /** the deployment's ceiling on one derived object's decoded size (app-config.json) */
  maxDecodedMB?: number;
}

export function ViewerPage({ route, client, imageCacheMB, maxDecodedMB }: Props) {
  const { studies, loading, failures: studyFailures } = useStudies(client, route.studyUIDs);
  const [framesFailed, setFramesFailed] = useState<FramesFailed | null>(null);
  const [errors, setErrors] = useState<string[]>([]);
  const [fatal, setFatal] = useState<string>();
  const [ready, setReady] = useState(false);
  const [active, setActive] = useState<SeriesInfo>();
  const [layout, setLayout] = useState<Layout>(route.layout);
  const [states, setStates] = useState<Record<string, ViewportState>>({});
  const controller = useRef<ViewerController>(null);
  const grid = useRef<ViewportGridHandle>(null);
  const stacks = useRef(new Map<string, ImageStack>());

  const addError = useCallback((m: string) => setErrors((e) => (e.includes(m) ? e : [...e, m].slice(-5))), []);

  useEffect(() => setDecodedSizeCeiling(maxDecodedMB ? Math.round(maxDecodedMB * 1024 * 1024) : null), [maxDecodedMB]);

  // Cornerstone initialises while the study requests are in flight.
  useEffect(() => {
    // Bound, not a closure of this page: what Cornerstone keeps must not keep the page's state alive.
    initCornerstone({ headersFor: client.headersFor.bind(client), frames: framePolicy(client), imageCacheMB })
      .then(() => {
        controller.current = new ViewerController({
          onState: (s) => setStates((prev) => ({ ...prev, [s.viewportId]: s })),
          onError: addError,
          onFramesFailed: setFramesFailed,
        });
        // A read-only handle for automation (end-to-end tests) and debugging from the console.
        (window as unknown as { idcViewer?: unknown }).idcViewer = {
          worldToCanvas: (id: string, p: [number, number, number]) => controller.current?.worldToCanvas(id, p) ?? null,
          canvasToWorld: (id: string, p: [number, number]) => controller.current?.canvasToWorld(id, p) ?? null,
        };
        setReady(true);
      })
      .catch((e: Error) => setFatal(e.message));
    return () => {
      controller.current?.destroy();
      controller.current = null;
      releaseDecoder();
      delete (window as unknown as { idcViewer?: unknown }).idcViewer;
      // Marks and measures of the study (read by `npm run bench`) would pile up over a day's studies.
      performance.clearMarks();
      performance.clearMeasures();
    };
  }, [client, addError, imageCacheMB]);

  const allSeries = useMemo(() => {
    const all = studies.flatMap((s) => s.series);
    const only = route.seriesUIDs;
    if (!only.length) return all;
    // A link may name a SEG, RTSTRUCT or SR series alone (OHIF and IDC links do): the images it annotates come
    // with it, by reference, else by Frame of Reference.
    const named = all.filter((s) => only.includes(s.seriesUID) && s.derived);
    const annotated = new Set(named.flatMap((d) => d.referencedSeriesUIDs));
    const frames = new Set(named.filter((d) => !d.referencedSeriesUIDs.some((r) => all.some((s) => s.seriesUID === r))).map((d) => d.frameOfReferenceUID));
    const images = (s: SeriesInfo): boolean => !s.derived && (annotated.has(s.seriesUID) || (!!s.frameOfReferenceUID && frames.has(s.frameOfReferenceUID)));
    return all.filter((s) => only.includes(s.seriesUID) || images(s) || s.referencedSeriesUIDs.some((r) => only.includes(r)));
  }, [studies, route.seriesUIDs]);
  // Images can be shown once every image series has its metadata; SEG/SR metadata may still be on its way.
  const imagesReady =
    !loading ||
    (studies.length === route.studyUIDs.length &&
      studies.every((st) => st.series.filter((s) => !s.derived).every((s) => s.metadata || s.error)));
  const groups = useMemo(() => groupSeries(allSeries), [allSeries]);

  const stackOf = useCallback(
    (s: SeriesInfo): ImageStack | undefined => {
      if (s.derived) return undefined;
      let st = stacks.current.get(s.seriesUID);
      if (!st) {
        if (!s.metadata) return undefined;
        st = buildImageStack(client.root, s.studyUID, s.seriesUID, s.metadata);
        stacks.current.set(s.seriesUID, st);
      }
      return st;
    },
    [client],
  );

  // A parametric map opened alone: its values on its own grid, shown as the series (overlays of its Frame of
  // Reference still apply).
  const openMapAlone = useCallback(
    (s: SeriesInfo) => {
      const sop = s.instances?.[0]?.sopInstanceUID;
      if (!sop) return;
      const show = (): void => {
        setLayout('stack');
        setActive({ ...s, derived: false, metadata: [] });
      };
      if (stacks.current.has(s.seriesUID)) return show();
      decodeParametricMapInWorker(`${sop}:alone`, (send, restart) => client.instancePieces(s.studyUID, s.seriesUID, sop, send, undefined, undefined, restart).then(() => undefined), seriesLabel(s), null)
        .then((r) => {
          const { min, max } = r.statistics;
          if (min === null || max === null) throw new Error('it has no finite value');
          const planes = r.series.planes;
          stacks.current.set(s.seriesUID, mapImageStack({ key: sop, planes, frameOfReferenceUID: r.series.frameOfReferenceUID, values: r.volume.values, min, max, seriesDescription: seriesLabel(s) }));
          show();
        })
        .catch((e: Error) => addError(`${seriesLabel(s)} cannot be opened alone: ${e.message}`));
    },
    [client, addError],
  );

  // Pick the first series to show: the link's choice, the image series a derived one annotates, or the largest.
  useEffect(() => {
    if (!imagesReady || active) return;
    const images = allSeries.filter((s) => !s.derived && s.metadata && s.instanceCount > 0);
    const wanted = allSeries.find((s) => s.seriesUID === route.initialSeriesUID);
    // A link to a SEG/RTSTRUCT/SR opens the images it annotates: wait for its references.
    if (wanted?.derived && !wanted.instances?.some((i) => i.header) && !wanted.error && loading) return;
    let pick = wanted && !wanted.derived ? wanted : undefined;
    if (!pick && wanted) pick = images.find((s) => wanted.referencedSeriesUIDs.includes(s.seriesUID));
    pick ??= [...images].sort((a, b) => b.instanceCount - a.instanceCount)[0];
    if (pick) setActive(pick);
    else if (!errors.length && studies.length) addError('This study has no image series that can be displayed.');
  }, [imagesReady, loading, active, allSeries, route.initialSeriesUID, addError, errors.length, studies.length]);

  // Show the active series in the current layout.
  useEffect(() => {
    const c = controller.current;
    if (!ready || !c || !active || !grid.current) return;
    const stack = stackOf(active);
    if (!stack || !stack.imageIds.length) {
      addError(`${seriesLabel(active)}: no displayable images.`);
      return;
    }
    setStates({});
    const els = grid.current.elements();
    const run = async (): Promise<void> => {
      if (layout === 'mpr') {
        if (!stack.reconstructable) {
          addError(`${seriesLabel(active)} cannot be shown in MPR (needs 3+ parallel slices); showing the stack.`);
          setLayout('stack');
          return;
        }
        await c.showMpr(els, stack);
      } else {
        // A link's initialSOPInstanceUID: that image first, when it is in this series (its first frame).
        const sop = route.initialSOPInstanceUID;
        const at = sop ? stack.imageIds.findIndex((id) => id.includes(`/instances/${sop}/`)) : -1;
        await c.showStack(els[0], stack, at >= 0 ? at : undefined);
      }
    };
    run().catch((e: Error) => addError(`${seriesLabel(active)}: ${e.message}`));
  }, [ready, active, layout, stackOf, addError, route.initialSOPInstanceUID]);

  useEffect(() => {
    const onResize = (): void => controller.current?.resize();
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, []);

  const activeStack = useMemo(() => (active ? stackOf(active) : undefined), [active, stackOf]);
  const structs = useStructureSets(client, allSeries, active, activeStack);

  const structActions = useMemo<StructPanelActions>(
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
    [structs],
  );

  const segs = useSegmentations(client, allSeries, active, activeStack, route.autoLoadSeg);
  const maps = useParametricMaps(client, allSeries, active, activeStack);
  const mapActions = useMapActions(controller, maps);
  // Quality checks (statistics, comparison and its agreement overlay, SR cross-check): useQuality.ts.
  const qualityViewer = useMemo<QualityViewer>(
    () => ({
      jumpToSlice: (k) => controller.current?.jumpToSlice(k),
      setLayerVisibility: (id, v) => controller.current?.setLayerVisibility(id, v),
    }),
    [],
  );
  const quality = useQuality(active, activeStack, segs.entries, structs.entries, qualityViewer);
  const qualityExtras = useQualityExtras(quality);
  useEffect(() => {
    // A map is drawn filled at its own opacity (set before its layer is first shown).
    for (const e of maps.entries) if (e.overlay) controller.current?.setLayerStyle(e.overlay.segmentationId, 'fill', e.display.opacity);
    controller.current?.setLabelmapLayers([...segs.overlays, ...maps.overlays, ...quality.overlays]);
    // entries' display changes go through mapActions; only new layers matter here
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [segs.overlays, maps.overlays, quality.overlays, ready, layout]);
  const segActions = useMemo<SegPanelActions>(() => {
    const layoutOf = (k: string, n: number) => {
      const e = segs.entries.find((x) => x.key === k);
      const l = e?.result?.layers.segments.find((x) => x.segmentNumber === n);
      return e && l && l.layer >= 0 ? { e, l, id: e.overlays[l.layer].segmentationId } : undefined;
    };
    const setHidden = (k: string, hidden: Set<number>): void => {
      const e = segs.entries.find((x) => x.key === k);
      for (const o of e?.overlays ?? []) controller.current?.setHiddenSegments(o.segmentationId, hidden);
      segs.update(k, () => ({ hidden }));
    };
    return {
      toggleSeg: (k) => {
        const e = segs.entries.find((x) => x.key === k);
        if (!e) return;
        for (const o of e.overlays) controller.current?.setLayerVisibility(o.segmentationId, !e.visible);
        segs.update(k, () => ({ visible: !e.visible }));
      },
      toggleSegment: (k, n) => {
        const e = segs.entries.find((x) => x.key === k);
        if (!e) return;
        const hidden = new Set(e.hidden);
        if (hidden.has(n)) hidden.delete(n);
        else hidden.add(n);
        setHidden(k, hidden);
      },
      showOnly: (k, n) => {
        const e = segs.entries.find((x) => x.key === k);
        if (!e?.result) return;
        setHidden(k, new Set(e.result.segmentation.segments.map((s) => s.segmentNumber).filter((x) => x !== n)));
      },
      showAll: (k) => setHidden(k, new Set()),
      setStyle: (k, mode, opacity) => {
        const e = segs.entries.find((x) => x.key === k);
        for (const o of e?.overlays ?? []) controller.current?.setLayerStyle(o.segmentationId, mode, opacity);
        segs.update(k, () => ({ mode, opacity }));
      },
      jumpTo: (k, n) => {
        const found = layoutOf(k, n);
        if (found && found.l.peakSlice >= 0) controller.current?.jumpToSegment(found.e.overlays.map((o) => o.segmentationId), n, found.l.peakSlice);
      },
    };
  }, [segs]);

  const reports = useReports(client, allSeries);
  const [regionsShown, setRegionsShown] = useState(true);
  const regionLayers = useReportRegions(reports, activeStack, regionsShown);
  useEffect(() => {
    controller.current?.setContourLayers([...structs.layers, ...regionLayers]);
  }, [structs.layers, regionLayers, ready, layout]);
  // What the study holds, to mark report groups whose references point elsewhere: every series of the open
  // studies (not only those a link selected), once all their metadata has arrived.
  const studyContents = useMemo(
    () =>
      loading
        ? null
        : indexStudyContents(studies.flatMap((st) => st.series.map((s) => ({ seriesInstanceUID: s.seriesUID, instances: s.instances?.map((i) => i.header ?? { sopInstanceUID: i.sopInstanceUID, referencedSeriesUIDs: [] }) ?? s.metadata ?? null })))),
    [loading, studies],
  );
  const reportActions = useMemo<ReportPanelActions>(
    () => ({
      selectGroup: (g) => {
        const ref = g.referencedSegment;
        if (!ref?.sopInstanceUID || ref.segmentNumber === null) {
          // A group with image regions: show the regions and go to the slice of the first one.
          const k = regionSlice(regionLayers, reports, g);
          if (typeof k === 'string') return k;
          if (k !== null) {
            setRegionsShown(true);
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
    [segs.entries, segActions, regionLayers, reports],
  );

  const toggleLayout = useCallback(() => setLayout((l) => (l === 'stack' ? 'mpr' : 'stack')), []);
  useKeyboard({ controller, toggleLayout });

  const study0 = studies[0];
  const search = new URLSearchParams(window.location.search);
  return (
    <div className="viewer-page">
      <LinkBanner problems={linkProblems(route, studies, !loading)} />
      <header className="topbar">
        <AppLink className="home" href={listHref(route, search)}>
          ← Studies
        </AppLink>
        {study0 && (
          <span className="patient" data-testid="patient">
            {study0.patientName || '(no name)'} · {study0.patientID} · {formatDate(study0.studyDate)} · {study0.description}
          </span>
        )}
        <span className="source" title={client.root}>
          {client.name}
        </span>
      </header>
      <div className="viewer-body">
        <aside className="sidebar">
          {loading && <p className="muted">Loading series…</p>}
          <SeriesBrowser
            groups={groups}
            activeSeriesUID={active?.seriesUID}
            thumbnailImageId={(s) => {
              if (!ready) return undefined;
              const st = stackOf(s);
              return st?.imageIds[Math.floor(st.imageIds.length / 2)];
            }}
            onSelect={setActive}
            onOpen={openMapAlone}
          />
          <SegPanel entries={segs.entries} actions={segActions} extra={qualityExtras.seg} />
          <MapPanel entries={maps.entries} actions={mapActions} />
          <StructPanel entries={structs.entries} actions={structActions} extra={qualityExtras.struct} />
          <QualityPanel quality={quality} />
          {regionLayers.length > 0 && (
            <label className="regions-toggle">
              <input type="checkbox" checked={regionsShown} onChange={() => setRegionsShown((v) => !v)} /> Show report regions on the images
            </label>
          )}
          <ReportPanel entries={reports} actions={reportActions} contents={studyContents} extra={qualityExtras.report} />
        </aside>
        <main className="viewer-main">
          <div className="toolbar" role="toolbar" aria-label="Viewer tools">
            <button type="button" aria-pressed={layout === 'stack'} onClick={() => setLayout('stack')} title="Single stack (M toggles)">
              Stack
            </button>
            <button type="button" aria-pressed={layout === 'mpr'} onClick={() => setLayout('mpr')} title="Axial, sagittal, coronal (M toggles)">
              MPR
            </button>
            <span className="sep" />
            {WINDOW_PRESETS.map((p) => (
              <button key={p.id} type="button" onClick={() => controller.current?.applyPreset(p)} title={`W ${p.width} L ${p.center} (key ${p.key})`}>
                {p.label}
              </button>
            ))}
            <span className="sep" />
            <button type="button" onClick={() => controller.current?.reset()} title="Reset view (R)">
              Reset
            </button>
          </div>
          {fatal ? (
            <div className="banner error fatal" role="alert">
              {fatal}
            </div>
          ) : (
            <>
              <ViewportGrid ref={grid} layout={layout} states={states} seriesDescription={active ? seriesLabel(active) : ''} />
              <MapLegend entries={maps.entries} />
            </>
          )}
          <AgreementLegend agreement={quality.agreement} label={quality.agreement?.overlay?.label ?? 'Agreement'} onVisible={quality.setAgreementVisible} viewportIds={layout === 'mpr' ? ['mpr-axial'] : ['stack']} />
          <FailureList
            errors={errors}
            onDismiss={(e) => setErrors((x) => x.filter((y) => y !== e))}
            failures={[
              ...studyFailures,
              ...frameFailures(framesFailed, active ? seriesLabel(active) : '', () => controller.current?.retryFailedImages()),
              ...failuresOf([...segs.entries, ...maps.entries, ...structs.entries, ...reports]),
            ]}
          />
        </main>
      </div>
    </div>
  );
}

/** The shown series' failed images as one failure; Retry asks again for those images only. */
function frameFailures(f: FramesFailed | null, series: string, retry: () => void): Failure[] {
  return f ? [{ key: 'frames', message: `${series}: ${f.message}`, retry: f.network ? retry : undefined }] : [];
}
