// OHIF, the peer viewer of `npm run bench -- peers`: its published build (npm package @ohif/app, `dist/`), kept in
// a cache outside the repository and served as a static site by a small Node server that also passes DICOMweb on
// to Orthanc (Orthanc sends no CORS headers, so the viewer and the server must share an origin, as ours do
// through /orthanc). Nothing of OHIF enters the repository.
import { execFileSync } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';

export const OHIF_VERSION = '3.13.2';

/** Where the package is unpacked: OHIF_CACHE, else ~/.cache/idc-viewer-bench/ohif-<version>. */
export function ohifCacheDir(): string {
  return process.env.OHIF_CACHE ?? path.join(os.homedir(), '.cache', 'idc-viewer-bench', `ohif-${OHIF_VERSION}`);
}

/** OHIF's `dist/`, fetched with `npm pack` and unpacked the first time (about 50 MB packed, 200 MB unpacked). */
export function ensureOhif(): string {
  const dir = ohifCacheDir();
  const dist = path.join(dir, 'package', 'dist');
  if (existsSync(path.join(dist, 'index.html'))) return dist;
  mkdirSync(dir, { recursive: true });
  console.log(`Fetching @ohif/app@${OHIF_VERSION} with npm pack into ${dir} (once)...`);
  execFileSync('npm', ['pack', `@ohif/app@${OHIF_VERSION}`, '--pack-destination', dir, '--silent'], { stdio: 'inherit' });
  const tgz = readdirSync(dir).find((f) => f.endsWith('.tgz'));
  if (!tgz) throw new Error(`npm pack left no .tgz in ${dir}`);
  rmSync(path.join(dir, 'package'), { recursive: true, force: true });
  execFileSync('tar', ['xzf', tgz], { cwd: dir });
  if (!existsSync(path.join(dist, 'index.html'))) throw new Error(`@ohif/app@${OHIF_VERSION} has no dist/index.html`);
  return dist;
}

/**
 * OHIF's configuration for one DICOMweb server on this origin: its documented Orthanc set-up (qido/wado at
 * /dicom-web, WADO-RS images, BulkDataURIs followed), the rest as its default build has it.
 */
function appConfig(): string {
  return `window.config = {
  routerBasename: null,
  extensions: [],
  modes: [],
  showStudyList: true,
  maxNumberOfWebWorkers: 3,
  showWarningMessageForCrossOrigin: false,
  showCPUFallbackMessage: false,
  showLoadingIndicator: true,
  strictZSpacingForVolumeViewport: true,
  investigationalUseDialog: { option: 'never' },
  defaultDataSourceName: 'orthanc',
  dataSources: [
    {
      namespace: '@ohif/extension-default.dataSourcesModule.dicomweb',
      sourceName: 'orthanc',
      configuration: {
        friendlyName: 'Orthanc (bench)',
        name: 'orthanc',
        wadoUriRoot: '/wado',
        qidoRoot: '/dicom-web',
        wadoRoot: '/dicom-web',
        qidoSupportsIncludeField: false,
        imageRendering: 'wadors',
        thumbnailRendering: 'wadors',
        enableStudyLazyLoad: true,
        supportsFuzzyMatching: false,
        supportsWildcard: true,
        omitQuotationForMultipartRequest: true,
        bulkDataURI: { enabled: true },
      },
    },
  ],
};
`;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.onnx': 'application/octet-stream',
};

export interface StaticPeer {
  url: string;
  close(): Promise<void>;
}

/** Serves `dist` (unknown paths answer index.html: OHIF routes in the page) and passes /dicom-web and /wado to Orthanc. */
export function serveOhif(dist: string, orthancBaseUrl: string, port: number): Promise<StaticPeer> {
  const upstream = new URL(orthancBaseUrl);
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname.startsWith('/dicom-web/') || url.pathname === '/wado') {
      // The Host header stays ours, so the BulkDataURIs Orthanc writes point back here.
      const p = http.request(
        { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers },
        (r) => {
          res.writeHead(r.statusCode ?? 502, r.headers);
          r.pipe(res);
        },
      );
      p.on('error', () => res.destroy());
      req.pipe(p);
      return;
    }
    if (url.pathname === '/app-config.js') {
      res.writeHead(200, { 'content-type': TYPES['.js'], 'cache-control': 'no-store' });
      res.end(appConfig());
      return;
    }
    let file = path.join(dist, path.normalize(decodeURIComponent(url.pathname)).replace(/^(\.\.[/\\])+/, ''));
    if (!file.startsWith(dist) || !existsSync(file) || statSync(file).isDirectory()) file = path.join(dist, 'index.html');
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'content-length': statSync(file).size });
    createReadStream(file).pipe(res);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${port}`,
        close: () => new Promise<void>((done) => {
          server.closeAllConnections();
          server.close(() => done());
        }),
      }),
    );
  });
}
