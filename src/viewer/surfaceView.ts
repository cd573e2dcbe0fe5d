// The 3D cell of the "3D" layout: the shown segments / ROIs as coloured surfaces (meshes made in the decode worker,
// workers/surfaces.ts) in a Cornerstone VOLUME_3D viewport, each a vtk.js actor added with the viewport's addActor.
// Left drag rotates (trackball), middle drag pans, right drag and the wheel zoom; the reset key fits them again.
// Until a person moves the camera, each new surface refits the view (the first ready may be a small one).
import { Enums, type RenderingEngine, type Types } from '@cornerstonejs/core';
import { addTool, Enums as ToolEnums, PanTool, ToolGroupManager, TrackballRotateTool, ZoomTool } from '@cornerstonejs/tools';
import vtkActor from '@kitware/vtk.js/Rendering/Core/Actor';
import vtkMapper from '@kitware/vtk.js/Rendering/Core/Mapper';
import vtkPolyData from '@kitware/vtk.js/Common/DataModel/PolyData';
import vtkDataArray from '@kitware/vtk.js/Common/Core/DataArray';

export const SURFACE_VIEWPORT_ID = 'surfaces-3d';
const TOOLGROUP_ID = 'surface-tools';

/** One region's mesh (patient coordinates, LPS mm), as the worker sends it. */
export interface SurfaceMeshData {
  positions: Float32Array;
  normals: Float32Array;
  /** 3, a, b, c per triangle */
  cells: Uint32Array;
}

/** A surface to show: `id` names its region (e.g. `SEG:<SOP UID>:<segment number>`). */
export interface SurfaceItem {
  id: string;
  mesh: SurfaceMeshData;
  color: readonly [number, number, number];
  visible: boolean;
  /** 1 opaque (the default) */
  opacity?: number;
}

type Actor = ReturnType<typeof vtkActor.newInstance>;

function actorOf(mesh: SurfaceMeshData): Actor {
  const poly = vtkPolyData.newInstance();
  poly.getPoints().setData(mesh.positions, 3);
  poly.getPolys().setData(mesh.cells);
  poly.getPointData().setNormals(vtkDataArray.newInstance({ name: 'Normals', numberOfComponents: 3, values: mesh.normals }));
  const mapper = vtkMapper.newInstance();
  mapper.setInputData(poly);
  const actor = vtkActor.newInstance();
  actor.setMapper(mapper);
  // Matte: no specular highlight, so a surface's pixels keep the hue of its segment's colour at every angle.
  const p = actor.getProperty();
  p.setAmbient(0.25);
  p.setDiffuse(0.75);
  p.setSpecular(0);
  return actor;
}

export class SurfaceView {
  private readonly actors = new Map<string, { actor: Actor; mesh: SurfaceMeshData }>();
  /** a person moved the camera: new surfaces no longer refit the view */
  private moved = false;
  private readonly onPointer = (): void => {
    this.moved = true;
  };
  private toolsOn = false;
  /**
   * Cornerstone resets the camera of a resized 3D viewport by its own fit (its engine's resize, the trackball
   * tool's observer), which loses bare actors: until a person moves the camera, ours follows every resize.
   */
  private readonly resized = new ResizeObserver(() => {
    if (this.moved) return;
    requestAnimationFrame(() => {
      const vp = this.viewport();
      if (!vp || this.moved || !this.actors.size) return;
      this.fit(vp);
      vp.render();
    });
  });

  constructor(
    private readonly engine: RenderingEngine,
    private readonly element: HTMLDivElement,
  ) {
    engine.enableElement({
      viewportId: SURFACE_VIEWPORT_ID,
      element,
      type: Enums.ViewportType.VOLUME_3D,
      defaultOptions: { orientation: Enums.OrientationAxis.CORONAL, background: [0, 0, 0] as Types.Point3, parallelProjection: true },
    });
    element.addEventListener('pointerdown', this.onPointer);
    element.addEventListener('wheel', this.onPointer, { passive: true });
    this.resized.observe(element);
  }

  private viewport(): Types.IVolumeViewport | undefined {
    return this.engine.getViewport(SURFACE_VIEWPORT_ID) as Types.IVolumeViewport | undefined;
  }

  /**
   * The mouse tools, once there is a surface: Cornerstone's trackball tool reads the viewport's first actor on
   * every press, and an empty viewport has none.
   */
  private enableTools(): void {
    if (this.toolsOn) return;
    this.toolsOn = true;
    addTool(TrackballRotateTool);
    const tg = ToolGroupManager.getToolGroup(TOOLGROUP_ID) ?? ToolGroupManager.createToolGroup(TOOLGROUP_ID);
    if (!tg) return;
    tg.addTool(TrackballRotateTool.toolName);
    tg.addTool(PanTool.toolName);
    tg.addTool(ZoomTool.toolName);
    tg.setToolActive(TrackballRotateTool.toolName, { bindings: [{ mouseButton: ToolEnums.MouseBindings.Primary }] });
    tg.setToolActive(PanTool.toolName, { bindings: [{ mouseButton: ToolEnums.MouseBindings.Auxiliary }] });
    tg.setToolActive(ZoomTool.toolName, { bindings: [{ mouseButton: ToolEnums.MouseBindings.Secondary }, { mouseButton: ToolEnums.MouseBindings.Wheel }] });
    tg.addViewport(SURFACE_VIEWPORT_ID, this.engine.id);
  }

  /** Shows these surfaces (adding the new, dropping those not listed) in their colours and visibility. */
  setSurfaces(items: readonly SurfaceItem[]): void {
    const vp = this.viewport();
    if (!vp) return;
    const wanted = new Set(items.map((s) => s.id));
    const gone = [...this.actors.keys()].filter((id) => !wanted.has(id));
    if (gone.length) vp.removeActors(gone);
    for (const id of gone) this.actors.delete(id);
    let added = false;
    for (const s of items) {
      let entry = this.actors.get(s.id);
      if (entry && entry.mesh !== s.mesh) {
        vp.removeActors([s.id]);
        entry = undefined;
      }
      if (!entry) {
        entry = { actor: actorOf(s.mesh), mesh: s.mesh };
        this.actors.set(s.id, entry);
        vp.addActor({ uid: s.id, actor: entry.actor as unknown as Types.Actor });
        added = true;
      }
      entry.actor.getProperty().setColor(s.color[0] / 255, s.color[1] / 255, s.color[2] / 255);
      entry.actor.getProperty().setOpacity(s.opacity ?? 1);
      entry.actor.setVisibility(s.visible);
    }
    if (this.actors.size) this.enableTools();
    if (added && !this.moved) this.fit(vp);
    vp.render();
  }

  /**
   * The shown surfaces' box fills the cell, seen along the current direction. Cornerstone's resetCamera fits a
   * volume's image data; on bare actors its fit left the body cut at the cell's edges.
   */
  private fit(vp: Types.IVolumeViewport): void {
    const b = vp.getRenderer().computeVisiblePropBounds();
    if (!b || !(b[1] >= b[0])) return;
    const { viewPlaneNormal: n, viewUp: up } = vp.getCamera();
    if (!n || !up) return;
    const right = [up[1] * n[2] - up[2] * n[1], up[2] * n[0] - up[0] * n[2], up[0] * n[1] - up[1] * n[0]];
    const size = [b[1] - b[0], b[3] - b[2], b[5] - b[4]];
    const extent = (u: ArrayLike<number>): number => Math.abs(u[0]) * size[0] + Math.abs(u[1]) * size[1] + Math.abs(u[2]) * size[2];
    const aspect = this.element.clientWidth / (this.element.clientHeight || 1) || 1;
    const centre: Types.Point3 = [(b[0] + b[1]) / 2, (b[2] + b[3]) / 2, (b[4] + b[5]) / 2];
    const distance = 2 * Math.hypot(size[0], size[1], size[2]) + 1;
    vp.setCamera({
      focalPoint: centre,
      position: [centre[0] + n[0] * distance, centre[1] + n[1] * distance, centre[2] + n[2] * distance],
      viewUp: up,
      parallelScale: 0.55 * Math.max(extent(up), extent(right) / aspect),
    });
  }

  /** The reset key: every shown surface in view again, from the front (as first shown). */
  reset(): void {
    const vp = this.viewport();
    if (!vp || !this.actors.size) return;
    this.moved = false;
    vp.setCamera({ viewPlaneNormal: [0, -1, 0], viewUp: [0, 0, 1] });
    this.fit(vp);
    vp.render();
  }

  destroy(): void {
    this.element.removeEventListener('pointerdown', this.onPointer);
    this.element.removeEventListener('wheel', this.onPointer);
    this.resized.disconnect();
    ToolGroupManager.destroyToolGroup(TOOLGROUP_ID);
    this.actors.clear();
    if (this.engine.getViewport(SURFACE_VIEWPORT_ID)) this.engine.disableElement(SURFACE_VIEWPORT_ID);
  }
}
