// RTSTRUCT contours drawn crisply on a 2D canvas over a viewport, in the viewport's own world->canvas mapping:
// the slice shown (stack index, or the camera's position for a volume viewport in the acquisition plane) picks
// the contours placed on it by geometry. Holes by even-odd filling, with repeated tracings drawn once.
import { Enums, type Types } from '@cornerstonejs/core';
import type { StructureSet } from '../dicom/rtstruct/model';
import { roiDisplayName } from '../dicom/rtstruct/model';
import type { StructureSetPlacement } from '../dicom/rtstruct/placement';
import { roiSliceNesting } from '../dicom/rtstruct/nesting';
import type { SliceStack } from '../dicom/geometry/contourPlacement';
import { cutStructureSet, type Vec3 } from '../dicom/rtstruct/planeCut';

export interface ContourLayer {
  key: string;
  set: StructureSet;
  placement: StructureSetPlacement;
  stack: SliceStack;
  visible: boolean;
  /** ROI indices (into set.rois) hidden by the person */
  hidden: Set<number>;
  fill: boolean;
  /** Write each ROI's name by its outline (SR regions: the tracking identifier) */
  labels?: boolean;
}

interface Drawn {
  layer: ContourLayer;
  roiIndex: number;
  path: Path2D;
}

type Viewport = Types.IStackViewport | Types.IVolumeViewport;

export class ContourOverlay {
  private canvas = document.createElement('canvas');
  private label = document.createElement('div');
  private layers: ContourLayer[] = [];
  private drawn: Drawn[] = [];
  private nestingCache = new Map<string, Set<number>>();
  private readonly onRender = (): void => this.redraw();
  /** The stack index announced by STACK_NEW_IMAGE: the viewport's own index is updated only after it renders. */
  private stackIndex: number | null = null;
  private readonly onNewImage = (e: Event): void => {
    const d = (e as CustomEvent<{ imageIdIndex?: number }>).detail;
    if (typeof d?.imageIdIndex === 'number') this.stackIndex = d.imageIdIndex;
    this.redraw();
  };
  private readonly onMove = (e: MouseEvent): void => this.hover(e);
  private readonly onLeave = (): void => {
    this.label.hidden = true;
  };

  constructor(
    private readonly element: HTMLDivElement,
    private readonly viewport: () => Viewport | undefined,
    /** More names to show under the cursor (the SEG segments there), canvas CSS pixels in */
    private readonly moreAt: (x: number, y: number) => string[] = () => [],
    /** whether the viewport shows the series the layers are placed on (else it is placed by its plane alone) */
    private readonly showsPlacedSeries: () => boolean = () => true,
  ) {
    this.canvas.className = 'contour-overlay';
    this.label.className = 'hover-label';
    this.label.hidden = true;
    element.appendChild(this.canvas);
    element.appendChild(this.label);
    element.addEventListener(Enums.Events.IMAGE_RENDERED, this.onRender);
    element.addEventListener(Enums.Events.STACK_NEW_IMAGE, this.onNewImage);
    element.addEventListener('mousemove', this.onMove);
    element.addEventListener('mouseleave', this.onLeave);
  }

  setLayers(layers: ContourLayer[]): void {
    this.layers = layers;
    this.redraw();
  }

  /** The slice of `stack` the viewport shows, or null when it shows another plane. */
  private currentSlice(vp: Viewport, stack: SliceStack): number | null {
    if (vp.type === Enums.ViewportType.STACK && this.showsPlacedSeries()) return this.stackIndex ?? (vp as Types.IStackViewport).getCurrentImageIdIndex();
    const cam = vp.getCamera();
    const n = cam.viewPlaneNormal;
    const f = cam.focalPoint;
    if (!n || !f) return null;
    const d = n[0] * stack.normal[0] + n[1] * stack.normal[1] + n[2] * stack.normal[2];
    if (Math.abs(d) < 0.999) return null;
    const pos = f[0] * stack.normal[0] + f[1] * stack.normal[1] + f[2] * stack.normal[2];
    let best = -1;
    let bestDist = Infinity;
    stack.positions.forEach((p, i) => {
      const dist = Math.abs(p - pos);
      if (dist < bestDist) {
        bestDist = dist;
        best = i;
      }
    });
    // The tolerance is half the spacing: another series of the Frame of Reference (a grid cell) shows a contour
    // wherever its plane is in the contour's slab, as the sagittal and coronal cuts do (planeCut.ts).
    return best >= 0 && bestDist <= stack.tolerance ? best : null;
  }

  /** Contours of an ROI on a slice that duplicate an earlier one (crossing copies) are skipped. */
  private skipped(layer: ContourLayer, roiIndex: number, slice: number): Set<number> {
    const key = `${layer.key}|${roiIndex}|${slice}`;
    let s = this.nestingCache.get(key);
    if (!s) {
      s = new Set<number>();
      const nest = roiSliceNesting(layer.set.rois[roiIndex], layer.placement.rois[roiIndex], layer.stack, slice);
      for (const n of nest) {
        if (s.has(n.contourIndex)) continue;
        for (const o of n.overlapsContourIndices) if (o > n.contourIndex) s.add(o);
      }
      this.nestingCache.set(key, s);
    }
    return s;
  }

  redraw(): void {
    const t0 = performance.now();
    this.draw();
    if (this.drawn.length) {
      // Read by `npm run bench`: how long one redraw takes, and when contours first became visible.
      performance.measure('contours:redraw', { start: t0 });
      if (!performance.getEntriesByName('contours:visible').length) performance.mark('contours:visible');
    }
  }

  private draw(): void {
    const vp = this.viewport();
    const dpr = window.devicePixelRatio || 1;
    const w = this.element.clientWidth;
    const h = this.element.clientHeight;
    if (this.canvas.width !== Math.round(w * dpr) || this.canvas.height !== Math.round(h * dpr)) {
      this.canvas.width = Math.round(w * dpr);
      this.canvas.height = Math.round(h * dpr);
    }
    const ctx = this.context();
    if (!ctx) return;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, this.canvas.width, this.canvas.height);
    this.drawn = [];
    if (!vp) return;
    ctx.scale(dpr, dpr);
    // Orthographic views map world to canvas affinely: four worldToCanvas calls give the whole mapping, instead
    // of one (costly) call per contour point.
    const o = vp.worldToCanvas([0, 0, 0]);
    const ex = vp.worldToCanvas([1, 0, 0]);
    const ey = vp.worldToCanvas([0, 1, 0]);
    const ez = vp.worldToCanvas([0, 0, 1]);
    const m = [ex[0] - o[0], ey[0] - o[0], ez[0] - o[0], ex[1] - o[1], ey[1] - o[1], ez[1] - o[1]];
    const toCanvas = (x: number, y: number, z: number): [number, number] => [
      o[0] + m[0] * x + m[1] * y + m[2] * z,
      o[1] + m[3] * x + m[4] * y + m[5] * z,
    ];
    for (const layer of this.layers) {
      if (!layer.visible) continue;
      const slice = this.currentSlice(vp, layer.stack);
      if (slice === null) {
        this.drawCut(ctx, vp, layer, toCanvas);
        continue;
      }
      const onSlice = layer.placement.contoursBySlice[slice] ?? [];
      const byRoi = new Map<number, number[]>();
      for (const c of onSlice) {
        if (layer.hidden.has(c.roiIndex)) continue;
        const list = byRoi.get(c.roiIndex) ?? [];
        list.push(c.contourIndex);
        byRoi.set(c.roiIndex, list);
      }
      for (const [roiIndex, contourIndices] of byRoi) {
        const roi = layer.set.rois[roiIndex];
        const [r, g, b] = roi.displayColor;
        const skip = this.skipped(layer, roiIndex, slice);
        const area = new Path2D();
        const lines = new Path2D();
        for (const ci of contourIndices) {
          if (skip.has(ci)) continue;
          const c = roi.contours[ci];
          const pts = c.points;
          if (c.contourGeometricType === 'POINT') {
            const [x, y] = toCanvas(pts[0], pts[1], pts[2]);
            ctx.strokeStyle = `rgb(${r},${g},${b})`;
            ctx.lineWidth = 2;
            ctx.beginPath();
            ctx.moveTo(x - 6, y);
            ctx.lineTo(x + 6, y);
            ctx.moveTo(x, y - 6);
            ctx.lineTo(x, y + 6);
            ctx.stroke();
            ctx.fillStyle = `rgb(${r},${g},${b})`;
            ctx.font = '12px system-ui, sans-serif';
            ctx.fillText(roiDisplayName(roi), x + 8, y - 8);
            continue;
          }
          const target = c.contourGeometricType === 'CLOSED_PLANAR' ? area : lines;
          for (let i = 0; i < pts.length; i += 3) {
            const [x, y] = toCanvas(pts[i], pts[i + 1], pts[i + 2]);
            if (i === 0) target.moveTo(x, y);
            else target.lineTo(x, y);
          }
          if (target === area) area.closePath();
        }
        ctx.lineWidth = 1.5;
        ctx.strokeStyle = `rgb(${r},${g},${b})`;
        // The body outline (EXTERNAL) is never filled: it would tint the whole patient.
        if (layer.fill && roi.rtRoiInterpretedType !== 'EXTERNAL') {
          ctx.fillStyle = `rgba(${r},${g},${b},0.2)`;
          ctx.fill(area, 'evenodd');
        }
        ctx.stroke(area);
        ctx.stroke(lines);
        if (layer.labels) {
          // The name above the outline's highest point (smallest canvas y).
          let lx = Infinity;
          let ly = Infinity;
          for (const ci of contourIndices) {
            const c = roi.contours[ci];
            if (c.contourGeometricType === 'POINT') continue;
            for (let i = 0; i < c.points.length; i += 3) {
              const [x, y] = toCanvas(c.points[i], c.points[i + 1], c.points[i + 2]);
              if (y < ly) [lx, ly] = [x, y];
            }
          }
          if (Number.isFinite(ly)) {
            ctx.fillStyle = `rgb(${r},${g},${b})`;
            ctx.font = '12px system-ui, sans-serif';
            ctx.fillText(roiDisplayName(roi), lx + 4, ly - 6);
          }
        }
        this.drawn.push({ layer, roiIndex, path: area });
      }
    }
  }

  /** The layer in a plane across its slices (the sagittal and coronal MPR views): see planeCut.ts. */
  private drawCut(ctx: CanvasRenderingContext2D, vp: Viewport, layer: ContourLayer, toCanvas: (x: number, y: number, z: number) => [number, number]): void {
    const { focalPoint, viewPlaneNormal } = vp.getCamera();
    if (!focalPoint || !viewPlaneNormal) return;
    const cuts = cutStructureSet(
      { ...layer, skipped: (roiIndex, slice) => this.skipped(layer, roiIndex, slice) },
      { point: [...focalPoint] as Vec3, normal: [...viewPlaneNormal] as Vec3 },
    );
    for (const cut of cuts) {
      const roi = layer.set.rois[cut.roiIndex];
      const [r, g, b] = roi.displayColor;
      const area = new Path2D();
      for (const poly of cut.areas) {
        poly.forEach((p, i) => (i ? area.lineTo(...toCanvas(...p)) : area.moveTo(...toCanvas(...p))));
        area.closePath();
      }
      const outline = new Path2D();
      for (const [a, e] of cut.edges) {
        outline.moveTo(...toCanvas(...a));
        outline.lineTo(...toCanvas(...e));
      }
      if (layer.fill && roi.rtRoiInterpretedType !== 'EXTERNAL') {
        ctx.fillStyle = `rgba(${r},${g},${b},0.2)`;
        ctx.fill(area, 'evenodd');
      }
      ctx.lineWidth = 1.5;
      ctx.strokeStyle = `rgb(${r},${g},${b})`;
      ctx.stroke(outline);
      this.drawn.push({ layer, roiIndex: cut.roiIndex, path: area });
    }
  }

  /**
   * A software (CPU) 2D context: with the GPU-backed default, Chromium (SwiftShader here) sometimes kept showing
   * the previous slice's contours after a clearRect with nothing drawn on top; the overlay is cheap to draw on
   * the CPU and hit-testing reads it anyway.
   */
  private context(): CanvasRenderingContext2D | null {
    return this.canvas.getContext('2d', { willReadFrequently: true });
  }

  /** The ROI names under a canvas point (CSS pixels), innermost last. */
  roisAt(x: number, y: number): string[] {
    const ctx = this.context();
    if (!ctx) return [];
    // Paths are in CSS pixels and drawn scaled by the device pixel ratio; the test point is in canvas pixels.
    const dpr = window.devicePixelRatio || 1;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    return this.drawn
      .filter((d) => ctx.isPointInPath(d.path, x * dpr, y * dpr, 'evenodd'))
      .map((d) => roiDisplayName(d.layer.set.rois[d.roiIndex]));
  }

  private hover(e: MouseEvent): void {
    const rect = this.element.getBoundingClientRect();
    const x = e.clientX - rect.left;
    const y = e.clientY - rect.top;
    const names = [...this.roisAt(x, y), ...this.moreAt(x, y)];
    this.label.hidden = names.length === 0;
    if (names.length) {
      this.label.textContent = names.join(', ');
      this.label.style.left = `${x + 12}px`;
      this.label.style.top = `${y + 12}px`;
    }
  }

  destroy(): void {
    this.element.removeEventListener(Enums.Events.IMAGE_RENDERED, this.onRender);
    this.element.removeEventListener(Enums.Events.STACK_NEW_IMAGE, this.onNewImage);
    this.element.removeEventListener('mousemove', this.onMove);
    this.element.removeEventListener('mouseleave', this.onLeave);
    this.canvas.remove();
    this.label.remove();
  }
}
