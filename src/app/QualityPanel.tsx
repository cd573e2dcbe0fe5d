// The Compare panel: two loaded annotations of the shown series (SEG or RTSTRUCT), their regions paired (by
// label, then type; re-pair per row), the agreement metrics per pair (sortable, worst Dice first) with a
// per-slice Dice strip; a click on a pair jumps to its slice of largest disagreement and draws the agreement
// overlay. Pairs that cannot be compared say why. DICOM text is rendered as text.
import { useMemo, useState } from 'react';
import type { MaskComparison, PairResult, RegionPair } from '../workers/qualityProtocol';
import { AGREEMENT_CLASSES } from '../viewer/agreementLayer';
import type { AnnotationChoice } from './qualityClient';
import type { AgreementState, Quality } from './useQuality';
import { downloadBlob, downloadText, fileName } from './download';
import { viewportScreenshot } from '../viewer/screenshot';
import './quality.css';

type MetricKey = 'dice' | 'jaccard' | 'referenceVolumeMl' | 'testVolumeMl' | 'volumeDifferencePercent' | 'hausdorffMm' | 'hausdorff95Mm' | 'meanSurfaceDistanceMm';

/** Columns, their decimals and which direction is worse (shown first on the first click). */
const METRICS: Array<{ key: MetricKey; label: string; title: string; digits: number; worse: 'low' | 'high' }> = [
  { key: 'dice', label: 'Dice', title: 'Dice = 2|A∩B| / (|A| + |B|)', digits: 4, worse: 'low' },
  { key: 'jaccard', label: 'Jaccard', title: 'Jaccard = |A∩B| / |A∪B|', digits: 4, worse: 'low' },
  { key: 'referenceVolumeMl', label: 'Ref mL', title: 'Reference volume (mL)', digits: 3, worse: 'high' },
  { key: 'testVolumeMl', label: 'Test mL', title: 'Test volume (mL)', digits: 3, worse: 'high' },
  { key: 'volumeDifferencePercent', label: 'ΔVol %', title: 'Volume difference, (test - reference) / reference (%)', digits: 2, worse: 'high' },
  { key: 'hausdorffMm', label: 'HD mm', title: 'Hausdorff distance (mm)', digits: 2, worse: 'high' },
  { key: 'hausdorff95Mm', label: 'HD95 mm', title: '95th percentile Hausdorff distance (mm)', digits: 2, worse: 'high' },
  { key: 'meanSurfaceDistanceMm', label: 'MSD mm', title: 'Mean surface distance (mm)', digits: 2, worse: 'high' },
];

interface Sort {
  key: MetricKey;
  direction: 'ascending' | 'descending';
}

const choiceId = (c: AnnotationChoice): string => `${c.kind}:${c.key}`;

function metricValue(p: PairResult, key: MetricKey): number | null {
  const v = p.metrics?.[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** Row order: by the metric, values before missing ones; volume difference by its size. */
export function sortPairs(pairs: readonly PairResult[], sort: Sort): number[] {
  const order = pairs.map((_p, i) => i);
  const sign = sort.direction === 'ascending' ? 1 : -1;
  const val = (i: number): number | null => {
    const v = metricValue(pairs[i], sort.key);
    return v !== null && sort.key === 'volumeDifferencePercent' ? Math.abs(v) : v;
  };
  return order.sort((a, b) => {
    const va = val(a);
    const vb = val(b);
    if (va === null || vb === null) return va === null ? (vb === null ? a - b : 1) : -1;
    return (va - vb) * sign || a - b;
  });
}

function DiceStrip({ m, label }: { m: MaskComparison; label: string }) {
  const W = 120;
  const H = 18;
  const idx = m.sliceDice.flatMap((d, k) => (d === null ? [] : [k]));
  if (!idx.length) return null;
  const first = idx[0];
  const n = idx[idx.length - 1] - first + 1;
  const w = W / n;
  const worst = m.worstSlice;
  return (
    <svg width={W} height={H} className="dice-strip" role="img" aria-label={`Dice per slice of ${label}, slices ${first + 1} to ${first + n}${worst !== null ? `; most disagreement on slice ${worst + 1}` : ''}`}>
      <rect x={0} y={0} width={W} height={H} fill="#222" />
      {/* One path for all the bars: a rect per slice made 30,000 SVG elements for 104 pairs of 300 slices. */}
      <path
        fill="#56b4e9"
        d={idx
          .map((k) => {
            const h = Math.max(1, (m.sliceDice[k] ?? 0) * (H - 2));
            return `M${((k - first) * w).toFixed(2)} ${(H - h).toFixed(2)}h${Math.max(w, 1).toFixed(2)}v${h.toFixed(2)}h-${Math.max(w, 1).toFixed(2)}z`;
          })
          .join('')}
      />
      {worst !== null && <rect x={(worst - first) * w} y={0} width={Math.max(w, 1.5)} height={H} fill="#d55e00" opacity={0.9} />}
    </svg>
  );
}

function AnnotationSelect({ text, label, choices, value, onChange }: { text: string; label: string; choices: readonly AnnotationChoice[]; value: AnnotationChoice | null | undefined; onChange: (id: string) => void }) {
  return (
    <label>
      {text}{' '}
      <select aria-label={label} value={value ? choiceId(value) : ''} onChange={(e) => onChange(e.target.value)}>
        {choices.map((c) => (
          <option key={choiceId(c)} value={choiceId(c)}>
            {c.kind}: {c.name}
          </option>
        ))}
      </select>
    </label>
  );
}

/**
 * The test region of a pair, and a way to pair it with another. The choice list is made only for the row being
 * changed: a list of every test region on every row was 10,000 <option>s for 104 pairs, a 150 ms render.
 */
function RepairCell({ label, test, regions, onChange }: { label: string; test: PairResult['test']; regions: readonly { number: number; label: string }[]; onChange: (n: number) => void }) {
  const [open, setOpen] = useState(false);
  if (!open) {
    return (
      <button type="button" className="repair" onClick={() => setOpen(true)} aria-label={`Test region paired with ${label}: ${test?.label ?? 'none'}. Change`}>
        {test?.label ?? '(none)'}
      </button>
    );
  }
  return (
    <select
      aria-label={`Test region paired with ${label}`}
      autoFocus
      value={test ? String(test.number) : ''}
      onBlur={() => setOpen(false)}
      onChange={(e) => {
        setOpen(false);
        onChange(e.target.value === '' ? NaN : Number(e.target.value));
      }}
    >
      <option value="">(none)</option>
      {regions.map((t) => (
        <option key={t.number} value={String(t.number)}>
          {t.label}
        </option>
      ))}
    </select>
  );
}

function fmt(v: number | null, digits: number): string {
  return v === null ? '—' : v.toFixed(digits);
}

export function QualityPanel({ quality }: { quality: Quality }) {
  const { choices, comparison, agreement } = quality;
  const [refId, setRefId] = useState<string>('');
  const [testId, setTestId] = useState<string>('');
  const [sort, setSort] = useState<Sort>({ key: 'dice', direction: 'ascending' });
  const reference = choices.find((c) => choiceId(c) === refId) ?? choices[0];
  const test = choices.find((c) => choiceId(c) === testId) ?? choices.find((c) => c !== reference);
  const result = comparison?.status === 'ready' ? comparison.result : undefined;
  const order = useMemo(() => (result ? sortPairs(result.pairs, sort) : []), [result, sort]);
  if (!quality.available || !choices.length) return null;

  const onSort = (key: MetricKey): void => {
    const worse = METRICS.find((m) => m.key === key)?.worse === 'low' ? 'ascending' : 'descending';
    setSort((s) => (s.key === key ? { key, direction: s.direction === 'ascending' ? 'descending' : 'ascending' } : { key, direction: worse }));
  };
  /** Re-pair: the pairs as listed, with row `index` now paired with test region `testNumber` (NaN: none). */
  const repair = (index: number, testNumber: number): void => {
    if (!comparison || !result) return;
    const pairs: RegionPair[] = [];
    result.pairs.forEach((p, i) => {
      const t = i === index ? (Number.isNaN(testNumber) ? null : testNumber) : (p.test?.number ?? null);
      if (p.reference && t !== null) pairs.push({ reference: p.reference.number, test: t });
    });
    quality.compare(comparison.reference, comparison.test, pairs);
  };
  const base = comparison ? `${comparison.reference.name}-vs-${comparison.test.name}` : 'comparison';

  return (
    <section className="seg-panel quality-panel" aria-label="Compare annotations">
      <h2>Compare</h2>
      {choices.length < 2 ? (
        <p className="muted">Comparing needs two loaded annotations (SEG or RTSTRUCT) of this series.</p>
      ) : (
        <div className="quality-pick">
          <AnnotationSelect text="Reference" label="Reference annotation" choices={choices} value={reference} onChange={setRefId} />
          <AnnotationSelect text="Test" label="Test annotation" choices={choices} value={test} onChange={setTestId} />
          <button type="button" disabled={!reference || !test || comparison?.status === 'running'} onClick={() => reference && test && quality.compare(reference, test)}>
            Compare
          </button>
        </div>
      )}
      {comparison?.status === 'running' && (
        <div className="muted" role="status">
          {comparison.phase ?? 'comparing'}…
        </div>
      )}
      {comparison?.status === 'error' && (
        <div className="warn" role="alert">
          {comparison.message}
        </div>
      )}
      {comparison && result && (
        <div className="quality-result" data-testid="comparison">
          <div className="muted">
            {comparison.reference.name} (reference) vs {comparison.test.name} (test), on the shown series' grid
          </div>
          {result.problems.map((p) => (
            <div key={p} className="muted" role="note">
              {p}
            </div>
          ))}
          <div className="quality-tools">
            <button type="button" onClick={() => downloadText(fileName(base, 'csv'), result.csv, 'text/csv')} aria-label="Download the comparison as CSV">
              CSV
            </button>
            <button type="button" onClick={() => downloadText(fileName(base, 'json'), result.json, 'application/json')} aria-label="Download the comparison as JSON">
              JSON
            </button>
            {comparison.pairs && (
              <button type="button" onClick={() => quality.compare(comparison.reference, comparison.test)}>
                Pair automatically
              </button>
            )}
          </div>
          <div className="quality-scroll">
            <table className="quality-table pair-table" aria-label="Pairs of regions and their agreement">
              <thead>
                <tr>
                  <th scope="col">Reference</th>
                  <th scope="col">Test</th>
                  {METRICS.map((m) => (
                    <th key={m.key} scope="col" aria-sort={sort.key === m.key ? sort.direction : 'none'}>
                      <button type="button" className="sort" title={m.title} onClick={() => onSort(m.key)}>
                        {m.label}
                        <span aria-hidden="true">{sort.key === m.key ? (sort.direction === 'ascending' ? ' ▲' : ' ▼') : ''}</span>
                      </button>
                    </th>
                  ))}
                  <th scope="col">Dice per slice</th>
                  <th scope="col">Note</th>
                </tr>
              </thead>
              <tbody>
                {order.map((i) => {
                  const p = result.pairs[i];
                  const m = p.metrics;
                  const name = `${p.reference?.label ?? '—'} vs ${p.test?.label ?? '—'}`;
                  const shown = agreement?.pair === i;
                  return (
                    <tr
                      key={`${i}-${p.reference?.number ?? 'x'}-${p.test?.number ?? 'x'}`}
                      className={shown ? 'active' : undefined}
                      data-pair-index={i}
                      data-reference={p.reference?.label ?? ''}
                      data-test={p.test?.label ?? ''}
                      {...Object.fromEntries(METRICS.map((x) => [`data-${x.key.toLowerCase()}`, String(metricValue(p, x.key) ?? '')]))}
                      data-worst-slice={m?.worstSlice ?? ''}
                    >
                      <td>
                        {p.reference && p.test ? (
                          <button type="button" className="segment-name" onClick={() => quality.showPair(i)} aria-label={`Show ${name}: agreement overlay, slice of largest disagreement`} title={m?.worstSlice !== null && m?.worstSlice !== undefined ? `Jump to slice ${m.worstSlice + 1}` : undefined}>
                            {p.reference.label}
                          </button>
                        ) : (
                          (p.reference?.label ?? '—')
                        )}
                      </td>
                      <td>
                        {p.reference ? (
                          <RepairCell label={p.reference.label} test={p.test} regions={result.testRegions} onChange={(n) => repair(i, n)} />
                        ) : (
                          (p.test?.label ?? '—')
                        )}
                        {p.matchedBy && p.matchedBy !== 'label' && <span className="muted"> ({p.matchedBy === 'type' ? 'by type' : 'chosen'})</span>}
                      </td>
                      {METRICS.map((x) => (
                        <td key={x.key} className="num">
                          {fmt(metricValue(p, x.key), x.digits)}
                        </td>
                      ))}
                      <td>{m && <DiceStrip m={m} label={name} />}</td>
                      <td className="note">{p.reason ?? ''}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          {agreement?.status === 'error' && (
            <div className="warn" role="alert">
              Agreement overlay: {agreement.message}
            </div>
          )}
        </div>
      )}
    </section>
  );
}

/** The agreement overlay's colours, next to the viewport while it is drawn; a checkbox hides it. */
export function AgreementLegend({ agreement, label, onVisible, viewportIds }: { agreement: (AgreementState & { visible: boolean }) | null; label: string; onVisible: (v: boolean) => void; viewportIds: string[] }) {
  if (!agreement || agreement.status === 'error') return null;
  const save = (): void => {
    const legend = {
      title: label,
      items: AGREEMENT_CLASSES.map((c, i) => ({ colour: c.colour, text: `${c.name}${agreement.counts ? `: ${agreement.counts[i]} voxels` : ''}` })),
    };
    // The first viewport of the layout (the stack, or MPR's axial view), with the legend drawn in.
    const id = viewportIds[0];
    if (!id) return;
    viewportScreenshot(id, legend).then(
      (blob) => downloadBlob(fileName(`agreement ${label}`, 'png'), blob),
      (e: Error) => window.alert(`The screenshot could not be made: ${e.message}`),
    );
  };
  return (
    <div className="agreement-legend" role="group" aria-label="Agreement overlay legend" data-testid="agreement-legend">
      <label>
        <input type="checkbox" checked={agreement.visible} onChange={(e) => onVisible(e.target.checked)} disabled={agreement.status !== 'ready'} /> {label}
        {agreement.status === 'running' && <span role="status"> (computing…)</span>}
      </label>
      <button type="button" className="screenshot" onClick={save} disabled={agreement.status !== 'ready'} aria-label="Save the viewport with this legend as a PNG">
        Screenshot
      </button>
      <ul>
        {AGREEMENT_CLASSES.map((c, i) => (
          <li key={c.value}>
            <span className="swatch" style={{ background: `rgb(${c.colour[0]}, ${c.colour[1]}, ${c.colour[2]})` }} aria-hidden="true" />
            {c.name}
            {agreement.counts ? <span className="muted"> {agreement.counts[i]} voxels</span> : null}
          </li>
        ))}
      </ul>
    </div>
  );
}
