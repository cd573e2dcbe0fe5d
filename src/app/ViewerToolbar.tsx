// The viewer's toolbar: layout (stack or MPR), window presets, reset.
import type { Layout } from './routes';
import { WINDOW_PRESETS, type WindowPreset } from '../viewer/presets';

interface Props {
  layout: Layout;
  setLayout: (l: Layout) => void;
  applyPreset: (p: WindowPreset) => void;
  reset: () => void;
}

export function ViewerToolbar({ layout, setLayout, applyPreset, reset }: Props) {
  return (
    <div className="toolbar" role="toolbar" aria-label="Viewer tools">
      <button type="button" aria-pressed={layout === 'stack'} onClick={() => setLayout('stack')} title="Single stack (M toggles)">
        Stack
      </button>
      <button type="button" aria-pressed={layout === 'mpr'} onClick={() => setLayout('mpr')} title="Axial, sagittal, coronal (M toggles)">
        MPR
      </button>
      <span className="sep" />
      {WINDOW_PRESETS.map((p) => (
        <button key={p.id} type="button" onClick={() => applyPreset(p)} title={`W ${p.width} L ${p.center} (key ${p.key})`}>
          {p.label}
        </button>
      ))}
      <span className="sep" />
      <button type="button" onClick={reset} title="Reset view (R)">
        Reset
      </button>
    </div>
  );
}
