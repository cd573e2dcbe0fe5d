// 500 mutated SEG, RTSTRUCT, SR and Parametric Map files (fixed seed: the same cases every run) through the
// decoders, each in a worker thread with 5 s and 1 GB: every one must decode or be refused with our error
// naming the object. `npm run bench -- fuzz` runs 10,000 with counts per outcome and mutation kind.
import { describe, expect, it } from 'vitest';
import { isFailure, reproduce, runCampaign, tally } from './campaign';
import { MUTATION_KINDS } from './mutate';

export const FUZZ_SEED = 0x5eed1500;

describe('hostile files', () => {
  it('500 mutations: each decodes or is refused with a DicomReadError naming the object, in 5 s and 1 GB', async () => {
    const reports = await runCampaign({ seed: FUZZ_SEED, count: 500 });
    const failures = reports.filter((r) => isFailure(r.outcome)).map(reproduce);
    expect(failures, `reproduce with runCampaign({ seed, count }) and fuzzCase(corpus, seed, case)`).toEqual([]);
    const { byKind, outcomes } = tally(reports);
    // The run must exercise every kind of mutation and both acceptable endings, or it guards less than it says.
    expect(Object.keys(byKind).sort()).toEqual([...MUTATION_KINDS].sort());
    expect(outcomes.decoded).toBeGreaterThan(50);
    expect(outcomes.refused).toBeGreaterThan(50);
  }, 120_000);
});
