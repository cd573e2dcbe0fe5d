// Problems found while decoding, as values a person can read: each names its ROI the same way, and each is
// kept both on its ROI and in the structure set's list.
import { roiDisplayName, type StructureSetProblem, type StructureSetROI } from './model';

type Severity = StructureSetProblem['severity'];

/** Collects problems so that each ROI names itself the same way and the list stays ordered. */
export class Problems {
  readonly all: StructureSetProblem[] = [];
  add(roi: StructureSetROI | null, severity: Severity, message: string): void {
    const text = roi ? `ROI ${roi.roiNumber} "${roiDisplayName(roi)}": ${message}` : message;
    this.all.push({ roiNumber: roi?.roiNumber ?? null, severity, message: text });
    roi?.problems.push(text);
  }
}
