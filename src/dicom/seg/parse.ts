// Part 10 Segmentation -> Segmentation model (header only: no pixel is touched here).
import { DicomReadError, type Part10 } from '../part10';
import { headerJson } from '../summary';
import { checkDecodedSize } from '../errors';
import { num, personName, referencedSeriesUIDs, seq, text, type DicomJsonDataset } from '../json';
import { frameRanges } from '../geometry/frameRanges';
import { readFrame, sharedGeometry } from './functionalGroups';
import {
  LABEL_MAP_SEGMENTATION_STORAGE,
  SEGMENTATION_STORAGE,
  type Segment,
  type Segmentation,
  type SegmentationFractionalType,
  type SegmentationFrame,
  type SegmentationProblem,
  type SegmentationType,
} from './model';
import { readSegment } from './segments';
import { Tag } from '../tags';

/** Frames of a SEG without per-frame groups (not allowed, but seen) beyond which the header is not believed. */
const MAX_FRAMES_WITHOUT_GROUPS = 100_000;


function segmentationType(ds: DicomJsonDataset, sopClassUID: string, problems: string[]): SegmentationType {
  const declared = text(ds, Tag.SegmentationType)?.toUpperCase();
  if (sopClassUID === LABEL_MAP_SEGMENTATION_STORAGE) {
    if (declared && declared !== 'LABELMAP') {
      problems.push(`SegmentationType is ${declared} in a Label Map Segmentation; read as LABELMAP`);
    }
    return 'LABELMAP';
  }
  if (declared === 'BINARY' || declared === 'FRACTIONAL' || declared === 'LABELMAP') return declared;
  problems.push(`SegmentationType is ${declared ? `"${declared}"` : 'missing'}; read as BINARY`);
  return 'BINARY';
}

/** Bits per pixel each type allows; anything else we cannot read safely. */
function checkBitsAllocated(type: SegmentationType, bits: number, what: string, problems: string[]): void {
  if (type === 'LABELMAP' && bits !== 8 && bits !== 16) {
    throw new DicomReadError(what, `a LABELMAP segmentation with BitsAllocated ${bits} (8 or 16 expected)`);
  }
  if (type !== 'LABELMAP' && bits !== 1 && bits !== 8) {
    throw new DicomReadError(what, `a ${type} segmentation with BitsAllocated ${bits} (1 or 8 expected)`);
  }
  if (type === 'BINARY' && bits !== 1) problems.push(`BINARY with BitsAllocated ${bits}: non-zero pixels count as set`);
  if (type === 'FRACTIONAL' && bits !== 8) problems.push(`FRACTIONAL with BitsAllocated ${bits}: read as BINARY`);
}

/**
 * Decode the header of a SEG. Throws DicomReadError (naming `name`) when the object cannot be a segmentation
 * at all; everything else that is odd becomes a problem in the model, and the frames it concerns are left out.
 */
/** `maxDecodedBytes`: ceiling on the masks the declared sizes would need (default MAX_DECODED_BYTES). */
export function parseSegmentation(p10: Part10, name: string, opts: { maxDecodedBytes?: number } = {}): Segmentation {
  // The per-frame groups (a big SEG has thousands of items, most of its header) are read as the reader made them:
  // numbers, sequences and UIDs already are what DICOM JSON holds, and converting them cost ~40% of this parse.
  const { [Tag.PerFrameFunctionalGroupsSequence]: perFrameElement, ...rest } = p10.dict;
  const ds = headerJson(rest);
  const sopClassUID = text(ds, Tag.SOPClassUID) ?? '';
  const seriesDescription = text(ds, Tag.SeriesDescription);
  const objectName = seriesDescription && !name.includes(seriesDescription) ? `${name} ("${seriesDescription}")` : name;
  if (p10.damaged && p10.dict[Tag.PixelData]) {
    // dcmjs read past the damage and padded what was missing with zeros: drawing that would show voxels that
    // are not in the file as "no segment".
    throw new DicomReadError(objectName, `is damaged and cannot be drawn: ${p10.damaged.replace(/^[^:]*: /, '')}`);
  }
  if (sopClassUID !== SEGMENTATION_STORAGE && sopClassUID !== LABEL_MAP_SEGMENTATION_STORAGE) {
    throw new DicomReadError(objectName, `is not a Segmentation (SOPClassUID ${sopClassUID || 'missing'})`);
  }
  const rows = num(ds, Tag.Rows) ?? 0;
  const columns = num(ds, Tag.Columns) ?? 0;
  if (!(rows > 0 && columns > 0)) {
    throw new DicomReadError(objectName, `has no image size (Rows ${rows}, Columns ${columns})`);
  }
  const messages: SegmentationProblem[] = [];
  const warn = (message: string): void =>
    void messages.push({ severity: 'warning', message: `${objectName}: ${message}` });
  const fail = (message: string): void =>
    void messages.push({ severity: 'error', message: `${objectName}: ${message}` });

  const notes: string[] = [];
  const type = segmentationType(ds, sopClassUID, notes);
  const bitsAllocated = num(ds, Tag.BitsAllocated) ?? (type === 'BINARY' ? 1 : 8);
  checkBitsAllocated(type, bitsAllocated, objectName, notes);
  notes.forEach(warn);
  const fractional = type === 'FRACTIONAL' && bitsAllocated === 8;
  const fractionalTypeText = text(ds, Tag.SegmentationFractionalType)?.toUpperCase() ?? null;
  if (fractional && fractionalTypeText !== 'PROBABILITY' && fractionalTypeText !== 'OCCUPANCY') {
    warn(`SegmentationFractionalType is ${fractionalTypeText ?? 'missing'}; values are shown as probabilities`);
  }
  const maximumFractionalValue = fractional ? (num(ds, Tag.MaximumFractionalValue) ?? 255) : null;

  const segments: Segment[] = [];
  seq(ds, Tag.SegmentSequence).forEach((item, i) => {
    const segment = readSegment(item, i);
    if (!segment) fail(`SegmentSequence item ${i + 1} has no SegmentNumber; it is left out`);
    else if (segments.some((s) => s.segmentNumber === segment.segmentNumber)) {
      fail(`SegmentNumber ${segment.segmentNumber} is described twice; the second description is left out`);
    } else segments.push(segment);
  });
  if (!segments.length) warn('SegmentSequence describes no segment');

  const numberOfFrames = num(ds, Tag.NumberOfFrames) ?? 1;
  const shared = seq(ds, Tag.SharedFunctionalGroupsSequence)[0];
  const perFrame = (perFrameElement?.Value ?? []) as DicomJsonDataset[];
  if (!Number.isInteger(numberOfFrames) || numberOfFrames < 1) {
    throw new DicomReadError(objectName, `has NumberOfFrames ${numberOfFrames}`);
  }
  // Checked here, before any frame is unpacked: compressed frames can declare far more than their bytes hold.
  // Frames are unpacked one at a time into the label volume (whose size the displayed series sets), so the
  // ceiling is on one frame: all frames together are no allocation (5,180 frames of 512x512 = 1.4 GB for the
  // 104-segment benchmark SEG, which decodes into 157 MB).
  checkDecodedSize(objectName, `one frame of ${rows}x${columns} pixels`, rows * columns, opts.maxDecodedBytes);
  if (perFrame.length && perFrame.length !== numberOfFrames) {
    warn(`NumberOfFrames is ${numberOfFrames} but PerFrameFunctionalGroupsSequence has ${perFrame.length} items`);
  }
  // Frames without a per-frame item cannot say where they are; a corrupt NumberOfFrames must not make millions.
  const described = Math.min(numberOfFrames, perFrame.length || MAX_FRAMES_WITHOUT_GROUPS);
  if (!perFrame.length && numberOfFrames > 1) warn('has no PerFrameFunctionalGroupsSequence');
  const known = new Set(segments.map((s) => s.segmentNumber));
  const frames: SegmentationFrame[] = [];
  const noSegment: number[] = [];
  const unknown = new Map<number, number[]>();
  const noPosition: number[] = [];
  for (let i = 0; i < described; i++) {
    const frame = readFrame(i, perFrame[i], shared);
    if (!frame.imagePositionPatient || !frame.imageOrientationPatient || !frame.pixelSpacing) noPosition.push(i);
    if (type !== 'LABELMAP') {
      const n = frame.referencedSegmentNumber;
      if (n === null) {
        noSegment.push(i);
        continue;
      }
      if (!known.has(n)) {
        unknown.set(n, (unknown.get(n) ?? []).concat(i));
        continue;
      }
    }
    frames.push(frame);
  }
  if (noSegment.length) fail(`${frameRanges(noSegment)}: no ReferencedSegmentNumber; left out`);
  for (const [n, list] of unknown) {
    fail(`${frameRanges(list)}: ReferencedSegmentNumber ${n} is not in SegmentSequence; left out`);
  }
  if (noPosition.length) {
    warn(
      `${frameRanges(noPosition)}: no ImagePositionPatient, ImageOrientationPatient or PixelSpacing; ` +
        'placed only through their source image reference, and left out of centroids',
    );
  }
  const geometry = sharedGeometry(shared, frames);
  return {
    objectName,
    sopClassUID,
    sopInstanceUID: text(ds, Tag.SOPInstanceUID),
    seriesInstanceUID: text(ds, Tag.SeriesInstanceUID),
    studyInstanceUID: text(ds, Tag.StudyInstanceUID),
    frameOfReferenceUID: text(ds, Tag.FrameOfReferenceUID),
    seriesDescription,
    seriesNumber: num(ds, Tag.SeriesNumber) ?? null,
    contentLabel: text(ds, Tag.ContentLabel),
    contentDescription: text(ds, Tag.ContentDescription),
    contentCreatorName: personName(ds, Tag.ContentCreatorName) || null,
    contentDate: text(ds, Tag.ContentDate),
    contentTime: text(ds, Tag.ContentTime),
    referencedSeriesInstanceUIDs: referencedSeriesUIDs(ds),
    segmentationType: fractional || type !== 'FRACTIONAL' ? type : 'BINARY',
    segmentationFractionalType: fractional
      ? ((fractionalTypeText === 'OCCUPANCY' ? 'OCCUPANCY' : 'PROBABILITY') as SegmentationFractionalType)
      : null,
    maximumFractionalValue,
    segmentsOverlap: text(ds, Tag.SegmentsOverlap),
    rows,
    columns,
    bitsAllocated,
    numberOfFrames,
    transferSyntaxUID: p10.transferSyntaxUID,
    ...geometry,
    segments,
    frames,
    problems: messages,
  };
}
