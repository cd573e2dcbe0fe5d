// The generated sample study lives in a cache folder, re-made when the generator changes.
import { existsSync, readFileSync, writeFileSync, rmSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { writeSampleStudy, SAMPLE_VERSION } from './index';

export async function ensureSampleStudy(dir: string): Promise<string> {
  const stamp = path.join(dir, 'VERSION');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === SAMPLE_VERSION) return dir;
  console.log('Generating the sample study (once)...');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  await writeSampleStudy(dir);
  writeFileSync(stamp, SAMPLE_VERSION);
  return dir;
}
