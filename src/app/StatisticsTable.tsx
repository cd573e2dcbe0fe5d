// Statistics of every segment / ROI of one SEG or structure set on the shown series: size and place, and the
// image values inside. One button computes them all (in the worker); the table copies as TSV and downloads as
// CSV or JSON. DICOM text is rendered as text.
import { useState } from 'react';
import { ucumDisplay } from '../dicom/codes/ucum';
import type { StatisticsResult, StatisticsRow } from '../workers/qualityProtocol';
import type { AnnotationChoice } from './qualityClient';
import type { Job } from './useQuality';
import { copyText, downloadText, fileName } from './download';
import './quality.css';

const fixed = (v: number | null | undefined, d: number): string => (v === null || v === undefined || !Number.isFinite(v) ? '' : v.toFixed(d));
const triple = (v: readonly number[] | null | undefined, d = 1): string => (v ? v.map((x) => x.toFixed(d)).join(', ') : '');

const COLUMNS = ['Label', 'Voxels', 'Volume (mL)', 'Slices', 'Box min (mm)', 'Box max (mm)', 'Centroid (mm)', 'Mean', 'SD', 'Min', 'Max', 'Median', 'Unit', 'Note'];

function cells(r: StatisticsRow): string[] {
  const s = r.statistics;
  const v = s.values;
  return [
    r.label,
    String(s.voxels),
    fixed(s.volumeMl, 3),
    s.sliceRange ? (s.sliceRange[0] === s.sliceRange[1] ? `${s.sliceRange[0] + 1}` : `${s.sliceRange[0] + 1}–${s.sliceRange[1] + 1}`) : '',
    triple(s.boundingBoxMm?.min),
    triple(s.boundingBoxMm?.max),
    triple(s.centroidMm),
    fixed(v?.mean, 1),
    fixed(v?.standardDeviation, 1),
    fixed(v?.minimum, 1),
    fixed(v?.maximum, 1),
    fixed(v?.median, 1),
    v?.unit ? ucumDisplay(v.unit) : '',
    [s.valuesReason, ...r.problems].filter(Boolean).join('; '),
  ];
}

/** Tab-separated, one line per region: pastes into a spreadsheet. */
export function statisticsTsv(rows: readonly StatisticsRow[]): string {
  const clean = (c: string): string => c.replace(/[\t\r\n]+/g, ' ');
  return [COLUMNS, ...rows.map(cells)].map((r) => r.map(clean).join('\t')).join('\n') + '\n';
}

interface Props {
  choice: AnnotationChoice;
  job: Job<StatisticsResult> | undefined;
  onCompute: () => void;
  imagePhase: string | null;
  disabled?: boolean;
}

export function StatisticsBlock({ choice, job, onCompute, imagePhase, disabled }: Props) {
  const [copied, setCopied] = useState<string | null>(null);
  const result = job?.result;
  return (
    <div className="quality-stats" data-stats-key={choice.key} data-status={job?.status ?? 'none'}>
      <div className="quality-tools">
        <button type="button" onClick={onCompute} disabled={disabled || job?.status === 'running'} aria-label={`Statistics of every region of ${choice.name}`}>
          Statistics
        </button>
        {result && (
          <>
            <button
              type="button"
              onClick={() => void copyText(statisticsTsv(result.rows)).then((ok) => setCopied(ok ? 'copied' : 'the browser did not allow copying'))}
              aria-label={`Copy the statistics of ${choice.name} as tab-separated text`}
            >
              Copy
            </button>
            <button type="button" onClick={() => downloadText(fileName(`${choice.name}-statistics`, 'csv'), result.csv, 'text/csv')} aria-label={`Download the statistics of ${choice.name} as CSV`}>
              CSV
            </button>
            <button type="button" onClick={() => downloadText(fileName(`${choice.name}-statistics`, 'json'), result.json, 'application/json')} aria-label={`Download the statistics of ${choice.name} as JSON`}>
              JSON
            </button>
          </>
        )}
        {copied && (
          <span className="muted" role="status">
            {copied}
          </span>
        )}
      </div>
      {job?.status === 'running' && (
        <div className="muted" role="status">
          {imagePhase ?? job.phase ?? 'computing'}…
        </div>
      )}
      {job?.status === 'error' && (
        <div className="warn" role="alert">
          {job.message}
        </div>
      )}
      {result && (
        <>
          {result.imageNote && <div className="muted">Image values: {imagePhase ?? result.imageNote}.</div>}
          <div className="quality-scroll">
            <table className="quality-table" aria-label={`Statistics of ${choice.name}`}>
              <thead>
                <tr>
                  {COLUMNS.map((c) => (
                    <th key={c} scope="col">
                      {c}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {result.rows.map((r) => (
                  <tr key={r.number} data-region-number={r.number} data-voxels={r.statistics.voxels} data-mean={r.statistics.values?.mean ?? ''}>
                    {cells(r).map((c, i) => (
                      <td key={COLUMNS[i]} className={i > 0 && i < 12 ? 'num' : undefined}>
                        {c}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </div>
  );
}
