import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

// package.json's `events` is not imported by our code: the browser bundle resolves Node's `events` to it for a
// dependency (xmlbuilder2, under dcmjs). Without it every viewport stayed blank after a clean `npm ci`.

/**
 * IDC deep links end in `/viewer/?StudyInstanceUIDs=...`. With relative asset URLs (base './') the built app
 * works under any base path; this writes `viewer/index.html` (and `v3/viewer/index.html`, the IDC portal's path)
 * with asset URLs one (two) levels up, so that `<base>/viewer/` and `<base>/v3/viewer/` work on any static host.
 */
function viewerSubpath(): Plugin {
  return {
    name: 'viewer-subpath',
    apply: 'build',
    writeBundle(options) {
      const dir = options.dir ?? 'dist';
      const index = readFileSync(path.join(dir, 'index.html'), 'utf8');
      // viewer/ and IDC portal's v3/viewer/, each with asset URLs as many levels up as it is deep.
      for (const sub of ['viewer', 'v3/viewer']) {
        const up = '../'.repeat(sub.split('/').length);
        mkdirSync(path.join(dir, sub), { recursive: true });
        writeFileSync(path.join(dir, sub, 'index.html'), index.replace(/(src|href)="\.\/(?!\/)/g, `$1="${up}`));
      }
    },
  };
}

/**
 * The static build's Content-Security-Policy, as a meta tag so it holds on any static host. Scripts only from
 * this origin, WebAssembly compiled from them ('wasm-unsafe-eval': the image and SEG codecs), workers from this
 * origin; requests to any http(s) server, since a link or the deployment chooses the DICOMweb server. Dev
 * builds go without it (Vite's client injects inline scripts).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self' blob:",
  "connect-src 'self' http: https: data: blob:",
  "img-src 'self' data: blob:",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self' data:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'none'",
].join('; ');

function contentSecurityPolicy(): Plugin {
  return {
    name: 'content-security-policy',
    apply: 'build',
    transformIndexHtml: (html) => html.replace('<head>', `<head>\n    <meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}" />`),
  };
}

/**
 * The viewer's libraries are evaluated one per task, in order (src/viewer/loadLibraries.ts), and each is only
 * fetched when the previous one has run: six downloads one after another (~0.6 s on loopback, 1.9 MB for
 * Cornerstone's core alone) before the first image. Preload hints for them and the viewer page in index.html
 * fetch them all at once while the shell starts; evaluation keeps its order and its separate tasks.
 */
function preloadViewerChunks(): Plugin {
  return {
    name: 'preload-viewer-chunks',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        const bundle = ctx.bundle;
        if (!bundle) return html;
        const chunks = Object.values(bundle).filter((c) => c.type === 'chunk');
        const holding = (file: string) => chunks.filter((c) => c.moduleIds.some((id) => id.endsWith(file)));
        const wanted = new Set<string>();
        const add = (name: string): void => {
          const c = chunks.find((x) => x.fileName === name);
          if (!c || wanted.has(name) || c.isEntry || html.includes(name)) return;
          wanted.add(name);
          for (const i of c.imports) add(i);
        };
        for (const c of [...holding('src/viewer/loadLibraries.ts'), ...holding('src/app/App.tsx')]) {
          for (const d of c.dynamicImports) add(d);
        }
        for (const c of holding('src/app/ViewerPage.tsx')) add(c.fileName);
        const links = [...wanted].map((f) => `    <link rel="modulepreload" crossorigin href="./${f}">`).join('\n');
        return html.replace('</head>', `${links}\n  </head>`);
      },
    },
  };
}

/** In dev and preview, `/viewer/` serves the app too (a static host does the same with viewer/index.html). */
function viewerRoute(): Plugin {
  const rewrite = (req: { url?: string }): void => {
    if (req.url && /^\/(v3\/)?viewer\/?(\?|$)/.test(req.url)) req.url = req.url.replace(/^\/(v3\/)?viewer\/?/, '/');
  };
  return {
    name: 'viewer-route',
    configureServer(server) {
      server.middlewares.use((req, _res, next) => {
        rewrite(req);
        next();
      });
    },
  };
}

/**
 * Modules of the rendering libraries swapped for ours, which take their answers from the GPU warm-up worker
 * (src/viewer/gpuWarmUp.ts): vtk.js's texture test (src/viewer/norm16Linear.ts) and Cornerstone's capability probe
 * (src/viewer/renderingCapabilities.ts), each said why there. The build only: the dev server pre-bundles the
 * libraries, and our module's copy in that bundle would not get the worker's answer. The build fails if a library
 * stops importing the module it swaps, so that an update cannot drop a swap unseen. Our stand-in may import the
 * original (by its package path): an import from our own module is never swapped.
 */
function moduleSwaps(): Plugin {
  const swaps = [
    {
      importer: /[\\/]@kitware[\\/]vtk\.js[\\/]/,
      source: /(^|\/)Texture\/supportsNorm16Linear(\.js)?$/,
      ours: path.resolve('src/viewer/norm16Linear.ts'),
      gone: 'vtk.js no longer imports Texture/supportsNorm16Linear: see src/viewer/norm16Linear.ts',
    },
    {
      importer: /[\\/]@cornerstonejs[\\/]core[\\/]dist[\\/]esm[\\/]/,
      source: /(^|\/)utilities\/renderingCapabilities(\.js)?$/,
      ours: path.resolve('src/viewer/renderingCapabilities.ts'),
      gone: 'Cornerstone no longer imports utilities/renderingCapabilities: see src/viewer/renderingCapabilities.ts',
    },
  ];
  const used = new Set<number>();
  return {
    name: 'module-swaps',
    apply: 'build',
    enforce: 'pre',
    resolveId(source, importer) {
      if (!importer) return null;
      const i = swaps.findIndex((s) => s.importer.test(importer) && s.source.test(source));
      if (i < 0) return null;
      used.add(i);
      return swaps[i].ours;
    },
    buildEnd(error) {
      if (error) return;
      for (const [i, s] of swaps.entries()) if (!used.has(i)) this.error(s.gone);
    },
  };
}

/** Versions of what draws and parses, as installed at build time, for the About dialog (app/AboutDialog.tsx). */
function installedVersion(pkg: string): string {
  try {
    return (JSON.parse(readFileSync(path.join('node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

export default defineConfig({
  base: './',
  define: {
    __LIBRARY_VERSIONS__: JSON.stringify({
      cornerstoneCore: installedVersion('@cornerstonejs/core'),
      cornerstoneTools: installedVersion('@cornerstonejs/tools'),
      dicomImageLoader: installedVersion('@cornerstonejs/dicom-image-loader'),
      dcmjs: installedVersion('dcmjs'),
      react: installedVersion('react'),
    }),
  },
  plugins: [react(), moduleSwaps(), contentSecurityPolicy(), preloadViewerChunks(), viewerSubpath(), viewerRoute()],
  worker: { format: 'es' },
  optimizeDeps: {
    exclude: ['@cornerstonejs/dicom-image-loader'],
    include: [
      '@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasmjs',
      '@cornerstonejs/codec-charls/decodewasmjs',
      '@cornerstonejs/codec-openjpeg/decodewasmjs',
      '@cornerstonejs/codec-openjph/wasmjs',
      '@cornerstonejs/metadata',
      '@cornerstonejs/utils',
      'dicom-parser',
    ],
  },
  build: { target: 'es2022', chunkSizeWarningLimit: 8000, sourcemap: false },
  server: { fs: { allow: ['..'] } },
});
