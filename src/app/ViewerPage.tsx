import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { AppRoute, Layout } from './routes';
import { linkedSeriesOf, listHref } from './routes';
import type { DicomwebClient } from '../dicomweb/client';
import { groupSeries, formatDate, seriesLabel, type SeriesInfo } from './studyModel';
import { useStudies } from './useStudies';
import { FailureList, failuresOf, type Failure } from './FailureList';
import { SeriesBrowser } from './SeriesBrowser';
import { ViewportGrid, type ViewportGridHandle } from './ViewportGrid';
import type { FramesFailed } from '../viewer/ViewerController';
import { useKeyboard } from './useKeyboard';
import { ShortcutHelp } from './ShortcutHelp';
import { useStructureSets } from './useStructureSets';
import { StructPanel } from './StructPanel';
import { useSegmentations } from './useSegmentations';
import { SegPanel } from './SegPanel';
import { useLayerDisplayChanges } from './useLayerDisplay';
import { useMapActions, useMapLayers, useParametricMaps } from './useParametricMaps';
import { MapLegend, MapPanel } from './MapPanel';
import { setDecodedSizeCeiling } from './derivedDecoder';
import { useReports } from './useReports';
import { ReportPanel } from './ReportPanel';
import { indexStudyContents } from '../dicom/sr/studyReferences';
import { useReportRegions } from './useReportRegions';
import { useQuality, type QualityViewer } from './useQuality';
import { useQualityExtras } from './qualityExtras';
import { AgreementLegend, QualityPanel } from './QualityPanel';
import { AppLink } from './navigation';
import { useViewer } from './useViewer';
import { firstSeries, linkedSeries, waitForSeriesList } from './linkedSeries';
import { useImageStacks } from './useImageStacks';
import { useReportActions, useSegActions, useStructActions } from './panelActions';
import { ViewerToolbar } from './ViewerToolbar';
import { LinkBanner } from './LinkBanner';
import { useLayout } from './useLayout';
import { linkProblems } from './linkProblems';
import { useMeasurements } from './useMeasurements';
import { MeasurementsPanel } from './MeasurementsPanel';
import { useSrExport } from './useSrExport';
import { ToolSelector } from './ToolSelector';
import { SeriesDownload } from './zip/SeriesDownload';
import { AboutButton } from './AboutDialog';
import { PetUnits, petSuv } from './PetUnits';
import { SidePanel } from './SidePanel';
import { isDataPreset, presetsFor, type AnyPreset } from '../viewer/presets';
import { isMprLayout } from '../viewer/layouts';
import { SURFACE_VIEWPORT_ID } from '../viewer/surfaceView';
import { useSurfaces } from './useSurfaces';
import { SurfaceStatus } from './SurfaceStatus';

interface Props {
  route: AppRoute;
  client: DicomwebClient;
  /** the deployment's bound of the image cache (app-config.json) */
  imageCacheMB?: number;
  /** the deployment's ceiling on one derived object's decoded size (app-config.json) */
  maxDecodedMB?: number;
}

export function ViewerPage({ route, client, imageCacheMB, maxDecodedMB }: Props) {
  const { studies, loading, failures: studyFailures } = useStudies(client, route.studyUIDs, linkedSeriesOf(route));
  const [errors, setErrors] = useState<string[]>([]);
  const [active, setActive] = useState<SeriesInfo>();
  const grid = useRef<ViewportGridHandle>(null);

  const addError = useCallback((m: string) => setErrors((e) => (e.includes(m) ? e : [...e, m].slice(-5))), []);
  const { controller, ready, fatal, states, clearStates, framesFailed } = useViewer(client, imageCacheMB, addError);

  useEffect(() => setDecodedSizeCeiling(maxDecodedMB ? Math.round(maxDecodedMB * 1024 * 1024) : null), [maxDecodedMB]);

  const allSeries = useMemo(
    () => linkedSeries(studies.flatMap((s) => s.series), route.seriesUIDs, new Set(studies.filter((s) => s.partial).map((s) => s.studyUID))),
    [studies, route.seriesUIDs],
  );
  // Images can be shown once every image series has its metadata; SEG/SR metadata may still be on its way.
  const imagesReady =
    !loading ||
    (studies.length === route.studyUIDs.length &&
      studies.every((st) => st.series.filter((s) => !s.derived).every((s) => s.metadata || s.error)));
  const groups = useMemo(() => groupSeries(allSeries), [allSeries]);

  const setLayoutRef = useRef<(l: Layout) => void>(() => undefined);
  const showAlone = useCallback((s: SeriesInfo) => {
    setLayoutRef.current('stack');
    setActive(s);
  }, []);
  const { stackOf, openMapAlone } = useImageStacks(client, addError, showAlone);
  const imageSeries = useMemo(() => groups.flatMap((g) => (g.image ? [g.image] : [])), [groups]);
  const lay = useLayout({
    initial: route.layout, controller, ready, grid, active, setActive, imageSeries, stackOf, states, clearStates, addError, initialSOPInstanceUID: route.initialSOPInstanceUID, initialCells: route.cells,
  });
  const { layout, setLayout } = lay;
  useEffect(() => {
    setLayoutRef.current = setLayout;
  }, [setLayout]);

  // Pick the first series to show: the link's choice, the image series a derived one annotates, or the largest.
  useEffect(() => {
    if (!imagesReady || active) return;
    // A study whose image series alone are listed yet (studyModel.loadStudy): see waitForSeriesList.
    if (waitForSeriesList(studies, route.initialSeriesUID, route.cells)) return;
    // A link's first cell is the series shown last (the URL follows it), so it wins over initialSeriesInstanceUID.
    const cell0 = route.cells[0] && imageSeries.some((x) => x.seriesUID === route.cells[0]) ? route.cells[0] : undefined;
    const first = firstSeries(allSeries, cell0 ?? route.initialSeriesUID, loading);
    if (first === 'wait') return;
    if (first.pick) setActive(first.pick);
    else if (!errors.length && studies.length) addError('This study has no image series that can be displayed.');
  }, [imagesReady, loading, active, allSeries, route.initialSeriesUID, route.seriesUIDs.length, route.cells, imageSeries, addError, errors.length, studies]);

  const activeStack = useMemo(() => (active ? stackOf(active) : undefined), [active, stackOf]);
  const structs = useStructureSets(client, allSeries, active, activeStack);
  const structActions = useStructActions(structs, controller);

  const segs = useSegmentations(client, allSeries, active, activeStack, route.autoLoadSeg, controller, ready);
  const maps = useParametricMaps(client, allSeries, active, activeStack, controller, ready);
  const mapActions = useMapActions(controller, maps);
  // Quality checks (statistics, comparison and its agreement overlay, SR cross-check): useQuality.ts.
  const qualityViewer = useMemo<QualityViewer>(
    () => ({
      jumpToSlice: (k) => controller.current?.jumpToSlice(k),
      setLayerVisibility: (id, v) => controller.current?.setLayerVisibility(id, v),
      layerVisible: (id) => controller.current?.labelmapDisplay(id).visible ?? true,
    }),
    [controller],
  );
  const displayChanges = useLayerDisplayChanges(controller, ready);
  const quality = useQuality(active, activeStack, segs.entries, structs.entries, qualityViewer, displayChanges);
  const qualityExtras = useQualityExtras(quality);
  useMapLayers(controller, maps, ready);
  useEffect(() => controller.current?.setLabelmapGroup('quality', quality.overlays), [quality.overlays, ready, controller]);
  const segActions = useSegActions(segs, controller);
  const surfaces = useSurfaces(layout === '3d', active, activeStack, segs.entries, structs.entries, controller, ready);

  const reports = useReports(client, allSeries);
  const [regionsShown, setRegionsShown] = useState(true);
  const regionLayers = useReportRegions(reports, activeStack, regionsShown);
  useEffect(() => {
    controller.current?.setContourLayers([...structs.layers, ...regionLayers]);
  }, [structs.layers, regionLayers, ready, layout, controller]);
  // What the study holds, to mark report groups whose references point elsewhere: every series of the open
  // studies (not only those a link selected), once all their metadata has arrived.
  const studyContents = useMemo(
    () =>
      loading
        ? null
        : indexStudyContents(studies.flatMap((st) => st.series.map((s) => ({ seriesInstanceUID: s.seriesUID, instances: s.instances?.map((i) => i.header ?? { sopInstanceUID: i.sopInstanceUID, referencedSeriesUIDs: [] }) ?? s.metadata ?? null })))),
    [loading, studies],
  );
  const showRegions = useCallback(() => setRegionsShown(true), []);
  const reportActions = useReportActions(reports, regionLayers, showRegions, segs, segActions, controller);

  const toggleLayout = useCallback(() => setLayout((l) => (l === 'mpr' ? 'stack' : 'mpr')), [setLayout]);
  const cine = Object.values(states).find((st) => st.cine)?.cine ?? null;
  const measurements = useMeasurements(controller, ready);
  const exportSr = useSrExport(controller, allSeries, stackOf, studies[0]?.patientID ?? '');
  const seriesName = useCallback((uid: string) => {
    const s = allSeries.find((x) => x.seriesUID === uid);
    return s ? seriesLabel(s) : uid;
  }, [allSeries]);
  const resizeViewer = useCallback(() => controller.current?.resize(), [controller]);
  const suv = useMemo(() => petSuv(active), [active]);
  const presets = useMemo(() => presetsFor(active?.modality, !!suv?.suvbw), [active?.modality, suv]);
  const applyPreset = useCallback((p: AnyPreset) => (isDataPreset(p) ? controller.current?.applyDataWindow(p.rule) : controller.current?.applyPreset(p)), [controller]);
  const keys = useKeyboard({ controller, toggleLayout, imageSeries, active, select: setActive, cine, presets, applyPreset });

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
        <SeriesDownload client={client} group={groups.find((g) => g.image && g.image.seriesUID === active?.seriesUID)} patientID={study0?.patientID ?? ''} onError={addError} />
        <AboutButton client={client} />
      </header>
      <div className="viewer-body">
        <SidePanel id="series" label="Series and annotations" onLayout={resizeViewer}>
          {loading && <p className="muted">Loading series…</p>}
          <SeriesBrowser
            groups={groups}
            activeSeriesUID={active?.seriesUID}
            thumbnailImageId={(s) => {
              if (!ready) return undefined;
              const st = stackOf(s);
              return st?.imageIds[Math.floor(st.imageIds.length / 2)];
            }}
            onSelect={lay.select}
            onOpen={openMapAlone}
          />
          <MeasurementsPanel m={measurements} seriesName={seriesName} studyName={study0?.patientID ?? ''} exportSr={exportSr} />
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
        </SidePanel>
        <main className="viewer-main">
          <ViewerToolbar layout={layout} setLayout={setLayout} sync={lay.sync} setSync={lay.setSync} presets={presets} applyPreset={applyPreset} run={keys.run} cine={cine} cineRate={keys.cineRate} setCineRate={keys.changeCineRate} tools={<ToolSelector tool={measurements.tool} setTool={measurements.setTool} mpr={isMprLayout(layout)} />} />
          {keys.helpOpen && <ShortcutHelp onClose={keys.closeHelp} />}
          <PetUnits suv={suv} />
          {fatal ? (
            <div className="banner error fatal" role="alert">
              {fatal}
            </div>
          ) : (
            <>
              <ViewportGrid ref={grid} layout={layout} states={states} cells={lay.cells} imageSeries={imageSeries} onCellSeries={lay.showInCell} cellExtras={{ [SURFACE_VIEWPORT_ID]: <SurfaceStatus p={surfaces} /> }} />
              <MapLegend entries={maps.entries} />
            </>
          )}
          <AgreementLegend agreement={quality.agreement} label={quality.agreement?.overlay?.label ?? 'Agreement'} onVisible={quality.setAgreementVisible} viewportIds={isMprLayout(layout) ? ['mpr-axial'] : ['stack']} />
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
