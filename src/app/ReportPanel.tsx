// SR documents: a TID 1500 report as a table of measurement groups (tracking identifier, finding, site),
// sortable, filterable, each group expandable to its measurements, groups whose references the study lacks
// marked; CSV export of what the table lists. Any other SR as its collapsible content tree. Both tables are
// windowed: a report of thousands of rows keeps a few dozen in the DOM.
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import type { MeasurementGroup, MeasurementReport } from '../dicom/sr/model';
import { missingReferences, type StudyContents } from '../dicom/sr/studyReferences';
import { ucumDisplay } from '../dicom/codes/ucum';
import type { ReportEntry } from './useReports';
import { ObjectPhase } from './ObjectPhase';
import { formatDate } from './studyModel';
import { ContentTreeView } from './ContentTreeView';
import { useVirtualRows } from './useVirtualRows';
import {
  SORT_COLUMNS,
  flattenRows,
  formatValue,
  meaning,
  nextSort,
  orderGroups,
  reportCsv,
  searchTexts,
  sites,
  type SortKey,
  type SortState,
  type TableRow,
} from './reportRows';

export interface ReportPanelActions {
  /** Show what a group measures (its segment); returns a message when it cannot */
  selectGroup: (group: MeasurementGroup) => string | undefined;
}

/** Fixed row height (px, matches styles.css): what makes windowing a division. */
const ROW_HEIGHT = 24;

const plural = (n: number, what: string): string => `${n} ${what}${n === 1 ? '' : 's'}`;

function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  URL.revokeObjectURL(url);
}

interface ReportTableProps {
  entry: ReportEntry;
  report: MeasurementReport;
  actions: ReportPanelActions;
  missing: string[][];
}

function ReportTable({ entry, report, actions, missing }: ReportTableProps) {
  const groups = report.measurementGroups;
  const [open, setOpen] = useState<Set<number>>(new Set());
  const [filter, setFilter] = useState('');
  const [sort, setSort] = useState<SortState | null>(null);
  const [notes, setNotes] = useState<Record<number, string>>({});
  const texts = useMemo(() => searchTexts(groups), [groups]);
  const order = useMemo(() => orderGroups(groups, texts, filter, sort), [groups, texts, filter, sort]);
  const rows = useMemo(() => flattenRows(groups, order, open, notes, missing), [groups, order, open, notes, missing]);
  // Read by `npm run bench`: the table's first rows are in the DOM.
  useEffect(() => {
    performance.mark('sr:table', { detail: { sopInstanceUID: entry.sopInstanceUID, groups: groups.length } });
  }, [entry.sopInstanceUID, groups.length]);

  const allOpen = order.length > 0 && order.every((i) => open.has(i));
  const onGroup = (i: number): void => {
    setOpen((o) => {
      const n = new Set(o);
      if (n.has(i)) n.delete(i);
      else n.add(i);
      return n;
    });
    const m = actions.selectGroup(groups[i]);
    setNotes((n) => ({ ...n, [i]: m ?? '' }));
  };
  return (
    <>
      <div className="report-tools">
        <input type="search" placeholder="Filter groups" aria-label="Filter measurement groups" value={filter} onChange={(e) => setFilter(e.target.value)} />
        <button type="button" onClick={() => setOpen(allOpen ? new Set() : new Set(groups.map((_g, i) => i)))}>
          {allOpen ? 'Collapse all' : 'Expand all'}
        </button>
        <button type="button" onClick={() => download(`${entry.seriesLabel || 'report'}.csv`, reportCsv(order.map((i) => groups[i])))}>
          CSV
        </button>
      </div>
      {filter.trim() !== '' && (
        <div className="count" role="status">
          {order.length} of {groups.length} groups
        </div>
      )}
      <GroupRows label={entry.seriesLabel} groups={groups} rows={rows} sort={sort} onSort={(k) => setSort((s) => nextSort(s, k))} open={open} onGroup={onGroup} missing={missing} />
    </>
  );
}

interface GroupRowsProps {
  label: string;
  groups: MeasurementGroup[];
  rows: TableRow[];
  sort: SortState | null;
  onSort: (key: SortKey) => void;
  open: ReadonlySet<number>;
  onGroup: (i: number) => void;
  missing: string[][];
}

/**
 * The windowed table: re-renders on scroll, and only this does. Rows are ARIA table rows made of divs (one CSS
 * grid each) rather than <tr>: swapping the window's rows costs half the layout time of an HTML table.
 */
function GroupRows({ label, groups, rows, sort, onSort, open, onGroup, missing }: GroupRowsProps) {
  const { ref, win } = useVirtualRows<HTMLDivElement>(rows.length, ROW_HEIGHT);
  return (
    <div className="groups-scroll virtual-scroll" ref={ref}>
      <div className="groups" role="table" aria-label={`Measurement groups of ${label}`} aria-rowcount={rows.length + 1}>
        <div className="groups-head" role="rowgroup">
          <div className="grid-row" role="row" aria-rowindex={1}>
            {SORT_COLUMNS.map((c) => {
              const active = sort?.key === c.key ? sort.direction : undefined;
              return (
                <div key={c.key} role="columnheader" aria-sort={active ?? 'none'}>
                  <button type="button" className="sort" onClick={() => onSort(c.key)}>
                    {c.label}
                    <span className="sort-mark" aria-hidden="true">
                      {active === 'ascending' ? ' ▲' : active === 'descending' ? ' ▼' : ''}
                    </span>
                  </button>
                </div>
              );
            })}
          </div>
        </div>
        <div className="groups-body" role="rowgroup" style={{ paddingTop: win.before, paddingBottom: win.after }}>
          {rows.slice(win.start, win.end).map((row, k) => (
            <Row key={row.key} row={row} rowIndex={win.start + k + 2} group={groups[row.group]} open={open.has(row.group)} onGroup={onGroup} missing={missing[row.group] ?? []} />
          ))}
        </div>
      </div>
    </div>
  );
}

interface RowProps {
  row: TableRow;
  rowIndex: number;
  group: MeasurementGroup;
  open: boolean;
  onGroup: (i: number) => void;
  missing: string[];
}

function Row({ row, rowIndex, group, open, onGroup, missing }: RowProps) {
  switch (row.kind) {
    case 'group': {
      const finding = meaning(group.finding);
      const site = sites(group);
      return (
        <div className="grid-row group-row" role="row" data-group-index={row.group} aria-rowindex={rowIndex}>
          <div role="cell" className="group-cell">
            <button type="button" className="segment-name group-toggle" aria-expanded={open} onClick={() => onGroup(row.group)} title={group.trackingIdentifier ?? undefined}>
              <span aria-hidden="true">{open ? '▾' : '▸'}</span> {group.trackingIdentifier ?? '(none)'}
            </button>
            {missing.length > 0 && (
              <span className="ref-missing" role="img" aria-label="reference not found" title={`Reference not found:\n${missing.join('\n')}`}>
                ⚠
              </span>
            )}
          </div>
          <div role="cell" title={finding}>
            {finding}
          </div>
          <div role="cell" title={site}>
            {site}
          </div>
        </div>
      );
    }
    case 'note':
      return (
        <div className="grid-row group-note" role="row" aria-rowindex={rowIndex}>
          <div role="cell" className="span-all warn" title={row.text}>
            {row.text}
          </div>
        </div>
      );
    case 'missing':
      return (
        <div className="grid-row group-missing" role="row" aria-rowindex={rowIndex}>
          <div role="cell" className="span-all ref-note" title={row.text}>
            ⚠ Not found: {row.text}
          </div>
        </div>
      );
    case 'measurement': {
      const m = row.measurement;
      const name = `${meaning(m.concept)}${m.derivation ? ` (${meaning(m.derivation)})` : ''}`;
      const unit = m.unit ? ucumDisplay(m.unit) : '';
      return (
        <div className="grid-row measurement" role="row" aria-rowindex={rowIndex}>
          <div role="cell" className="span-all item-line" title={`${name}: ${formatValue(m.value)} ${unit}`.trim()}>
            <span className="item-name">{name}</span>
            <span className="num">{formatValue(m.value)}</span>
            <span className="unit">{unit}</span>
          </div>
        </div>
      );
    }
    case 'evaluation': {
      const e = row.evaluation;
      const value = typeof e.value === 'string' ? e.value : meaning(e.value);
      return (
        <div className="grid-row evaluation" role="row" aria-rowindex={rowIndex}>
          <div role="cell" className="span-all item-line" title={`${meaning(e.concept)}: ${value}`}>
            <span className="item-name">{meaning(e.concept)}</span>
            <span className="value">{value}</span>
          </div>
        </div>
      );
    }
  }
}

function ReportEntryView({ entry, actions, contents, extra }: { entry: ReportEntry; actions: ReportPanelActions; contents: StudyContents | null; extra?: (entry: ReportEntry) => ReactNode }) {
  const doc = entry.report;
  const mr = doc?.measurementReport ?? null;
  // Until every series' metadata is in, an absent object may still arrive: mark nothing rather than too much.
  const missing = useMemo(
    () => (mr && contents ? mr.measurementGroups.map((g) => missingReferences(g, contents).map((m) => m.text)) : []),
    [mr, contents],
  );
  const unresolved = missing.filter((m) => m.length > 0).length;
  const observer = mr?.observers.find((o) => o.observerType === 'PERSON');
  const meta = doc
    ? [
        entry.seriesLabel,
        observer && 'personObserverName' in observer ? observer.personObserverName : null,
        doc.contentDate ? formatDate(doc.contentDate) : null,
        doc.templateId ? `TID ${doc.templateId}` : null,
        mr ? plural(mr.measurementGroups.length, 'group') : doc.root ? plural(doc.itemCount, 'item') : null,
        unresolved ? `${unresolved} with references not found` : null,
      ]
    : [];
  return (
    <div className="seg-series" data-sr-key={entry.key} data-status={entry.status}>
      <div className="seg-series-label">{meaning(doc?.title) || entry.seriesLabel}</div>
      {doc && <div className="seg-meta muted">{meta.filter(Boolean).join(' · ')}</div>}
      {entry.status === 'loading' && (
        <span className="muted" role="status">
          <ObjectPhase sop={entry.key} />
        </span>
      )}
      {entry.message && (
        <div className={entry.status === 'error' ? 'warn' : 'muted'} role={entry.status === 'error' ? 'alert' : 'note'}>
          {entry.message}
        </div>
      )}
      {entry.status === 'ready' &&
        (mr ? (
          <ReportTable entry={entry} report={mr} actions={actions} missing={missing} />
        ) : doc?.root ? (
          <ContentTreeView root={doc.root} label={entry.seriesLabel} />
        ) : (
          <div className="muted">This SR has no content tree to show.</div>
        ))}
      {entry.status === 'ready' && mr && extra?.(entry)}
    </div>
  );
}

/** `extra`: what else to show under a measurement report (the cross-check of its segment measurements). */
export function ReportPanel({ entries, actions, contents, extra }: { entries: ReportEntry[]; actions: ReportPanelActions; contents: StudyContents | null; extra?: (entry: ReportEntry) => ReactNode }) {
  if (!entries.length) return null;
  return (
    <section className="seg-panel" aria-label="Measurement reports">
      <h2>Measurement reports</h2>
      {entries.map((e) => (
        <ReportEntryView key={e.key} entry={e} actions={actions} contents={contents} extra={extra} />
      ))}
    </section>
  );
}
