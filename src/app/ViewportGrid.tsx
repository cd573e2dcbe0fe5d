import { forwardRef, useImperativeHandle, useRef } from 'react';
import type { ViewportState } from '../viewer/ViewerController';
import { ViewportMarkers } from './ViewportMarkers';

interface Props {
  layout: 'stack' | 'mpr';
  states: Record<string, ViewportState>;
  seriesDescription: string;
}

export interface ViewportGridHandle {
  elements: () => HTMLDivElement[];
}

const IDS = { stack: ['stack'], mpr: ['mpr-axial', 'mpr-sagittal', 'mpr-coronal'] };

export const ViewportGrid = forwardRef<ViewportGridHandle, Props>(function ViewportGrid({ layout, states, seriesDescription }, ref) {
  const els = useRef<Record<string, HTMLDivElement | null>>({});
  useImperativeHandle(ref, () => ({ elements: () => IDS[layout].map((id) => els.current[id] as HTMLDivElement) }), [layout]);
  return (
    <div className={`viewport-grid layout-${layout}`}>
      {IDS[layout].map((id) => {
        const s = states[id];
        return (
          <div key={`${layout}-${id}`} className={`viewport-cell${s?.active ? ' active' : ''}`} data-viewport-id={id} data-active={s?.active ? 'true' : undefined}>
            <div
              className="viewport-element"
              ref={(el) => {
                els.current[id] = el;
              }}
              onContextMenu={(e) => e.preventDefault()}
            />
            <ViewportMarkers id={id} s={s} />
            <div className="overlay top-left">
              <div className="series-label">{seriesDescription}</div>
              {s?.label && <div className="plane-label">{s.label}</div>}
            </div>
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
