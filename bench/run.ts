// `npm run bench`: prints numbers (no assertions), side by side in one run.
import path from 'node:path';
import { readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { startServer } from '../src/server/start';
import { ensureSampleStudy } from '../src/server/sampleCache';
import { startOrthanc, stowFiles } from '../src/server/orthanc';
import { LUNG1_DIR, shared } from '../src/testing/sharedData';
import { measureLoad, type LoadResult } from './viewerLoad';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CHROMIUM_ARGS = ['--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--no-sandbox', '--disable-background-networking', '--disable-component-update'];

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

function table(rows: LoadResult[]): void {
  const head = ['case', 'server', 'images', 'first image ms', 'series loaded ms', 'HTTP requests', 'MB'];
  const body = rows.map((r) => [r.caseName, r.source, r.images, r.firstImageMs, r.seriesLoadedMs, r.requests, (r.bytes / 1e6).toFixed(1)].map(String));
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i])).join('  ');
  console.log(line(head));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const b of body) console.log(line(b));
}

async function main(): Promise<void> {
  const sampleDir = await ensureSampleStudy(path.join(repoRoot, '.cache/sample'));
  const orthanc = await startOrthanc();
  const port = 4178;
  let server: Awaited<ReturnType<typeof startServer>> | undefined;
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    await stowFiles(orthanc.dicomWebRoot, [...filesUnder(sampleDir).filter((f) => f.endsWith('.dcm')), ...filesUnder(shared(LUNG1_DIR))]);
    server = await startServer({ dirs: [shared(LUNG1_DIR)], sample: true, mounts: [], orthanc: orthanc.baseUrl, port, host: '127.0.0.1', dev: false });
    const base = `http://127.0.0.1:${port}`;
    console.log('\n## Viewer shell: deep link -> first image -> whole series loaded (Chromium, software WebGL)\n');
    const rows: LoadResult[] = [];
    for (const c of [
      { name: 'phantom 512x512x100', patientID: 'PHANTOM-001' },
      { name: 'LUNG1-002 subset', patientID: 'LUNG1-002' },
    ]) {
      for (const s of [
        { name: 'Orthanc', root: '/orthanc/dicom-web' },
        { name: 'embedded', root: '/dicomweb' },
      ]) {
        rows.push(await measureLoad(browser, base, c, s));
      }
    }
    table(rows);
  } finally {
    await browser.close();
    await server?.close();
    await orthanc.stop();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
