import { expect, test, type Page } from '@playwright/test';
import { expectRendered, studyUID } from './helpers';
import { writeFileSync } from 'node:fs';
const CT3_STUDY = '1.2.392.200103.20080913.113635.0.2009.6.22.21.43.10.22941.1';
async function openFromList(page: Page, uid: string): Promise<void> {
  await page.locator(`tr[data-study-uid="${uid}"] a`).click();
  await expectRendered(page, 'stack');
  await expect(page.locator('[data-seg-key][data-status="loading"], [data-rtstruct-key][data-status="loading"]')).toHaveCount(0, { timeout: 60_000 });
}
test('heapdiff', async ({ page, request }) => {
  test.setTimeout(400_000);
  const studies = [await studyUID(request, '/dicomweb', 'PatientID=PHANTOM-001'), await studyUID(request, '/dicomweb', 'PatientID=LUNG1-002'), await studyUID(request, '/dicomweb', `StudyInstanceUID=${CT3_STUDY}`)];
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning' || /WebGL|context/i.test(m.text())) console.log('PAGE', m.type(), m.text().slice(0, 200)); });
  await page.addInitScript(() => {
    const original = HTMLCanvasElement.prototype.getContext;
    (window as any).glCount = 0;
    HTMLCanvasElement.prototype.getContext = function (this: HTMLCanvasElement, type: string, ...rest: unknown[]) {
      const ctx = (original as any).call(this, type, ...rest);
      if (ctx && /webgl/.test(type) && !(this as any).__counted) { (this as any).__counted = 1; (window as any).glCount++; }
      return ctx;
    } as any;
  });
  await page.goto('/');
  const cdp = await page.context().newCDPSession(page);
  const snap = async (): Promise<Map<string, [number, number]>> => {
    await cdp.send('HeapProfiler.collectGarbage');
    let chunks = '';
    const on = (e: { chunk: string }) => { chunks += e.chunk; };
    cdp.on('HeapProfiler.addHeapSnapshotChunk', on);
    await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
    cdp.off('HeapProfiler.addHeapSnapshotChunk', on);
    const s = JSON.parse(chunks);
    const f = s.snapshot.meta.node_fields as string[];
    const types = s.snapshot.meta.node_types[0] as string[];
    const n = f.length; const ti = f.indexOf('type'); const ni = f.indexOf('name'); const si = f.indexOf('self_size');
    const m = new Map<string, [number, number]>();
    for (let i = 0; i < s.nodes.length; i += n) {
      const t = types[s.nodes[i + ti]];
      const key = `${t}:${t === 'string' || t === 'concatenated string' || t === 'sliced string' ? '' : String(s.strings[s.nodes[i + ni]]).slice(0, 60)}`;
      const v = m.get(key) ?? [0, 0]; v[0]++; v[1] += s.nodes[i + si]; m.set(key, v);
    }
    return m;
  };
  let a: Map<string, [number, number]> | undefined;
  for (let i = 0; i < 12; i++) {
    await openFromList(page, studies[i % 3]);
    await page.getByRole('link', { name: '← Studies' }).click();
    await expect(page.getByRole('table', { name: 'Studies' })).toBeVisible();
    console.log('iteration', i, await page.evaluate(() => (window as any).glCount));
    if (i === 2) a = await snap();
  }
  const b = await snap();
  // retainer path of a detached segment button
  {
    await cdp.send('HeapProfiler.collectGarbage');
    let chunks = '';
    const on = (e: { chunk: string }) => { chunks += e.chunk; };
    cdp.on('HeapProfiler.addHeapSnapshotChunk', on);
    await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
    cdp.off('HeapProfiler.addHeapSnapshotChunk', on);
    const s = JSON.parse(chunks);
    const f = s.snapshot.meta.node_fields as string[]; const ef = s.snapshot.meta.edge_fields as string[];
    const types = s.snapshot.meta.node_types[0] as string[]; const etypes = s.snapshot.meta.edge_types[0] as string[];
    const n = f.length; const en = ef.length; const ti = f.indexOf('type'); const ni = f.indexOf('name'); const eci = f.indexOf('edge_count');
    const N = s.nodes.length / n; const firstEdge = new Int32Array(N + 1);
    for (let i = 0; i < N; i++) firstEdge[i + 1] = firstEdge[i] + s.nodes[i * n + eci] * en;
    const rev: Array<Array<[number, string]>> = Array.from({ length: N }, () => []);
    for (let i = 0; i < N; i++) for (let e = firstEdge[i]; e < firstEdge[i + 1]; e += en) {
      const et = etypes[s.edges[e]]; if (et === 'weak') continue;
      const to = s.edges[e + 2] / n; const nm = et === 'element' || et === 'hidden' ? String(s.edges[e + 1]) : String(s.strings[s.edges[e + 1]]);
      rev[to].push([i, `${et}:${nm}`]);
    }
    const name = (i: number) => `${types[s.nodes[i * n + ti]]}:${String(s.strings[s.nodes[i * n + ni]]).slice(0, 50)}`;
    const out: string[] = [];
    for (const target of ['segment-name', 'CanvasRenderingContext2D']) {
      const hits: number[] = [];
      for (let i = 0; i < N; i++) if (name(i).includes(target)) hits.push(i);
      for (const t of hits.slice(0, 3)) {
        // BFS to root 0
        const prev = new Map<number, [number, string]>(); const q = [t]; prev.set(t, [-1, '']);
        let found = -1;
        while (q.length && found < 0) { const x = q.shift()!; for (const [p, en2] of rev[x]) { if (prev.has(p)) continue; prev.set(p, [x, en2]); if (p === 0) { found = p; break; } q.push(p); } }
        const path: string[] = []; let c = found; while (c >= 0 && c !== t) { const [nx, e] = prev.get(c)!; path.push(`${name(c)} --${e}-->`); c = nx; }
        out.push(`TARGET ${name(t)}\n  ${path.slice(-25).join('\n  ')}`);
      }
    }
    writeFileSync('/tmp/retainers.txt', out.join('\n\n'));
  }
  const rows = [...b.entries()].map(([k, v]) => [k, v[0] - (a!.get(k)?.[0] ?? 0), v[1] - (a!.get(k)?.[1] ?? 0)] as const).sort((x, y) => y[2] - x[2]).slice(0, 40);
  writeFileSync('/tmp/heapdiff.txt', rows.map((r) => r.join('\t')).join('\n'));
});
