// Part 10 Parametric Map -> ParametricMap model (header only: no pixel is touched here).
import { DicomReadError, type Part10 } from '../part10';
import { headerJson } from '../summary';
import { checkDecodedSize } from '../errors';
import { num, personName, referencedSeriesUIDs, seq, text, type DicomJsonDataset } from '../json';
import { ucumDisplay } from '../codes/ucum';
import { frameRanges } from '../geometry/frameRanges';
import { readFrame, sharedGeometry } from '../seg/functionalGroups';
import type { SegmentationFrame } from '../seg/model';
import { readMapping, sameMapping } from './mapping';
import {
  PARAMETRIC_MAP_STORAGE,
  type ParametricMap,
  type ParametricMapFrame,
  type ParametricMapProblem,
  type PixelType,
  type RealWorldValueMapping,
} from './model';
import { Tag } from '../tags';

/** Frames of a map without per-frame groups (not allowed, but seen) beyond which the header is not believed. */
const MAX_FRAMES_WITHOUT_GROUPS = 100_000;


/** The name messages use: the given name, plus the SeriesDescription (or SOPInstanceUID) when it adds something. */
function mapObjectName(ds: DicomJsonDataset, name: string): string {
  const label = text(ds, Tag.SeriesDescription) ?? text(ds, Tag.SOPInstanceUID);
  return label && !name.includes(label) ? `${name} ("${label}")` : name;
}

function pixelTypeOf(p10: Part10, ds: DicomJsonDataset, objectName: string): { pixelType: PixelType; bits: number } {
  const bits = num(ds, Tag.BitsAllocated);
  const has = (tag: string): boolean => p10.dict[tag] !== undefined;
  const present = [Tag.FloatPixelData, Tag.DoubleFloatPixelData, Tag.PixelData].filter(has);
  if (present.length > 1) {
    throw new DicomReadError(objectName, 'has more than one of Pixel Data, Float Pixel Data and Double Float Pixel Data');
  }
  if (has(Tag.FloatPixelData)) {
    if (bits !== undefined && bits !== 32) throw new DicomReadError(objectName, `has Float Pixel Data with BitsAllocated ${bits}`);
    return { pixelType: 'float32', bits: 32 };
  }
  if (has(Tag.DoubleFloatPixelData)) {
    if (bits !== undefined && bits !== 64) {
      throw new DicomReadError(objectName, `has Double Float Pixel Data with BitsAllocated ${bits}`);
    }
    return { pixelType: 'float64', bits: 64 };
  }
  if (!has(Tag.PixelData)) throw new DicomReadError(objectName, 'has no pixel data (Pixel Data, Float or Double Float Pixel Data)');
  const signed = num(ds, Tag.PixelRepresentation) === 1;
  if (bits === 8) return { pixelType: signed ? 'int8' : 'uint8', bits };
  if (bits === 16) return { pixelType: signed ? 'int16' : 'uint16', bits };
  if (bits === 32) return { pixelType: signed ? 'int32' : 'uint32', bits };
  throw new DicomReadError(objectName, `has Pixel Data with BitsAllocated ${bits ?? 'missing'} (8, 16 or 32 expected)`);
}

/**
 * Decode the header of a Parametric Map. Throws DicomReadError (naming the map) when it cannot be a map whose
 * values can be read; everything else that is odd becomes a problem in the model.
 */
/** `maxDecodedBytes`: ceiling on the values the declared sizes would need (default MAX_DECODED_BYTES). */
export function parseParametricMap(p10: Part10, name: string, opts: { maxDecodedBytes?: number } = {}): ParametricMap {
  const ds = headerJson(p10.dict);
  const objectName = mapObjectName(ds, name);
  const sopClassUID = text(ds, Tag.SOPClassUID) ?? '';
  if (sopClassUID !== PARAMETRIC_MAP_STORAGE) {
    throw new DicomReadError(objectName, `is not a Parametric Map (SOPClassUID ${sopClassUID || 'missing'})`);
  }
  if (p10.damaged) {
    // dcmjs read past the damage and padded what was missing with zeros, which would show as real values.
    throw new DicomReadError(objectName, `is damaged and its values cannot be shown: ${p10.damaged.replace(/^[^:]*: /, '')}`);
  }
  const rows = num(ds, Tag.Rows) ?? 0;
  const columns = num(ds, Tag.Columns) ?? 0;
  if (!(rows > 0 && columns > 0)) throw new DicomReadError(objectName, `has no image size (Rows ${rows}, Columns ${columns})`);
  const samples = num(ds, Tag.SamplesPerPixel) ?? 1;
  if (samples !== 1) throw new DicomReadError(objectName, `has ${samples} samples per pixel (1 expected)`);
  const { pixelType, bits } = pixelTypeOf(p10, ds, objectName);
  const numberOfFrames = num(ds, Tag.NumberOfFrames) ?? 1;
  if (!Number.isInteger(numberOfFrames) || numberOfFrames < 1) {
    throw new DicomReadError(objectName, `has NumberOfFrames ${numberOfFrames}`);
  }
  // Values are decoded as float32 or float64 whatever is stored: checked before any frame is decoded.
  const valueBytes = bits === 64 ? 8 : 4;
  // Frames are decoded one at a time; the volume they go into is the displayed series' (checked in decode.ts).
  checkDecodedSize(objectName, `one frame of ${rows}x${columns} values`, rows * columns * valueBytes, opts.maxDecodedBytes);
  const problems: ParametricMapProblem[] = [];
  const warn = (message: string): void => void problems.push({ severity: 'warning', message: `${objectName}: ${message}` });
  const fail = (message: string): void => void problems.push({ severity: 'error', message: `${objectName}: ${message}` });

  const shared = seq(ds, Tag.SharedFunctionalGroupsSequence)[0];
  const perFrame = seq(ds, Tag.PerFrameFunctionalGroupsSequence);
  if (perFrame.length && perFrame.length !== numberOfFrames) {
    warn(`NumberOfFrames is ${numberOfFrames} but PerFrameFunctionalGroupsSequence has ${perFrame.length} items`);
  }
  if (!perFrame.length && numberOfFrames > 1) warn('has no PerFrameFunctionalGroupsSequence');
  const described = Math.min(numberOfFrames, perFrame.length || MAX_FRAMES_WITHOUT_GROUPS);

  const mappings: RealWorldValueMapping[] = [];
  const notes = new Map<string, number[]>();
  const unmapped: number[] = [];
  const geometry: SegmentationFrame[] = [];
  const frames: ParametricMapFrame[] = [];
  const noPosition: number[] = [];
  for (let i = 0; i < described; i++) {
    const item = perFrame[i];
    const g = readFrame(i, item, shared);
    geometry.push(g);
    if (!g.imagePositionPatient || !g.imageOrientationPatient || !g.pixelSpacing) noPosition.push(i);
    const own = seq(item, Tag.RealWorldValueMappingSequence);
    const read = readMapping(own.length ? own : seq(shared, Tag.RealWorldValueMappingSequence));
    if (read.note) notes.set(read.note, (notes.get(read.note) ?? []).concat(i));
    let mappingIndex: number | null = null;
    if (read.mapping) {
      const m = read.mapping;
      mappingIndex = mappings.findIndex((x) => sameMapping(x, m));
      if (mappingIndex < 0) mappingIndex = mappings.push(m) - 1;
    } else unmapped.push(i);
    frames.push({
      frameIndex: i,
      imagePositionPatient: g.imagePositionPatient,
      imageOrientationPatient: g.imageOrientationPatient,
      pixelSpacing: g.pixelSpacing,
      sourceImages: g.sourceImages,
      mappingIndex,
    });
  }
  for (const [note, list] of notes) {
    const all = list.length === described;
    const message = `${all ? '' : `${frameRanges(list)}: `}${note}`;
    if (unmapped.includes(list[0])) fail(`${message}: stored values are shown as they are, without units`);
    else warn(message);
  }
  if (mappings.length > 1) {
    const labels = [...new Set(mappings.map((m) => m.lutLabel ?? '(no label)'))].join(', ');
    warn(`frames use ${mappings.length} different Real World Value Mappings (${labels}); each frame is mapped with its own`);
  }
  if (noPosition.length) {
    warn(`${frameRanges(noPosition)}: no ImagePositionPatient, ImageOrientationPatient or PixelSpacing; placed only through their source image reference`);
  }
  const first = mappings[0] ?? null;
  return {
    objectName,
    sopClassUID,
    sopInstanceUID: text(ds, Tag.SOPInstanceUID),
    seriesInstanceUID: text(ds, Tag.SeriesInstanceUID),
    studyInstanceUID: text(ds, Tag.StudyInstanceUID),
    frameOfReferenceUID: text(ds, Tag.FrameOfReferenceUID),
    seriesDescription: text(ds, Tag.SeriesDescription),
    seriesNumber: num(ds, Tag.SeriesNumber) ?? null,
    contentLabel: text(ds, Tag.ContentLabel),
    contentDescription: text(ds, Tag.ContentDescription),
    contentCreatorName: personName(ds, Tag.ContentCreatorName) || null,
    contentDate: text(ds, Tag.ContentDate),
    contentTime: text(ds, Tag.ContentTime),
    referencedSeriesInstanceUIDs: referencedSeriesUIDs(ds),
    rows,
    columns,
    numberOfFrames,
    pixelType,
    bitsAllocated: bits,
    bitsStored: num(ds, Tag.BitsStored) ?? bits,
    transferSyntaxUID: p10.transferSyntaxUID,
    ...sharedGeometry(shared, geometry),
    realWorldValueMappings: mappings,
    quantity: first?.quantity ?? null,
    measurementUnits: first?.measurementUnits ?? null,
    unitsDisplay: ucumDisplay(first?.measurementUnits),
    lutLabel: first?.lutLabel ?? null,
    lutExplanation: first?.lutExplanation ?? null,
    frames,
    problems,
  };
}
