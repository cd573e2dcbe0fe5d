import path from 'node:path';
import { readdirSync, statSync } from 'node:fs';
import { startServer } from '../src/server/start';
import { ensureSampleStudy } from '../src/samples/sampleCache';
import { startOrthanc, stowFiles } from '../src/server/orthanc';
import { writeBigSeg } from '../src/samples';
import { ensureOhif, serveOhif } from './ohif';
function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => { const p = path.join(dir, n); return statSync(p).isDirectory() ? filesUnder(p) : [p]; });
}
const sampleDir = await ensureSampleStudy(path.resolve('.cache/sample'));
const big = '/tmp/peers/bigseg100';
try { statSync(big); } catch { writeBigSeg(big, { slices: 100, segments: 104 }); }
const orthanc = await startOrthanc({ httpPort: 4281 });
await stowFiles(orthanc.dicomWebRoot, [...filesUnder(sampleDir), ...filesUnder(big)].filter((f) => f.endsWith('.dcm')));
const ours = await startServer({ dirs: [], sample: true, mounts: [], orthanc: orthanc.baseUrl, port: 4280, host: '127.0.0.1', dev: false });
const ohif = await serveOhif(ensureOhif(), orthanc.baseUrl, 4282);
console.log('READY', orthanc.baseUrl, ours.url, ohif.url);
process.on('SIGTERM', async () => { await ohif.close(); await ours.close(); await orthanc.stop(); process.exit(0); });
