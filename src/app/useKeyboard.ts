// Keyboard shortcuts (documented in the README):
//   ArrowUp/ArrowDown, PageUp/PageDown: previous/next slice (Page keys jump 10); Home/End: first/last slice
//   1-4: window presets (soft tissue, lung, bone, brain); R: reset; M: stack/MPR; +/-: zoom
import { useEffect, type RefObject } from 'react';
import type { ViewerController } from '../viewer/ViewerController';
import { WINDOW_PRESETS } from '../viewer/presets';

export function useKeyboard({ controller, toggleLayout }: { controller: RefObject<ViewerController | null>; toggleLayout: () => void }): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      const t = e.target as HTMLElement | null;
      if (t && (t.tagName === 'INPUT' || t.tagName === 'SELECT' || t.tagName === 'TEXTAREA' || t.isContentEditable)) return;
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      const c = controller.current;
      if (!c) return;
      const preset = WINDOW_PRESETS.find((p) => p.key === e.key);
      let handled = true;
      if (preset) c.applyPreset(preset);
      else if (e.key === 'ArrowDown') c.scroll(1);
      else if (e.key === 'ArrowUp') c.scroll(-1);
      else if (e.key === 'PageDown') c.scroll(10);
      else if (e.key === 'PageUp') c.scroll(-10);
      else if (e.key === 'Home') c.scroll(-1e6);
      else if (e.key === 'End') c.scroll(1e6);
      else if (e.key === 'r' || e.key === 'R') c.reset();
      else if (e.key === 'm' || e.key === 'M') toggleLayout();
      else if (e.key === '+' || e.key === '=') c.zoom(1.2);
      else if (e.key === '-') c.zoom(1 / 1.2);
      else handled = false;
      if (handled) e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [controller, toggleLayout]);
}
