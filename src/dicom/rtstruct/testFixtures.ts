// Synthetic RT Structure Sets as DICOM JSON, for tests and benchmarks: each case says only what differs from
// a well-formed structure set, so a test reads as the problem it exercises.
import type { DicomJsonDataset, DicomJsonElement } from '../json';
import { Tag as T } from '../tags';

export const FIXTURE_FRAME_OF_REFERENCE = '1.2.826.0.1.3680043.8.498.1';
const FIXTURE_SOP_INSTANCE = '1.2.826.0.1.3680043.8.498.2';

export interface FixtureContour {
  /** ContourGeometricType; default CLOSED_PLANAR */
  type?: string;
  /** x, y, z triplets; a string is written as one raw DS text value (as a server might send it) */
  points?: ReadonlyArray<number | string | null> | string;
  /** Put ContourData out as a BulkDataURI instead */
  bulkDataURI?: string;
  /** NumberOfContourPoints to write; default: points / 3 */
  numberOfContourPoints?: number;
  /** ReferencedSOPInstanceUID of the ContourImageSequence item */
  image?: string;
}

export interface FixtureRoi {
  number: number;
  name?: string;
  /** ROIDisplayColor; null leaves it out */
  color?: ReadonlyArray<number | string> | null;
  interpretedType?: string;
  observationLabel?: string;
  frameOfReferenceUID?: string;
  contours?: FixtureContour[];
  /** Leave the ROI out of StructureSetROISequence / ROIContourSequence / RTROIObservationsSequence */
  omitStructureSetROI?: boolean;
  omitROIContour?: boolean;
  omitObservation?: boolean;
}

const el = (vr: string, ...values: Array<string | number | null>): DicomJsonElement => ({ vr, Value: values });
const sq = (items: DicomJsonDataset[]): DicomJsonElement => ({ vr: 'SQ', Value: items });

function contourItem(c: FixtureContour, i: number): DicomJsonDataset {
  const item: DicomJsonDataset = {
    [T.ContourNumber]: el('IS', i + 1),
    [T.ContourGeometricType]: el('CS', c.type ?? 'CLOSED_PLANAR'),
  };
  if (c.image) item[T.ContourImageSequence] = sq([{ [T.ReferencedSOPInstanceUID]: el('UI', c.image) }]);
  if (c.bulkDataURI) item[T.ContourData] = { vr: 'DS', BulkDataURI: c.bulkDataURI };
  else if (typeof c.points === 'string') item[T.ContourData] = el('DS', c.points);
  else if (c.points) item[T.ContourData] = el('DS', ...c.points);
  const n = c.numberOfContourPoints ?? (Array.isArray(c.points) ? Math.floor(c.points.length / 3) : undefined);
  if (n !== undefined) item[T.NumberOfContourPoints] = el('IS', n);
  return item;
}

/** A structure set holding `rois`, in frame of reference FIXTURE_FRAME_OF_REFERENCE unless an ROI says otherwise. */
export function structureSetJson(rois: readonly FixtureRoi[], label = 'FIXTURE'): DicomJsonDataset {
  return {
    [T.SOPInstanceUID]: el('UI', FIXTURE_SOP_INSTANCE),
    [T.StructureSetLabel]: el('SH', label),
    [T.StructureSetName]: el('LO', `${label} name`),
    [T.StructureSetDate]: el('DA', '20240115'),
    [T.StructureSetTime]: el('TM', '120000'),
    [T.ReferencedFrameOfReferenceSequence]: sq([{ [T.FrameOfReferenceUID]: el('UI', FIXTURE_FRAME_OF_REFERENCE) }]),
    [T.StructureSetROISequence]: sq(
      rois
        .filter((r) => !r.omitStructureSetROI)
        .map((r) => ({
          [T.ROINumber]: el('IS', r.number),
          [T.ReferencedFrameOfReferenceUID]: el('UI', r.frameOfReferenceUID ?? FIXTURE_FRAME_OF_REFERENCE),
          [T.ROIName]: r.name === undefined ? { vr: 'LO' } : el('LO', r.name),
          [T.ROIGenerationAlgorithm]: el('CS', 'MANUAL'),
        })),
    ),
    [T.ROIContourSequence]: sq(
      rois
        .filter((r) => !r.omitROIContour)
        .map((r) => {
          const item: DicomJsonDataset = { [T.ReferencedROINumber]: el('IS', r.number) };
          if (r.color) item[T.ROIDisplayColor] = el('IS', ...r.color);
          if (r.contours?.length) item[T.ContourSequence] = sq(r.contours.map(contourItem));
          return item;
        }),
    ),
    [T.RTROIObservationsSequence]: sq(
      rois
        .filter((r) => !r.omitObservation)
        .map((r, i) => ({
          [T.ObservationNumber]: el('IS', i + 1),
          [T.ReferencedROINumber]: el('IS', r.number),
          [T.ROIObservationLabel]: el('SH', r.observationLabel ?? r.name ?? null),
          [T.RTROIInterpretedType]: r.interpretedType ? el('CS', r.interpretedType) : { vr: 'CS' },
        })),
    ),
  };
}

/** A regular polygon of `n` points around (cx, cy) at height z, radius r (counter-clockwise). */
export function circle(cx: number, cy: number, z: number, r: number, n = 16): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const a = (2 * Math.PI * i) / n;
    out.push(cx + r * Math.cos(a), cy + r * Math.sin(a), z);
  }
  return out;
}
