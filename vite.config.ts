import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * IDC deep links end in `/viewer/?StudyInstanceUIDs=...`. With relative asset URLs (base './') the built app
 * works under any base path; this writes `viewer/index.html` with asset URLs one level up, so that
 * `<base>/viewer/` works on any static host too.
 */
function viewerSubpath(): Plugin {
  return {
    name: 'viewer-subpath',
    apply: 'build',
    writeBundle(options) {
      const dir = options.dir ?? 'dist';
      const html = readFileSync(path.join(dir, 'index.html'), 'utf8').replace(/(src|href)="\.\/(?!\/)/g, '$1="../');
      mkdirSync(path.join(dir, 'viewer'), { recursive: true });
      writeFileSync(path.join(dir, 'viewer/index.html'), html);
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

/** In dev and preview, `/viewer/` serves the app too (a static host does the same with viewer/index.html). */
function viewerRoute(): Plugin {
  const rewrite = (req: { url?: string }): void => {
    if (req.url && /^\/viewer\/?(\?|$)/.test(req.url)) req.url = req.url.replace(/^\/viewer\/?/, '/');
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

export default defineConfig({
  base: './',
  plugins: [react(), contentSecurityPolicy(), viewerSubpath(), viewerRoute()],
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
