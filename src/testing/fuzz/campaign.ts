// A fuzz run: `count` cases of (seed, index) over the corpus, spread over a pool of worker threads; what the
// test and `npm run bench -- fuzz` both call.
import { fuzzCorpus, type CorpusFile } from './corpus';
import { fuzzCase, type MutationKind } from './mutate';
import { DEFAULT_LIMITS, FuzzPool, type Limits, type Result } from './runner';
import { FAILURES, type Outcome } from './target';

export interface CaseReport extends Result {
  index: number;
  seed: number;
  file: string;
  kind: MutationKind;
  description: string;
}

export interface CampaignOptions {
  seed: number;
  count: number;
  /** worker threads */
  lanes?: number;
  limits?: Limits;
  corpus?: CorpusFile[];
  /** called after each case (progress) */
  onCase?: (c: CaseReport) => void;
}

export async function runCampaign(opts: CampaignOptions): Promise<CaseReport[]> {
  const corpus = opts.corpus ?? fuzzCorpus();
  const inputs = corpus.map((f) => f.bytes);
  const pool = new FuzzPool(opts.lanes ?? 2, opts.limits ?? DEFAULT_LIMITS);
  const reports: CaseReport[] = [];
  let next = 0;
  try {
    await Promise.all(
      Array.from({ length: pool.size }, async (_, lane) => {
        while (next < opts.count) {
          const index = next++;
          const m = fuzzCase(inputs, opts.seed, index);
          const file = corpus[m.input].name;
          const r = await pool.run(lane, file.split('/').pop() ?? file, m.bytes);
          const report: CaseReport = { ...r, index, seed: opts.seed, file, kind: m.kind, description: m.description };
          reports.push(report);
          opts.onCase?.(report);
        }
      }),
    );
  } finally {
    await pool.close();
  }
  return reports.sort((a, b) => a.index - b.index);
}

export function isFailure(o: Outcome): boolean {
  return FAILURES.includes(o);
}

/** Counts per outcome, and per mutation kind x outcome. */
export function tally(reports: CaseReport[]): { outcomes: Record<string, number>; byKind: Record<string, Record<string, number>> } {
  const outcomes: Record<string, number> = {};
  const byKind: Record<string, Record<string, number>> = {};
  for (const r of reports) {
    outcomes[r.outcome] = (outcomes[r.outcome] ?? 0) + 1;
    const k = (byKind[r.kind] ??= {});
    k[r.outcome] = (k[r.outcome] ?? 0) + 1;
  }
  return { outcomes, byKind };
}

/** How to reproduce one case, for a failing test's message. */
export function reproduce(r: CaseReport): string {
  return `seed ${r.seed} case ${r.index}: ${r.file}, ${r.kind} (${r.description}) -> ${r.outcome}: ${r.message ?? ''}`;
}
