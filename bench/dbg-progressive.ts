import { chromium } from '@playwright/test';
import { startServer } from '../src/server/start';
import { writeBigSeg } from '../src/samples';
import { existsSync } from 'node:fs';
const dir = '/tmp/dbgprog/seg';
if (!existsSync(dir)) writeBigSeg(dir, { slices: Number(process.env.SLICES ?? 100), segments: 104 });
const server = await startServer({ dirs: [], sample: false, mounts: [{ name: 'slow', folder: dir, throttleMBps: 20 }], port: 4579, host: '127.0.0.1', dev: false });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--no-sandbox'] });
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on('console', (m) => console.log('console', m.type(), m.text().slice(0, 300)));
  page.on('pageerror', (e) => console.log('pageerror', e.message));
  const q = await fetch('http://127.0.0.1:4579/dw/slow/studies');
  const study = ((await q.json()) as Array<Record<string, { Value: string[] }>>)[0]['0020000D'].Value[0];
  await page.goto(`http://127.0.0.1:4579/viewer/?dicomweb=/dw/slow&StudyInstanceUIDs=${study}`);
  for (let i = 0; i < Number(process.env.ROUNDS ?? 8); i++) {
    await page.waitForTimeout(4000);
    const st = await page.evaluate(`(() => ({ marks: performance.getEntriesByType('mark').filter((m) => m.name.startsWith('seg')).map((m) => m.name + '@' + m.startTime.toFixed(0)), panel: [...document.querySelectorAll('[data-seg-key]')].map((e) => e.dataset.status + ' ' + (e.querySelector('.seg-coming')?.textContent ?? '') + ' ' + (e.querySelector('[role=alert]')?.textContent ?? '')), msgs: document.querySelector('.messages')?.textContent }))()`);
    console.log(JSON.stringify(st));
  }
} finally {
  await browser.close();
  await server.close();
}
