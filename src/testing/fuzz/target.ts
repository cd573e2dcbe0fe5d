// One input through what the viewer's worker and the CLI do with a file: read it, tell its kind, decode it
// fully (every frame, every contour, the whole content tree) and summarise it. The outcome class is what the
// fuzz run counts; only "decoded" and "refused" (our error type, naming the object) are acceptable.
import { readPart10Async } from '../../dicom/part10';
import { headerJson, commonSummary } from '../../dicom/summary';
import { str } from '../../dicom/json';
import { parseSegmentation } from '../../dicom/seg/parse';
import { segmentationSummary } from '../../dicom/seg/summary';
import { decodeStructureSetPart10 } from '../../dicom/rtstruct/part10';
import { structureSetSummary } from '../../dicom/rtstruct/summary';
import { decodeReportPart10 } from '../../dicom/sr/document';
import { reportSummary } from '../../dicom/sr/summary';
import { parametricMapSummary } from '../../dicom/pm/summary';
import { PARAMETRIC_MAP_STORAGE } from '../../dicom/pm/model';
import { segmentationGrid } from '../../analysis/segmentationGrid';
import { nodeFrameDecoder } from '../../cli/codecs';
import { decodeSeg } from '../../workers/decodeSeg';
import { decodePm } from '../../workers/decodePm';
import { Tag } from '../../dicom/tags';

export type Outcome = 'decoded' | 'refused' | 'unnamed-error' | 'foreign-error' | 'timeout' | 'memory' | 'crash';
export const FAILURES: readonly Outcome[] = ['unnamed-error', 'foreign-error', 'timeout', 'memory', 'crash'];

/** Errors the decoders throw on purpose (src/dicom/part10/index.ts, part10/reader.ts). */
const OUR_ERRORS = new Set(['DicomReadError', 'Part10FormatError', 'Part10UnsupportedError']);

const SEG_CLASSES = new Set(['1.2.840.10008.5.1.4.1.1.66.4', '1.2.840.10008.5.1.4.1.1.66.7']);
const RTSTRUCT = '1.2.840.10008.5.1.4.1.1.481.3';
const SR_PREFIX = '1.2.840.10008.5.1.4.1.1.88.';

async function decode(bytes: Uint8Array, name: string): Promise<void> {
  const p10 = await readPart10Async(bytes, name);
  const ds = headerJson(p10.dict);
  const sopClass = str(ds, Tag.SOPClassUID) ?? '';
  const decoder = nodeFrameDecoder();
  if (SEG_CLASSES.has(sopClass)) {
    await segmentationSummary(p10, name, { decoder });
    // The worker's path too: label volumes on the SEG's own grid (as if its images were shown).
    const own = segmentationGrid(parseSegmentation(p10, name)).grid;
    if (own) {
      const planes = own.planes.map((p) => ({ ...p, sopInstanceUID: '', frameNumber: null }));
      await decodeSeg(bytes, name, { frameOfReferenceUID: own.frameOfReferenceUID, planes }, decoder);
    }
  } else if (sopClass === RTSTRUCT) {
    decodeStructureSetPart10(bytes, name);
    structureSetSummary(ds);
  } else if (sopClass.startsWith(SR_PREFIX)) {
    decodeReportPart10(bytes, name);
    reportSummary(ds);
  } else if (sopClass === PARAMETRIC_MAP_STORAGE) {
    await parametricMapSummary(p10, name, { decoder });
    await decodePm(bytes, name, null, decoder);
  } else {
    commonSummary(name, ds);
  }
}

export interface Verdict {
  outcome: Outcome;
  /** the error's name and message, when there was one */
  message?: string;
}

function classify(err: unknown, name: string): Verdict {
  if (!(err instanceof Error)) return { outcome: 'foreign-error', message: `thrown non-Error: ${String(err)}` };
  const message = `${err.name}: ${err.message}`;
  if (!OUR_ERRORS.has(err.name)) return { outcome: 'foreign-error', message: `${message}\n${err.stack?.split('\n').slice(1, 4).join('\n') ?? ''}` };
  return { outcome: err.message.includes(name) ? 'refused' : 'unnamed-error', message };
}

export async function runTarget(bytes: Uint8Array, name: string): Promise<Verdict> {
  try {
    await decode(bytes, name);
    return { outcome: 'decoded' };
  } catch (err) {
    return classify(err, name);
  }
}
