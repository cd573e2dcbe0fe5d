// The parametric map panel: per map its quantity, units, range, creator and histogram, and how it is drawn
// (colour map, window, threshold, opacity). Text from the files is rendered as text, never as HTML.
import { useId } from 'react';
import { COLORMAPS, colormapGradient, type ColormapId } from '../viewer/colormaps';
import type { MapDisplay } from '../viewer/mapLayer';
import { formatDate } from './studyModel';
import { mapName, type ShownMap } from './useParametricMaps';

export interface MapPanelActions {
  toggleMap: (key: string) => void;
  setDisplay: (key: string, display: MapDisplay) => void;
}

/** A number for a label: few digits, exponent for very large or small magnitudes. */
function shortNumber(v: number): string {
  const a = Math.abs(v);
  if (a !== 0 && (a >= 1e5 || a < 1e-2)) return v.toExponential(2);
  return String(Number(v.toPrecision(4)));
}

function Histogram({ e }: { e: ShownMap }) {
  const h = e.result?.statistics.histogram;
  if (!h || !h.counts.length || !(h.max > h.min)) return null;
  const peak = Math.max(...h.counts.map((c) => Math.log1p(c)));
  const w = 200;
  const height = 40;
  const bw = w / h.counts.length;
  const x = (v: number): number => Math.min(w, Math.max(0, ((v - h.min) / (h.max - h.min)) * w));
  const d = e.display;
  return (
    <svg className="map-histogram" width={w} height={height} role="img" aria-label={`Histogram of ${e.label} (log counts) from ${shortNumber(h.min)} to ${shortNumber(h.max)}`}>
      {h.counts.map((c, i) => {
        const bh = peak > 0 ? (Math.log1p(c) / peak) * height : 0;
        return <rect key={i} x={i * bw} y={height - bh} width={Math.max(1, bw - 0.5)} height={bh} className="bar" />;
      })}
      <line x1={x(d.lower)} x2={x(d.lower)} y1={0} y2={height} className="window-mark" />
      <line x1={x(d.upper)} x2={x(d.upper)} y1={0} y2={height} className="window-mark" />
      {d.threshold !== null && <line x1={x(d.threshold)} x2={x(d.threshold)} y1={0} y2={height} className="threshold-mark" />}
    </svg>
  );
}

function NumberField({ text, label, value, onChange }: { text: string; label: string; value: number; onChange: (v: number) => void }) {
  return (
    <label>
      {text}{' '}
      <input
        type="number"
        step="any"
        aria-label={label}
        defaultValue={shortNumber(value)}
        key={value}
        onBlur={(ev) => {
          const v = Number(ev.target.value);
          if (ev.target.value.trim() && Number.isFinite(v) && v !== value) onChange(v);
        }}
        onKeyDown={(ev) => {
          if (ev.key === 'Enter') (ev.target as HTMLInputElement).blur();
        }}
      />
    </label>
  );
}

function MapControls({ e, actions }: { e: ShownMap; actions: MapPanelActions }) {
  const id = useId();
  const d = e.display;
  const set = (p: Partial<MapDisplay>): void => actions.setDisplay(e.key, { ...d, ...p });
  const stats = e.result?.statistics;
  return (
    <div className="map-controls">
      <label>
        Colour map{' '}
        <select aria-label={`Colour map of ${e.label}`} value={d.colormap} onChange={(ev) => set({ colormap: ev.target.value as ColormapId })}>
          {COLORMAPS.map((c) => (
            <option key={c.id} value={c.id}>
              {c.label}
            </option>
          ))}
        </select>
      </label>
      <div className="map-window">
        <NumberField text="From" label={`Lower end of ${e.label}`} value={d.lower} onChange={(v) => set({ lower: v })} />
        <NumberField text="to" label={`Upper end of ${e.label}`} value={d.upper} onChange={(v) => set({ upper: v })} />
        {stats && stats.min !== null && stats.max !== null && (
          <button type="button" onClick={() => set({ lower: stats.min ?? 0, upper: stats.max ?? 1 })} title="Window over the whole range of the map">
            full range
          </button>
        )}
      </div>
      <div className="map-threshold">
        <label htmlFor={`${id}-thr`}>
          <input
            type="checkbox"
            aria-label={`Hide values of ${e.label} below a threshold`}
            checked={d.threshold !== null}
            onChange={() => set({ threshold: d.threshold === null ? d.lower : null })}
          />{' '}
          Hide below
        </label>
        {d.threshold !== null && <NumberField text="" label={`Threshold of ${e.label}`} value={d.threshold} onChange={(v) => set({ threshold: v })} />}
      </div>
      <label>
        Opacity{' '}
        <input
          type="range"
          min={0}
          max={100}
          step={5}
          aria-label={`Opacity of ${e.label}`}
          value={Math.round(d.opacity * 100)}
          onChange={(ev) => set({ opacity: Number(ev.target.value) / 100 })}
        />
      </label>
      <Histogram e={e} />
    </div>
  );
}

export function MapPanel({ entries, actions }: { entries: ShownMap[]; actions: MapPanelActions }) {
  if (!entries.length) return null;
  return (
    <section className="map-panel" aria-label="Parametric maps">
      <h2>Parametric maps</h2>
      {entries.map((e) => {
        const r = e.result;
        const s = r?.statistics;
        return (
          <div key={e.key} className="seg-series" data-map-key={e.key} data-status={e.status}>
            <div className="seg-series-head">
              <label>
                <input type="checkbox" checked={e.visible} onChange={() => actions.toggleMap(e.key)} disabled={e.status !== 'ready'} aria-label={`Show ${e.label}`} />
                <span className="seg-series-label">{e.label}</span>
              </label>
              {e.status === 'loading' && (
                <span className="muted" role="status">
                  {e.phase ?? 'loading'}…
                </span>
              )}
            </div>
            {r && (
              <dl className="map-facts">
                <dt>Quantity</dt>
                <dd>{r.map.quantity?.meaning ?? r.map.lutExplanation ?? mapName(r, '(not stated)')}</dd>
                <dt>Units</dt>
                <dd>{r.map.unitsDisplay || (r.map.measurementUnits ? r.map.measurementUnits.meaning : 'none stated')}</dd>
                {s && s.min !== null && s.max !== null && (
                  <>
                    <dt>Range</dt>
                    <dd data-testid="map-range">
                      {shortNumber(s.min)} … {shortNumber(s.max)} (mean {shortNumber(s.mean ?? 0)})
                    </dd>
                  </>
                )}
                {(r.map.contentCreatorName || r.map.contentDate) && (
                  <>
                    <dt>Created</dt>
                    <dd>{[r.map.contentCreatorName, r.map.contentDate ? formatDate(r.map.contentDate) : null].filter(Boolean).join(' · ')}</dd>
                  </>
                )}
                <dt>Stored as</dt>
                <dd>
                  {r.map.pixelType}, {r.map.rows}×{r.map.columns}, {r.map.numberOfFrames} frames
                </dd>
              </dl>
            )}
            {e.message && (
              <div className={e.status === 'error' ? 'warn' : 'muted'} role={e.status === 'error' ? 'alert' : undefined}>
                {e.message}
              </div>
            )}
            {e.status === 'ready' && <MapControls e={e} actions={actions} />}
          </div>
        );
      })}
    </section>
  );
}

/** Colour bars of the shown maps, over the viewport: quantity, units, and the values at the window's ends. */
export function MapLegend({ entries }: { entries: ShownMap[] }) {
  const shown = entries.filter((e) => e.status === 'ready' && e.visible && e.result);
  if (!shown.length) return null;
  return (
    <div className="map-legend" aria-label="Colour bar">
      {shown.map((e) => {
        const r = e.result as NonNullable<ShownMap['result']>;
        const units = r.map.unitsDisplay;
        return (
          <div key={e.key} className="map-legend-item" data-map-legend={e.key}>
            <div className="map-legend-title">
              {mapName(r, e.label)}
              {units ? ` (${units})` : ''}
            </div>
            <div className="map-legend-bar" style={{ background: colormapGradient(e.display.colormap) }} />
            <div className="map-legend-ends">
              <span>{shortNumber(e.display.lower)}</span>
              <span>{shortNumber(e.display.upper)}</span>
            </div>
          </div>
        );
      })}
    </div>
  );
}
