import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { SampleFile } from './part10';

/** Write generated files under `outDir` (creating folders) and return their paths, in the same order. */
export function writeSampleFiles(outDir: string, files: readonly SampleFile[]): string[] {
  return files.map((file) => {
    const path = join(outDir, file.name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, file.bytes);
    return path;
  });
}
