// Which displayed image slice each frame of a derived object (SEG) belongs on, and how its pixel grid maps
// onto that slice's grid. A frame is placed through its source image reference when that resolves and agrees
// with the frame's own plane, else by Frame of Reference and position along the slice normal. A frame that is
// not coplanar with a slice is reported and left out: never drawn in the wrong place.
import { dot } from './sortSlices';
import { frameRanges } from './frameRanges';
import {
  cornerDistances,
  gridMapping,
  planeNormal,
  tiltDegrees,
  type GridMapping,
  type GridPlane,
  type ImagePlane,
  type Vec3,
} from './plane';

/** What placement needs of a frame (SegmentationFrame has these fields). */
export interface FrameGeometry {
  frameIndex: number;
  imagePositionPatient: Vec3 | null;
  imageOrientationPatient: [Vec3, Vec3] | null;
  pixelSpacing: [number, number] | null;
  sourceImages: ReadonlyArray<{ referencedSOPInstanceUID: string; referencedFrameNumbers: readonly number[] }>;
}

export interface PlacementSource {
  /** names the object in messages */
  objectName: string;
  frameOfReferenceUID: string | null;
  rows: number;
  columns: number;
  frames: readonly FrameGeometry[];
}

/** The displayed series: slice index k is planes[k], in whatever order the viewer shows them. */
export interface TargetSeries {
  frameOfReferenceUID: string | null;
  planes: readonly ImagePlane[];
}

export interface FramePlacement {
  frameIndex: number;
  sliceIndex: number;
  by: 'reference' | 'position';
  mapping: GridMapping;
}

export type UnplacedReason = 'oblique' | 'off-slice' | 'frame-of-reference' | 'no-geometry' | 'grid-unknown';

export interface UnplacedFrame {
  frameIndex: number;
  reason: UnplacedReason;
  /** in words, for this frame */
  detail: string;
}

export interface PlacementResult {
  placements: FramePlacement[];
  unplaced: UnplacedFrame[];
  /** readable, one per kind of trouble, naming the object and the frames */
  problems: string[];
  /** slice spacing of the target series used for the tolerance (mm) */
  sliceSpacing: number;
  /** how far (mm) a frame may lie from a slice plane and still be drawn on it */
  tolerance: number;
}

export interface PlacementOptions {
  /** overrides 0.25 * slice spacing (never below 0.01 mm) */
  tolerance?: number;
  /** spacing to assume when the target has a single slice (default 1 mm) */
  sliceSpacing?: number;
}

const MIN_TOLERANCE = 0.01;

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** The nearest index in ascending `sorted` to `d`. */
function nearest(sorted: Float64Array, d: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < d) lo = mid;
    else hi = mid;
  }
  return Math.abs(sorted[lo] - d) <= Math.abs(sorted[hi] - d) ? lo : hi;
}

const EXPLAIN: Record<UnplacedReason, string> = {
  oblique: 'not parallel to the image slices (oblique); not shown rather than shown in the wrong place',
  'off-slice': 'on no image slice of the displayed series; not shown',
  'frame-of-reference': 'in another Frame of Reference than the displayed series; not shown',
  'no-geometry': 'no plane position, and no single source image to put it on; not shown',
  'grid-unknown': 'no usable plane position, and a pixel grid unlike the referenced image; not shown',
};

/** Place every frame of `source` on a slice of `target` (see the module comment for the rules). */
export function placeFrames(
  source: PlacementSource,
  target: TargetSeries,
  options: PlacementOptions = {},
): PlacementResult {
  const planes = target.planes;
  const placements: FramePlacement[] = [];
  const unplaced: UnplacedFrame[] = [];
  const notes = new Set<string>();
  if (!planes.length) {
    const none = source.frames.map((f): UnplacedFrame => ({
      frameIndex: f.frameIndex,
      reason: 'off-slice',
      detail: 'no images',
    }));
    return {
      placements,
      unplaced: none,
      problems: [`${source.objectName}: the displayed series has no images`],
      sliceSpacing: 0,
      tolerance: 0,
    };
  }
  const normal = planeNormal(planes[0]);
  const distances = planes.map((p) => dot(p.imagePositionPatient, normal));
  const order = distances.map((_, k) => k).sort((a, b) => distances[a] - distances[b]);
  const sorted = Float64Array.from(order, (k) => distances[k]);
  const gaps: number[] = [];
  for (let i = 1; i < sorted.length; i++) if (sorted[i] - sorted[i - 1] > 1e-3) gaps.push(sorted[i] - sorted[i - 1]);
  const sliceSpacing = gaps.length ? median(gaps) : (options.sliceSpacing ?? 1);
  const tolerance = Math.max(MIN_TOLERANCE, options.tolerance ?? 0.25 * sliceSpacing);

  const byInstance = new Map<string, number[]>();
  planes.forEach((p, k) => {
    const list = byInstance.get(p.sopInstanceUID);
    if (list) list.push(k);
    else byInstance.set(p.sopInstanceUID, [k]);
  });
  const sameFoR =
    !source.frameOfReferenceUID ||
    !target.frameOfReferenceUID ||
    source.frameOfReferenceUID === target.frameOfReferenceUID;
  if (!source.frameOfReferenceUID || !target.frameOfReferenceUID) {
    notes.add('Frame of Reference unknown on one side: frames are placed by position assuming the same patient space');
  }
  const coplanar = (plane: GridPlane, k: number): boolean => {
    const [lo, hi] = cornerDistances(plane, planes[k]);
    return lo >= -tolerance && hi <= tolerance;
  };

  for (const frame of source.frames) {
    const fail = (reason: UnplacedReason, detail: string): void =>
      void unplaced.push({ frameIndex: frame.frameIndex, reason, detail });
    const plane: GridPlane | null =
      frame.imagePositionPatient && frame.imageOrientationPatient && frame.pixelSpacing
        ? {
            imagePositionPatient: frame.imagePositionPatient,
            imageOrientationPatient: frame.imageOrientationPatient,
            pixelSpacing: frame.pixelSpacing,
            rows: source.rows,
            columns: source.columns,
          }
        : null;

    // 1. Source image references, narrowed by frame number for multi-frame images.
    const candidates = new Set<number>();
    for (const ref of frame.sourceImages) {
      for (const k of byInstance.get(ref.referencedSOPInstanceUID) ?? []) {
        const fn = planes[k].frameNumber ?? 1;
        if (!ref.referencedFrameNumbers.length || ref.referencedFrameNumbers.includes(fn)) candidates.add(k);
      }
    }
    // Positions in another Frame of Reference say nothing about this series: then only the reference links them.
    const comparable = sameFoR ? plane : null;
    if (candidates.size) {
      if (comparable) {
        const k = [...candidates].find((c) => coplanar(comparable, c));
        if (k !== undefined) {
          placements.push({
            frameIndex: frame.frameIndex,
            sliceIndex: k,
            by: 'reference',
            mapping: gridMapping(comparable, planes[k]),
          });
          continue;
        }
        // A reference that disagrees with the frame's own plane (or names several images, as syngo.via's shared
        // derivation does) is a hint only: the plane decides.
        if (candidates.size === 1)
          notes.add('some frames lie away from the image they reference: placed by their own position');
      } else if (candidates.size === 1) {
        const k = [...candidates][0];
        if (planes[k].rows === source.rows && planes[k].columns === source.columns) {
          placements.push({
            frameIndex: frame.frameIndex,
            sliceIndex: k,
            by: 'reference',
            mapping: gridMapping(planes[k], planes[k]),
          });
        } else
          fail(
            'grid-unknown',
            `${plane ? 'another Frame of Reference' : 'no plane'}, ${source.rows}x${source.columns} pixels on a ` +
              `${planes[k].rows}x${planes[k].columns} image`,
          );
        continue;
      }
    }

    // 2. Frame of Reference and position along the normal.
    if (!plane) {
      fail('no-geometry', candidates.size ? 'its reference names several images' : 'no resolvable source image');
      continue;
    }
    if (!sameFoR) {
      fail('frame-of-reference', `${source.frameOfReferenceUID} vs ${target.frameOfReferenceUID}`);
      continue;
    }
    // Distances of the frame's corners along the series normal: their spread is the tilt, their middle the position.
    const [lo, hi] = cornerDistances(plane, planes[0]);
    if (hi - lo > 2 * tolerance) {
      fail('oblique', `tilted ${tiltDegrees(plane, planes[0]).toFixed(1)}° to the image slices`);
      continue;
    }
    const d = distances[0] + (lo + hi) / 2;
    const i = nearest(sorted, d);
    const k = order[i];
    if (Math.abs(sorted[i] - d) <= tolerance && coplanar(plane, k)) {
      placements.push({
        frameIndex: frame.frameIndex,
        sliceIndex: k,
        by: 'position',
        mapping: gridMapping(plane, planes[k]),
      });
    } else {
      fail(
        'off-slice',
        `${Math.abs(sorted[i] - d).toFixed(2)} mm from the nearest slice (tolerance ${tolerance.toFixed(2)} mm)`,
      );
    }
  }

  const problems = [...notes].map((n) => `${source.objectName}: ${n}`);
  for (const reason of Object.keys(EXPLAIN) as UnplacedReason[]) {
    const list = unplaced.filter((u) => u.reason === reason);
    if (list.length) {
      const example = list[0].detail;
      problems.push(
        `${source.objectName}: ${frameRanges(list.map((u) => u.frameIndex))}: ${EXPLAIN[reason]} (e.g. ${example})`,
      );
    }
  }
  return { placements, unplaced, problems, sliceSpacing, tolerance };
}
