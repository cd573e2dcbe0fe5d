// The page's side of the quality work: requests to the decode worker naming objects by key, and what the worker
// lacks sent on demand (a structure set the page holds; the shown series' image values, gathered from the
// viewer's cache). When the image values cannot be had, the request goes on without them.
import type { StructureSet } from '../dicom/rtstruct/model';
import type { WithoutId } from './workerChannel';
import type { AnnotationRef, ImageValuesRef, QualityRequest, QualityResponse, QualityTarget } from '../workers/qualityProtocol';
import { requestQuality } from './derivedDecoder';

export interface QualityScope {
  target: QualityTarget;
  modality: string | null;
  structureSet: (key: string) => StructureSet | undefined;
  /** the shown series' modality values (loading slices as needed); null when they cannot be had */
  imageValues: () => Promise<Float32Array | null>;
}

/** An annotation named for the worker: `SEG:<SOP UID>` or `RTSTRUCT:<SOP UID>` as the page's selects write it. */
export interface AnnotationChoice {
  kind: 'SEG' | 'RTSTRUCT';
  key: string;
  name: string;
}

type QualityOk = Extract<QualityResponse, { ok: true }>;
export type QualityResult<K extends QualityOk['kind']> = Extract<QualityOk, { kind: K }>['result'];

export function refOf(a: AnnotationChoice, scope: QualityScope, send: ReadonlySet<string>): AnnotationRef {
  if (a.kind === 'SEG') return { kind: 'SEG', key: a.key, name: a.name };
  return { kind: 'RTSTRUCT', key: a.key, name: a.name, set: send.has(a.key) ? scope.structureSet(a.key) : undefined };
}

/**
 * Sends `make(...)` until the worker answers: at most three rounds (structure sets it lacks, then image values).
 * `withImage`: the request wants image values (statistics, cross-check).
 */
export async function askQuality<K extends QualityOk['kind']>(
  kind: K,
  scope: QualityScope,
  object: string,
  withImage: boolean,
  make: (send: ReadonlySet<string>, image: ImageValuesRef | null) => WithoutId<QualityRequest>,
): Promise<QualityResult<K>> {
  const send = new Set<string>();
  const ref: ImageValuesRef = { seriesInstanceUID: scope.target.seriesInstanceUID, modality: scope.modality };
  let image: ImageValuesRef | null = withImage ? ref : null;
  for (let round = 0; round < 3; round++) {
    const transfer = image?.values ? [image.values.buffer as ArrayBuffer] : [];
    const res = await requestQuality(make(send, image), object, transfer);
    if (image?.values) image = ref;
    if (res.ok) {
      if (res.kind !== kind) throw new Error('unexpected worker answer');
      // Read by `npm run bench -- quality`: the worker's phases of a comparison.
      if (res.kind === 'q-compare') performance.measure('quality:compare', { start: 0, detail: { workerMs: res.ms, ...res.result.timings } });
      return (res as unknown as { result: QualityResult<K> }).result;
    }
    if ('kind' in res && res.kind === 'q-missing') {
      for (const k of res.structureSets) {
        if (!scope.structureSet(k)) throw new Error(`${object}: the structure set ${k} is not loaded on this page`);
        send.add(k);
      }
      if (res.image) {
        const values = await scope.imageValues();
        image = values ? { ...ref, values } : null;
      }
      continue;
    }
    throw new Error(res.error.message);
  }
  throw new Error(`${object}: the worker kept asking for data`);
}
