// Shrinking one failing seed of an editor sweep (the sweep view's Shrink button): core/sweep's
// shrinker, the same as `faultline sweep --shrink`, run in the run worker. The result is .fault
// text that is checked to replay the failure by itself before the editor opens it.

import { compile } from '../core/language/index.ts';
import { printScenario, shrink, type ScenarioSize } from '../core/sweep/index.ts';
import { gradedRun } from '../core/sweep/run-seed.ts';
import type { SimConfig } from '../core/types/sim-config.ts';

/** Runs a shrink may make: the CLI's budget, so the editor and `--shrink` stop at the same point. */
export { DEFAULT_SHRINK_RUNS as SHRINK_RUN_BUDGET } from '../core/sweep/index.ts';

export type ShrinkOutcome =
  | {
      ok: true;
      text: string;
      seed: number;
      expectation: string;
      /** How the expectation breaks in the shrunk scenario. */
      brokeAs: string;
      steps: string[];
      runs: number;
      budgetSpent: boolean;
      before: ScenarioSize;
      after: ScenarioSize;
      /** The written text, compiled and run again, still breaks the expectation. */
      replays: boolean;
    }
  | { ok: false; message: string };

export type ShrinkSeedOptions = { fileName: string; maxEvents?: number; maxRuns?: number; onRun?: (runs: number, maxRuns: number) => void };

export function shrinkSeed(config: SimConfig, seed: number, expectation: string, options: ShrinkSeedOptions): ShrinkOutcome {
  const budget = options.maxEvents === undefined ? {} : { maxEvents: options.maxEvents };
  const result = shrink(config, seed, expectation, { ...budget, ...(options.maxRuns === undefined ? {} : { maxRuns: options.maxRuns }), ...(options.onRun === undefined ? {} : { onRun: options.onRun }) });
  if (typeof result === 'string') return { ok: false, message: result };
  const comment = [
    `Shrunk by Faultline's seed sweep from ${options.fileName}, seed ${seed}: "${expectation}" still breaks.`,
    `It broke as: ${result.failure.summary}`,
    ...result.steps.map((step) => `- ${step}`),
  ];
  const text = printScenario(result.config, comment);
  // The text must replay the failure by itself, not only the config it was printed from.
  const again = compile(text).config;
  const replayed = again === null ? undefined : gradedRun(again, budget).report.expectations.find((e) => e.text === expectation);
  return {
    ok: true,
    text,
    seed,
    expectation,
    brokeAs: result.failure.summary,
    steps: result.steps,
    runs: result.runs,
    budgetSpent: result.budgetSpent,
    before: result.before,
    after: result.after,
    replays: replayed?.holds === false,
  };
}
