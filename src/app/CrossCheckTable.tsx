// An SR's reported segment measurements next to the values recomputed from the SEG and the images (in the
// worker): per measurement group, flagged where they differ by more than 1% (volume) or 1 unit (image values);
// what cannot be checked says why.
import type { CrossCheckRow } from '../workers/qualityProtocol';
import { ucumDisplay } from '../dicom/codes/ucum';
import type { Job } from './useQuality';
import './quality.css';

const QUANTITY: Record<string, string> = { volume: 'volume', mean: 'mean', standardDeviation: 'SD', minimum: 'minimum', maximum: 'maximum', median: 'median' };

function num(v: number | null): string {
  if (v === null || !Number.isFinite(v)) return '—';
  return Math.abs(v) >= 100 ? v.toFixed(1) : v.toPrecision(4);
}

export function CrossCheckBlock({ label, job, onRun, imagePhase }: { label: string; job: Job<CrossCheckRow[]> | undefined; onRun: () => void; imagePhase: string | null }) {
  const rows = job?.result ?? [];
  const flagged = rows.filter((r) => r.flagged).length;
  const checked = rows.filter((r) => r.recomputed !== null).length;
  return (
    <div className="quality-stats" data-crosscheck-status={job?.status ?? 'none'}>
      <div className="quality-tools">
        <button type="button" onClick={onRun} disabled={job?.status === 'running'} aria-label={`Recompute the segment measurements of ${label}`}>
          Check against SEG
        </button>
        {job?.status === 'ready' && (
          <span className="muted" role="status">
            {checked} of {rows.length} checked{flagged ? `, ${flagged} differ` : ''}
          </span>
        )}
      </div>
      {job?.status === 'running' && (
        <div className="muted" role="status">
          {imagePhase ?? job.phase ?? 'recomputing'}…
        </div>
      )}
      {job?.status === 'error' && (
        <div className="warn" role="alert">
          {job.message}
        </div>
      )}
      {job?.status === 'ready' && rows.length > 0 && (
        <div className="quality-scroll">
          <table className="quality-table" aria-label={`Reported and recomputed measurements of ${label}`}>
            <thead>
              <tr>
                <th scope="col">Group</th>
                <th scope="col">Measurement</th>
                <th scope="col">Reported</th>
                <th scope="col">Recomputed</th>
                <th scope="col">Difference</th>
                <th scope="col">Unit</th>
                <th scope="col">Check</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r, i) => (
                <tr key={i} className={r.flagged ? 'flagged' : undefined} data-group={r.trackingIdentifier ?? ''} data-quantity={r.quantity ?? ''} data-flagged={r.flagged ? 'true' : 'false'}>
                  <td>{r.trackingIdentifier ?? '(none)'}</td>
                  <td>{r.quantity ? QUANTITY[r.quantity] : (r.concept?.meaning ?? '?')}</td>
                  <td className="num">{num(r.reported)}</td>
                  <td className="num">{num(r.recomputed)}</td>
                  <td className="num">{num(r.difference)}</td>
                  <td>{r.unit ? ucumDisplay(r.unit) : ''}</td>
                  <td className="note">{r.reason ? `not checked: ${r.reason}` : r.flagged ? `⚠ differs by more than ${r.tolerance}` : `agrees within ${r.tolerance}`}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
