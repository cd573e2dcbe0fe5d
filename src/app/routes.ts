// The URL contract, in one place: every route and parameter the viewer understands.
//
//   <appRoot>                         study list (search by patient, modality, date)
//   <appRoot>?StudyInstanceUIDs=a,b   viewer (IDC portal / OHIF style deep link)
//   <appRoot>viewer/?StudyInstanceUIDs=a,b&SeriesInstanceUIDs=x&initialSeriesInstanceUID=y&initialSOPInstanceUID=z
//   <appRoot>v3/viewer/?...          the same (IDC portal's path)
//
// Parameter keys are matched without regard to case. Data source: `dicomweb` (absolute URL or a path on this
// origin), or `datasource` = local | idc | orthanc, or `gcp` = projects/P/locations/L/datasets/D/dicomStores/S.
// Local data instead of a server: `url=<Part 10 file over http(s)>` (repeatable; fetched without any token) and
// `files` (the files dropped or picked in this tab; a reload forgets them).
// `layout=` stack | 1x2 | 2x2 | mpr | 3d starts in that layout (kept in the URL as it changes: layoutSearch); `cells=a,b,,c`
// the series of each grid cell, in reading order (empty: an empty cell; the first is the panels' series; kept in the
// URL as cells change: cellsSearch); `seg=off` does not load segmentations automatically.
// Study list filters: ours (`patient`, `modality`, `date`) and OHIF v3's study-list keys (platform/app WorkList:
// `patientName`, `mrn`, `startDate`/`endDate`, `description`, `modalities` (comma-separated), `accession`; also
// `studyDate` as our `date`). Any other key is named in the link banner as ignored.
import { PRESETS, googleHealthcareRoot, resolveRoot } from '../dicomweb/presets';

/** One viewport, two or four side by side (each its own series), the three MPR planes of one series, or those and its segments in 3D. */
export type Layout = 'stack' | '1x2' | '2x2' | 'mpr' | '3d';
export const LAYOUTS: readonly Layout[] = ['stack', '1x2', '2x2', 'mpr', '3d'];

/** A `layout` value as written in a link (1x1 is the stack); null when it is none of them. */
function layoutOf(value: string): Layout | null {
  const v = value.toLowerCase();
  return v === '1x1' ? 'stack' : (LAYOUTS.find((l) => l === v) ?? null);
}

export interface AppRoute {
  /** Path of the app's root, ending in '/', e.g. '/' or '/viewers/ours/' */
  appRoot: string;
  view: 'list' | 'viewer';
  studyUIDs: string[];
  seriesUIDs: string[];
  initialSeriesUID?: string;
  /** the image to show first (`initialSOPInstanceUID`), in the series shown first */
  initialSOPInstanceUID?: string;
  dicomwebRoot: string;
  dataSourceLabel: string;
  layout: Layout;
  /** the series of each grid cell (`cells`), '' for an empty cell; empty when the link names none */
  cells: string[];
  /** load SEGs of the shown series automatically (`seg=off` turns it off) */
  autoLoadSeg: boolean;
  /** study list filters (the patient box matches ID or name; `modality` may list several, comma-separated) */
  patient: string;
  modality: string;
  date: string;
  description: string;
  accession: string;
  /** Part 10 files to fetch and show (`url`, repeatable), in link order */
  partTenUrls: string[];
  /** the files dropped or picked in this tab are the data source (`files`) */
  localFiles: boolean;
  /** problems with the URL itself, shown to the person */
  errors: string[];
}

/**
 * The series a link names within its one study, to be loaded first (a SEG, mostly); none when the link opens
 * several studies (which study a series belongs to is not known before their lists).
 */
export function linkedSeriesOf(route: Pick<AppRoute, 'studyUIDs' | 'seriesUIDs'>): string[] {
  return route.studyUIDs.length === 1 ? route.seriesUIDs : [];
}

const UID = /^[0-9]+(\.[0-9]+)*$/;

/** Every key the viewer reads (lower case); others are reported as ignored. */
const KNOWN_KEYS = new Set(
  [
    'StudyInstanceUIDs', 'StudyInstanceUID', 'SeriesInstanceUIDs', 'SeriesInstanceUID', 'initialSeriesInstanceUID',
    'initialSOPInstanceUID', 'layout', 'cells', 'seg', 'dicomweb', 'datasource', 'gcp', 'patient', 'modality', 'date', 'url', 'files',
    // OHIF v3 study list
    'patientName', 'mrn', 'studyDate', 'startDate', 'endDate', 'description', 'modalities', 'accession',
  ].map((k) => k.toLowerCase()),
);

function get(params: URLSearchParams, ...keys: string[]): string | undefined {
  const wanted = keys.map((k) => k.toLowerCase());
  for (const [k, v] of params) if (wanted.includes(k.toLowerCase())) return v;
  return undefined;
}

/** Every value of these keys, in link order: OHIF and IDC links may repeat a key instead of joining with commas. */
function getAll(params: URLSearchParams, ...keys: string[]): string | undefined {
  const wanted = keys.map((k) => k.toLowerCase());
  const values = [...params].filter(([k]) => wanted.includes(k.toLowerCase())).map(([, v]) => v);
  return values.length ? values.join(',') : undefined;
}

function uidList(v: string | undefined, what: string, errors: string[]): string[] {
  if (!v) return [];
  const list = v.split(/[,\\]/).map((s) => s.trim()).filter(Boolean);
  const bad = list.filter((u) => !UID.test(u) || u.length > 64);
  if (bad.length) errors.push(`${what}: not a DICOM UID: ${bad.join(', ')}`);
  return list.filter((u) => !bad.includes(u));
}

/** Grid cells hold at most this many series (2x2). */
const MAX_CELLS = 4;

/** `cells`: a UID or nothing per cell; what is not a UID is reported and leaves its cell empty. */
function cellList(v: string, errors: string[]): string[] {
  const list = v.split(',').map((s) => s.trim());
  const bad = list.filter((u) => u && (!UID.test(u) || u.length > 64));
  if (bad.length) errors.push(`cells: not a DICOM UID: ${bad.join(', ')}`);
  if (list.length > MAX_CELLS) errors.push(`cells: ${list.length} series for at most ${MAX_CELLS} viewports; the rest ignored`);
  return list.slice(0, MAX_CELLS).map((u) => (bad.includes(u) ? '' : u));
}

export function appRootOf(pathname: string): string {
  // IDC's portal links to <host>/v3/viewer/: the build answers there too (vite.config.ts), its root one level up.
  const i = pathname.search(/\/(v3\/)?viewer(\/|$)/);
  const root = i >= 0 ? pathname.slice(0, i + 1) : pathname.replace(/[^/]*$/, '');
  return root || '/';
}

export function parseRoute(href: string): AppRoute {
  const url = new URL(href);
  const p = url.searchParams;
  const errors: string[] = [];
  const appRoot = appRootOf(url.pathname);
  const studyUIDs = [...new Set(uidList(getAll(p, 'StudyInstanceUIDs', 'StudyInstanceUID'), 'StudyInstanceUIDs', errors))];
  const seriesUIDs = [...new Set(uidList(getAll(p, 'SeriesInstanceUIDs', 'SeriesInstanceUID'), 'SeriesInstanceUIDs', errors))];
  const initial = uidList(get(p, 'initialSeriesInstanceUID'), 'initialSeriesInstanceUID', errors)[0];
  const initialSOP = uidList(get(p, 'initialSOPInstanceUID'), 'initialSOPInstanceUID', errors)[0];

  let dicomwebRoot = PRESETS.local(appRoot).root;
  let dataSourceLabel = PRESETS.local(appRoot).label;
  const dw = get(p, 'dicomweb');
  const ds = get(p, 'datasource')?.toLowerCase();
  const gcp = get(p, 'gcp');
  if (dw) {
    dicomwebRoot = dw;
    dataSourceLabel = dw;
  } else if (gcp) {
    try {
      dicomwebRoot = googleHealthcareRoot(gcp);
      dataSourceLabel = `Google Healthcare: ${gcp}`;
    } catch (e) {
      errors.push((e as Error).message);
    }
  } else if (ds) {
    const preset = PRESETS[ds];
    if (preset) {
      dicomwebRoot = preset(appRoot).root;
      dataSourceLabel = preset(appRoot).label;
    } else errors.push(`datasource: unknown "${ds}" (use ${Object.keys(PRESETS).join(', ')})`);
  }
  const layoutValue = get(p, 'layout');
  const layout = layoutValue ? layoutOf(layoutValue) : 'stack';
  if (!layout) errors.push(`layout: unknown "${layoutValue}" (use ${LAYOUTS.join(', ')})`);
  const cellsValue = get(p, 'cells');
  const cells = cellsValue ? cellList(cellsValue, errors) : [];
  const unknown = [...new Set([...p.keys()].filter((k) => !KNOWN_KEYS.has(k.toLowerCase())))];
  if (unknown.length) errors.push(`not understood, ignored: ${unknown.join(', ')}`);
  // OHIF's startDate/endDate (YYYYMMDD) make one range, open at the end not given.
  const [start, end] = [get(p, 'startDate') ?? '', get(p, 'endDate') ?? ''];
  const range = start || end ? (start === end ? start : `${start}-${end}`) : '';
  return {
    appRoot,
    view: studyUIDs.length ? 'viewer' : 'list',
    studyUIDs,
    seriesUIDs,
    initialSeriesUID: initial ?? seriesUIDs[0],
    initialSOPInstanceUID: initialSOP,
    dicomwebRoot: safeRoot(dicomwebRoot, url.origin, appRoot, errors),
    dataSourceLabel,
    layout: layout ?? 'stack',
    cells,
    autoLoadSeg: get(p, 'seg')?.toLowerCase() !== 'off',
    patient: get(p, 'patient') || get(p, 'mrn') || get(p, 'patientName') || '',
    modality: get(p, 'modality') || get(p, 'modalities') || '',
    date: get(p, 'date') || get(p, 'studyDate') || range,
    description: get(p, 'description') ?? '',
    accession: get(p, 'accession') ?? '',
    partTenUrls: [...p].filter(([k, v]) => k.toLowerCase() === 'url' && v).map(([, v]) => v),
    localFiles: [...p.keys()].some((k) => k.toLowerCase() === 'files'),
    errors,
  };
}

/** The data source's absolute root; a refused one is reported and the default server is used instead. */
function safeRoot(value: string, origin: string, appRoot: string, errors: string[]): string {
  try {
    return resolveRoot(value, origin, appRoot);
  } catch (e) {
    errors.push((e as Error).message);
    return resolveRoot(PRESETS.local(appRoot).root, origin, appRoot);
  }
}

/** Parameters that pick the data source, carried over to every link the app makes. */
function sourceParams(current: URLSearchParams): URLSearchParams {
  const out = new URLSearchParams();
  for (const [k, v] of current) {
    const key = k.toLowerCase();
    if (['dicomweb', 'datasource', 'gcp', 'files'].includes(key)) out.set(k, v);
    // Each file of a `url` link stays named: the key repeats.
    else if (key === 'url') out.append(k, v);
  }
  return out;
}

/** The study list's filters, as they appear in its links. */
export type ListFilter = 'patient' | 'modality' | 'date' | 'description' | 'accession';

export function viewerHref(
  route: AppRoute,
  current: URLSearchParams,
  study: string[],
  extra: { series?: string; layout?: Layout } = {},
): string {
  const q = sourceParams(current);
  q.set('StudyInstanceUIDs', study.join(','));
  if (extra.series) q.set('initialSeriesInstanceUID', extra.series);
  if (extra.layout && extra.layout !== 'stack') q.set('layout', extra.layout);
  return `${route.appRoot}viewer/?${q.toString()}`;
}

export function listHref(route: AppRoute, current: URLSearchParams, filters: Partial<Record<ListFilter, string>> = {}): string {
  const q = sourceParams(current);
  for (const [k, v] of Object.entries(filters)) if (v) q.set(k, v);
  const s = q.toString();
  return `${route.appRoot}${s ? `?${s}` : ''}`;
}

/** The page's query with `layout` set to this one (the stack, the default, leaves it out): the URL follows the layout. */
export function layoutSearch(current: URLSearchParams, layout: Layout): string {
  const q = new URLSearchParams([...current].filter(([k]) => k.toLowerCase() !== 'layout'));
  if (layout !== 'stack') q.set('layout', layout);
  const s = q.toString();
  return s ? `?${s}` : '';
}

/**
 * The page's query with `cells` naming each grid cell's series (empty cells left empty, trailing ones dropped);
 * none when only the first cell shows something (the link then opens as without it).
 */
export function cellsSearch(current: URLSearchParams, cells: ReadonlyArray<string | undefined>): string {
  const q = new URLSearchParams([...current].filter(([k]) => k.toLowerCase() !== 'cells'));
  const list = cells.map((c) => c ?? '');
  while (list.length && !list[list.length - 1]) list.pop();
  if (list.slice(1).some(Boolean)) q.set('cells', list.join(','));
  const s = q.toString();
  return s ? `?${s}` : '';
}
