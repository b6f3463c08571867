// Bounded exhaustive exploration of a scenario's schedules (`faultline explore`).
export { explore, EXPLORE_FORMAT, EXPLORE_LIMITS, DEFAULT_EXPLORE_OPTIONS } from './explore.ts';
export type { ExploreOptions, ExploreProgress, ExploreResult } from './explore.ts';
export type { Counterexample } from './counterexample.ts';
export { mergeShards } from './merge.ts';
export { describeExploration, replayable } from './describe.ts';
export { createSharedSearch, type SharedSearch } from './shared-search.ts';
