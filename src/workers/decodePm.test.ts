// The worker's Parametric Map decode: bytes -> volume on the displayed series or on the map's own grid, from a
// map in any data set encoding (here also Deflated Explicit VR Little Endian, made by dcmtk's dcmconv +td).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parametricMapFile } from '../samples/parametricMap';
import { mapInput, sampleCt } from '../testing/parametricMaps';
import { decodePm, pmTransferables } from './decodePm';
import { binOf } from '../dicom/pm/displayBins';

const HAS_DCMCONV = spawnSync('dcmconv', ['--version']).error === undefined;

describe('decodePm', () => {
  const file = parametricMapFile(mapInput({ sliceIndexes: [1, 2, 3] }));
  const ct = sampleCt();

  it('puts the map on the displayed series, or on its own grid without one; the volume and its display bins are transferred', async () => {
    const onCt = await decodePm(file.bytes, 'PM.dcm', ct);
    expect(onCt.series).toBe(ct);
    expect(onCt.volume).toMatchObject({ slices: 10, filledSlices: 3 });
    // A bin slice for each slice with values, none for the others; each voxel in the bin of its value.
    expect(onCt.bins.map((b) => b !== null)).toEqual(Array.from({ length: 10 }, (_v, k) => k >= 1 && k <= 3));
    const { min, max } = onCt.statistics as { min: number; max: number };
    const sliceSize = onCt.volume.rows * onCt.volume.columns;
    let wrong = 0;
    onCt.bins.forEach((b, k) => {
      if (!b) return;
      for (let i = 0; i < sliceSize; i++) if (b[i] !== binOf(onCt.volume.values[k * sliceSize + i], min, max)) wrong++;
    });
    expect(wrong).toBe(0);
    expect(pmTransferables(onCt)).toEqual([onCt.volume.values.buffer, ...onCt.bins.filter((b) => b).map((b) => b?.buffer)]);
    const alone = await decodePm(file.bytes, 'PM.dcm', null);
    expect(alone.volume).toMatchObject({ slices: 3, filledSlices: 3 });
    expect(alone.series.planes.map((p) => p.frameNumber)).toEqual([3, 2, 1]);
    // Its own grid runs along the normal (z up: feet first), so CT slice 1 is its last slice.
    const size = onCt.volume.rows * onCt.volume.columns;
    const bytes = (v: Float32Array, k: number): Buffer => Buffer.from(v.buffer, v.byteOffset + k * size * 4, size * 4);
    expect(Buffer.compare(bytes(onCt.volume.values, 1), bytes(alone.volume.values, 2))).toBe(0);
  });

  it.skipIf(!HAS_DCMCONV)('reads a Deflated Explicit VR Little Endian copy (dcmconv +td) to the same values', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pm-td-'));
    try {
      writeFileSync(path.join(dir, 'pm.dcm'), file.bytes);
      execFileSync('dcmconv', ['+td', path.join(dir, 'pm.dcm'), path.join(dir, 'pm-td.dcm')]);
      const deflated = new Uint8Array(readFileSync(path.join(dir, 'pm-td.dcm')));
      expect(deflated.length).toBeLessThan(file.bytes.length / 2);
      const a = await decodePm(file.bytes, 'PM.dcm', ct);
      const b = await decodePm(deflated, 'PM-td.dcm', ct);
      expect(b.map.transferSyntaxUID).toBe('1.2.840.10008.1.2.1.99');
      expect(Buffer.compare(Buffer.from(a.volume.values.buffer), Buffer.from(b.volume.values.buffer))).toBe(0);
      expect(b.problems).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
