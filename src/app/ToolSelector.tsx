// What the left mouse button does: window/level (the default, and the way back) or one of Cornerstone's
// measurement tools; crosshairs only in MPR. One pressed button at a time, as in OHIF's toolbar.
import type { PrimaryTool } from '../viewer/ViewerController';

const TOOLS: Array<{ tool: PrimaryTool; label: string; title: string }> = [
  { tool: 'WindowLevel', label: 'W/L', title: 'Window/level: drag left-right for width, up-down for level' },
  { tool: 'Length', label: 'Length', title: 'Length: drag from one end to the other' },
  { tool: 'Angle', label: 'Angle', title: 'Angle: click three points, the vertex second' },
  { tool: 'Bidirectional', label: 'Bidirectional', title: 'Bidirectional: drag the long axis; the short axis follows' },
  { tool: 'EllipticalROI', label: 'Ellipse', title: 'Elliptical ROI: drag its bounding box (area, mean, SD, min, max)' },
  { tool: 'RectangleROI', label: 'Rectangle', title: 'Rectangle ROI: drag corner to corner (area, mean, SD, min, max)' },
  { tool: 'Probe', label: 'Probe', title: 'Probe: click a point for its value' },
  { tool: 'Crosshairs', label: 'Crosshairs', title: 'Crosshairs (MPR): click or drag to move all three planes' },
];

interface Props {
  tool: PrimaryTool;
  setTool: (t: PrimaryTool) => void;
  mpr: boolean;
}

export function ToolSelector({ tool, setTool, mpr }: Props) {
  return (
    <span className="tool-selector" role="group" aria-label="Left mouse button tool">
      {TOOLS.map((t) => (
        <button
          key={t.tool}
          type="button"
          aria-pressed={tool === t.tool}
          disabled={t.tool === 'Crosshairs' && !mpr}
          title={t.tool === 'Crosshairs' && !mpr ? `${t.title} — switch to MPR first` : t.title}
          onClick={() => setTool(t.tool)}
        >
          {t.label}
        </button>
      ))}
    </span>
  );
}
