import { LABEL_COUNT, Label, LabelHU } from './phantomAnatomy';
import type { LabelValue, PaintStep } from './phantomAnatomy';
import { NORMAL_QUANTILES, createRandomUint32, seedFromString } from './random';
import { rasterize } from './shapes';
import type { VolumeGeometry } from './volumeGeometry';

/** Tissue label of every pixel of one axial slice (row-major, rows x columns). */
export function paintSliceLabels(
  steps: readonly PaintStep[],
  geometry: VolumeGeometry,
  sliceIndex: number,
): Uint8Array {
  const labels = new Uint8Array(geometry.rows * geometry.columns);
  const z = geometry.sliceZ[sliceIndex];
  const allowed = new Uint8Array(LABEL_COUNT);
  for (const step of steps) {
    const section = step.solid(z);
    if (!section) continue;
    allowed.fill(0);
    if (step.over === 'body') {
      allowed.fill(1);
      allowed[Label.Air] = 0;
    } else {
      for (const label of step.over) allowed[label] = 1;
    }
    const value = step.label;
    rasterize(section, geometry, (index) => {
      if (allowed[labels[index]]) labels[index] = value;
    });
  }
  return labels;
}

const HU_MEAN = Float64Array.from({ length: LABEL_COUNT }, (_, l) => LabelHU[l as LabelValue][0]);
const HU_SD = Float64Array.from({ length: LABEL_COUNT }, (_, l) => LabelHU[l as LabelValue][1]);

/** Signed 16-bit CT numbers (HU, slope 1, intercept 0) with seeded noise, one stream per slice. */
export function labelsToHU(labels: Uint8Array, seed: string, sliceIndex: number): Int16Array {
  const next = createRandomUint32(seedFromString(`${seed}|ct-noise|${sliceIndex}`));
  const hu = new Int16Array(labels.length);
  let bits = 0;
  for (let i = 0; i < labels.length; i++) {
    // Two noise samples per 32-bit draw: low half on even pixels, high half on odd ones.
    bits = i & 1 ? bits >>> 16 : next();
    const label = labels[i];
    const value = Math.round(HU_MEAN[label] + HU_SD[label] * NORMAL_QUANTILES[bits & 0xffff]);
    hu[i] = value < -1024 ? -1024 : value > 3071 ? 3071 : value;
  }
  return hu;
}

/** Lookup table over labels: 1 where the label belongs to the set. */
export function labelSet(labels: readonly LabelValue[]): Uint8Array {
  const table = new Uint8Array(LABEL_COUNT);
  for (const label of labels) table[label] = 1;
  return table;
}

/** Binary mask (0/1 per pixel) of the pixels whose label is in the set; null when the slice has none. */
export function maskFromLabels(labels: Uint8Array, table: Uint8Array): Uint8Array | null {
  const mask = new Uint8Array(labels.length);
  let any = 0;
  for (let i = 0; i < labels.length; i++) {
    const inside = table[labels[i]];
    mask[i] = inside;
    any |= inside;
  }
  return any ? mask : null;
}

/**
 * Packed binary masks (DICOM 1-bit packing, see segFrames.ts) of several label sets in one pass over the
 * slice; null for a set with no pixel. Up to 32 sets.
 */
export function packedMasksFromLabels(labels: Uint8Array, tables: readonly Uint8Array[]): Array<Uint8Array | null> {
  if (tables.length > 32) throw new Error('packedMasksFromLabels: at most 32 label sets per pass');
  const membership = new Uint32Array(LABEL_COUNT);
  tables.forEach((table, s) => {
    for (let label = 0; label < LABEL_COUNT; label++) if (table[label]) membership[label] |= 1 << s;
  });
  const bytes = Math.ceil(labels.length / 8);
  const packed = tables.map(() => new Uint8Array(bytes));
  let seen = 0;
  for (let i = 0; i < labels.length; i++) {
    let sets = membership[labels[i]];
    seen |= sets;
    while (sets !== 0) {
      const lowest = sets & -sets;
      packed[31 - Math.clz32(lowest)][i >> 3] |= 1 << (i & 7);
      sets ^= lowest;
    }
  }
  return packed.map((p, s) => (seen & (1 << s) ? p : null));
}
