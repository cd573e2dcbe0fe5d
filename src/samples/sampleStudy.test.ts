import { describe, expect, it } from 'vitest';
import type { Dataset, SampleFile } from './part10';
import { first, items, numbers, readBack } from './readBack';
import { ctSliceDataset } from './ctImage';
import { generateSampleStudy } from './sampleStudy';
import { unpackBits } from './segFrames';
import { createStudyContext } from './studyContext';
import { SopClass } from './uids';
import { createVolumeGeometry } from './volumeGeometry';

const SIZE = { rows: 64, columns: 64, slices: 10 };
const study = generateSampleStudy(SIZE);
const byName = new Map(study.map((file) => [file.name, file]));
const parsed = (name: string): Dataset => readBack(byName.get(name) as SampleFile).dataset;
const ctNames = study.map((f) => f.name).filter((n) => n.startsWith('CT/'));
const cts = ctNames.map(parsed);
const seg = parsed('SEG.dcm');
const rt = parsed('RTSTRUCT.dcm');
const sr = parsed('SR.dcm');
const ctByUid = new Map(cts.map((ct) => [ct.SOPInstanceUID as string, ct]));

describe('generateSampleStudy', () => {
  it('is deterministic: a second run gives byte-identical files', () => {
    const again = generateSampleStudy(SIZE);
    expect(again.map((f) => f.name)).toEqual(study.map((f) => f.name));
    again.forEach((file, i) => expect(Buffer.compare(file.bytes, study[i].bytes)).toBe(0));
  });

  it('names the files CT/0001.dcm..., SEG.dcm, RTSTRUCT.dcm, SR.dcm', () => {
    expect(ctNames).toEqual(Array.from({ length: 10 }, (_, i) => `CT/${String(i + 1).padStart(4, '0')}.dcm`));
    expect(study.slice(-3).map((f) => f.name)).toEqual(['SEG.dcm', 'RTSTRUCT.dcm', 'SR.dcm']);
  });

  it('writes explicit VR little endian Part 10 with matching meta information', () => {
    for (const file of study) {
      expect(new TextDecoder().decode(file.bytes.subarray(128, 132))).toBe('DICM');
      const { meta, dataset } = readBack(file);
      expect(meta.TransferSyntaxUID).toBe('1.2.840.10008.1.2.1');
      expect(meta.MediaStorageSOPInstanceUID).toBe(dataset.SOPInstanceUID);
      expect(meta.MediaStorageSOPClassUID).toBe(dataset.SOPClassUID);
    }
  });

  it('uses the expected SOP classes and shares patient, study and frame of reference', () => {
    expect(cts.every((ct) => ct.SOPClassUID === SopClass.CTImage)).toBe(true);
    expect(seg.SOPClassUID).toBe(SopClass.Segmentation);
    expect(rt.SOPClassUID).toBe(SopClass.RTStructureSet);
    expect(sr.SOPClassUID).toBe(SopClass.Comprehensive3DSR);
    for (const ds of [...cts, seg, rt, sr]) {
      expect(ds.PatientID).toBe('PHANTOM-001');
      expect(ds.StudyInstanceUID).toBe(cts[0].StudyInstanceUID);
      expect(ds.StudyDate).toBe('20240115');
    }
    expect(seg.FrameOfReferenceUID).toBe(cts[0].FrameOfReferenceUID);
    expect(first(rt, 'ReferencedFrameOfReferenceSequence').FrameOfReferenceUID).toBe(cts[0].FrameOfReferenceUID);
    const uids = [...cts, seg, rt, sr].map((ds) => ds.SOPInstanceUID as string);
    expect(new Set(uids).size).toBe(uids.length);
    for (const uid of uids) expect(uid).toMatch(/^2\.25\.[1-9][0-9]{0,38}$/);
  });

  it('makes a CT series of signed HU slices stacked along z', () => {
    const z = cts.map((ct) => numbers(ct, 'ImagePositionPatient')[2]);
    z.slice(1).forEach((value, i) => expect(z[i] - value).toBeCloseTo(25, 6));
    for (const ct of cts) {
      expect(ct.PixelRepresentation).toBe(1);
      expect(ct.BitsAllocated).toBe(16);
      expect(numbers(ct, 'ImageOrientationPatient')).toEqual([1, 0, 0, 0, 1, 0]);
      expect((ct.PixelData as ArrayBuffer[])[0].byteLength).toBe(64 * 64 * 2);
    }
    expect(cts[0].SeriesDescription).toBe('CT phantom 25mm');
    const hu = new Int16Array((cts[5].PixelData as ArrayBuffer[])[0]);
    expect(Math.min(...hu)).toBeLessThan(-900); // air around the body
    expect(Math.max(...hu)).toBeGreaterThan(400); // bone
  });

  it('defaults to 512x512x100 with 0.8 mm pixels and 2.5 mm slices', () => {
    const ct = ctSliceDataset(createStudyContext(createVolumeGeometry()), 0);
    expect([ct.Rows, ct.Columns]).toEqual([512, 512]);
    expect(ct.PixelSpacing).toEqual(['0.8', '0.8']);
    expect(ct.SliceThickness).toBe('2.5');
    expect(ct.ImagePositionPatient).toEqual(['-204.4', '-204.4', '123.75']);
    expect(ct.SeriesDescription).toBe('CT phantom 2.5mm');
  });

  it('gives different UIDs to different grid sizes', () => {
    const other = readBack(generateSampleStudy({ rows: 32, columns: 32, slices: 10 })[0]).dataset;
    expect(other.StudyInstanceUID).not.toBe(cts[0].StudyInstanceUID);
    expect(other.SOPInstanceUID).not.toBe(cts[0].SOPInstanceUID);
  });
});

describe('sample SEG', () => {
  const frames = items(seg, 'PerFrameFunctionalGroupsSequence');
  const pixels = new Uint8Array((seg.PixelData as ArrayBuffer[])[0]);
  const frameMask = (n: number): Uint8Array => unpackBits(pixels, 64 * 64, n * 64 * 64);
  const sourceUid = (frame: Dataset): string =>
    first(first(frame, 'DerivationImageSequence'), 'SourceImageSequence').ReferencedSOPInstanceUID as string;
  const segmentOf = (frame: Dataset): number =>
    Number(first(frame, 'SegmentIdentificationSequence').ReferencedSegmentNumber);

  it('is a BINARY multi-frame SEG with one frame item per stored frame', () => {
    expect(seg.SegmentationType).toBe('BINARY');
    expect(seg.BitsAllocated).toBe(1);
    expect(Number(seg.NumberOfFrames)).toBe(frames.length);
    expect(pixels.length).toBeGreaterThanOrEqual(Math.ceil((frames.length * 64 * 64) / 8));
    expect(items(seg, 'SegmentSequence').map((s) => s.SegmentLabel)).toEqual([
      'Liver',
      'Liver tumour',
      'Right kidney',
      'Left kidney',
      'Lungs',
      'Vertebral column',
      'Spinal cord',
    ]);
  });

  it('puts every frame at the position of the CT slice it references', () => {
    for (const frame of frames) {
      const ct = ctByUid.get(sourceUid(frame));
      expect(ct).toBeDefined();
      expect(numbers(first(frame, 'PlanePositionSequence'), 'ImagePositionPatient')).toEqual(
        numbers(ct as Dataset, 'ImagePositionPatient'),
      );
    }
    const shared = first(seg, 'SharedFunctionalGroupsSequence');
    expect(numbers(first(shared, 'PixelMeasuresSequence'), 'PixelSpacing')).toEqual(numbers(cts[0], 'PixelSpacing'));
  });

  it('stores only non-empty frames, ordered by segment', () => {
    const segments = frames.map(segmentOf);
    expect([...segments].sort((a, b) => a - b)).toEqual(segments);
    frames.forEach((_, n) => expect(frameMask(n).some((v) => v === 1)).toBe(true));
  });

  it('has overlapping segments: tumour pixels are also liver pixels', () => {
    const masks = new Map<string, Uint8Array>();
    frames.forEach((frame, n) => masks.set(`${segmentOf(frame)}|${sourceUid(frame)}`, frameMask(n)));
    let shared = 0;
    frames.forEach((frame, n) => {
      if (segmentOf(frame) !== 2) return;
      const liver = masks.get(`1|${sourceUid(frame)}`);
      expect(liver).toBeDefined();
      frameMask(n).forEach((v, i) => {
        if (v) {
          expect(liver?.[i]).toBe(1);
          shared++;
        }
      });
    });
    expect(shared).toBeGreaterThan(0);
  });

  it('lines up with the CT: masked pixels have the organ CT numbers', () => {
    const meanHU = (segment: number): number => {
      let sum = 0;
      let count = 0;
      frames.forEach((frame, n) => {
        if (segmentOf(frame) !== segment) return;
        const hu = new Int16Array((ctByUid.get(sourceUid(frame))?.PixelData as ArrayBuffer[])[0]);
        frameMask(n).forEach((v, i) => {
          if (v) {
            sum += hu[i];
            count++;
          }
        });
      });
      return sum / count;
    };
    expect(meanHU(1)).toBeGreaterThan(50); // liver 60, tumour 45
    expect(meanHU(1)).toBeLessThan(65);
    expect(meanHU(5)).toBeLessThan(-600); // lungs
    expect(meanHU(6)).toBeGreaterThan(250); // bone
  });
});
