// The measurements drawn with the toolbar's tools: each with its values and units and its slice; a click shows its
// slice, × removes it; Remove all; Export CSV; Export SR (a DICOM TID 1500 report, useSrExport.ts). Every control is a labelled button, so the panel works by keyboard.
import { useState } from 'react';
import type { MeasurementsState } from './useMeasurements';
import { formatValue, measurementsCsv, type MeasurementRow } from './measurementCsv';
import { downloadText, fileName } from './download';

interface Props {
  m: MeasurementsState;
  /** a series' name as the series list shows it */
  seriesName: (seriesInstanceUID: string) => string;
  /** for the CSV's file name */
  studyName: string;
  /** writes and downloads the SR; resolves to what to tell the user */
  exportSr: () => Promise<string>;
}

const valueText = (v: { name: string; value: number; unit: string }): string => `${v.name} ${formatValue(v.value)}${v.unit ? ` ${v.unit}` : ''}`;

export function MeasurementsPanel({ m, seriesName, studyName, exportSr }: Props) {
  const [notice, setNotice] = useState('');
  const [writing, setWriting] = useState(false);
  if (!m.items.length) return null;
  const rows: MeasurementRow[] = m.items.map((x) => ({ tool: x.tool, series: seriesName(x.seriesInstanceUID), where: x.where, values: x.values }));
  const jump = (uid: string, i: number): void => {
    setNotice(m.jumpTo(uid) ? '' : `Measurement ${i + 1} is on a series not shown now; select its series to see it.`);
  };
  return (
    <section className="seg-panel measurements-panel" aria-label="Measurements">
      <h2>Measurements</h2>
      <ol className="measurement-list">
        {m.items.map((x, i) => {
          const summary = x.values.length ? x.values.map(valueText).join(' · ') : x.complete ? 'no value (outside the image?)' : 'measuring…';
          return (
            <li key={x.uid} data-measurement-uid={x.uid} data-tool={x.tool} data-complete={x.complete ? 'true' : undefined}>
              <button type="button" className="measurement-show" onClick={() => jump(x.uid, i)} aria-label={`Show measurement ${i + 1}: ${x.tool}, ${summary}, ${rows[i].where}`}>
                <span className="measurement-head">
                  {i + 1}. {x.tool} <span className="muted-inline">{rows[i].where}</span>
                </span>
                <span className="measurement-values" data-testid="measurement-values">
                  {x.values.map((v) => (
                    <span key={v.name} className="measurement-value" data-quantity={v.name}>
                      {valueText(v)}
                    </span>
                  ))}
                  {!x.values.length && summary}
                </span>
              </button>
              <button type="button" className="measurement-remove" aria-label={`Remove measurement ${i + 1}`} title="Remove" onClick={() => m.remove(x.uid)}>
                ×
              </button>
            </li>
          );
        })}
      </ol>
      {notice && (
        <p className="muted" role="status" data-testid="measurement-notice">
          {notice}
        </p>
      )}
      <div className="measurement-actions">
        <button type="button" onClick={() => downloadText(fileName(`${studyName || 'study'}-measurements`, 'csv'), measurementsCsv(rows), 'text/csv')}>
          Export CSV
        </button>
        <button
          type="button"
          disabled={writing}
          title="Save the measurements as a DICOM SR (TID 1500 Measurement Report) of this study"
          onClick={() => {
            setWriting(true);
            void exportSr()
              .then(setNotice)
              .finally(() => setWriting(false));
          }}
        >
          Export SR
        </button>
        <button type="button" onClick={m.removeAll}>
          Remove all
        </button>
      </div>
    </section>
  );
}
