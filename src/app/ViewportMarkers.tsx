// A viewport's patient-direction letters at its four edges and its zoom (src/viewer/orientationMarkers.ts).
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
    </>
  );
}
