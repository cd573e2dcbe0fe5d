import { forwardRef, useImperativeHandle, useRef, useState, type ReactNode } from 'react';
import type { ViewportState } from '../viewer/ViewerController';
import { ViewportMarkers } from './ViewportMarkers';
import { isMprLayout, viewportIdsOf } from '../viewer/layouts';
import type { Layout } from './routes';
import { seriesLabel, type SeriesInfo } from './studyModel';

/** The drag data type of a series thumbnail (SeriesBrowser): its SeriesInstanceUID. */
export const SERIES_DRAG_TYPE = 'application/x-idc-series';

interface Props {
  layout: Layout;
  states: Record<string, ViewportState>;
  /** the series each cell shows (grid layouts; MPR shows the first) */
  cells: Array<SeriesInfo | undefined>;
  /** the image series that can be put in a cell */
  imageSeries: SeriesInfo[];
  /** a series dropped on a cell, or chosen in its menu */
  onCellSeries: (cell: number, seriesUID: string) => void;
  /** more to show over a cell, by viewport id (the 3D cell's progress) */
  cellExtras?: Partial<Record<string, ReactNode>>;
}

export interface ViewportGridHandle {
  elements: () => HTMLDivElement[];
}

export const ViewportGrid = forwardRef<ViewportGridHandle, Props>(function ViewportGrid({ layout, states, cells, imageSeries, onCellSeries, cellExtras }, ref) {
  const els = useRef<Record<string, HTMLDivElement | null>>({});
  const [dropTarget, setDropTarget] = useState<number | null>(null);
  const ids = viewportIdsOf(layout);
  const planes = isMprLayout(layout);
  useImperativeHandle(ref, () => ({ elements: () => viewportIdsOf(layout).map((id) => els.current[id] as HTMLDivElement) }), [layout]);
  return (
    <div className={`viewport-grid layout-${layout}`}>
      {ids.map((id, i) => {
        const s = states[id];
        const series = planes ? cells[0] : cells[i];
        const cell = planes ? 0 : i;
        return (
          <div
            key={`${layout}-${id}`}
            className={`viewport-cell${s?.active ? ' active' : ''}${dropTarget === i ? ' drop-target' : ''}`}
            data-viewport-id={id}
            data-active={s?.active ? 'true' : undefined}
            data-cell-series={series?.seriesUID}
            onDragOver={(e) => {
              if (!e.dataTransfer.types.includes(SERIES_DRAG_TYPE)) return;
              e.preventDefault();
              e.dataTransfer.dropEffect = 'copy';
              setDropTarget(i);
            }}
            onDragLeave={() => setDropTarget(null)}
            onDrop={(e) => {
              const uid = e.dataTransfer.getData(SERIES_DRAG_TYPE);
              setDropTarget(null);
              if (!uid) return;
              e.preventDefault();
              onCellSeries(cell, uid);
            }}
          >
            <div
              className="viewport-element"
              ref={(el) => {
                els.current[id] = el;
              }}
              onContextMenu={(e) => e.preventDefault()}
            />
            <ViewportMarkers id={id} s={s} />
            {!series && <div className="empty-cell">Drag a series here, or choose one above</div>}
            <div className="overlay top-left">
              {ids.length > 1 && !planes ? (
                <select
                  className="cell-series"
                  aria-label={`Series in viewport ${i + 1}`}
                  value={series?.seriesUID ?? ''}
                  onChange={(e) => e.target.value && onCellSeries(cell, e.target.value)}
                >
                  {!series && <option value="">Choose a series…</option>}
                  {imageSeries.map((x) => (
                    <option key={x.seriesUID} value={x.seriesUID}>
                      {seriesLabel(x)}
                    </option>
                  ))}
                </select>
              ) : (
                <div className="series-label">{series ? seriesLabel(series) : ''}</div>
              )}
              {s?.label && <div className="plane-label">{s.label}</div>}
            </div>
            {cellExtras?.[id]}
            <div className="overlay bottom-left" data-testid={`slice-${id}`}>
              {s ? `Slice ${s.slice}/${s.total}` : ''}
            </div>
            <div className="overlay top-right" data-testid={`view-${id}`}>
              {s ? presentationText(s) : ''}
            </div>
            <div className="overlay bottom-right" data-testid={`wl-${id}`}>
              {s?.windowWidth !== undefined ? `W ${Math.round(s.windowWidth)} L ${Math.round(s.windowCenter ?? 0)}` : ''}
            </div>
          </div>
        );
      })}
    </div>
  );
});

/** How the picture is turned, in words (empty when as acquired): "Rotated 90° · Flipped left-right · Inverted · Cine 10 fps". */
function presentationText(s: ViewportState): string {
  const parts: string[] = [];
  if (s.rotation) parts.push(`Rotated ${s.rotation}°`);
  if (s.flipHorizontal) parts.push('Flipped left-right');
  if (s.flipVertical) parts.push('Flipped up-down');
  if (s.invert) parts.push('Inverted');
  if (s.cine) parts.push(`Cine ${s.cine} fps`);
  return parts.join(' · ');
}
