// The viewer's keyboard (the table and its OHIF correspondences: shortcuts.ts) and the commands the toolbar
// shares with it. Keys go to the viewer unless a field has the focus, or Space/Enter a button (keyBelongsToControl).
import { useCallback, useEffect, useState, type RefObject } from 'react';
import type { ViewerController } from '../viewer/ViewerController';
import type { AnyPreset } from '../viewer/presets';
import { keyBelongsToControl, shortcutFor, type ShortcutCommand } from './shortcuts';
import type { SeriesInfo } from './studyModel';

export const CINE_RATES = [5, 10, 15, 24, 30] as const;

interface Options {
  controller: RefObject<ViewerController | null>;
  toggleLayout: () => void;
  /** the image series in the browser's order, for Page Up / Page Down */
  imageSeries: SeriesInfo[];
  active: SeriesInfo | undefined;
  select: (s: SeriesInfo) => void;
  /** cine playing in the active viewport (from its state), frames per second */
  cine: number | null;
  /** the shown series' window presets (keys 1-5) and how one is applied */
  presets: AnyPreset[];
  applyPreset: (p: AnyPreset) => void;
}

export function useKeyboard({ controller, toggleLayout, imageSeries, active, select, cine, presets, applyPreset }: Options) {
  const [helpOpen, setHelpOpen] = useState(false);
  const [cineRate, setCineRate] = useState<number>(10);

  const run = useCallback(
    (command: ShortcutCommand): void => {
      const c = controller.current;
      if (command === 'help') return setHelpOpen((o) => !o);
      if (command === 'toggleMpr') return toggleLayout();
      if (command === 'nextSeries' || command === 'previousSeries') {
        const i = imageSeries.findIndex((s) => s.seriesUID === active?.seriesUID);
        const next = imageSeries[i + (command === 'nextSeries' ? 1 : -1)];
        if (next) select(next);
        return;
      }
      if (!c) return;
      const preset = /^preset(\d)$/.exec(command);
      if (preset) {
        const p = presets.find((w) => w.key === preset[1]);
        if (p) applyPreset(p);
        return;
      }
      switch (command) {
        case 'nextImage':
          return c.scroll(1);
        case 'previousImage':
          return c.scroll(-1);
        case 'firstImage':
          return c.scroll(-1e6);
        case 'lastImage':
          return c.scroll(1e6);
        case 'nextViewport':
          return c.stepActiveViewport(1);
        case 'previousViewport':
          return c.stepActiveViewport(-1);
        case 'reset':
          return c.reset();
        case 'fit':
          return c.fit();
        case 'zoomIn':
          return c.zoom(1.2);
        case 'zoomOut':
          return c.zoom(1 / 1.2);
        case 'rotateRight':
          return c.rotate(90);
        case 'rotateLeft':
          return c.rotate(-90);
        case 'flipHorizontal':
          return c.flip('horizontal');
        case 'flipVertical':
          return c.flip('vertical');
        case 'invert':
          return c.invert();
        case 'cine':
          return c.setCine(cine ? null : cineRate);
        case 'cancelMeasurement':
          return c.cancelMeasurement();
        case 'deleteMeasurement':
          return c.deleteSelectedMeasurements();
      }
    },
    [controller, toggleLayout, imageSeries, active, select, cine, cineRate, presets, applyPreset],
  );

  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (keyBelongsToControl(e.key, e.target as HTMLElement | null)) return;
      // Keys in an open dialog (About, ...) are the dialog's: Esc closes it rather than cancelling a measurement.
      if ((e.target as Element | null)?.closest?.('dialog[open]')) return;
      const s = shortcutFor(e);
      if (!s) return;
      e.preventDefault();
      run(s.command);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [run]);

  const changeCineRate = useCallback(
    (fps: number): void => {
      setCineRate(fps);
      if (cine) controller.current?.setCine(fps);
    },
    [cine, controller],
  );

  return { run, helpOpen, closeHelp: useCallback(() => setHelpOpen(false), []), cineRate, changeCineRate };
}
