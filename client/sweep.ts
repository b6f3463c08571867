// A seed sweep: the same scenario under many seeds, tallied per expectation. One seed that breaks
// an expectation is a reproducible counterexample; the tally says how rare it is.

import type { ExpectationResult } from '../core/types/report.ts';

/** Keep this many breaking seeds per expectation: enough to pick one, small enough to print. */
export const KEPT_BREAKING_SEEDS = 20;

export type ExpectationTally = {
  text: string;
  line: number;
  held: number;
  broke: number;
  undecided: number;
  /** The first breaking seeds, in the order they ran. */
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

export class SweepTally {
  private readonly tallies = new Map<string, ExpectationTally>();
  private runs = 0;
  private stoppedByBudget = 0;

  constructor(
    private readonly scenario: string,
    private readonly firstSeed: number,
  ) {}

  add(seed: number, expectations: readonly ExpectationResult[], stoppedBy: 'end' | 'event-budget'): void {
    this.runs += 1;
    if (stoppedBy === 'event-budget') this.stoppedByBudget += 1;
    for (const result of expectations) {
      // Two expectations may share a text on different lines; the line keeps them apart.
      const key = `${result.line}:${result.text}`;
      let tally = this.tallies.get(key);
      if (tally === undefined) {
        tally = { text: result.text, line: result.line, held: 0, broke: 0, undecided: 0, breakingSeeds: [] };
        this.tallies.set(key, tally);
      }
      if (result.holds === true) tally.held += 1;
      else if (result.holds === false) {
        tally.broke += 1;
        if (tally.breakingSeeds.length < KEPT_BREAKING_SEEDS) tally.breakingSeeds.push(seed);
      } else tally.undecided += 1;
    }
  }

  result(): SweepResult {
    const expectations = [...this.tallies.values()].sort((a, b) => a.line - b.line);
    return { scenario: this.scenario, firstSeed: this.firstSeed, runs: this.runs, stoppedByBudget: this.stoppedByBudget, expectations };
  }
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
  if (result.stoppedByBudget > 0) lines.push(`  ${result.stoppedByBudget} run(s) hit the event budget (setting faultline.maxEvents) before the end`);
  return lines;
}
