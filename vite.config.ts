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
  plugins: [react(), viewerSubpath(), viewerRoute()],
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
