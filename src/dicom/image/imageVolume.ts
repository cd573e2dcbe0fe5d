// Image instances (CT, MR, PT, Parametric Map; single- or multi-frame) -> one volume of stored values with the
// map to real-world values per slice, on the grid of their planes. For analysis (statistics inside a segment):
// CT in HU (RescaleSlope/Intercept), PT in its Units (0054,1001) after rescale, Parametric Maps through their
// Real World Value Mapping. The viewer draws images with Cornerstone; this reads pixels only for numbers.
import type { Code } from '../codes/code';
import { readCodeSeq } from '../codes/code';
import { getFrames, isEncapsulated } from '../frames';
import type { FrameDecoder } from '../frameCodecs';
import { imagePlanesOf } from '../geometry/imagePlanes';
import { planeNormal, type ImagePlane } from '../geometry/plane';
import { dot } from '../geometry/sortSlices';
import { volumeGrid, type VolumeGrid } from '../geometry/volumeGrid';
import { num, seq, str, type DicomJsonDataset } from '../json';
import { readPart10 } from '../part10';
import { decodeRle } from '../seg/rle';
import { headerJson } from '../summary';
import { Tag } from '../tags';

export interface RealWorldMap {
  slope: number;
  intercept: number;
}

export interface ImageVolume {
  seriesInstanceUID: string | null;
  modality: string | null;
  grid: VolumeGrid;
  /** stored values of slice k (rows x columns, column fastest) */
  slices: Array<ArrayLike<number>>;
  /** value = stored x slope + intercept, per slice */
  realWorld: RealWorldMap[];
  /** unit of the real-world values (UCUM), null when the object does not say */
  unit: Code | null;
  sopInstanceUIDs: string[];
  problems: string[];
}

const ucum = (code: string, meaning: string): Code => ({ code, scheme: 'UCUM', meaning });
const HU = ucum("[hnsf'U]", 'Hounsfield unit');
/** PET Units (0054,1001) defined terms -> UCUM (PS3.3 C.8.9.1.1.3) */
const PET_UNITS: Record<string, Code> = {
  BQML: ucum('Bq/mL', 'becquerels/milliliter'),
  CNTS: ucum('{counts}', 'counts'),
  GML: ucum('g/mL', 'grams/milliliter'),
  PERCENT: ucum('%', 'percent'),
  MGMINML: ucum('mg/min/mL', 'milligrams/minute/milliliter'),
  UMOLMINML: ucum('umol/min/mL', 'micromoles/minute/milliliter'),
};

function functionalGroup(ds: DicomJsonDataset, frame: number, macro: string): DicomJsonDataset | undefined {
  return seq(seq(ds, Tag.PerFrameFunctionalGroupsSequence)[frame], macro)[0] ?? seq(seq(ds, Tag.SharedFunctionalGroupsSequence)[0], macro)[0];
}

function realWorldOf(ds: DicomJsonDataset, frame: number): { map: RealWorldMap; unit: Code | null } {
  const rwvm = functionalGroup(ds, frame, Tag.RealWorldValueMappingSequence) ?? seq(ds, Tag.RealWorldValueMappingSequence)[0];
  if (rwvm) {
    return {
      map: { slope: num(rwvm, Tag.RealWorldValueSlope) ?? 1, intercept: num(rwvm, Tag.RealWorldValueIntercept) ?? 0 },
      unit: readCodeSeq(rwvm, Tag.MeasurementUnitsCodeSequence),
    };
  }
  const pvt = functionalGroup(ds, frame, Tag.PixelValueTransformationSequence);
  const slope = num(pvt, Tag.RescaleSlope) ?? num(ds, Tag.RescaleSlope) ?? 1;
  const intercept = num(pvt, Tag.RescaleIntercept) ?? num(ds, Tag.RescaleIntercept) ?? 0;
  const modality = str(ds, Tag.Modality);
  const unit = modality === 'CT' ? HU : modality === 'PT' ? (PET_UNITS[str(ds, Tag.Units) ?? ''] ?? null) : null;
  return { map: { slope, intercept }, unit };
}

function typed(bytes: Uint8Array, bits: number, signed: boolean, pixels: number): ArrayLike<number> {
  const aligned = bytes.byteOffset % 4 === 0 ? bytes : bytes.slice();
  if (bits === 8) return signed ? new Int8Array(aligned.buffer, aligned.byteOffset, pixels) : aligned.subarray(0, pixels);
  if (bits === 16) return signed ? new Int16Array(aligned.buffer, aligned.byteOffset, pixels) : new Uint16Array(aligned.buffer, aligned.byteOffset, pixels);
  if (bits === 32) return signed ? new Int32Array(aligned.buffer, aligned.byteOffset, pixels) : new Uint32Array(aligned.buffer, aligned.byteOffset, pixels);
  throw new Error(`BitsAllocated ${bits} is not supported for statistics`);
}

/** RLE byte planes (most significant first) -> little-endian samples. */
function fromRle(frame: Uint8Array, bytesPerSample: number, pixels: number): Uint8Array {
  const { planes } = decodeRle(frame, pixels);
  const out = new Uint8Array(pixels * bytesPerSample);
  for (let b = 0; b < bytesPerSample; b++) {
    const plane = planes[bytesPerSample - 1 - b];
    for (let i = 0; i < pixels; i++) out[i * bytesPerSample + b] = plane[i];
  }
  return out;
}

interface Slice {
  plane: ImagePlane;
  values: ArrayLike<number>;
  map: RealWorldMap;
  unit: Code | null;
}

async function slicesOf(bytes: Uint8Array, name: string, decoder?: FrameDecoder): Promise<{ slices: Slice[]; ds: DicomJsonDataset }> {
  const p10 = readPart10(bytes, name);
  const ds = headerJson(p10.dict);
  const planes = imagePlanesOf(ds);
  const rows = num(ds, Tag.Rows) ?? 0;
  const columns = num(ds, Tag.Columns) ?? 0;
  const pixels = rows * columns;
  const float = p10.dict[Tag.FloatPixelData] ?? p10.dict[Tag.DoubleFloatPixelData];
  let frames: Array<ArrayLike<number>>;
  if (float) {
    const v = float.Value?.[0] as unknown as ArrayBuffer | ArrayBufferView;
    const buf = ArrayBuffer.isView(v) ? v.buffer.slice(v.byteOffset, v.byteOffset + v.byteLength) : v;
    const all = p10.dict[Tag.FloatPixelData] ? new Float32Array(buf) : new Float64Array(buf);
    frames = planes.map((_, f) => all.subarray(f * pixels, (f + 1) * pixels));
  } else {
    const bits = num(ds, Tag.BitsAllocated) ?? 16;
    const signed = num(ds, Tag.PixelRepresentation) === 1;
    if ((num(ds, Tag.SamplesPerPixel) ?? 1) !== 1) throw new Error(`${name}: colour images have no single value per voxel`);
    const raw = getFrames(p10.dict, p10.transferSyntaxUID);
    frames = [];
    for (const frame of raw) {
      let native = frame;
      if (p10.transferSyntaxUID === '1.2.840.10008.1.2.5') native = fromRle(frame, bits / 8, pixels);
      else if (isEncapsulated(p10.transferSyntaxUID)) {
        if (!decoder) throw new Error(`${name}: compressed pixel data and no codec given`);
        native = await decoder(frame, p10.transferSyntaxUID, rows, columns, bits);
      }
      frames.push(typed(native, bits, signed, pixels));
    }
  }
  const slices = planes.map((plane) => ({ plane, values: frames[(plane.frameNumber ?? 1) - 1], ...realWorldOf(ds, (plane.frameNumber ?? 1) - 1) }));
  return { slices, ds };
}

/**
 * One volume from the image instances of one series (`files`: name and bytes), slices ordered along the
 * normal. Instances of other series than the first one's are left out with a problem.
 */
export async function readImageVolume(files: ReadonlyArray<{ name: string; bytes: Uint8Array }>, decoder?: FrameDecoder): Promise<ImageVolume> {
  const problems: string[] = [];
  const all: Slice[] = [];
  let series: string | null | undefined;
  let modality: string | null = null;
  let frameOfReferenceUID: string | null = null;
  const sops: string[] = [];
  for (const f of files) {
    const { slices, ds } = await slicesOf(f.bytes, f.name, decoder);
    const uid = str(ds, Tag.SeriesInstanceUID) ?? null;
    if (series === undefined) {
      series = uid;
      modality = str(ds, Tag.Modality) ?? null;
      frameOfReferenceUID = str(ds, Tag.FrameOfReferenceUID) ?? null;
    } else if (uid !== series) {
      problems.push(`${f.name}: series ${uid}, not ${series}; left out`);
      continue;
    }
    sops.push(str(ds, Tag.SOPInstanceUID) ?? '');
    all.push(...slices);
  }
  if (!all.length) throw new Error('no image with a plane position, orientation and pixel spacing');
  const normal = planeNormal(all[0].plane);
  all.sort((a, b) => dot(a.plane.imagePositionPatient, normal) - dot(b.plane.imagePositionPatient, normal));
  const made = volumeGrid(all.map((s) => s.plane), frameOfReferenceUID);
  if (!made.grid) throw new Error(`images of series ${series}: ${made.problem}`);
  const units = new Set(all.map((s) => (s.unit ? s.unit.code : '')));
  if (units.size > 1) problems.push(`slices state different units (${[...units].join(', ')}): the first slice's is used`);
  return {
    seriesInstanceUID: series ?? null,
    modality,
    grid: made.grid,
    slices: all.map((s) => s.values),
    realWorld: all.map((s) => s.map),
    unit: all[0].unit,
    sopInstanceUIDs: sops,
    problems,
  };
}
