// `npm run bench -- fuzz`: 10,000 mutated SEG, RTSTRUCT, SR and Parametric Map files through the decoders (the
// test runs 500 of the same kind), each in a worker thread with 5 s and 1 GB. Prints counts per outcome and per
// mutation kind, and how to reproduce every failure. FUZZ_SEED and FUZZ_COUNT change the run.
import { isFailure, reproduce, runCampaign, tally } from '../src/testing/fuzz/campaign';
import { MUTATION_KINDS } from '../src/testing/fuzz/mutate';
import type { Outcome } from '../src/testing/fuzz/target';

const OUTCOMES: Outcome[] = ['decoded', 'refused', 'unnamed-error', 'foreign-error', 'timeout', 'memory', 'crash'];

export async function runFuzzBench(): Promise<void> {
  const seed = Number(process.env.FUZZ_SEED ?? 0x5eed2000);
  const count = Number(process.env.FUZZ_COUNT ?? 10_000);
  console.log(`\n## Fuzz: ${count} mutated files, seed ${seed} (worker threads, 5 s and 1 GB each)\n`);
  const t0 = performance.now();
  let done = 0;
  const reports = await runCampaign({
    seed,
    count,
    onCase: (c) => {
      if (isFailure(c.outcome)) console.log(`FAIL ${reproduce(c).slice(0, 400)}`);
      if (++done % 1000 === 0) console.log(`  ${done} cases, ${((performance.now() - t0) / 1000).toFixed(0)} s`);
    },
  });
  const { outcomes, byKind } = tally(reports);
  const width = Math.max(...MUTATION_KINDS.map((k) => k.length));
  console.log(`\n${'mutation kind'.padEnd(width)}  ${OUTCOMES.map((o) => o.padStart(15)).join('')}`);
  for (const kind of MUTATION_KINDS) {
    const row = byKind[kind] ?? {};
    console.log(`${kind.padEnd(width)}  ${OUTCOMES.map((o) => String(row[o] ?? 0).padStart(15)).join('')}`);
  }
  console.log(`${'all'.padEnd(width)}  ${OUTCOMES.map((o) => String(outcomes[o] ?? 0).padStart(15)).join('')}`);
  const failed = reports.filter((r) => isFailure(r.outcome)).length;
  console.log(`\n${failed} failures in ${((performance.now() - t0) / 1000).toFixed(0)} s; slowest case ${Math.max(...reports.map((r) => r.ms)).toFixed(0)} ms`);
}
