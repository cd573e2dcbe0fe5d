// Small hand-built SEGs for tests: written to Part 10 bytes with dcmjs and read back, so every case goes through
// the same reader as real files. Only tests import this file.
import dcmjs from 'dcmjs';
import { readPart10, type Part10 } from '../part10';
import type { ImagePlane, Vec3 } from '../geometry/plane';

const { DicomDict, DicomMetaDictionary } = dcmjs.data;

const EXPLICIT_LE = '1.2.840.10008.1.2.1';
export const EXPLICIT_BE = '1.2.840.10008.1.2.2';
export const DEFLATED = '1.2.840.10008.1.2.1.99';
export const RLE = '1.2.840.10008.1.2.5';
export const FOR_UID = '1.2.826.0.1.3680043.8.498.1';
const AXIAL = [1, 0, 0, 0, 1, 0];

export interface FixtureFrame {
  /** BINARY / FRACTIONAL: ReferencedSegmentNumber (null writes no SegmentIdentificationSequence) */
  segmentNumber?: number | null;
  /** null writes no PlanePositionSequence */
  position: Vec3 | null;
  /** per-frame ImageOrientationPatient (else the shared one) */
  orientation?: number[];
  /** DerivationImageSequence > SourceImageSequence */
  source?: { uid: string; frameNumber?: number } | null;
  /** one value per pixel, row by row (0/1 for BINARY) */
  pixels: ArrayLike<number>;
}

export interface FixtureSegment {
  number: number;
  label?: string;
  /** RecommendedDisplayCIELabValue; omitted when absent */
  lab?: [number, number, number];
}

export interface FixtureOptions {
  rows: number;
  columns: number;
  type: 'BINARY' | 'FRACTIONAL' | 'LABELMAP';
  bitsAllocated?: 1 | 8 | 16;
  segments: FixtureSegment[];
  frames: FixtureFrame[];
  pixelSpacing?: [number, number];
  orientation?: number[];
  frameOfReferenceUID?: string;
  /** how Pixel Data is stored: native (default), RLE with one byte per pixel, or RLE of the packed bits */
  encoding?: 'native' | 'rle-bytes' | 'rle-bits';
  transferSyntaxUID?: string;
  /** written NumberOfFrames (default frames.length) */
  numberOfFrames?: number;
  /** drop this many bytes from the end of native Pixel Data */
  truncateBytes?: number;
  seriesDescription?: string;
  maximumFractionalValue?: number;
}

/** Pack 0/1 pixels of all frames into one bit stream: frame n starts at bit n * rows * columns. */
function packFrames(frames: ArrayLike<number>[], pixelsPerFrame: number): Uint8Array {
  const out = new Uint8Array(Math.ceil((frames.length * pixelsPerFrame) / 8));
  frames.forEach((pixels, n) => {
    for (let i = 0; i < pixelsPerFrame; i++) {
      if (pixels[i]) out[(n * pixelsPerFrame + i) >> 3] |= 1 << ((n * pixelsPerFrame + i) & 7);
    }
  });
  return out;
}

/** PackBits, as RLE Lossless wants it: replicate runs of 3+ equal bytes, literal runs otherwise. */
export function packBitsEncode(bytes: Uint8Array): Uint8Array {
  const out: number[] = [];
  let i = 0;
  while (i < bytes.length) {
    let run = 1;
    while (i + run < bytes.length && run < 128 && bytes[i + run] === bytes[i]) run++;
    if (run >= 3) {
      out.push(257 - run, bytes[i]);
      i += run;
      continue;
    }
    const start = i;
    while (i < bytes.length && i - start < 128) {
      if (i + 2 < bytes.length && bytes[i] === bytes[i + 1] && bytes[i] === bytes[i + 2]) break;
      i++;
    }
    out.push(i - start - 1, ...bytes.subarray(start, i));
  }
  return Uint8Array.from(out);
}

/** One RLE frame: header plus one PackBits segment per byte plane (even-padded, as the standard asks). */
export function rleFrame(planes: Uint8Array[]): Uint8Array {
  const encoded = planes.map(packBitsEncode).map((e) => (e.length % 2 ? Uint8Array.from([...e, 128]) : e));
  const out = new Uint8Array(64 + encoded.reduce((n, e) => n + e.length, 0));
  const view = new DataView(out.buffer);
  view.setUint32(0, planes.length, true);
  let offset = 64;
  encoded.forEach((e, s) => {
    view.setUint32(4 + 4 * s, offset, true);
    out.set(e, offset);
    offset += e.length;
  });
  return out;
}

function pixelData(o: FixtureOptions, bits: number): { vr: string; value: ArrayBuffer[] } {
  const n = o.rows * o.columns;
  const frames = o.frames.map((f) => f.pixels);
  if (o.encoding === 'rle-bytes' || o.encoding === 'rle-bits') {
    const value = frames.map((p) => {
      if (bits === 16) {
        const hi = Uint8Array.from({ length: n }, (_, i) => p[i] >> 8);
        const lo = Uint8Array.from({ length: n }, (_, i) => p[i] & 255);
        return rleFrame([hi, lo]).buffer as ArrayBuffer;
      }
      const plane = o.encoding === 'rle-bits' ? packFrames([p], n) : Uint8Array.from(p as ArrayLike<number>);
      return rleFrame([plane]).buffer as ArrayBuffer;
    });
    return { vr: 'OB', value };
  }
  let bytes: Uint8Array;
  if (bits === 1) bytes = packFrames(frames, n);
  else if (bits === 8) bytes = Uint8Array.from(frames.flatMap((p) => Array.from(p)));
  else {
    bytes = new Uint8Array(frames.length * n * 2);
    const view = new DataView(bytes.buffer);
    const little = o.transferSyntaxUID !== EXPLICIT_BE;
    frames.forEach((p, f) => {
      for (let i = 0; i < n; i++) view.setUint16(2 * (f * n + i), p[i], little);
    });
  }
  if (o.truncateBytes) bytes = bytes.slice(0, bytes.length - o.truncateBytes);
  const padded = bytes.length % 2 ? Uint8Array.from([...bytes, 0]) : bytes;
  return { vr: bits === 16 ? 'OW' : 'OB', value: [padded.buffer as ArrayBuffer] };
}

function frameItem(o: FixtureOptions, f: FixtureFrame): Record<string, unknown> {
  const item: Record<string, unknown> = {};
  if (f.source) {
    const ref: Record<string, unknown> = {
      ReferencedSOPClassUID: '1.2.840.10008.5.1.4.1.1.2',
      ReferencedSOPInstanceUID: f.source.uid,
    };
    if (f.source.frameNumber) ref.ReferencedFrameNumber = f.source.frameNumber;
    item.DerivationImageSequence = [{ SourceImageSequence: [ref] }];
  }
  if (f.position) item.PlanePositionSequence = [{ ImagePositionPatient: f.position }];
  if (f.orientation) item.PlaneOrientationSequence = [{ ImageOrientationPatient: f.orientation }];
  if (o.type !== 'LABELMAP' && f.segmentNumber !== null) {
    item.SegmentIdentificationSequence = [{ ReferencedSegmentNumber: f.segmentNumber ?? 1 }];
  }
  return item;
}

/** Write the SEG described by `o` and read it back. */
export function buildSeg(o: FixtureOptions, name = 'fixture.dcm'): Part10 {
  return readPart10(segBytes(o), name);
}

/** The Part 10 bytes of the SEG described by `o`. */
export function segBytes(o: FixtureOptions): ArrayBuffer {
  const bits = o.bitsAllocated ?? (o.type === 'BINARY' ? 1 : 8);
  const ts = o.transferSyntaxUID ?? (o.encoding && o.encoding !== 'native' ? RLE : EXPLICIT_LE);
  const sopClassUID = o.type === 'LABELMAP' ? '1.2.840.10008.5.1.4.1.1.66.7' : '1.2.840.10008.5.1.4.1.1.66.4';
  const sopInstanceUID = '1.2.826.0.1.3680043.8.498.2';
  const dataset: Record<string, unknown> = {
    SOPClassUID: sopClassUID,
    SOPInstanceUID: sopInstanceUID,
    Modality: 'SEG',
    SeriesInstanceUID: '1.2.826.0.1.3680043.8.498.3',
    StudyInstanceUID: '1.2.826.0.1.3680043.8.498.4',
    SeriesDescription: o.seriesDescription ?? 'Fixture SEG',
    FrameOfReferenceUID: o.frameOfReferenceUID ?? FOR_UID,
    SegmentationType: o.type,
    SamplesPerPixel: 1,
    PhotometricInterpretation: 'MONOCHROME2',
    Rows: o.rows,
    Columns: o.columns,
    BitsAllocated: bits,
    BitsStored: bits,
    HighBit: bits - 1,
    PixelRepresentation: 0,
    NumberOfFrames: o.numberOfFrames ?? o.frames.length,
    SegmentSequence: o.segments.map((s) => ({
      SegmentNumber: s.number,
      SegmentLabel: s.label ?? `Segment ${s.number}`,
      SegmentAlgorithmType: 'MANUAL',
      SegmentedPropertyCategoryCodeSequence: [
        { CodeValue: '85756007', CodingSchemeDesignator: 'SCT', CodeMeaning: 'Tissue' },
      ],
      SegmentedPropertyTypeCodeSequence: [
        { CodeValue: '10200004', CodingSchemeDesignator: 'SCT', CodeMeaning: 'Liver' },
      ],
      ...(s.lab ? { RecommendedDisplayCIELabValue: s.lab } : {}),
    })),
    SharedFunctionalGroupsSequence: [
      {
        PlaneOrientationSequence: [{ ImageOrientationPatient: o.orientation ?? AXIAL }],
        PixelMeasuresSequence: [{ PixelSpacing: o.pixelSpacing ?? [1, 1], SliceThickness: 1 }],
      },
    ],
    PerFrameFunctionalGroupsSequence: o.frames.map((f) => frameItem(o, f)),
  };
  if (o.type === 'FRACTIONAL') {
    dataset.SegmentationFractionalType = 'PROBABILITY';
    dataset.MaximumFractionalValue = o.maximumFractionalValue ?? 255;
  }
  const dict = new DicomDict({});
  dict.meta = DicomMetaDictionary.denaturalizeDataset({
    MediaStorageSOPClassUID: sopClassUID,
    MediaStorageSOPInstanceUID: sopInstanceUID,
    TransferSyntaxUID: ts,
    ImplementationClassUID: '1.2.826.0.1.3680043.8.498.5',
  });
  dict.dict = DicomMetaDictionary.denaturalizeDataset(dataset);
  const pd = pixelData(o, bits);
  dict.dict['7FE00010'] = { vr: pd.vr, Value: pd.value };
  return dict.write({ fragmentMultiframe: false });
}

/** Axial image planes: slice k at z = z0 + k * spacing (pass a negative spacing for a reversed series). */
export function axialSeries(
  count: number,
  o: {
    rows: number;
    columns: number;
    spacing?: number;
    z0?: number;
    pixelSpacing?: [number, number];
    origin?: [number, number];
  },
): ImagePlane[] {
  return Array.from({ length: count }, (_, k) => ({
    sopInstanceUID: `1.2.826.0.1.3680043.8.498.10.${k + 1}`,
    frameNumber: null,
    imagePositionPatient: [o.origin?.[0] ?? 0, o.origin?.[1] ?? 0, (o.z0 ?? 0) + k * (o.spacing ?? 2)],
    imageOrientationPatient: [
      [1, 0, 0],
      [0, 1, 0],
    ],
    pixelSpacing: o.pixelSpacing ?? [1, 1],
    rows: o.rows,
    columns: o.columns,
  }));
}
