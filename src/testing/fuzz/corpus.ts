// What the fuzzer mutates: every SEG, RTSTRUCT, SR and Parametric Map in ../shared/data (by MANIFEST.json), and
// the SEG, RTSTRUCT, SR and Parametric Map the project generates (small, so a run stays quick).
import { readFileSync } from 'node:fs';
import { HAS_SHARED_DATA, shared } from '../sharedData';
import { generateSampleStudy } from '../../samples';
import { parametricMapFile } from '../../samples/parametricMap';
import { createStudyContext } from '../../samples/studyContext';
import { createVolumeGeometry } from '../../samples/volumeGeometry';

export interface CorpusFile {
  name: string;
  bytes: Uint8Array;
}

const DERIVED_MODALITIES = new Set(['SEG', 'RTSTRUCT', 'SR']);
const PARAMETRIC_MAP = '1.2.840.10008.5.1.4.1.1.30';

export function fuzzCorpus(): CorpusFile[] {
  const out: CorpusFile[] = [];
  if (HAS_SHARED_DATA) {
    const manifest = JSON.parse(readFileSync(shared('MANIFEST.json'), 'utf8')) as { files: Array<{ path: string; modality?: string; sopClassUID?: string }> };
    for (const f of manifest.files) {
      if (!DERIVED_MODALITIES.has(f.modality ?? '') && f.sopClassUID !== PARAMETRIC_MAP) continue;
      out.push({ name: f.path, bytes: new Uint8Array(readFileSync(shared(f.path))) });
    }
  }
  const size = { rows: 32, columns: 32, slices: 6 };
  for (const f of generateSampleStudy(size)) {
    if (!f.name.startsWith('CT/')) out.push({ name: `sample/${f.name}`, bytes: f.bytes });
  }
  const context = createStudyContext(createVolumeGeometry(size));
  const pm = parametricMapFile({
    context,
    fileName: 'PM.dcm',
    sopInstanceUID: '2.25.7001',
    seriesInstanceUID: '2.25.7002',
    seriesNumber: 9,
    seriesDescription: 'Synthetic map',
    value: (x, y, z) => x + y - z,
    pixelType: 'float32',
    lutLabel: 'ADC',
    lutExplanation: 'fuzz corpus',
    quantity: { value: '113041', scheme: 'DCM', meaning: 'Apparent Diffusion Coefficient' },
    units: { value: 'um2/s', scheme: 'UCUM', meaning: 'um2/s' },
  });
  out.push({ name: `sample/${pm.name}`, bytes: pm.bytes });
  return out;
}
