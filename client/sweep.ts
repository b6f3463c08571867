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
};

export type SweepResult = {
  scenario: string;
  firstSeed: number;
  runs: number;
  /** Runs that stopped on the event budget before `run for` ended. */
  stoppedByBudget: number;
  expectations: ExpectationTally[];
};

/** The editor's view of core/sweep's summary (the CLI prints the same summary its own way). */
export function sweepResultOf(summary: SweepSummary, firstSeed: number): SweepResult {
  return {
    scenario: summary.scenario,
    firstSeed,
    runs: summary.seeds,
    stoppedByBudget: summary.distribution.stoppedByBudget,
    expectations: summary.expectations.map(({ firstFailingSeeds, ...tally }) => ({ ...tally, breakingSeeds: firstFailingSeeds })),
  };
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
