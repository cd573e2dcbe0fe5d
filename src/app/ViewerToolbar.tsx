// The viewer's toolbar: layout (LayoutControls), window presets, and the view commands the keyboard has too
// (their keys in the titles come from shortcuts.ts).
import type { ReactNode } from 'react';
import type { Layout } from './routes';
import { isDataPreset, type AnyPreset } from '../viewer/presets';
import { SHORTCUTS, type ShortcutCommand } from './shortcuts';
import { CINE_RATES } from './useKeyboard';
import { LayoutControls } from './LayoutControls';

interface Props {
  layout: Layout;
  setLayout: (l: Layout) => void;
  sync: boolean;
  setSync: (on: boolean) => void;
  /** the window presets of the shown series' modality (presetsFor) */
  presets: AnyPreset[];
  applyPreset: (p: AnyPreset) => void;
  run: (command: ShortcutCommand) => void;
  /** frames per second of the cine playing, or null */
  cine: number | null;
  cineRate: number;
  setCineRate: (fps: number) => void;
  /** the left-button tool selector (ToolSelector.tsx) */
  tools?: ReactNode;
}

const keyOf = (c: ShortcutCommand): string => SHORTCUTS.find((s) => s.command === c)?.shown ?? '';

const VIEW_COMMANDS: Array<{ command: ShortcutCommand; label: string; name: string }> = [
  { command: 'rotateLeft', label: '⟲', name: 'Rotate left' },
  { command: 'rotateRight', label: '⟳', name: 'Rotate right' },
  { command: 'flipHorizontal', label: '⇆', name: 'Flip horizontally' },
  { command: 'flipVertical', label: '⇅', name: 'Flip vertically' },
  { command: 'invert', label: 'Invert', name: 'Invert' },
  { command: 'fit', label: 'Fit', name: 'Zoom to fit' },
];

export function ViewerToolbar({ layout, setLayout, sync, setSync, presets, applyPreset, run, cine, cineRate, setCineRate, tools }: Props) {
  return (
    <div className="toolbar" role="toolbar" aria-label="Viewer tools">
      <LayoutControls layout={layout} setLayout={setLayout} sync={sync} setSync={setSync} mprKey={keyOf('toggleMpr')} />
      <span className="sep" />
      {tools}
      {tools && <span className="sep" />}
      {presets.map((p) => (
        <button key={p.id} type="button" onClick={() => applyPreset(p)} title={`${isDataPreset(p) ? p.title : `W ${p.width} L ${p.center}`} (key ${p.key})`}>
          {p.label}
        </button>
      ))}
      <span className="sep" />
      {VIEW_COMMANDS.map((v) => (
        <button key={v.command} type="button" aria-label={v.name} onClick={() => run(v.command)} title={`${v.name} (${keyOf(v.command)})`}>
          {v.label}
        </button>
      ))}
      <button type="button" aria-pressed={cine !== null} onClick={() => run('cine')} title={`Play or stop cine (${keyOf('cine')})`}>
        Cine
      </button>
      <select aria-label="Cine frame rate" value={cineRate} onChange={(e) => setCineRate(Number(e.target.value))}>
        {CINE_RATES.map((r) => (
          <option key={r} value={r}>
            {r} fps
          </option>
        ))}
      </select>
      <span className="sep" />
      <button type="button" onClick={() => run('reset')} title={`Reset view (${keyOf('reset')})`}>
        Reset
      </button>
      <button type="button" aria-label="Keyboard shortcuts" onClick={() => run('help')} title={`Keyboard shortcuts (${keyOf('help')})`}>
        ?
      </button>
    </div>
  );
}
