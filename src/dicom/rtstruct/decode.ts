// RT Structure Set (DICOM JSON) -> StructureSet model. Works the same on the header of a Part 10 file
// (summary.headerJson) and on WADO-RS metadata; ContourData held as BulkDataURI is read from opts.bulkData
// (see bulkData.ts for the async variant that fetches it). Bad parts become readable problems per ROI and
// are left out; everything else still decodes.
import { fallbackColor, type RGB } from '../codes/color';
import { num, seq, str, type DicomJsonDataset } from '../json';
import type { ContourDataSources } from './contourData';
import { decodeContours } from './contours';
import type { StructureSet, StructureSetROI } from './model';
import { Problems } from './problems';
import { Tag as T } from '../tags';

export type DecodeStructureSetOptions = ContourDataSources;

function unique(values: Array<string | undefined>): string[] {
  return [...new Set(values.filter((v): v is string => !!v))];
}

/** ROIDisplayColor: three integers 0..255, else null (the caller reports it). */
function readColor(ds: DicomJsonDataset): RGB | null | 'malformed' {
  const values = ds[T.ROIDisplayColor]?.Value;
  if (!values || values.length === 0) return null;
  const rgb = values.map((v) => (typeof v === 'number' || typeof v === 'string' ? Number(v) : NaN));
  if (rgb.length !== 3 || rgb.some((c) => !Number.isInteger(c) || c < 0 || c > 255)) return 'malformed';
  return [rgb[0], rgb[1], rgb[2]];
}

function newRoi(roiNumber: number): StructureSetROI {
  return {
    roiNumber,
    roiName: null,
    roiDescription: null,
    roiGenerationAlgorithm: null,
    referencedFrameOfReferenceUID: null,
    color: null,
    displayColor: [0, 0, 0],
    rtRoiInterpretedType: null,
    roiObservationLabel: null,
    contours: [],
    problems: [],
  };
}

export function decodeStructureSet(ds: DicomJsonDataset, opts: DecodeStructureSetOptions = {}): StructureSet {
  const problems = new Problems();
  const refFrames = seq(ds, T.ReferencedFrameOfReferenceSequence);
  const byNumber = new Map<number, StructureSetROI>();
  const rois: StructureSetROI[] = [];

  seq(ds, T.StructureSetROISequence).forEach((item, i) => {
    const roiNumber = num(item, T.ROINumber);
    if (roiNumber === undefined) {
      problems.add(
        null,
        'error',
        `StructureSetROISequence item ${i + 1} ("${str(item, T.ROIName) ?? ''}") has no ROINumber; left out`,
      );
      return;
    }
    if (byNumber.has(roiNumber)) {
      problems.add(
        null,
        'error',
        `ROINumber ${roiNumber} is used by more than one StructureSetROISequence item; item ${i + 1} is left out`,
      );
      return;
    }
    const roi = newRoi(roiNumber);
    roi.roiName = str(item, T.ROIName)?.trim() || null;
    roi.roiDescription = str(item, T.ROIDescription) ?? null;
    roi.roiGenerationAlgorithm = str(item, T.ROIGenerationAlgorithm) ?? null;
    roi.referencedFrameOfReferenceUID = str(item, T.ReferencedFrameOfReferenceUID) ?? null;
    byNumber.set(roiNumber, roi);
    rois.push(roi);
  });

  const withContourItem = new Set<number>();
  seq(ds, T.ROIContourSequence).forEach((item, i) => {
    const ref = num(item, T.ReferencedROINumber);
    if (ref === undefined) {
      problems.add(
        null,
        'error',
        `ROIContourSequence item ${i + 1} has no ReferencedROINumber; its contours are left out`,
      );
      return;
    }
    let roi = byNumber.get(ref);
    if (!roi) {
      // Contours without a StructureSetROI item are still worth drawing; the user sees why the name is missing.
      roi = newRoi(ref);
      byNumber.set(ref, roi);
      rois.push(roi);
      problems.add(
        roi,
        'warning',
        'is in ROIContourSequence but not in StructureSetROISequence (no name, no frame of reference)',
      );
    }
    if (withContourItem.has(ref))
      problems.add(roi, 'warning', 'has more than one ROIContourSequence item; their contours are merged');
    withContourItem.add(ref);
    const color = readColor(item);
    if (color === 'malformed')
      problems.add(
        roi,
        'warning',
        `ROIDisplayColor ${JSON.stringify(item[T.ROIDisplayColor]?.Value)} is not three integers 0..255; a fallback colour is used`,
      );
    else if (color) roi.color = color;
    const contourItems = seq(item, T.ContourSequence);
    if (contourItems.length === 0)
      problems.add(roi, 'warning', 'has an ROIContourSequence item without contours: nothing to draw');
    decodeContours(roi, contourItems, opts, problems);
  });

  const observed = new Set<number>();
  seq(ds, T.RTROIObservationsSequence).forEach((item, i) => {
    const ref = num(item, T.ReferencedROINumber);
    const roi = ref === undefined ? undefined : byNumber.get(ref);
    if (!roi) {
      problems.add(
        null,
        'warning',
        `RTROIObservationsSequence item ${i + 1} references ROI ${ref ?? '(none)'}, which the structure set does not define`,
      );
      return;
    }
    if (observed.has(roi.roiNumber)) return; // the first observation names the type; later ones add nothing we show
    observed.add(roi.roiNumber);
    roi.rtRoiInterpretedType = str(item, T.RTROIInterpretedType)?.trim() || null;
    roi.roiObservationLabel = str(item, T.ROIObservationLabel)?.trim() || null;
  });

  rois.forEach((roi, index) => {
    roi.displayColor = roi.color ?? fallbackColor(index);
    if (!withContourItem.has(roi.roiNumber))
      problems.add(roi, 'warning', 'has no ROIContourSequence item: nothing to draw');
  });

  const frameOfReferenceUIDs = unique([
    str(ds, T.FrameOfReferenceUID),
    ...refFrames.map((f) => str(f, T.FrameOfReferenceUID)),
    ...rois.map((r) => r.referencedFrameOfReferenceUID ?? undefined),
  ]);
  if (frameOfReferenceUIDs.length === 0) {
    problems.add(
      null,
      'warning',
      'names no frame of reference: its contours can only be placed on a series by position',
    );
  }
  const referencedSeriesInstanceUIDs = unique(
    refFrames.flatMap((f) =>
      seq(f, T.RTReferencedStudySequence).flatMap((st) =>
        seq(st, T.RTReferencedSeriesSequence).map((s) => str(s, T.SeriesInstanceUID)),
      ),
    ),
  );

  return {
    sopInstanceUID: str(ds, T.SOPInstanceUID) ?? null,
    seriesInstanceUID: str(ds, T.SeriesInstanceUID) ?? null,
    seriesDescription: str(ds, T.SeriesDescription) ?? null,
    structureSetLabel: str(ds, T.StructureSetLabel) ?? null,
    structureSetName: str(ds, T.StructureSetName) ?? null,
    structureSetDescription: str(ds, T.StructureSetDescription) ?? null,
    structureSetDate: str(ds, T.StructureSetDate) ?? null,
    structureSetTime: str(ds, T.StructureSetTime) ?? null,
    frameOfReferenceUIDs,
    referencedSeriesInstanceUIDs,
    rois,
    problems: problems.all,
  };
}
