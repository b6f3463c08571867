// A seed sweep: the same scenario under many seeds, tallied per expectation. One seed that breaks
// an expectation is a reproducible counterexample; the tally says how rare it is.

import { FIRST_SEEDS, type SweepSummary } from '../core/sweep/summary.ts';

/** Breaking seeds kept per expectation: core/sweep's choice, so the editor and the CLI agree. */
export const KEPT_BREAKING_SEEDS = FIRST_SEEDS;

export type ExpectationTally = {
  text: string;
  line: number;
  held: number;
  broke: number;
  undecided: number;
  /** The first breaking seeds, lowest first. */
  breakingSeeds: number[];
  /**
   * One seed on which this expectation stayed undecided, with the run's own reason (the worker
   * runs that seed again to read it; outcomes keep only a letter per expectation).
   */
  undecidedExample?: { seed: number; reason: string };
};

/** A seed that broke at least one expectation, as the sweep view lists it. */
export type FailingSeed = {
  seed: number;
  /** One letter per expectation, in declaration order (h held, b broke, u undecided): what a replay must reproduce. */
  verdicts: string;
  failures: Array<{ expectation: string; line: number; summary: string }>;
  /** The faults this seed drew, as .fault lines (core/sweep keeps at most FAULT_LINES, then "… N more"). */
  faults: string[];
};

export type SweepResult = {
  scenario: string;
  firstSeed: number;
  runs: number;
  /** Runs that stopped on the event budget before `run for` ended. */
  stoppedByBudget: number;
  expectations: ExpectationTally[];
  /** Seeds that broke at least one expectation (all of them; `failing` lists the first few). */
  failingSeeds: number;
  /** The first KEPT_BREAKING_SEEDS failing seeds, lowest first. */
  failing: FailingSeed[];
};

/** The editor's view of core/sweep's summary (the CLI prints the same summary its own way). */
export function sweepResultOf(summary: SweepSummary, firstSeed: number): SweepResult {
  return {
    scenario: summary.scenario,
    firstSeed,
    runs: summary.seeds,
    stoppedByBudget: summary.distribution.stoppedByBudget,
    expectations: summary.expectations.map(({ firstFailingSeeds, ...tally }) => ({ ...tally, breakingSeeds: firstFailingSeeds })),
    failingSeeds: summary.failingSeeds,
    failing: failingSeedsOf(summary),
  };
}

/** The first failing seeds with what broke and the faults each drew: core/sweep kept both per outcome. */
function failingSeedsOf(summary: SweepSummary): FailingSeed[] {
  const failing: FailingSeed[] = [];
  for (const outcome of summary.outcomes) {
    if (failing.length >= KEPT_BREAKING_SEEDS) break;
    if (outcome.failures.length === 0) continue;
    failing.push({
      seed: outcome.seed,
      verdicts: outcome.verdicts,
      failures: outcome.failures.map(({ expectation, line, summary: said }) => ({ expectation, line, summary: said })),
      faults: outcome.faults ?? [],
    });
  }
  return failing;
}

/** Plain-text lines for the output channel: one per expectation, then how to replay a failure. */
export function describeSweep(result: SweepResult): string[] {
  const last = result.firstSeed + result.runs - 1;
  const lines = [`Seed sweep of "${result.scenario}": seeds ${result.firstSeed}..${last} (${result.runs} runs)`];
  if (result.expectations.length === 0) lines.push('  the scenario has no expect block, so there is nothing to tally');
  for (const tally of result.expectations) {
    const verdict = tally.broke > 0 ? 'BROKE' : tally.undecided === result.runs ? 'undecided' : 'held';
    const seeds = tally.breakingSeeds.length === 0 ? '' : `; breaking seeds: ${tally.breakingSeeds.join(', ')}${tally.broke > tally.breakingSeeds.length ? ', …' : ''}`;
    lines.push(`  line ${tally.line} ${tally.text}: ${verdict} — held ${tally.held}, broke ${tally.broke}, undecided ${tally.undecided}${seeds}`);
  }
  if (result.stoppedByBudget > 0) lines.push(`  ${result.stoppedByBudget} run(s) hit the event budget (setting faultline.maxEvents) or the memory budget before the end`);
  return lines;
}
