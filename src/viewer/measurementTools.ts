// Cornerstone3D's measurement tools on the primary mouse button, as in OHIF: one tool at a time is "active" (a left
// drag draws with it); the others stay "passive", so what was drawn with them can still be picked up and moved.
// Window/level is the default and the way back (its toolbar button). Crosshairs only exist in MPR, where the three
// volume viewports share one tool group.
import {
  addTool,
  AngleTool,
  BidirectionalTool,
  CrosshairsTool,
  EllipticalROITool,
  LengthTool,
  ProbeTool,
  RectangleROITool,
  WindowLevelTool,
  Enums as ToolEnums,
  type Types as ToolTypes,
} from '@cornerstonejs/tools';

type ToolGroup = ToolTypes.IToolGroup;

/**
 * Cornerstone's probe, reading the stack's shown image right. Cornerstone 5.14's ProbeTool sets the slice index of
 * the probed voxel to the stack position and reads it from the shown image's own voxel manager, which holds that
 * one image: every slice but the first read past its end and the probe showed no value. Here the image's voxels
 * are read at (column, row) of that image; volumes (MPR) are unchanged.
 */
class StackProbeTool extends ProbeTool {
  static toolName = ProbeTool.toolName;

  protected getTargetImageData(targetId: string): ReturnType<ProbeTool['getTargetImageData']> {
    const data = super.getTargetImageData(targetId);
    const vm = data?.voxelManager;
    if (!targetId.startsWith('imageId:') || !vm) return data;
    const oneImage = { getAtIJKPoint: ([i, j]: number[]) => vm.getAtIJK(i, j, 0) };
    return { ...data, voxelManager: oneImage as unknown as typeof vm };
  }
}

/** What the primary (left) mouse button does. */
export type PrimaryTool = 'WindowLevel' | 'Length' | 'Angle' | 'Bidirectional' | 'EllipticalROI' | 'RectangleROI' | 'Probe' | 'Crosshairs';

/** The tools whose annotations are measurements (listed, removable, exported), by Cornerstone tool name. */
export const MEASUREMENT_TOOL_NAMES: Record<string, string> = {
  [LengthTool.toolName]: 'Length',
  [AngleTool.toolName]: 'Angle',
  [BidirectionalTool.toolName]: 'Bidirectional',
  [EllipticalROITool.toolName]: 'Elliptical ROI',
  [RectangleROITool.toolName]: 'Rectangle ROI',
  [ProbeTool.toolName]: 'Probe',
};

const ANNOTATION_TOOLS = [LengthTool, AngleTool, BidirectionalTool, EllipticalROITool, RectangleROITool, StackProbeTool];

const CS_NAME: Record<PrimaryTool, string> = {
  WindowLevel: WindowLevelTool.toolName,
  Length: LengthTool.toolName,
  Angle: AngleTool.toolName,
  Bidirectional: BidirectionalTool.toolName,
  EllipticalROI: EllipticalROITool.toolName,
  RectangleROI: RectangleROITool.toolName,
  Probe: ProbeTool.toolName,
  Crosshairs: CrosshairsTool.toolName,
};

/** Registers the tools with Cornerstone (once, at start-up). */
export function registerMeasurementTools(): void {
  for (const t of [...ANNOTATION_TOOLS, CrosshairsTool]) addTool(t);
}

/** Adds the measurement tools to a new tool group (passive: drawn annotations stay editable); crosshairs in MPR. */
export function addMeasurementTools(tg: ToolGroup, volumes: boolean): void {
  for (const t of ANNOTATION_TOOLS) {
    tg.addTool(t.toolName);
    tg.setToolPassive(t.toolName);
  }
  if (volumes) tg.addTool(CrosshairsTool.toolName, { getReferenceLineColor: referenceLineColor });
}

/** Each MPR plane's reference line in its own colour (axial red, sagittal yellow, coronal green, as in OHIF). */
function referenceLineColor(viewportId: string): string {
  if (viewportId.includes('axial')) return 'rgb(255, 80, 80)';
  if (viewportId.includes('sagittal')) return 'rgb(255, 220, 60)';
  return 'rgb(80, 220, 80)';
}

/**
 * Puts `tool` on the primary button of the group, the previous one back to passive (crosshairs off, as their
 * lines belong to that mode only). Returns the tool now on the button: window/level when `tool` is not in the group
 * (crosshairs outside MPR).
 */
export function setPrimaryTool(tg: ToolGroup, tool: PrimaryTool): PrimaryTool {
  const chosen: PrimaryTool = tg.hasTool(CS_NAME[tool]) ? tool : 'WindowLevel';
  const primary = [{ mouseButton: ToolEnums.MouseBindings.Primary }];
  for (const name of Object.values(CS_NAME)) {
    if (name === CS_NAME[chosen] || !tg.hasTool(name)) continue;
    if (name === CrosshairsTool.toolName) {
      if (tg.getToolOptions(name)?.mode !== ToolEnums.ToolModes.Disabled) tg.setToolDisabled(name);
    } else tg.setToolPassive(name, { removeAllBindings: primary });
  }
  tg.setToolActive(CS_NAME[chosen], { bindings: primary });
  return chosen;
}

/**
 * The tool the person chose for the primary button, kept across layouts and series (each makes a new tool group),
 * and told to listeners when it changes, also when a layout cannot have it (crosshairs in the stack).
 */
export class PrimaryToolChoice {
  private chosen: PrimaryTool = 'WindowLevel';
  private group?: ToolGroup;
  private listeners = new Set<(t: PrimaryTool) => void>();

  get current(): PrimaryTool {
    return this.chosen;
  }

  /** A new tool group: the measurement tools join it and the chosen tool goes on its primary button. */
  attach(tg: ToolGroup | undefined, volumes: boolean): void {
    this.group = tg;
    if (!tg) return;
    addMeasurementTools(tg, volumes);
    this.set(this.chosen);
  }

  set(tool: PrimaryTool): PrimaryTool {
    const now = this.group ? setPrimaryTool(this.group, tool) : tool;
    if (now !== this.chosen) {
      this.chosen = now;
      for (const fn of this.listeners) fn(now);
    }
    return now;
  }

  subscribe(fn: (t: PrimaryTool) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }
}
