// An RTSTRUCT that arrives in parts (its ROIs decoded in the worker as their contours download,
// dicom/rtstruct/progressive.ts), put together on the page: the header's ROIs listed from the first part, each
// one's contours as they come, and which are still coming. The whole decode at the end replaces it.
import type { RtPart } from '../workers/protocol';
import type { StructureSet, StructureSetROI } from '../dicom/rtstruct/model';

export class GrowingStructureSet {
  private set: StructureSet | undefined;
  private readonly came = new Set<number>();

  /** Takes in a part: the set as far as it came (a new object each time) and the ROIs still coming; null before the header. */
  add(part: RtPart): { set: StructureSet; coming: ReadonlySet<number> } | null {
    if (part.header) this.set = { ...part.header, rois: [...part.header.rois] };
    const set = this.set;
    if (!set) return null;
    const rois: StructureSetROI[] = [...set.rois];
    for (const roi of part.complete) {
      const i = rois.findIndex((r) => r.roiNumber === roi.roiNumber);
      // An ROI in two ROIContourSequence items gets the contours of both, as the whole decode merges them.
      if (i < 0) rois.push(roi);
      else rois[i] = this.came.has(roi.roiNumber) ? { ...roi, contours: [...rois[i].contours, ...roi.contours] } : roi;
      this.came.add(roi.roiNumber);
    }
    this.set = { ...set, rois };
    return { set: this.set, coming: new Set(rois.filter((r) => !this.came.has(r.roiNumber)).map((r) => r.roiNumber)) };
  }
}
