// The toolbar's layout buttons (one viewport, two, four, MPR, MPR with the segments in 3D) and the Sync toggle (scroll and window follow
// between viewports of one Frame of Reference).
import type { Layout } from './routes';

interface Props {
  layout: Layout;
  setLayout: (l: Layout) => void;
  sync: boolean;
  setSync: (on: boolean) => void;
  /** the key that toggles MPR (shortcuts.ts), for the titles */
  mprKey: string;
}

const CHOICES: Array<{ layout: Layout; label: string; title: string }> = [
  { layout: 'stack', label: 'Stack', title: 'One viewport' },
  { layout: '1x2', label: '1x2', title: 'Two viewports side by side, a series each (drag one from the list)' },
  { layout: '2x2', label: '2x2', title: 'Four viewports, a series each (drag one from the list)' },
  { layout: 'mpr', label: 'MPR', title: 'Axial, sagittal, coronal' },
  { layout: '3d', label: '3D', title: 'Axial, sagittal, coronal, and the shown segments and ROIs as surfaces (drag to rotate)' },
];

export function LayoutControls({ layout, setLayout, sync, setSync, mprKey }: Props) {
  return (
    <>
      {CHOICES.map((c) => (
        <button key={c.layout} type="button" aria-pressed={layout === c.layout} onClick={() => setLayout(c.layout)} title={`${c.title} (${mprKey} toggles MPR)`}>
          {c.label}
        </button>
      ))}
      <button type="button" aria-pressed={sync} onClick={() => setSync(!sync)} title="Scrolling and window/level follow between viewports of the same Frame of Reference">
        Sync
      </button>
    </>
  );
}
