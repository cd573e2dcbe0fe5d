import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import { NavigationProvider, useLocationHref } from './navigation';
import { linkedSeriesOf, parseRoute, type AppRoute } from './routes';
import { loadConfig, type AppConfig } from './config';
import { DicomwebClient } from '../dicomweb/client';
import { chooseServer } from './serverChoice';
import { StudyList } from './StudyList';
import { LinkBanner } from './LinkBanner';
import { loadViewerLibraries } from '../viewer/loadLibraries';
import { askStudyEarly } from './studyModel';
import { useLocalFiles } from './localFiles/useLocalFiles';
import { DropTarget, LocalFilesGone, LocalFilesStatus, OpenFilesContext } from './localFiles/LocalFilesUi';

/** The viewer page and what it draws with come after the app shell, in several tasks (loadLibraries.ts). */
let viewerPage: Promise<{ default: typeof import('./ViewerPage').ViewerPage }> | undefined;
const loadViewerPage = (): NonNullable<typeof viewerPage> =>
  (viewerPage ??= loadViewerLibraries()
    .then(() => import('./ViewerPage'))
    .then((m) => ({ default: m.ViewerPage })));
const ViewerPage = lazy(loadViewerPage);

/**
 * The deployment's settings for the page's first address, asked for as this module runs: the link's study queries
 * wait for them, and asked from the first render's effect they went out ~0.4 s later, behind the viewer's
 * libraries evaluating (their chunks are preloaded, vite.config.ts).
 */
const firstHref = window.location.href;
const firstRoute = parseRoute(firstHref);
const firstAppRoot = firstRoute.appRoot;
const firstConfig = loadConfig(firstAppRoot);

/** The DICOMweb client of a route reading a server (not local files), as the deployment's settings choose it. */
function serverClient(config: AppConfig, route: AppRoute): DicomwebClient {
  const { root, bearerToken, name } = chooseServer(config, route, window.location.search, window.location.origin);
  return new DicomwebClient({ root, bearerToken, name, ...config.network });
}

/** Clients whose link's studies were asked for already (a second early ask would go to the server again). */
const askedEarly = new WeakSet<DicomwebClient>();

/** A link's study is asked for while the viewer's code loads (the page takes the answers when it is up). */
function askLinkEarly(client: DicomwebClient, route: AppRoute): void {
  if (route.view !== 'viewer' || askedEarly.has(client)) return;
  askedEarly.add(client);
  // A series the link names is in its study when the link names one study (else: which one?).
  for (const uid of route.studyUIDs) askStudyEarly(client, uid, linkedSeriesOf(route));
}

/**
 * The first address's client, made and its link's study asked for as soon as the settings are in: from the first
 * render's effect the queries went out 0.15 s later (the viewer's libraries evaluate between React's tasks).
 */
let firstClient: { config: AppConfig; client: DicomwebClient } | undefined;
void firstConfig.then((config) => {
  if (firstRoute.localFiles || firstRoute.partTenUrls.length > 0 || firstRoute.view !== 'viewer') return;
  firstClient = { config, client: serverClient(config, firstRoute) };
  askLinkEarly(firstClient.client, firstRoute);
});

export function App() {
  const [href, navigate] = useLocationHref();
  const route = useMemo(() => parseRoute(href), [href]);
  const [config, setConfig] = useState<AppConfig | null>(null);
  // While app-config.json is asked for.
  useEffect(() => {
    if (route.view !== 'list') void loadViewerPage();
  }, [route.view]);
  useEffect(() => {
    void (route.appRoot === firstAppRoot ? firstConfig : loadConfig(route.appRoot)).then(setConfig);
  }, [route.appRoot]);
  const local = useLocalFiles(route, navigate, config);
  // Local files (dropped, picked, or `?url=` links) are read through a client of their own; nothing else changes.
  const readsLocal = route.localFiles || route.partTenUrls.length > 0;
  const client = useMemo(() => {
    if (!config) return null;
    if (readsLocal) return local.source?.client() ?? null;
    // The first address's own client, its study already asked for (until that page is left: its client closes).
    if (firstClient && firstClient.config === config && href === firstHref) return firstClient.client;
    return serverClient(config, route);
  }, [config, route, readsLocal, local.source, href]);
  useEffect(() => {
    if (client && !readsLocal) askLinkEarly(client, route);
  }, [client, route, readsLocal]);
  // Requests of a study or list that was left are cancelled.
  useEffect(
    () => () => {
      if (firstClient?.client === client) firstClient = undefined;
      client?.close();
    },
    [client],
  );
  const chrome = (
    <>
      <DropTarget onFiles={local.openFiles} />
      <LocalFilesStatus status={local.status} onDismiss={local.dismiss} />
    </>
  );
  if (!client) {
    // Files of a reload are gone; links whose files all failed say so: either way, the pickers instead.
    const waiting = local.status?.kind === 'reading' || (route.partTenUrls.length > 0 && !local.status);
    const gone = config && readsLocal && !waiting;
    return (
      <OpenFilesContext.Provider value={local.openFiles}>
        <div className="app">
          {chrome}
          {gone ? <LocalFilesGone fromLinks={route.partTenUrls.length > 0} /> : <div className="splash">Loading…</div>}
        </div>
      </OpenFilesContext.Provider>
    );
  }
  return (
    <NavigationProvider value={navigate}>
    <OpenFilesContext.Provider value={local.openFiles}>
    <div className="app">
      {chrome}
      {/* the viewer says the link's problems with what its studies hold (LinkBanner there) */}
      {route.view === 'list' && <LinkBanner problems={route.errors} />}
      {route.view === 'list' ? (
        <StudyList key={href} route={route} client={client} />
      ) : (
        <Suspense fallback={<div className="splash">Loading…</div>}>
          <ViewerPage key={href} route={route} client={client} imageCacheMB={config?.imageCacheMB} maxDecodedMB={config?.maxDecodedMB} />
        </Suspense>
      )}
    </div>
    </OpenFilesContext.Provider>
    </NavigationProvider>
  );
}
