// TID 1500 measurement reports: per SR a table of measurement groups (tracking identifier, finding, site),
// each expandable to its measurements and qualitative evaluations; filter; CSV export (one row per measurement).
import { Fragment, useState } from 'react';
import type { MeasurementGroup } from '../dicom/sr/model';
import type { Code } from '../dicom/codes/code';
import { ucumDisplay } from '../dicom/codes/ucum';
import type { ReportEntry } from './useReports';
import { formatDate } from './studyModel';

export interface ReportPanelActions {
  /** Show what a group measures (its segment); returns a message when it cannot */
  selectGroup: (group: MeasurementGroup) => string | undefined;
}

const meaning = (c: Code | null | undefined): string => c?.meaning ?? '';

/** Sensible precision: integers as they are, else four significant digits (at least one decimal). */
export function formatValue(v: number | null): string {
  if (v === null || !Number.isFinite(v)) return '—';
  if (Number.isInteger(v)) return String(v);
  const abs = Math.abs(v);
  return abs >= 1000 ? v.toFixed(1) : String(Number(v.toPrecision(4)));
}

function sites(g: MeasurementGroup): string {
  return g.findingSites.map((s) => [meaning(s.laterality), meaning(s.site)].filter(Boolean).join(' ')).join(', ');
}

function csvCell(v: string): string {
  return /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

export function reportCsv(groups: MeasurementGroup[]): string {
  const rows = [['tracking identifier', 'tracking UID', 'finding', 'finding site', 'measurement', 'value', 'unit', 'derivation']];
  for (const g of groups) {
    for (const m of g.measurements) {
      rows.push([g.trackingIdentifier ?? '', g.trackingUID ?? '', meaning(g.finding), sites(g), meaning(m.concept), m.value === null ? '' : String(m.value), m.unit?.code ?? '', meaning(m.derivation)]);
    }
  }
  return rows.map((r) => r.map(csvCell).join(',')).join('\n') + '\n';
}

function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  URL.revokeObjectURL(url);
}

function ReportTable({ entry, actions }: { entry: ReportEntry; actions: ReportPanelActions }) {
  const [open, setOpen] = useState<Set<number>>(new Set());
  const [filter, setFilter] = useState('');
  const [notes, setNotes] = useState<Record<number, string>>({});
  const mr = entry.report?.measurementReport;
  if (!mr) return <div className="muted">Not a TID 1500 measurement report.</div>;
  const q = filter.trim().toLowerCase();
  const groups = mr.measurementGroups
    .map((g, i) => ({ g, i }))
    .filter(({ g }) => !q || [g.trackingIdentifier ?? '', meaning(g.finding), sites(g), ...g.measurements.map((m) => meaning(m.concept))].join(' ').toLowerCase().includes(q));
  const toggle = (i: number): void => setOpen((o) => { const n = new Set(o); if (n.has(i)) n.delete(i); else n.add(i); return n; });
  return (
    <>
      <div className="report-tools">
        <input type="search" placeholder="Filter groups" aria-label="Filter measurement groups" value={filter} onChange={(e) => setFilter(e.target.value)} />
        <button type="button" onClick={() => download(`${entry.seriesLabel || 'report'}.csv`, reportCsv(groups.map((x) => x.g)))}>
          CSV
        </button>
      </div>
      <table className="groups" aria-label={`Measurement groups of ${entry.seriesLabel}`}>
        <thead>
          <tr>
            <th>Tracking ID</th>
            <th>Finding</th>
            <th>Site</th>
          </tr>
        </thead>
        <tbody>
          {groups.map(({ g, i }) => (
            <Fragment key={i}>
              <tr className="group-row" data-group-index={i} aria-expanded={open.has(i)}>
                <td>
                  <button type="button" className="segment-name" onClick={() => { toggle(i); const m = actions.selectGroup(g); setNotes((n) => ({ ...n, [i]: m ?? '' })); }}>
                    {open.has(i) ? '▾' : '▸'} {g.trackingIdentifier ?? '(none)'}
                  </button>
                </td>
                <td>{meaning(g.finding)}</td>
                <td>{sites(g)}</td>
              </tr>
              {open.has(i) && (
                <tr className="group-detail">
                  <td colSpan={3}>
                    {notes[i] && <div className="warn">{notes[i]}</div>}
                    <table className="measurements">
                      <tbody>
                        {g.measurements.map((m, j) => (
                          <tr key={j} className="measurement">
                            <td>{meaning(m.concept)}{m.derivation ? ` (${meaning(m.derivation)})` : ''}</td>
                            <td className="num">{formatValue(m.value)}</td>
                            <td>{m.unit ? ucumDisplay(m.unit) : ''}</td>
                          </tr>
                        ))}
                        {g.qualitativeEvaluations.map((e, j) => (
                          <tr key={`q${j}`} className="evaluation">
                            <td>{meaning(e.concept)}</td>
                            <td colSpan={2}>{typeof e.value === 'string' ? e.value : meaning(e.value)}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </td>
                </tr>
              )}
            </Fragment>
          ))}
        </tbody>
      </table>
    </>
  );
}

export function ReportPanel({ entries, actions }: { entries: ReportEntry[]; actions: ReportPanelActions }) {
  if (!entries.length) return null;
  return (
    <section className="seg-panel" aria-label="Measurement reports">
      <h2>Measurement reports</h2>
      {entries.map((e) => {
        const mr = e.report?.measurementReport;
        const observer = mr?.observers.find((o) => o.observerType === 'PERSON');
        return (
          <div key={e.key} className="seg-series" data-sr-key={e.key} data-status={e.status}>
            <div className="seg-series-label">{meaning(e.report?.title) || e.seriesLabel}</div>
            {e.report && (
              <div className="seg-meta muted">
                {[e.seriesLabel, observer && 'personObserverName' in observer ? observer.personObserverName : null, e.report.contentDate ? formatDate(e.report.contentDate) : null, e.report.templateId ? `TID ${e.report.templateId}` : null, mr ? `${mr.measurementGroups.length} groups` : null]
                  .filter(Boolean)
                  .join(' · ')}
              </div>
            )}
            {e.status === 'loading' && <span className="muted" role="status">loading…</span>}
            {e.message && <div className={e.status === 'error' ? 'warn' : 'muted'} role={e.status === 'error' ? 'alert' : 'note'}>{e.message}</div>}
            {e.status === 'ready' && <ReportTable entry={e} actions={actions} />}
          </div>
        );
      })}
    </section>
  );
}
