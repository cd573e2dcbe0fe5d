// The measurements drawn with Cornerstone's tools, as plain data for the page (app/ never sees an annotation):
// what was measured, its values with units as Cornerstone computed them (lengths and areas in mm / mm² from
// PixelSpacing, angles in degrees, pixel statistics in the image's units: HU for CT after the modality LUT, SUV
// or the stored unit otherwise), and where (series, slice). Listens to Cornerstone's annotation events; removes,
// and shows the slice of, a measurement on request.
import { cache, Enums as CoreEnums, eventTarget, metaData, type Types } from '@cornerstonejs/core';
import { annotation as annotationApi, cancelActiveManipulations, Enums as ToolEnums, utilities as toolUtilities, type Types as ToolTypes } from '@cornerstonejs/tools';
import { MEASUREMENT_TOOL_NAMES } from './measurementTools';
import { measurementShapes, type MeasurementShape } from './measurementShapes';

type Annotation = ToolTypes.Annotation;
type AnyViewport = Types.IStackViewport | Types.IVolumeViewport;

export interface MeasurementValue {
  /** what the number is: Length, Width, Angle, Area, Mean, SD, Min, Max, Value */
  name: string;
  value: number;
  /** as Cornerstone reports it (mm, mm², °, HU, SUV, ...); empty when the image has none */
  unit: string;
}

export interface Measurement {
  uid: string;
  /** Length, Angle, Bidirectional, Elliptical ROI, Rectangle ROI, Probe */
  tool: string;
  values: MeasurementValue[];
  /** the series it was drawn on */
  seriesInstanceUID: string;
  /** where, as a person reads it: "Slice 3" (imageIds order, as the slice overlay counts) or "Sagittal 40" */
  where: string;
  /** drawing finished (Cornerstone's ANNOTATION_COMPLETED); values may still follow the last move for a moment */
  complete: boolean;
}

export interface MeasurementSource {
  /** the viewports shown now (to jump to a measurement) */
  viewports: () => AnyViewport[];
  /** the shown series' image ids, in the order the slice overlay counts them */
  imageIds: () => readonly string[] | undefined;
  /** a viewport's plane label ('' in the stack) */
  label: (viewportId: string) => string;
}

type CachedStats = Record<string, Record<string, unknown>>;
const num = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** The values of an annotation, from the first target that has them (each viewport's image or volume). */
export function valuesOf(toolName: string, stats: CachedStats | undefined): MeasurementValue[] {
  for (const s of Object.values(stats ?? {})) {
    const out: MeasurementValue[] = [];
    const unit = typeof s.unit === 'string' ? s.unit : '';
    const areaUnit = typeof s.areaUnit === 'string' ? s.areaUnit : '';
    const modalityUnit = typeof s.modalityUnit === 'string' ? s.modalityUnit : '';
    const add = (name: string, v: unknown, u: string): void => {
      if (num(v)) out.push({ name, value: v, unit: u });
    };
    switch (toolName) {
      case 'Length':
        add('Length', s.length, unit);
        break;
      case 'Angle':
        add('Angle', s.angle, '°');
        break;
      case 'Bidirectional':
        add('Length', s.length, unit);
        add('Width', s.width, unit);
        break;
      case 'EllipticalROI':
      case 'RectangleROI':
        add('Area', s.area, areaUnit);
        add('Mean', s.mean, modalityUnit);
        add('SD', s.stdDev, modalityUnit);
        add('Min', s.min, modalityUnit);
        add('Max', s.max, modalityUnit);
        break;
      case 'Probe':
        add('Value', s.value, modalityUnit);
        break;
    }
    if (out.length) return out;
  }
  return [];
}

export class MeasurementList {
  private items = new Map<string, Measurement>();
  private listeners = new Set<() => void>();
  private snapshot: Measurement[] = [];
  private readonly off: Array<() => void> = [];
  /** measurements being drawn: added, not completed yet */
  private drawing = new Set<string>();

  constructor(private readonly source: MeasurementSource) {
    const on = (type: string, fn: (e: CustomEvent) => void): void => {
      const l = fn as EventListener;
      eventTarget.addEventListener(type, l);
      this.off.push(() => eventTarget.removeEventListener(type, l));
    };
    on(ToolEnums.Events.ANNOTATION_ADDED, (e) => {
      this.update(e.detail.annotation, e.detail.viewportId);
      const uid = (e.detail.annotation as Annotation | undefined)?.annotationUID;
      if (uid && this.items.has(uid) && !this.items.get(uid)?.complete) this.drawing.add(uid);
    });
    on(ToolEnums.Events.ANNOTATION_MODIFIED, (e) => this.update(e.detail.annotation));
    on(ToolEnums.Events.ANNOTATION_COMPLETED, (e) => {
      this.drawing.delete((e.detail.annotation as Annotation | undefined)?.annotationUID ?? '');
      this.update(e.detail.annotation, undefined, true);
    });
    on(ToolEnums.Events.ANNOTATION_REMOVED, (e) => {
      const uid = (e.detail.annotation as Annotation | undefined)?.annotationUID;
      if (uid) this.drawing.delete(uid);
      if (uid && this.items.delete(uid)) this.changed();
    });
  }

  /** The measurements, oldest first (the same array until something changes). */
  list(): readonly Measurement[] {
    return this.snapshot;
  }

  /** Where each listed measurement was drawn (measurementShapes.ts), for an export. */
  shapes(): MeasurementShape[] {
    return measurementShapes(this.snapshot.map((m) => m.uid));
  }

  subscribe(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private changed(): void {
    this.snapshot = [...this.items.values()];
    for (const fn of this.listeners) fn();
  }

  private update(a: Annotation | undefined, viewportId?: string, completed = false): void {
    const toolName = a?.metadata?.toolName;
    const uid = a?.annotationUID;
    if (!a || !uid || !toolName || !(toolName in MEASUREMENT_TOOL_NAMES)) return;
    // An event that comes after the annotation was removed (Cornerstone completes a cancelled one) lists nothing.
    if (!annotationApi.state.getAnnotation(uid)) return;
    const before = this.items.get(uid);
    const values = valuesOf(toolName, a.data?.cachedStats as CachedStats | undefined);
    // Drawn in a sagittal or coronal MPR plane, it names no image but the volume: its series is the volume's.
    const volumeId = a.metadata?.volumeId;
    const imageId = a.metadata?.referencedImageId ?? (volumeId ? cache.getVolume(volumeId)?.imageIds?.[0] : undefined);
    const series = imageId ? (metaData.get(CoreEnums.MetadataModules.GENERAL_SERIES, imageId) as { seriesInstanceUID?: string } | undefined) : undefined;
    const next: Measurement = {
      uid,
      tool: MEASUREMENT_TOOL_NAMES[toolName],
      values,
      seriesInstanceUID: before?.seriesInstanceUID ?? series?.seriesInstanceUID ?? '',
      where: before?.where ?? this.whereOf(a, viewportId),
      complete: completed || !!before?.complete,
    };
    if (before && JSON.stringify(before) === JSON.stringify(next)) return;
    this.items.set(uid, next);
    this.changed();
  }

  /** Where a new annotation is, counted as the slice overlay counts (the series shown when it was drawn). */
  private whereOf(a: Annotation, viewportId?: string): string {
    const imageId = a.metadata?.referencedImageId;
    const label = viewportId ? this.source.label(viewportId) : '';
    const index = imageId ? (this.source.imageIds()?.indexOf(imageId) ?? -1) : -1;
    if (!label && index >= 0) return `Slice ${index + 1}`;
    const slice = a.metadata?.sliceIndex;
    return `${label || 'Slice'} ${num(slice) ? slice + 1 : '?'}`;
  }

  /** Removes one measurement (from the images and the list). */
  remove(uid: string): void {
    this.drawing.delete(uid);
    annotationApi.state.removeAnnotation(uid);
    this.items.delete(uid);
    this.changed();
    this.render();
  }

  /** Removes every measurement (other annotations, such as the crosshairs, stay). */
  removeAll(): void {
    for (const uid of [...this.items.keys()]) annotationApi.state.removeAnnotation(uid);
    this.items.clear();
    this.changed();
    this.render();
  }

  /**
   * Esc (OHIF's cancelMeasurement): Cornerstone's cancel ends what the pointer is doing in the viewport, and a
   * measurement still being drawn is removed (Cornerstone would keep it as drawn so far). One being moved stays
   * where it is. Returns whether anything was cancelled.
   */
  cancel(element: HTMLDivElement | undefined): boolean {
    const drawing = [...this.drawing];
    const cancelled = element ? cancelActiveManipulations(element) : undefined;
    for (const uid of drawing) this.remove(uid);
    return !!cancelled || drawing.length > 0;
  }

  /**
   * Backspace (OHIF's deleteActiveAnnotation): removes the selected measurements (Cornerstone selects one when it
   * is drawn or clicked). Returns how many.
   */
  removeSelected(): number {
    const selected = annotationApi.selection.getAnnotationsSelected().filter((uid) => this.items.has(uid));
    for (const uid of selected) this.remove(uid);
    return selected.length;
  }

  /** Shows the measurement's slice in each shown viewport that can show it; false when none can. */
  jumpTo(uid: string): boolean {
    const ref = annotationApi.state.getAnnotation(uid)?.metadata;
    if (!ref) return false;
    let shown = false;
    for (const vp of this.source.viewports()) {
      if (!vp.isReferenceViewable(ref, { withNavigation: true })) continue;
      vp.setViewReference(ref);
      vp.render();
      shown = true;
    }
    return shown;
  }

  private render(): void {
    const ids = this.source.viewports().map((vp) => vp.id);
    if (ids.length) toolUtilities.triggerAnnotationRenderForViewportIds(ids);
  }

  /** The study closed: its measurements go with it (Cornerstone's annotation state is global). */
  destroy(): void {
    for (const off of this.off) off();
    this.off.length = 0;
    annotationApi.state.removeAllAnnotations();
    this.items.clear();
    this.changed();
    this.listeners.clear();
  }
}
