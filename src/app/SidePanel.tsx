// A side panel the person can resize (drag its edge, or arrows on the edge when it has the focus) and collapse
// (its button, or Enter on the edge). Width and collapsed state are remembered in localStorage. On a narrow
// screen (a tablet upright, under 900 px) it lies over the images instead of beside them and starts collapsed,
// so the images keep the whole width.
import { useCallback, useEffect, useRef, useState, type KeyboardEvent, type PointerEvent, type ReactNode } from 'react';
import './panels.css';

const MIN = 200;
const MAX = 640;
const STEP = 16;
const NARROW = '(max-width: 900px)';

interface Stored {
  width: number;
  collapsed: boolean;
  /** collapsed on a narrow screen: kept apart, since a panel open beside the images is not one open over them */
  collapsedNarrow: boolean;
}

const clamp = (w: number): number => Math.round(Math.min(MAX, Math.max(MIN, w)));

function load(key: string, width: number): Stored {
  const fallback = { width, collapsed: false, collapsedNarrow: true };
  try {
    const v = JSON.parse(localStorage.getItem(key) ?? 'null') as Partial<Stored> | null;
    if (!v || typeof v !== 'object') return fallback;
    return {
      width: typeof v.width === 'number' && Number.isFinite(v.width) ? clamp(v.width) : width,
      collapsed: v.collapsed === true,
      collapsedNarrow: v.collapsedNarrow !== false,
    };
  } catch {
    return fallback;
  }
}

function useNarrow(): boolean {
  const [narrow, setNarrow] = useState(() => window.matchMedia(NARROW).matches);
  useEffect(() => {
    const m = window.matchMedia(NARROW);
    const on = (): void => setNarrow(m.matches);
    m.addEventListener('change', on);
    return () => m.removeEventListener('change', on);
  }, []);
  return narrow;
}

interface Props {
  /** names the panel in localStorage and in element ids */
  id: string;
  /** what the panel holds, for its landmark and its controls' names */
  label: string;
  defaultWidth?: number;
  /** after the panel changed size or was shown or hidden (the images beside it must fit again) */
  onLayout?: () => void;
  children: ReactNode;
}

export function SidePanel({ id, label, defaultWidth = 280, onLayout, children }: Props) {
  const key = `idc-viewer.panel.${id}`;
  const [state, setState] = useState<Stored>(() => load(key, defaultWidth));
  const narrow = useNarrow();
  const collapsed = narrow ? state.collapsedNarrow : state.collapsed;
  const drag = useRef<{ x: number; width: number } | null>(null);
  const panelId = `panel-${id}`;

  useEffect(() => {
    try {
      localStorage.setItem(key, JSON.stringify(state));
    } catch {
      // Storage full or refused (private mode): the panel still works, it is just not remembered.
    }
  }, [key, state]);
  // The images beside it resize once the new layout is painted.
  useEffect(() => {
    const f = requestAnimationFrame(() => onLayout?.());
    return () => cancelAnimationFrame(f);
  }, [state.width, collapsed, narrow, onLayout]);

  const setWidth = useCallback((w: number) => setState((s) => ({ ...s, width: clamp(w) })), []);
  const toggle = useCallback(() => setState((s) => (narrow ? { ...s, collapsedNarrow: !s.collapsedNarrow } : { ...s, collapsed: !s.collapsed })), [narrow]);

  const onPointerDown = (e: PointerEvent<HTMLDivElement>): void => {
    if (collapsed || e.button !== 0) return;
    e.currentTarget.setPointerCapture(e.pointerId);
    drag.current = { x: e.clientX, width: state.width };
  };
  const onPointerMove = (e: PointerEvent<HTMLDivElement>): void => {
    if (drag.current) setWidth(drag.current.width + e.clientX - drag.current.x);
  };
  const onPointerUp = (): void => {
    drag.current = null;
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>): void => {
    const step = e.shiftKey ? STEP * 4 : STEP;
    const by: Record<string, () => void> = {
      ArrowLeft: () => setWidth(state.width - step),
      ArrowRight: () => setWidth(state.width + step),
      Home: () => setWidth(MIN),
      End: () => setWidth(MAX),
      Enter: toggle,
    };
    const act = by[e.key];
    if (!act || (collapsed && e.key !== 'Enter')) return;
    // The viewer's own keys (arrows change viewports) must not act too.
    e.preventDefault();
    e.stopPropagation();
    act();
  };

  return (
    <div className={`side-panel${collapsed ? ' collapsed' : ''}${narrow ? ' narrow' : ''}`} style={{ ['--panel-width' as string]: `${state.width}px` }} data-panel={id}>
      <aside className="sidebar" id={panelId} aria-label={label} hidden={collapsed}>
        {children}
      </aside>
      {!collapsed && (
        <div
          className="panel-resizer"
          role="separator"
          aria-orientation="vertical"
          aria-controls={panelId}
          aria-label={`Resize the ${label.toLowerCase()} panel (arrow keys; Enter hides it)`}
          aria-valuenow={state.width}
          aria-valuemin={MIN}
          aria-valuemax={MAX}
          tabIndex={0}
          onPointerDown={onPointerDown}
          onPointerMove={onPointerMove}
          onPointerUp={onPointerUp}
          onPointerCancel={onPointerUp}
          onKeyDown={onKeyDown}
        />
      )}
      <button type="button" className="panel-toggle" aria-expanded={!collapsed} aria-controls={panelId} onClick={toggle} title={`${collapsed ? 'Show' : 'Hide'} the ${label.toLowerCase()} panel`}>
        <span aria-hidden="true">{collapsed ? '›' : '‹'}</span>
        <span className="visually-hidden">{`${collapsed ? 'Show' : 'Hide'} the ${label.toLowerCase()} panel`}</span>
      </button>
    </div>
  );
}
