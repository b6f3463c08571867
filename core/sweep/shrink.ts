// Shrinking a failing seed, delta-debugging style: keep the seed, try one smaller scenario after
// another, and keep each change under which the SAME expectation still breaks. What is left is a
// scenario a reader can take in at once, written back as .fault text that replays the failure.
//
// Order matters for speed: first the random fault lines become the concrete faults this seed drew
// (so each can be dropped alone), then the run ends just after the failure, then faults,
// windows and the workload shrink until no single step helps (or the run budget is spent).

import { runScenario } from '../run.ts';
import type { ExpectationResult } from '../types/report.ts';
import type { Micros, SimConfig } from '../types/sim-config.ts';
import { faultsFromTrace } from './concrete-faults.ts';
import { gradedRun } from './run-seed.ts';
import { dropFaultSteps, endAt, shortenWindowSteps, workloadSteps, type ShrinkStep } from './shrink-steps.ts';

export type ScenarioSize = { faults: number; randomFaults: number; clients: number; operationLines: number; runForUs: Micros };

/** What a shrink keeps breaking: a sentence, and when it broke (the run may end soon after). */
export type Breakage = { summary: string; at?: Micros };

export type ShrinkResult<F extends Breakage = ExpectationResult> = {
  config: SimConfig;
  /** What still breaks in the shrunk scenario (for an expectation: its verdict, holds: false). */
  failure: F;
  steps: string[];
  runs: number;
  before: ScenarioSize;
  after: ScenarioSize;
  /** True when the run budget ran out before no step helped any more. */
  budgetSpent: boolean;
};

export type ShrinkOptions = {
  maxRuns?: number;
  maxEvents?: number;
  /** Called after every run the shrink makes (the editor shows it as progress): runs so far, the budget. */
  onRun?: (runs: number, maxRuns: number) => void;
};

export const DEFAULT_SHRINK_RUNS = 500;

export function sizeOf(config: SimConfig): ScenarioSize {
  return {
    faults: config.faults.length,
    randomFaults: config.randomFaults.length,
    clients: config.clients.reduce((sum, c) => sum + c.count, 0),
    operationLines: config.clients.reduce((sum, c) => sum + c.ops.length, 0),
    runForUs: config.runForUs,
  };
}

/**
 * Shrinks `config` run with `seed` while the expectation written `expectation` still breaks.
 * Returns a string when that expectation does not break in the first place.
 */
export function shrink(config: SimConfig, seed: number, expectation: string, options: ShrinkOptions = {}): ShrinkResult | string {
  const runOptions = options.maxEvents === undefined ? {} : { maxEvents: options.maxEvents };
  const breaks = (candidate: SimConfig): ExpectationResult | null => {
    const { report } = gradedRun(candidate, runOptions);
    const verdict = report.expectations.find((e) => e.text === expectation);
    return verdict !== undefined && verdict.holds === false ? verdict : null;
  };
  // Only the broken expectation is kept: the others cannot change the run, only slow it.
  const start: SimConfig = { ...config, seed, expectations: config.expectations.filter((e) => e.text === expectation).slice(0, 1) };
  if (start.expectations.length === 0) return `the scenario has no expectation "${expectation}"`;
  const result = shrinkWhile(start, breaks, options);
  return typeof result === 'string' ? `"${expectation}" holds with seed ${seed}: nothing to shrink` : { ...result, before: sizeOf(config) };
}

/**
 * Shrinks `config` (run with its own seed) while `breaks` still finds the failure: the engine of
 * `shrink`, for any property of a run (a theorem sweep's theorems as well as `expect` lines).
 * `breaks` runs the candidate itself; each call counts against the run budget. Returns a string
 * when the failure does not happen in the first place.
 */
export function shrinkWhile<F extends Breakage>(config: SimConfig, breaks: (candidate: SimConfig) => F | null, options: ShrinkOptions = {}): ShrinkResult<F> | string {
  const maxRuns = options.maxRuns ?? DEFAULT_SHRINK_RUNS;
  const runOptions = options.maxEvents === undefined ? {} : { maxEvents: options.maxEvents };
  let runs = 0;
  const counted = () => {
    runs++;
    options.onRun?.(runs, maxRuns);
  };
  const tryRun = (candidate: SimConfig): F | null => {
    const verdict = breaks(candidate);
    counted();
    return verdict;
  };
  let current = config;
  let failure = tryRun(current);
  if (failure === null) return `no failure with seed ${config.seed}: nothing to shrink`;
  const steps: string[] = [];
  const accept = (step: ShrinkStep | null): boolean => {
    if (step === null || runs >= maxRuns) return false;
    const verdict = tryRun(step.config);
    if (verdict === null) return false;
    current = step.config;
    failure = verdict;
    steps.push(step.describe);
    return true;
  };

  if (current.randomFaults.length > 0 || current.faults.some((f) => f.atMaxUs !== undefined)) {
    const traced = runScenario(current, { ...runOptions, recordTrace: true, analyze: false });
    counted();
    accept({ describe: 'replace the random faults by the ones this seed drew', config: { ...current, faults: faultsFromTrace(traced.trace, current), randomFaults: [] } });
  }
  const endSoon = () => (failure!.at === undefined ? null : endAt(current, failure!.at + 1_000));
  accept(endSoon());

  let improved = true;
  while (improved && runs < maxRuns) {
    improved = false;
    for (const family of [dropFaultSteps, workloadSteps, shortenWindowSteps]) {
      for (const step of family(current)) {
        if (accept(step)) {
          improved = true;
          break;
        }
      }
      if (improved) break;
    }
    if (!improved) improved = accept(endSoon());
  }
  // Whole milliseconds read better than the microseconds a random draw produced.
  const rounded = current.faults.map((f) => ({ ...f, atUs: Math.round(f.atUs / 1_000) * 1_000 }));
  if (rounded.some((f, i) => f.atUs !== current.faults[i]!.atUs)) accept({ describe: 'round fault times to whole milliseconds', config: { ...current, faults: rounded } });
  return { config: current, failure: failure!, steps, runs, before: sizeOf(config), after: sizeOf(current), budgetSpent: runs >= maxRuns };
}
