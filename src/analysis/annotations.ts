// SEGs and RTSTRUCTs as lists of regions (segments, ROIs) whose voxels can be asked for on a voxel grid: a SEG
// from the label slices it was decoded into (resampled when the grid asked for is another), an RTSTRUCT by
// rasterising its contours (rasterizeContours.ts states the rule).
import type { Code } from '../dicom/codes/code';
import type { ImagePlane } from '../dicom/geometry/plane';
import { volumeGrid, type VolumeGrid } from '../dicom/geometry/volumeGrid';
import { buildLabelmapLayers } from '../dicom/seg/labelmapLayers';
import { segmentDisplayName, type Segment, type Segmentation } from '../dicom/seg/model';
import type { SegmentationPixels } from '../dicom/seg/pixels';
import { roiDisplayName, type StructureSet } from '../dicom/rtstruct/model';
import { EMPTY_MASK, type BoxMask } from './mask';
import { rasterizeRoi } from './rasterizeContours';
import { resampleMask } from './resample';
import { indexLabelmap, segmentMask, type Labelmap, type LabelmapIndex } from './segmentMasks';

interface AnnotationIds {
  /** file name or series description: how messages name it */
  name: string;
  sopInstanceUID: string | null;
  seriesInstanceUID: string | null;
  frameOfReferenceUID: string | null;
}

export interface SegAnnotation extends AnnotationIds {
  kind: 'SEG';
  segments: readonly Segment[];
  /** the grid the labelmap is on */
  grid: VolumeGrid;
  labelmap: Labelmap;
  problems: string[];
}

export interface RtstructAnnotation extends AnnotationIds {
  kind: 'RTSTRUCT';
  structureSet: StructureSet;
  problems: string[];
}

export type Annotation = SegAnnotation | RtstructAnnotation;

/** A segment (SegmentNumber) or an ROI (ROINumber). */
export interface AnnotationRegion {
  number: number;
  label: string;
  /** SegmentedPropertyTypeCodeSequence; null for ROIs */
  type: Code | null;
}

/** Decode a parsed SEG onto `planes` (its own grid, segmentationGrid(), or an image series) for analysis. */
export async function segAnnotation(
  seg: Segmentation,
  pixels: SegmentationPixels,
  planes: readonly ImagePlane[],
  frameOfReferenceUID: string | null,
): Promise<SegAnnotation> {
  const made = volumeGrid(planes, frameOfReferenceUID);
  if (!made.grid) throw new Error(`${seg.objectName}: ${made.problem}`);
  const labelmap = await buildLabelmapLayers(seg, pixels, { frameOfReferenceUID, planes }, { overlap: 'combine' });
  return fromLabelmap(seg, made.grid, labelmap, labelmap.problems);
}

/** What a worker already holds (the SEG's model, the grid of its label slices, the slices) as an annotation. */
function fromLabelmap(seg: Omit<Segmentation, 'frames'>, grid: VolumeGrid, labelmap: Labelmap, problems: string[] = []): SegAnnotation {
  return {
    kind: 'SEG',
    name: seg.objectName,
    sopInstanceUID: seg.sopInstanceUID,
    seriesInstanceUID: seg.seriesInstanceUID,
    frameOfReferenceUID: seg.frameOfReferenceUID,
    segments: seg.segments.filter((s) => s.segmentNumber > 0),
    grid,
    labelmap,
    problems: [...seg.problems.map((p) => p.message), ...problems],
  };
}

export function rtstructAnnotation(structureSet: StructureSet, name: string): RtstructAnnotation {
  return {
    kind: 'RTSTRUCT',
    name,
    sopInstanceUID: structureSet.sopInstanceUID,
    seriesInstanceUID: structureSet.seriesInstanceUID,
    frameOfReferenceUID: structureSet.frameOfReferenceUIDs[0] ?? null,
    structureSet,
    problems: structureSet.problems.filter((p) => p.severity === 'error').map((p) => p.message),
  };
}

export function annotationRegions(a: Annotation): AnnotationRegion[] {
  if (a.kind === 'SEG') return a.segments.map((s) => ({ number: s.segmentNumber, label: segmentDisplayName(s), type: s.segmentedPropertyType }));
  return a.structureSet.rois.map((r) => ({ number: r.roiNumber, label: roiDisplayName(r), type: null }));
}

const indexes = new WeakMap<Labelmap, LabelmapIndex>();

/** One pass over a SEG's label slices for the boxes of all its segments and the label runs (kept for later calls). */
export function labelmapIndex(labelmap: Labelmap): LabelmapIndex {
  let index = indexes.get(labelmap);
  if (!index) indexes.set(labelmap, (index = indexLabelmap(labelmap)));
  return index;
}

export interface RegionMask {
  mask: BoxMask;
  /** why the mask is empty or partial, in words */
  problems: string[];
}

/** The voxels of region `number` of `a` on `grid`. */
export function regionMask(a: Annotation, number: number, grid: VolumeGrid): RegionMask {
  if (a.frameOfReferenceUID && grid.frameOfReferenceUID && a.frameOfReferenceUID !== grid.frameOfReferenceUID) {
    return { mask: EMPTY_MASK, problems: [`${a.name} is in frame of reference ${a.frameOfReferenceUID}, the grid in ${grid.frameOfReferenceUID}: not comparable`] };
  }
  if (a.kind === 'SEG') {
    const own = segmentMask(a.labelmap, number, labelmapIndex(a.labelmap));
    return { mask: resampleMask(a.grid, own, grid), problems: [] };
  }
  const roi = a.structureSet.rois.find((r) => r.roiNumber === number);
  if (!roi) return { mask: EMPTY_MASK, problems: [`${a.name} has no ROI ${number}`] };
  return rasterizeRoi(a.structureSet, roi, grid);
}
