// What the client returns is what dicom/ reads, and the other way round: `tsc --noEmit` fails here if the wire
// shape of dicomweb/ and the model of dicom/json.ts drift apart.
import { describe, expect, it } from 'vitest';
import type { DicomJsonDataset as Model } from '../dicom/json';
import type { DicomJsonDataset as Wire } from './dicomJson';

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameShape: Same<Wire, Model> = true;

describe('DICOM JSON types', () => {
  it('are the same shape in dicomweb/ and dicom/', () => {
    expect(sameShape).toBe(true);
  });
});
