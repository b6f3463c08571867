// A whole sweep in one thread, for hosts that bring their own worker (the editor's run worker):
// `sweepSeeds(config, seeds, onProgress)` → SweepSummary. The CLI spreads the same per-seed
// function (runSeed) over worker threads and summarises with the same code.

import type { SimConfig } from '../types/sim-config.ts';
import { runSeed, type SeedOutcome, type SeedRunOptions } from './run-seed.ts';
import { summarize, type SweepSummary } from './summary.ts';

export type SweepProgress = (done: number, total: number, outcome: SeedOutcome) => void;

export function sweepSeeds(config: SimConfig, seeds: readonly number[], onProgress?: SweepProgress, options: SeedRunOptions = {}): SweepSummary {
  const outcomes: SeedOutcome[] = [];
  for (const seed of seeds) {
    const outcome = runSeed(config, seed, options);
    outcomes.push(outcome);
    onProgress?.(outcomes.length, seeds.length, outcome);
  }
  return summarize(config.scenario, config.expectations, outcomes);
}
