// A viewport's patient-direction letters at its four edges, its zoom and its pan (src/viewer/orientationMarkers.ts).
import type { ViewportState } from '../viewer/ViewerController';

const EDGES = ['top', 'right', 'bottom', 'left'] as const;

export function ViewportMarkers({ id, s }: { id: string; s: ViewportState | undefined }) {
  if (!s?.markers) return null;
  const markers = s.markers;
  return (
    <>
      {EDGES.map((e) => (
        <div key={e} className={`overlay orient orient-${e}`} data-testid={`orient-${id}-${e}`} aria-label={`Patient direction at the ${e} edge`}>
          {markers[e]}
        </div>
      ))}
      {s.zoom !== undefined && (
        <div className="overlay zoom-readout" data-testid={`zoom-${id}`}>
          Zoom {Math.round(s.zoom * 100)}%
        </div>
      )}
      {s.pan && (
        <div className="overlay pan-readout" data-testid={`pan-${id}`} title="How far the image was moved from its fitted place, in mm of the image plane">
          {panText(s.pan)}
        </div>
      )}
    </>
  );
}

/** "Pan 12.3 mm right, 4.0 mm up" (mm of the image plane as the screen shows it); "Pan none" when not moved. */
function panText([right, down]: [number, number]): string {
  const part = (v: number, plus: string, minus: string): string | null => (Math.abs(v) < 0.05 ? null : `${Math.abs(v).toFixed(1)} mm ${v > 0 ? plus : minus}`);
  const parts = [part(right, 'right', 'left'), part(down, 'down', 'up')].filter(Boolean);
  return parts.length ? `Pan ${parts.join(', ')}` : 'Pan none';
}
