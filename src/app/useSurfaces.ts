// The 3D layout's surfaces: the segments and ROIs shown in the panels (their SEG / structure set shown, the
// segment not hidden) as meshes from the decode worker (workers/surfaces.ts), asked for one at a time only while
// the 3D cell is open, the shown ones in panel order; each is handed to the viewer as it comes, so the view fills
// in while the rest are computed and the worker stays free for other work between them. Meshes are kept for the
// shown series; hiding a segment or changing its colour only restyles its surface.
import { useEffect, useMemo, useRef, useState, type RefObject } from 'react';
import type { ImageStack } from '../viewer/imageIds';
import type { SurfaceItem, ViewerController } from '../viewer/ViewerController';
import type { SurfaceResult } from '../workers/qualityProtocol';
import { askQuality, refOf, type AnnotationChoice, type QualityScope } from './qualityClient';
import type { SegEntry } from './useSegmentations';
import type { StructEntry } from './useStructureSets';
import type { SeriesInfo } from './studyModel';
import { segmentDisplayName } from '../dicom/seg/model';
import { roiDisplayName } from '../dicom/rtstruct/model';

/** A region the panels list, and whether it is shown there. */
interface Region {
  id: string;
  annotation: AnnotationChoice;
  number: number;
  label: string;
  color: readonly [number, number, number];
  shown: boolean;
  /** below 1 for a body outline, which would hide everything inside it */
  opacity: number;
}

export interface SurfaceProgress {
  /** shown regions whose surfaces are in (or failed) */
  done: number;
  /** shown regions */
  total: number;
  /** the region being computed */
  current: string | null;
  /** regions without a surface and why */
  problems: string[];
  /** surfaces computed on voxel blocks, as "label: 2x2x1" */
  coarse: string[];
  triangles: number;
}

/** The body outline (RTROIInterpretedType EXTERNAL) is drawn see-through, as the 2D views leave it unfilled. */
const EXTERNAL_OPACITY = 0.2;

function regionsOf(segs: SegEntry[], structs: StructEntry[]): Region[] {
  const out: Region[] = [];
  for (const e of segs) {
    if (e.status !== 'ready' || !e.result) continue;
    const annotation: AnnotationChoice = { kind: 'SEG', key: e.key, name: e.seriesLabel };
    for (const s of e.result.segmentation.segments) {
      if (s.segmentNumber <= 0) continue;
      out.push({ id: `SEG:${e.key}:${s.segmentNumber}`, annotation, number: s.segmentNumber, label: segmentDisplayName(s), color: s.displayColor, shown: e.visible && !e.hidden.has(s.segmentNumber), opacity: 1 });
    }
  }
  for (const e of structs) {
    if (e.status !== 'ready' || !e.set) continue;
    const annotation: AnnotationChoice = { kind: 'RTSTRUCT', key: e.key, name: e.set.structureSetLabel || e.seriesLabel };
    e.set.rois.forEach((roi, i) => {
      // POINT ROIs (markers) enclose no voxels.
      if (roi.contours.every((c) => c.contourGeometricType === 'POINT')) return;
      const opacity = roi.rtRoiInterpretedType === 'EXTERNAL' ? EXTERNAL_OPACITY : 1;
      out.push({ id: `RTSTRUCT:${e.key}:${roi.roiNumber}`, annotation, number: roi.roiNumber, label: roiDisplayName(roi), color: roi.displayColor, shown: e.visible && !e.hidden.has(i), opacity });
    });
  }
  return out;
}

export function useSurfaces(open: boolean, active: SeriesInfo | undefined, stack: ImageStack | undefined, segs: SegEntry[], structs: StructEntry[], viewer: RefObject<ViewerController | null>, viewerReady: boolean) {
  /** meshes by region id (a failure as its message), for the shown series */
  const [meshes, setMeshes] = useState<ReadonlyMap<string, SurfaceResult | string>>(new Map());
  const [current, setCurrent] = useState<string | null>(null);
  const running = useRef(false);
  const generation = useRef(0);
  const regions = useMemo(() => regionsOf(segs, structs), [segs, structs]);
  const structsRef = useRef(structs);
  useEffect(() => {
    structsRef.current = structs;
  }, [structs]);

  const scope = useMemo<QualityScope | null>(() => {
    if (!active || !stack?.planes) return null;
    return {
      target: { seriesInstanceUID: active.seriesUID, frameOfReferenceUID: stack.frameOfReferenceUID ?? null, planes: stack.planes },
      modality: active.modality ?? null,
      structureSet: (k) => structsRef.current.find((e) => e.key === k)?.set,
      imageValues: () => Promise.resolve(null),
    };
  }, [active, stack]);

  // Another series: its own surfaces.
  useEffect(() => {
    generation.current++;
    running.current = false;
    setMeshes(new Map());
    setCurrent(null);
  }, [scope]);

  // Ask for the next shown region without a surface, one at a time, while the 3D cell is open.
  useEffect(() => {
    if (!open || !scope || running.current) return;
    const next = regions.find((r) => r.shown && !meshes.has(r.id));
    if (!next) return;
    running.current = true;
    const gen = generation.current;
    setCurrent(next.label);
    const shown = regions.filter((r) => r.shown);
    let spent = 0;
    for (const r of shown) {
      const m = meshes.get(r.id);
      if (m && typeof m !== 'string') spent += m.cells.length / 4;
    }
    const share = { remaining: shown.filter((r) => !meshes.has(r.id)).length, spent };
    askQuality('q-surface', scope, next.annotation.name, false, (send) => ({ kind: 'q-surface', annotation: refOf(next.annotation, scope, send), target: scope.target, region: next.number, share }))
      .then(
        (result) => result,
        (e: Error) => e.message,
      )
      .then((r) => {
        if (generation.current !== gen) return;
        running.current = false;
        setMeshes((prev) => new Map(prev).set(next.id, r));
        setCurrent(null);
      });
  }, [open, scope, regions, meshes]);

  // The viewer shows every surface computed, in its region's colour, visible when the panel shows the region.
  useEffect(() => {
    const items: SurfaceItem[] = [];
    for (const r of regions) {
      const m = meshes.get(r.id);
      if (!m || typeof m === 'string' || !m.cells.length) continue;
      items.push({ id: r.id, mesh: m, color: r.color, visible: r.shown, opacity: r.opacity });
    }
    viewer.current?.setSurfaces(items);
  }, [regions, meshes, viewer, viewerReady]);

  const progress = useMemo<SurfaceProgress>(() => {
    const shown = regions.filter((r) => r.shown);
    const problems: string[] = [];
    const coarse: string[] = [];
    let done = 0;
    let triangles = 0;
    for (const r of shown) {
      const m = meshes.get(r.id);
      if (m === undefined) continue;
      done++;
      if (typeof m === 'string') problems.push(`${r.label}: ${m}`);
      else {
        if (m.problems.length) problems.push(`${r.label}: ${m.problems.join('; ')}`);
        if (m.block.some((b) => b > 1)) coarse.push(`${r.label}: ${m.block.join('×')}`);
        triangles += m.cells.length / 4;
      }
    }
    return { done, total: shown.length, current, problems, coarse, triangles };
  }, [regions, meshes, current]);

  return progress;
}
