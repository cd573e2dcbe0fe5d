import { useEffect, useRef } from 'react';
import { drawThumbnail } from '../viewer/thumbnail';
import { seriesLabel, type SeriesGroup, type SeriesInfo } from './studyModel';
import { kindBadge } from './seriesKinds';
import { SERIES_DRAG_TYPE } from './ViewportGrid';

interface Props {
  groups: SeriesGroup[];
  activeSeriesUID?: string;
  thumbnailImageId: (s: SeriesInfo) => string | undefined;
  onSelect: (s: SeriesInfo) => void;
  /** opens a derived series that can be shown on its own (a parametric map) as the displayed series */
  onOpen?: (s: SeriesInfo) => void;
}

function Thumbnail({ imageId }: { imageId?: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!imageId || !ref.current) return;
    drawThumbnail(ref.current, imageId).catch(() => {
      // A thumbnail that fails leaves the placeholder; the viewport reports decoding problems.
    });
  }, [imageId]);
  return <canvas ref={ref} className="thumb" width={96} height={96} aria-hidden="true" />;
}

function DerivedItem({ s, onOpen, active }: { s: SeriesInfo; onOpen?: (s: SeriesInfo) => void; active: boolean }) {
  const badge = kindBadge(s.kind, s.modality);
  return (
    <li className={`derived${active ? ' active' : ''}`} data-series-uid={s.seriesUID} data-modality={s.modality} data-kind={badge.text} aria-current={active || undefined}>
      <span className={`badge badge-${badge.text.toLowerCase()}`} title={badge.title}>
        {badge.text}
      </span>
      <span className="desc">{seriesLabel(s)}</span>
      {onOpen && s.modality === 'PM' && s.instances?.length ? (
        <button type="button" className="open-alone" onClick={() => onOpen(s)} aria-label={`Open ${seriesLabel(s)} alone as a series`}>
          open alone
        </button>
      ) : null}
      {s.error && (
        <span className="warn" role="note">
          {s.error}
        </span>
      )}
    </li>
  );
}

export function SeriesBrowser({ groups, activeSeriesUID, thumbnailImageId, onSelect, onOpen }: Props) {
  return (
    <nav className="series-browser" aria-label="Series">
      {groups.map((g, i) => (
        <section key={g.image?.seriesUID ?? `orphans-${i}`} className="series-group">
          {g.image ? (
            <button
              type="button"
              className={`series-item${g.image.seriesUID === activeSeriesUID ? ' active' : ''}`}
              data-series-uid={g.image.seriesUID}
              aria-pressed={g.image.seriesUID === activeSeriesUID}
              onClick={() => g.image && onSelect(g.image)}
              draggable
              onDragStart={(e) => {
                if (!g.image) return;
                // Dropped on a viewport, the series shows there (ViewportGrid).
                e.dataTransfer.setData(SERIES_DRAG_TYPE, g.image.seriesUID);
                e.dataTransfer.effectAllowed = 'copy';
              }}
            >
              <Thumbnail imageId={thumbnailImageId(g.image)} />
              <span className="series-text">
                <span className={`badge badge-${g.image.modality.toLowerCase()}`}>{g.image.modality}</span>
                <span className="desc">{seriesLabel(g.image)}</span>
                <span className="count">
                  {g.image.instanceCount} {g.image.instanceCount === 1 ? 'instance' : 'instances'}
                </span>
                {g.image.error && <span className="warn">{g.image.error}</span>}
              </span>
            </button>
          ) : (
            <h3 className="orphan-title">Not linked to a loaded image series</h3>
          )}
          {g.derived.length > 0 && (
            <ul className="derived-list" aria-label="Annotations">
              {g.derived.map((d) => (
                <DerivedItem key={d.seriesUID} s={d} onOpen={onOpen} active={d.seriesUID === activeSeriesUID} />
              ))}
            </ul>
          )}
        </section>
      ))}
    </nav>
  );
}
