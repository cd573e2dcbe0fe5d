// Vitest global set-up: in CI, a test that needs a tool or the shared data must fail when it is missing, not
// skip. Locally (no CI variable) such tests skip with a note, so a developer without Orthanc can still run the rest.
import { spawnSync } from 'node:child_process';
import { HAS_SHARED_DATA, SHARED_DATA } from './sharedData';
import { findOrthanc } from '../server/orthanc';

function onPath(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).status === 0;
}

export default function requireInCi(): void {
  if (!process.env.CI) return;
  const missing: string[] = [];
  if (!HAS_SHARED_DATA) missing.push(`the real DICOM files (${SHARED_DATA})`);
  if (!findOrthanc()) missing.push('Orthanc with its DICOMweb plugin (apt-get install orthanc orthanc-dicomweb)');
  if (!onPath('dciodvfy')) missing.push('dciodvfy (apt-get install dicom3tools)');
  if (!onPath('plastimatch')) missing.push('plastimatch (apt-get install plastimatch)');
  if (missing.length) throw new Error(`CI is set, and tests would skip for want of: ${missing.join('; ')}`);
}
