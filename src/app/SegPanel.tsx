// The segmentation panel: every SEG that applies to the shown series, with what tells it from the others (a
// "Load" button on those not loaded); per loaded SEG its segments, with colour, names, codes and algorithm; visibility,
// "show only", jump to segment, search. All text from the files is rendered as text, never as HTML.
import { useMemo, useState, type ReactNode } from 'react';
import { segmentDisplayName } from '../dicom/seg/model';
import type { SegEntry } from './useSegmentations';
import { ObjectPhase } from './ObjectPhase';

export interface SegPanelActions {
  toggleSeg: (key: string) => void;
  toggleSegment: (key: string, segmentNumber: number) => void;
  showOnly: (key: string, segmentNumber: number) => void;
  showAll: (key: string) => void;
  jumpTo: (key: string, segmentNumber: number) => void;
  setStyle: (key: string, mode: 'fill' | 'outline' | 'both', opacity: number) => void;
}

function rgb(c: readonly number[]): string {
  return `rgb(${c[0]}, ${c[1]}, ${c[2]})`;
}

/** `extra`: what else to show under a SEG (its statistics). */
export function SegPanel({ entries, actions, active, extra }: { entries: SegEntry[]; actions: SegPanelActions; active?: string; extra?: (key: string) => ReactNode }) {
  const [query, setQuery] = useState('');
  const q = query.trim().toLowerCase();
  const filtered = useMemo(
    () =>
      entries.map((e) => ({
        e,
        segments: (e.result?.segmentation.segments ?? e.partial?.segmentation.segments ?? []).filter(
          (s) =>
            s.segmentNumber !== 0 &&
            (!q ||
              segmentDisplayName(s).toLowerCase().includes(q) ||
              (s.segmentedPropertyType?.meaning ?? '').toLowerCase().includes(q) ||
              (s.segmentedPropertyCategory?.meaning ?? '').toLowerCase().includes(q)),
        ),
      })),
    [entries, q],
  );
  if (!entries.length) return null;
  return (
    <section className="seg-panel" aria-label="Segmentations">
      <h2>Segmentations</h2>
      <input
        type="search"
        className="seg-search"
        placeholder="Find segment"
        aria-label="Find segment by name"
        value={query}
        onChange={(ev) => setQuery(ev.target.value)}
      />
      {filtered.map(({ e, segments }) => {
        const seg = e.result?.segmentation ?? e.partial?.segmentation;
        const layout = new Map((e.result?.layers.segments ?? e.partial?.drawn ?? []).map((l) => [l.segmentNumber, l]));
        // A SEG drawn as it downloads: the segments whose frames are not all in yet.
        const coming = e.status === 'loading' ? e.partial?.coming : undefined;
        return (
          <div key={e.key} className={`seg-series${active === e.key ? ' active' : ''}`} data-seg-key={e.key} data-status={e.status}>
            <div className="seg-series-head">
              {e.status === 'available' ? (
                <span className="seg-series-label">{e.seriesLabel}</span>
              ) : (
                <label>
                  <input type="checkbox" checked={e.visible} onChange={() => actions.toggleSeg(e.key)} disabled={e.status !== 'ready'} aria-label={`Show ${e.seriesLabel}`} />
                  <span className="seg-series-label">{e.seriesLabel}</span>
                </label>
              )}
              {e.newest && entries.length > 1 && (
                <span className="seg-newest muted" title="The newest of the SEGs on this series, loaded by itself">
                  newest
                </span>
              )}
              {e.status === 'available' && e.load && (
                <button type="button" className="seg-load" onClick={e.load} aria-label={`Load ${e.seriesLabel}`}>
                  Load
                </button>
              )}
              {e.status === 'loading' && (
                <span className="muted" role="status">
                  <ObjectPhase sop={e.key} fallback={e.phase} />
                </span>
              )}
            </div>
            {e.status === 'ready' && (
              <div className="seg-style">
                <label>
                  Draw{' '}
                  <select aria-label={`How ${e.seriesLabel} is drawn`} value={e.mode} onChange={(ev) => actions.setStyle(e.key, ev.target.value as SegEntry['mode'], e.opacity)}>
                    <option value="both">fill and outline</option>
                    <option value="fill">fill</option>
                    <option value="outline">outline</option>
                  </select>
                </label>
                <label>
                  Opacity{' '}
                  <input
                    type="range"
                    min={0}
                    max={100}
                    step={5}
                    aria-label={`Fill opacity of ${e.seriesLabel}`}
                    value={Math.round(e.opacity * 100)}
                    onChange={(ev) => actions.setStyle(e.key, e.mode, Number(ev.target.value) / 100)}
                  />
                </label>
              </div>
            )}
            <div className="seg-about muted">{e.about.join(' · ')}</div>
            {seg && (
              <div className="seg-meta muted">{`${seg.segments.filter((s) => s.segmentNumber !== 0).length} segments · ${seg.segmentationType.toLowerCase()}`}</div>
            )}
            {coming && coming.size > 0 && (
              <div className="seg-coming muted" role="status">{`${coming.size} segment${coming.size === 1 ? '' : 's'} still coming`}</div>
            )}
            {e.message && (
              <div className={e.status === 'error' ? 'warn' : 'muted'} role={e.status === 'error' ? 'alert' : undefined}>
                {e.message}
              </div>
            )}
            {seg && (
              <ul className="segments" aria-label={`Segments of ${e.seriesLabel}`}>
                {segments.map((s) => {
                  const hidden = e.hidden.has(s.segmentNumber);
                  const drawn = layout.get(s.segmentNumber);
                  const later = coming?.has(s.segmentNumber) ?? false;
                  return (
                    <li key={s.segmentNumber} className={`segment${later ? ' coming' : ''}`} data-segment-number={s.segmentNumber} data-coming={later || undefined}>
                      <input
                        type="checkbox"
                        aria-label={`Show ${segmentDisplayName(s)}`}
                        checked={!hidden && e.visible}
                        disabled={later}
                        onChange={() => actions.toggleSegment(e.key, s.segmentNumber)}
                      />
                      <span className="swatch" style={{ background: rgb(s.displayColor) }} aria-hidden="true" />
                      <button
                        type="button"
                        className="segment-name"
                        disabled={!drawn || drawn.peakSlice < 0}
                        onClick={() => actions.jumpTo(e.key, s.segmentNumber)}
                        title={later ? 'Still coming: its frames are downloading' : drawn && drawn.peakSlice >= 0 ? 'Jump to the slice where this segment is largest' : 'Not on this series'}
                      >
                        {segmentDisplayName(s)}
                      </button>
                      <span className="segment-codes muted">
                        {[s.segmentedPropertyCategory?.meaning, s.segmentedPropertyType?.meaning].filter(Boolean).join(' / ')}
                        {s.segmentAlgorithmType ? ` · ${s.segmentAlgorithmType.toLowerCase()}${s.segmentAlgorithmName ? ` (${s.segmentAlgorithmName})` : ''}` : ''}
                      </span>
                      {later ? (
                        <span className="segment-coming muted">coming</span>
                      ) : (
                        <button type="button" className="only" onClick={() => actions.showOnly(e.key, s.segmentNumber)} title="Show only this segment" aria-label={`Show only ${segmentDisplayName(s)}`}>
                        only
                      </button>
                      )}
                    </li>
                  );
                })}
              </ul>
            )}
            {seg && e.hidden.size > 0 && (
              <button type="button" onClick={() => actions.showAll(e.key)}>
                Show all
              </button>
            )}
            {e.status === 'ready' && extra?.(e.key)}
          </div>
        );
      })}
    </section>
  );
}
