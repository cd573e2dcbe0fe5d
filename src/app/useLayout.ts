// The viewer's layout and what each cell shows: the primary series (the panels' one) in the first cell, the
// series dropped on or chosen for the others; the layout and the cells' series kept in the URL (a link's `cells`
// fills the grid at first), the Sync toggle passed to the viewer.
// Switching layouts rebuilds the viewports; each series keeps its window, slice and zoom (viewer/viewMemory.ts).
import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import type { ImageStack } from '../viewer/imageIds';
import type { ViewerController, ViewportState } from '../viewer/ViewerController';
import { isMprLayout, viewportIdsOf } from '../viewer/layouts';
import { cellsSearch, layoutSearch, type Layout } from './routes';
import { seriesLabel, type SeriesInfo } from './studyModel';
import type { ViewportGridHandle } from './ViewportGrid';

interface Options {
  initial: Layout;
  controller: RefObject<ViewerController | null>;
  ready: boolean;
  grid: RefObject<ViewportGridHandle | null>;
  /** the primary series */
  active: SeriesInfo | undefined;
  setActive: (s: SeriesInfo) => void;
  imageSeries: SeriesInfo[];
  stackOf: (s: SeriesInfo) => ImageStack | undefined;
  states: Record<string, ViewportState>;
  clearStates: () => void;
  addError: (m: string) => void;
  /** a link's initialSOPInstanceUID: that image first, when it is in the primary series */
  initialSOPInstanceUID?: string;
  /** a link's `cells`: the series of cells 1..3 at first (cell 0's is `active`) */
  initialCells?: string[];
}

export function useLayout(o: Options) {
  const { controller, ready, grid, active, stackOf, addError, clearStates, initialSOPInstanceUID } = o;
  const [layout, setLayout] = useState<Layout>(o.initial);
  const [sync, setSync] = useState(true);
  // Cells 1..3 of the grid (cell 0 is the primary series); kept when the layout has fewer cells for a while.
  const [cells, setCells] = useState<Array<SeriesInfo | undefined>>([]);
  const cellsNow = useRef(cells);
  useEffect(() => {
    cellsNow.current = cells;
  }, [cells]);
  const cellsRestored = useRef(false);
  const linkCells = useRef({ uids: o.initialCells ?? [], imageSeries: o.imageSeries });
  useEffect(() => {
    linkCells.current.imageSeries = o.imageSeries;
  }, [o.imageSeries]);

  useEffect(() => {
    const search = layoutSearch(new URLSearchParams(window.location.search), layout);
    if (search !== window.location.search) window.history.replaceState(window.history.state, '', `${window.location.pathname}${search}${window.location.hash}`);
  }, [layout]);

  useEffect(() => controller.current?.setSync(sync), [sync, ready, controller]);

  // Show the primary series (and the cells' own) in the current layout.
  useEffect(() => {
    const c = controller.current;
    if (!ready || !c || !active || !grid.current) return;
    const stack = stackOf(active);
    if (!stack || !stack.imageIds.length) {
      addError(`${seriesLabel(active)}: no displayable images.`);
      return;
    }
    if (isMprLayout(layout) && !stack.reconstructable) {
      addError(`${seriesLabel(active)} cannot be shown in MPR (needs 3+ parallel slices); showing the stack.`);
      setLayout('stack');
      return;
    }
    clearStates();
    // A link's cells, once, when the first series is shown (every image series is known by then).
    if (!cellsRestored.current) {
      cellsRestored.current = true;
      const { uids, imageSeries } = linkCells.current;
      const linked = uids.map((uid, i) => (i > 0 && uid ? imageSeries.find((x) => x.seriesUID === uid) : undefined));
      if (linked.some(Boolean)) {
        cellsNow.current = linked;
        setCells(linked);
      }
    }
    const stacks = [stack, ...cellsNow.current.slice(1).map((s) => (s ? stackOf(s) : undefined))];
    // A link's initialSOPInstanceUID: that image first, when it is in this series (its first frame).
    const at = initialSOPInstanceUID ? stack.imageIds.findIndex((id) => id.includes(`/instances/${initialSOPInstanceUID}/`)) : -1;
    c.showLayout(layout, grid.current.elements(), stacks, at >= 0 ? at : undefined).catch((e: Error) => addError(`${seriesLabel(active)}: ${e.message}`));
  }, [ready, active, layout, stackOf, addError, initialSOPInstanceUID, controller, clearStates, grid]);

  /** Shows a series in a cell: the first cell's becomes the primary series (and MPR's). */
  const showInCell = useCallback(
    (cell: number, seriesUID: string) => {
      const s = o.imageSeries.find((x) => x.seriesUID === seriesUID);
      if (!s) return;
      if (cell === 0 || isMprLayout(layout)) return o.setActive(s);
      const stack = stackOf(s);
      const element = grid.current?.elements()[cell];
      if (!stack?.imageIds.length || !element) return addError(`${seriesLabel(s)}: no displayable images.`);
      setCells((prev) => Object.assign([...prev], { [cell]: s }));
      controller.current?.setCellSeries(cell, element, stack).catch((e: Error) => addError(`${seriesLabel(s)}: ${e.message}`));
    },
    [o, layout, stackOf, grid, controller, addError],
  );

  /** A series chosen in the browser goes to the active cell (as in OHIF); the first cell's is the primary one. */
  const select = useCallback(
    (s: SeriesInfo) => {
      const ids = viewportIdsOf(layout);
      const cell = isMprLayout(layout) ? 0 : Math.max(0, ids.findIndex((id) => o.states[id]?.active));
      showInCell(cell, s.seriesUID);
    },
    [layout, o.states, showInCell],
  );

  const shown = [active, ...cells.slice(1)];
  const shownKey = shown.map((s) => s?.seriesUID ?? '').join(',');
  useEffect(() => {
    if (!shownKey.replace(/,/g, '')) return;
    const search = cellsSearch(new URLSearchParams(window.location.search), shownKey.split(','));
    if (search !== window.location.search) window.history.replaceState(window.history.state, '', `${window.location.pathname}${search}${window.location.hash}`);
  }, [shownKey]);
  return { layout, setLayout, sync, setSync, cells: shown, showInCell, select };
}
