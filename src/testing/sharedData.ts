// Where the real test data lives: ../shared/data next to the repository (never copied into it).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const SHARED_DATA = path.resolve(fileURLToPath(new URL('../../../shared/data', import.meta.url)));
export const HAS_SHARED_DATA = existsSync(path.join(SHARED_DATA, 'MANIFEST.json'));
export const NO_SHARED_DATA_REASON = `real-data tests skipped: ${SHARED_DATA} is missing (CI always has it)`;

export function shared(...p: string[]): string {
  return path.join(SHARED_DATA, ...p);
}

export const LUNG1_DIR = 'med-imagetools-RADCURE/data/example_1';
