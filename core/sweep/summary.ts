// A sweep's summary, built from per-seed outcomes alone. Because it is recomputed from the
// outcomes, shards run on different machines merge exactly: concatenate their outcomes and
// summarise again (`faultline sweep --merge a.json b.json`).

import type { Micros } from '../types/sim-config.ts';
import type { SeedFailure, SeedOutcome } from './run-seed.ts';

export const SWEEP_FORMAT = 'faultline.sweep/1';
/** Failures listed one by one in a summary; the tallies count all of them. */
export const LISTED_FAILURES = 1000;
/** Breaking seeds kept per expectation in the tallies. */
export const FIRST_SEEDS = 20;

export type ExpectationTally = { text: string; line: number; held: number; broke: number; undecided: number; firstFailingSeeds: number[] };
export type Spread = { count: number; p50: number; p90: number; max: number } | null;

export type SweepSummary = {
  format: typeof SWEEP_FORMAT;
  scenario: string;
  seeds: number;
  /** Seed ranges covered, merged where contiguous. */
  ranges: Array<{ from: number; to: number }>;
  failures: Array<SeedFailure & { seed: number }>;
  /** How many failures were left out of `failures` (the tallies still count them). */
  failuresNotListed: number;
  failingSeeds: number;
  expectations: ExpectationTally[];
  distribution: {
    newLeaderUs: Spread;
    /** Over graded seeds only (null when no expectation needed grading). */
    lostWrites: Spread;
    opsOk: Spread;
    opsInfo: Spread;
    opsFail: Spread;
    events: Spread;
    stoppedByBudget: number;
  };
  /** Host-measured; 0 inside core. */
  wallMs: number;
  outcomes: SeedOutcome[];
};

export type ExpectationHeader = { text: string; line: number };

function spread(values: number[]): Spread {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const at = (fraction: number) => sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))]!;
  return { count: sorted.length, p50: at(0.5), p90: at(0.9), max: sorted[sorted.length - 1]! };
}

function rangesOf(seeds: number[]): Array<{ from: number; to: number }> {
  const sorted = [...new Set(seeds)].sort((a, b) => a - b);
  const ranges: Array<{ from: number; to: number }> = [];
  for (const seed of sorted) {
    const last = ranges[ranges.length - 1];
    if (last !== undefined && last.to + 1 === seed) last.to = seed;
    else ranges.push({ from: seed, to: seed });
  }
  return ranges;
}

/** Outcomes in any order (workers finish out of order); the summary sorts them by seed. */
export function summarize(scenario: string, expectations: readonly ExpectationHeader[], outcomes: readonly SeedOutcome[], wallMs = 0): SweepSummary {
  const sorted = [...outcomes].sort((a, b) => a.seed - b.seed);
  const tallies: ExpectationTally[] = expectations.map((e) => ({ text: e.text, line: e.line, held: 0, broke: 0, undecided: 0, firstFailingSeeds: [] }));
  const failures: SweepSummary['failures'] = [];
  let failuresNotListed = 0;
  let failingSeeds = 0;
  const newLeader: Micros[] = [];
  for (const outcome of sorted) {
    for (let i = 0; i < tallies.length; i++) {
      const tally = tallies[i]!;
      const verdict = outcome.verdicts[i];
      if (verdict === 'h') tally.held++;
      else if (verdict === 'b') {
        tally.broke++;
        if (tally.firstFailingSeeds.length < FIRST_SEEDS) tally.firstFailingSeeds.push(outcome.seed);
      } else tally.undecided++;
    }
    if (outcome.failures.length > 0) failingSeeds++;
    for (const failure of outcome.failures) {
      if (failures.length < LISTED_FAILURES) failures.push({ seed: outcome.seed, ...failure });
      else failuresNotListed++;
    }
    if (outcome.newLeaderUs !== null) newLeader.push(outcome.newLeaderUs);
  }
  return {
    format: SWEEP_FORMAT,
    scenario,
    seeds: sorted.length,
    ranges: rangesOf(sorted.map((o) => o.seed)),
    failures,
    failuresNotListed,
    failingSeeds,
    expectations: tallies,
    distribution: {
      newLeaderUs: spread(newLeader),
      lostWrites: spread(sorted.flatMap((o) => (o.lostWrites === null || o.lostWrites === undefined ? [] : [o.lostWrites]))),
      opsOk: spread(sorted.map((o) => o.ops.ok)),
      opsInfo: spread(sorted.map((o) => o.ops.info)),
      opsFail: spread(sorted.map((o) => o.ops.fail)),
      events: spread(sorted.map((o) => o.events)),
      stoppedByBudget: sorted.filter((o) => o.stoppedBy !== 'end').length,
    },
    wallMs,
    outcomes: sorted,
  };
}

/** Merges shard summaries of one scenario; a seed present twice is counted once. */
export function mergeSummaries(summaries: readonly SweepSummary[]): SweepSummary | string {
  const first = summaries[0];
  if (first === undefined) return 'nothing to merge';
  for (const summary of summaries) {
    if (summary.format !== SWEEP_FORMAT || !Array.isArray(summary.outcomes)) return `not a ${SWEEP_FORMAT} summary`;
    if (summary.scenario !== first.scenario) return `the summaries are of different scenarios: "${first.scenario}" and "${summary.scenario}"`;
  }
  const bySeed = new Map<number, SeedOutcome>();
  for (const summary of summaries) for (const outcome of summary.outcomes) bySeed.set(outcome.seed, outcome);
  // reduce, not Math.max(...): a merge may take more summaries than a call takes arguments.
  const wallMs = summaries.reduce((most, s) => Math.max(most, s.wallMs), -Infinity);
  return summarize(first.scenario, first.expectations, [...bySeed.values()], wallMs);
}
