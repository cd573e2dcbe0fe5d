// The mouse tools of the shown viewports: window/level (left), pan (middle), zoom (right), slice scroll (wheel).
import { ToolGroupManager, Enums as ToolEnums, PanTool, ZoomTool, WindowLevelTool, StackScrollTool, type Types as ToolTypes } from '@cornerstonejs/tools';

const TOOLGROUP_ID = 'main-tools';

/** The group of the shown viewports (the measurement tools are added to it by measurementTools.ts). */
export function setUpTools(renderingEngineId: string, viewportIds: string[]): ToolTypes.IToolGroup | undefined {
  const tg = ToolGroupManager.createToolGroup(TOOLGROUP_ID);
  if (!tg) return undefined;
  tg.addTool(WindowLevelTool.toolName);
  tg.addTool(PanTool.toolName);
  tg.addTool(ZoomTool.toolName);
  tg.addTool(StackScrollTool.toolName);
  tg.setToolActive(WindowLevelTool.toolName, { bindings: [{ mouseButton: ToolEnums.MouseBindings.Primary }] });
  tg.setToolActive(PanTool.toolName, { bindings: [{ mouseButton: ToolEnums.MouseBindings.Auxiliary }] });
  tg.setToolActive(ZoomTool.toolName, { bindings: [{ mouseButton: ToolEnums.MouseBindings.Secondary }] });
  tg.setToolActive(StackScrollTool.toolName, { bindings: [{ mouseButton: ToolEnums.MouseBindings.Wheel }] });
  for (const id of viewportIds) tg.addViewport(id, renderingEngineId);
  return tg;
}

export function tearDownTools(): void {
  ToolGroupManager.destroyToolGroup(TOOLGROUP_ID);
}

/** A viewport added to the layout after the tools were set up (a series dropped on an empty cell). */
export function addToolViewport(renderingEngineId: string, viewportId: string): void {
  ToolGroupManager.getToolGroup(TOOLGROUP_ID)?.addViewport(viewportId, renderingEngineId);
}

/** The group set up for the shown layout, if any (the measurement tools join it: measurementTools.ts). */
export function toolGroup(): ToolTypes.IToolGroup | undefined {
  return ToolGroupManager.getToolGroup(TOOLGROUP_ID);
}
