// Viewer shell benchmark: navigation -> first image, -> whole series loaded, and HTTP requests, in Chromium,
// for the generated phantom and the LUNG1-002 subset, served by Orthanc and by the embedded server.
import { newBenchContext } from './browserContext';
import type { Browser } from '@playwright/test';

export interface LoadCase {
  name: string;
  patientID: string;
}
export interface LoadSource {
  name: string;
  root: string;
}
export interface LoadResult {
  caseName: string;
  source: string;
  images: number;
  firstImageMs: number;
  seriesLoadedMs: number;
  requests: number;
  bytes: number;
}

async function studyUID(baseUrl: string, root: string, patientID: string): Promise<string> {
  const res = await fetch(`${baseUrl}${root}/studies?PatientID=${encodeURIComponent(patientID)}`);
  const rows = (await res.json()) as Array<Record<string, { Value?: string[] }>>;
  const uid = rows[0]?.['0020000D']?.Value?.[0];
  if (!uid) throw new Error(`no study for PatientID ${patientID} on ${root}`);
  return uid;
}

export async function measureLoad(browser: Browser, baseUrl: string, c: LoadCase, s: LoadSource): Promise<LoadResult> {
  const uid = await studyUID(baseUrl, s.root, c.patientID);
  const context = await newBenchContext(browser);
  const page = await context.newPage();
  let requests = 0;
  let bytes = 0;
  page.on('request', () => requests++);
  page.on('response', (r) => {
    const len = Number(r.headers()['content-length'] ?? 0);
    if (Number.isFinite(len)) bytes += len;
  });
  const param = s.root === '/dicomweb' ? '' : `dicomweb=${s.root}&`;
  await page.goto(`${baseUrl}/viewer/?${param}StudyInstanceUIDs=${uid}`);
  // A string, not a function: tsx would wrap inner functions with a helper the page does not have.
  const marks = await page.waitForFunction(
    `(() => {
      const f = performance.getEntriesByName('viewer:first-image')[0];
      const a = performance.getEntriesByName('viewer:series-loaded')[0];
      const label = document.querySelector('[data-testid="slice-stack"]')?.textContent ?? '';
      return f && a ? { first: f.startTime + f.duration, all: a.startTime + a.duration, label } : null;
    })()`,
    undefined,
    { timeout: 180_000, polling: 50 },
  );
  const v = (await marks.jsonValue()) as { first: number; all: number; label: string };
  await context.close();
  return {
    caseName: c.name,
    source: s.name,
    images: Number(/\/(\d+)/.exec(v.label)?.[1] ?? 0),
    firstImageMs: Math.round(v.first),
    seriesLoadedMs: Math.round(v.all),
    requests,
    bytes,
  };
}
