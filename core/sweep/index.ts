// Seed sweeps, shrinking and printing scenarios back as text — pure, for every host:
//   sweepSeeds(config, seeds, onProgress?) → SweepSummary     (one thread; the editor's worker)
//   runSeed(config, seed) → SeedOutcome, summarize(...), mergeSummaries(...)   (the CLI's pool)
//   shrink(config, seed, expectationText) → ShrinkResult | string
//   printScenario(config) → .fault text that compiles back to the same config
export { sweepSeeds, type SweepProgress } from './sweep-seeds.ts';
export { runSeed, outcomeOf, type SeedOutcome, type SeedFailure, type SeedRunOptions } from './run-seed.ts';
export { summarize, mergeSummaries, SWEEP_FORMAT, type SweepSummary, type ExpectationTally, type Spread } from './summary.ts';
export { parseShard, shardRange, seedsOf, type SeedRange, type Shard } from './seeds.ts';
export { shrink, sizeOf, DEFAULT_SHRINK_RUNS, type ShrinkResult, type ScenarioSize } from './shrink.ts';
export { printScenario } from './print-scenario.ts';
