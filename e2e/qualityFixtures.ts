// The sample study with a second reader's SEG (src/samples/sampleSecondReader.ts), served as /dw/quality: CT,
// SEG.dcm, SEG_READER2.dcm, RTSTRUCT.dcm and SR.dcm. Kept in .cache/quality (re-made when the generator
// changes) so the test can run `npm run compare` on the very files the viewer shows.
import path from 'node:path';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SAMPLE_VERSION } from '../src/samples';
import { generateSampleSecondReader } from '../src/samples/sampleSecondReader';

export const QUALITY_MOUNT = 'quality';
export const QUALITY_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '.cache', 'quality');
const VERSION = `${SAMPLE_VERSION}|reader2-v1`;

export function ensureQualityStudy(sampleDir: string, dir = QUALITY_DIR): string {
  const stamp = path.join(dir, 'VERSION');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === VERSION) return dir;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  cpSync(path.join(sampleDir, 'CT'), path.join(dir, 'CT'), { recursive: true });
  for (const f of ['SEG.dcm', 'RTSTRUCT.dcm', 'SR.dcm']) cpSync(path.join(sampleDir, f), path.join(dir, f));
  const reader2 = generateSampleSecondReader();
  writeFileSync(path.join(dir, reader2.name), reader2.bytes);
  writeFileSync(stamp, VERSION);
  return dir;
}
