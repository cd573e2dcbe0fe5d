// Starts what the end-to-end tests run against: Debian's Orthanc (DICOMweb plugin) loaded by STOW-RS with the
// generated sample study and the LUNG1-002 subset, and the viewer's own server (production build) serving the
// same data through its embedded DICOMweb endpoint, with Orthanc behind its /orthanc proxy.
import path from 'node:path';
import { copyFileSync, cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import dcmjs from 'dcmjs';
import { ensureBuilt, startServer } from '../src/server/start';
import { ensureSampleStudy } from '../src/samples/sampleCache';
import { findOrthanc, startOrthanc, stowFiles } from '../src/server/orthanc';
import { HAS_SHARED_DATA, LUNG1_DIR, shared } from '../src/testing/sharedData';
import { BROKEN_SOURCE, COMPRESSED_MOUNTS, SEG_MOUNTS } from './fixtures';
import { generateEncodings } from './generatedFixtures';
import { SR_EXAMPLE, generateSrFixtures } from './srFixtures';
import { PM_DIR, PM_MOUNT, writePmStudy } from './pmFixtures';
import { HOSTILE_MOUNT, writeHostileStudy } from './hostileFixtures';
import { QUALITY_MOUNT, ensureQualityStudy } from './qualityFixtures';
import { writePlacementStudies } from './placementFixtures';
import { SERIES_MOUNT, writeSeriesStudy } from './seriesFixtures';
import { writeMeasureStudy } from './measureFixtures';
import { writeLayoutSegStudy, writeLayoutStudy } from './layoutFixtures';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

export default async function globalSetup(): Promise<() => Promise<void>> {
  if (!HAS_SHARED_DATA) throw new Error('../shared/data is missing: the end-to-end tests need the real DICOM files.');
  if (!findOrthanc()) throw new Error('Orthanc with its DICOMweb plugin is not installed (apt-get install orthanc orthanc-dicomweb).');
  const sampleDir = await ensureSampleStudy(path.join(repoRoot, '.cache/sample'));
  const orthanc = await startOrthanc();
  const stow = await stowFiles(orthanc.dicomWebRoot, [...filesUnder(sampleDir).filter((f) => f.endsWith('.dcm')), ...filesUnder(shared(LUNG1_DIR))]);
  if (stow.failed.length) throw new Error(`STOW-RS to Orthanc failed for ${stow.failed.length} files: ${stow.failed[0].message}`);
  const work = mkdtempSync(path.join(os.tmpdir(), 'viewer-e2e-'));
  const broken = writeBrokenImage(work);
  const badSeg = writeBrokenSegStudy(sampleDir, path.join(work, 'bad-seg'));
  const hostile = writeHostileStudy(sampleDir, path.join(work, HOSTILE_MOUNT));
  const twoSegs = writeTwoInstanceSegStudy(sampleDir, path.join(work, 'two-seg-instances'));
  const pmStudy = writePmStudy(PM_DIR(work));
  const generated = await generateEncodings(shared(COMPRESSED_MOUNTS[0].file), path.join(work, 'generated'));
  // The sample study with a second reader's SEG, for the quality panel (quality.spec.ts).
  const qualityDir = ensureQualityStudy(sampleDir);
  // The geometry generator's studies (non-square pixels, four orientations) for placement.spec.ts.
  const placementMounts = writePlacementStudies(path.join(work, 'placement'));
  // Two series of one Frame of Reference on different grids (layouts.spec.ts).
  const layoutMount = writeLayoutStudy(path.join(work, 'layouts'));
  const layoutSegMount = writeLayoutSegStudy(path.join(work, 'layouts'));
  // Three SEGs, an RWVM, a KO and a PR on the sample CT (series.spec.ts).
  const seriesStudy = writeSeriesStudy(sampleDir, path.join(work, SERIES_MOUNT));
  // Non-square pixels, constant-HU regions and two markers a known distance apart (measure.spec.ts).
  const measureMount = writeMeasureStudy(work);
  const srMounts = generateSrFixtures(shared(COMPRESSED_MOUNTS[0].file), sampleDir, shared(SR_EXAMPLE.folder), path.join(work, 'sr'));
  const port = Number(process.env.E2E_PORT ?? 4173);
  const server = await startServer({
    dirs: [
      shared(LUNG1_DIR),
      shared('dcmqi/segmentations/ct-3slice'),
      shared('dcmqi/segmentations/liver.dcm'),
      shared('dcmqi/segmentations/partial_overlaps.dcm'),
      shared('tid1500-fhir/dcmqi/result.dcm'),
      shared('pydicom/CT_small.dcm'),
      shared('highdicom/sr_document.dcm'),
      shared('highdicom/sr_document_with_multiple_groups.dcm'),
    ],
    sample: true,
    mounts: [
      ...COMPRESSED_MOUNTS.map((m) => ({ name: m.name, folder: shared(m.file) })),
      { name: 'broken', folder: broken },
      { name: 'bad-seg', folder: badSeg },
      { name: HOSTILE_MOUNT, folder: hostile },
      { name: 'two-seg-instances', folder: twoSegs },
      { name: PM_MOUNT, folder: pmStudy },
      { name: QUALITY_MOUNT, folder: qualityDir },
      { name: SERIES_MOUNT, folder: seriesStudy },
      ...generated,
      ...srMounts,
      ...placementMounts,
      measureMount,
      layoutMount,
      layoutSegMount,
      // A name given twice serves both paths under one root: each SEG with its images, read in place.
      ...Object.values(SEG_MOUNTS).flatMap((m) => m.paths.map((p) => ({ name: m.name, folder: shared(p) }))),
    ],
    orthanc: orthanc.baseUrl,
    port,
    host: '127.0.0.1',
    dev: false,
    testHooks: true,
  });
  // subpath.spec.ts serves the production build itself, from any static host.
  await ensureBuilt('production');
  return async () => {
    await server.close();
    await orthanc.stop();
    rmSync(work, { recursive: true, force: true });
  };
}

/**
 * The sample study with its SEG cut short inside Pixel Data (a broken download): the viewer must name the SEG and
 * say what is wrong, and keep showing the images and the structure set.
 */
function writeBrokenSegStudy(sampleDir: string, dir: string): string {
  cpSync(path.join(sampleDir, 'CT'), path.join(dir, 'CT'), { recursive: true });
  copyFileSync(path.join(sampleDir, 'RTSTRUCT.dcm'), path.join(dir, 'RTSTRUCT.dcm'));
  const seg = readFileSync(path.join(sampleDir, 'SEG.dcm'));
  writeFileSync(path.join(dir, 'SEG.dcm'), seg.subarray(0, Math.floor(seg.length * 0.8)));
  return dir;
}

/**
 * The sample study whose SEG series holds two instances (IDC often has one SEG instance per reader or per
 * structure in one series): the second is the first under another SOP Instance UID, of the same length.
 */
function writeTwoInstanceSegStudy(sampleDir: string, dir: string): string {
  cpSync(path.join(sampleDir, 'CT'), path.join(dir, 'CT'), { recursive: true });
  const seg = readFileSync(path.join(sampleDir, 'SEG.dcm'));
  writeFileSync(path.join(dir, 'SEG-1.dcm'), seg);
  const file = dcmjs.data.DicomMessage.readFile(seg.buffer.slice(seg.byteOffset, seg.byteOffset + seg.byteLength) as ArrayBuffer);
  const sop = String(file.dict['00080018'].Value?.[0]);
  const other = Buffer.from(sop.slice(0, -1) + (sop.endsWith('9') ? '8' : '9'));
  const copy = Buffer.from(seg);
  for (let at = copy.indexOf(sop); at >= 0; at = copy.indexOf(sop, at + 1)) other.copy(copy, at);
  writeFileSync(path.join(dir, 'SEG-2.dcm'), copy);
  return dir;
}

/**
 * A CT whose transfer syntax is one no image decoder handles (JPIP referenced, same UID length so the file
 * stays valid): the viewer must say so rather than show a black viewport.
 */
function writeBrokenImage(dir: string): string {
  const bytes = readFileSync(shared(BROKEN_SOURCE));
  const from = Buffer.from('1.2.840.10008.1.2.4.90');
  const at = bytes.indexOf(from);
  if (at < 0) throw new Error(`no JPEG 2000 transfer syntax in ${BROKEN_SOURCE}`);
  Buffer.from('1.2.840.10008.1.2.4.95').copy(bytes, at);
  const file = path.join(dir, 'broken.dcm');
  writeFileSync(file, bytes);
  return file;
}
