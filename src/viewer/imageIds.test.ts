// The metadata of a series whose stack was built before the image loader started: dicom-image-loader's init empties
// its wadors metadata manager, and the images of such a stack could not be decoded (the viewport stayed blank). The
// loader's init is the real one; the dataset is written here (rows != columns, non-square pixels).
import { describe, expect, test, vi } from 'vitest';
import { metaData } from '@cornerstonejs/core';
import { buildImageStack, startImageLoader } from './imageIds';
import type { DicomJsonDataset } from '../dicom/json';

const us = (v: number) => ({ vr: 'US', Value: [v] });
const ds = (v: number[]) => ({ vr: 'DS', Value: v });
const ui = (v: string) => ({ vr: 'UI', Value: [v] });

/** A CT slice's DICOM JSON as a QIDO/WADO metadata answer gives it: 3 rows, 5 columns, 0.7 x 1.1 mm pixels. */
function slice(k: number): DicomJsonDataset {
  return {
    '00080016': ui('1.2.840.10008.5.1.4.1.1.2'),
    '00080018': ui(`2.25.1000${k}`),
    '00080060': { vr: 'CS', Value: ['CT'] },
    '0020000D': ui('2.25.1'),
    '0020000E': ui('2.25.2'),
    '00200052': ui('2.25.3'),
    '00200032': ds([-10, -20, 2.5 * k]),
    '00200037': ds([1, 0, 0, 0, 1, 0]),
    '00280030': ds([0.7, 1.1]),
    '00280002': us(1),
    '00280004': { vr: 'CS', Value: ['MONOCHROME2'] },
    '00280010': us(3),
    '00280011': us(5),
    '00280100': us(16),
    '00280101': us(12),
    '00280102': us(11),
    '00280103': us(1),
  } as unknown as DicomJsonDataset;
}

// Node has no Worker: the loader's init makes its decode workers' pool (none is asked to decode here).
class NoWorker {
  onmessage = null;
  postMessage(): void {}
  terminate(): void {}
  addEventListener(): void {}
  removeEventListener(): void {}
}
vi.stubGlobal('Worker', NoWorker);

describe('a stack built before the image loader started', () => {
  test('keeps the metadata the loader decodes its images with', () => {
    const stack = buildImageStack('http://127.0.0.1:1/dicomweb', '2.25.1', '2.25.2', [slice(2), slice(0), slice(1)]);
    expect(stack.imageIds).toHaveLength(3);
    startImageLoader({ maxWebWorkers: 1 });
    for (const imageId of stack.imageIds) {
      expect(metaData.get('imagePixelModule', imageId), imageId).toMatchObject({ samplesPerPixel: 1, rows: 3, columns: 5, bitsAllocated: 16, pixelRepresentation: 1 });
      expect(metaData.get('imagePlaneModule', imageId), imageId).toMatchObject({ rowPixelSpacing: 0.7, columnPixelSpacing: 1.1 });
    }
  });
});
