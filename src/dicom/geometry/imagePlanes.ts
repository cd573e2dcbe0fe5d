// Image planes of an image instance from its DICOM JSON: one for a single-frame image, one per frame for an
// enhanced (functional-group) multi-frame image.
import { num, nums, seq, str, type DicomJsonDataset } from '../json';
import { orientationFromNumbers, type ImagePlane, type Vec3 } from './plane';
import { Tag } from '../tags';


function fromGroups(
  perFrame: DicomJsonDataset | undefined,
  shared: DicomJsonDataset | undefined,
  macro: string,
  tag: string,
): number[] {
  const own = nums(seq(perFrame, macro)[0], tag);
  return own.length ? own : nums(seq(shared, macro)[0], tag);
}

/**
 * The planes of an instance, in frame order; frames without a complete plane are left out (the caller sees a
 * shorter list). Single-frame instances get frameNumber null.
 */
export function imagePlanesOf(ds: DicomJsonDataset): ImagePlane[] {
  const sopInstanceUID = str(ds, Tag.SOPInstanceUID) ?? '';
  const rows = num(ds, Tag.Rows) ?? 0;
  const columns = num(ds, Tag.Columns) ?? 0;
  const frames = num(ds, Tag.NumberOfFrames) ?? 1;
  const shared = seq(ds, Tag.SharedFunctionalGroupsSequence)[0];
  const perFrame = seq(ds, Tag.PerFrameFunctionalGroupsSequence);
  const out: ImagePlane[] = [];
  for (let f = 0; f < frames; f++) {
    const item = perFrame[f];
    const ipp = item || shared ? fromGroups(item, shared, Tag.PlanePositionSequence, Tag.ImagePositionPatient) : [];
    const iop = item || shared ? fromGroups(item, shared, Tag.PlaneOrientationSequence, Tag.ImageOrientationPatient) : [];
    const ps = item || shared ? fromGroups(item, shared, Tag.PixelMeasuresSequence, Tag.PixelSpacing) : [];
    const position = ipp.length === 3 ? ipp : nums(ds, Tag.ImagePositionPatient);
    const orientation = orientationFromNumbers(iop.length === 6 ? iop : nums(ds, Tag.ImageOrientationPatient));
    const spacing = ps.length === 2 ? ps : nums(ds, Tag.PixelSpacing);
    if (position.length !== 3 || !orientation || spacing.length !== 2 || !(spacing[0] > 0 && spacing[1] > 0)) continue;
    out.push({
      sopInstanceUID,
      frameNumber: frames > 1 || perFrame.length ? f + 1 : null,
      imagePositionPatient: position as Vec3,
      imageOrientationPatient: orientation,
      pixelSpacing: [spacing[0], spacing[1]],
      rows,
      columns,
    });
  }
  return out;
}
