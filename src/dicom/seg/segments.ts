// SegmentSequence items (Segment Description macro, PS3.3 C.8.20.4 / C.8.20.2) -> Segment.
import { readCode, readCodes, readCodeSeq, type Code } from '../codes/code';
import { dicomLabToRgb, fallbackColor, type RGB } from '../codes/color';
import { nums, seq, text, type DicomJsonDataset } from '../json';
import type { ModifiedCode, Segment, SegmentAlgorithmType } from './model';
import { Tag } from '../tags';

const ALGORITHM_TYPES = new Set<string>(['AUTOMATIC', 'SEMIAUTOMATIC', 'MANUAL']);


/**
 * A code with its modifiers. Modifiers sit inside the code item since the 2023 revision of the standard and at
 * the segment level before it; writers of both eras are in the wild, so both places count.
 */
function modifiedCode(segment: DicomJsonDataset, codeTag: string, modifierTag: string): ModifiedCode | null {
  const item = seq(segment, codeTag)[0];
  const code = readCode(item);
  if (!code) return null;
  const modifiers: Code[] = [...readCodes(item, modifierTag), ...readCodes(segment, modifierTag)];
  return { ...code, modifiers };
}

function labColor(segment: DicomJsonDataset): RGB | null {
  const lab = nums(segment, Tag.RecommendedDisplayCIELabValue);
  if (lab.length !== 3 || lab.some((v) => v < 0 || v > 65535)) return null;
  return dicomLabToRgb(lab);
}

/** One SegmentSequence item; `index` is its position, for the fallback colour. Null without a SegmentNumber. */
export function readSegment(item: DicomJsonDataset, index: number): Segment | null {
  const segmentNumber = nums(item, Tag.SegmentNumber)[0];
  if (segmentNumber === undefined || !Number.isInteger(segmentNumber)) return null;
  const algorithmType = text(item, Tag.SegmentAlgorithmType)?.toUpperCase() ?? null;
  const algorithmIdentification = seq(item, Tag.SegmentationAlgorithmIdentificationSequence)[0];
  const color = labColor(item);
  return {
    segmentNumber,
    segmentLabel: text(item, Tag.SegmentLabel),
    segmentDescription: text(item, Tag.SegmentDescription),
    segmentAlgorithmType:
      algorithmType && ALGORITHM_TYPES.has(algorithmType) ? (algorithmType as SegmentAlgorithmType) : null,
    segmentAlgorithmName:
      text(item, Tag.SegmentAlgorithmName) ??
      (algorithmIdentification ? text(algorithmIdentification, Tag.AlgorithmName) : null),
    segmentedPropertyCategory: readCodeSeq(item, Tag.SegmentedPropertyCategoryCodeSequence),
    segmentedPropertyType: modifiedCode(
      item,
      Tag.SegmentedPropertyTypeCodeSequence,
      Tag.SegmentedPropertyTypeModifierCodeSequence,
    ),
    anatomicRegion: modifiedCode(item, Tag.AnatomicRegionSequence, Tag.AnatomicRegionModifierSequence),
    trackingID: text(item, Tag.TrackingID),
    trackingUID: text(item, Tag.TrackingUID),
    color,
    displayColor: color ?? fallbackColor(index),
  };
}
