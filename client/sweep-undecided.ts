// Why an expectation stayed undecided in a sweep. A sweep keeps one letter per expectation per
// seed ('u'), not the sentence that says why; the sweep view explains "undecided" with a real
// reason, so the run worker runs one such seed again per expectation and reads its verdict.

import { gradedRun } from '../core/sweep/run-seed.ts';
import type { SweepSummary } from '../core/sweep/index.ts';
import type { SimConfig } from '../core/types/sim-config.ts';

/** Expectations explained at most: one extra run each, so the cost is bounded whatever the scenario declares. */
export const MAX_UNDECIDED_EXAMPLES = 8;

export type UndecidedExample = { seed: number; reason: string };

/**
 * For each expectation undecided on some seed (the first MAX_UNDECIDED_EXAMPLES of them), the
 * lowest such seed and the run's own sentence. Seeds are deterministic, so the re-run gives the
 * verdict the sweep saw. A seed that explains several expectations is run once.
 */
export function undecidedExamples(config: SimConfig, summary: SweepSummary, maxEvents?: number): Array<UndecidedExample | undefined> {
  const wanted = new Map<number, number[]>();
  let explained = 0;
  for (let i = 0; i < summary.expectations.length && explained < MAX_UNDECIDED_EXAMPLES; i++) {
    if (summary.expectations[i]!.undecided === 0) continue;
    const outcome = summary.outcomes.find((o) => o.verdicts[i] === 'u');
    if (outcome === undefined) continue;
    wanted.set(outcome.seed, [...(wanted.get(outcome.seed) ?? []), i]);
    explained++;
  }
  const examples: Array<UndecidedExample | undefined> = summary.expectations.map(() => undefined);
  for (const [seed, indices] of wanted) {
    const { report } = gradedRun({ ...config, seed }, maxEvents === undefined ? {} : { maxEvents });
    for (const i of indices) {
      const verdict = report.expectations[i];
      if (verdict !== undefined && verdict.holds === null) examples[i] = { seed, reason: verdict.summary };
    }
  }
  return examples;
}
